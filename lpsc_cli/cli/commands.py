"""The top-level commands and groups of `lpsc`: which modules fill each, and its help.

The root builds a command only when it runs (`cli/app.py`) and lists them all for `lpsc --help`
from this table, without importing a command module. tests/test_startup.py registers every
module and checks this table against what they register.
"""

from __future__ import annotations

#: The module that adds the plain `show` commands to the noun groups (`cli/records.py`).
SHOWS = "records"

#: name -> (the units that add to it, in order: modules of lpsc_cli/cli; its help).
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "init": (
        ("init",),
        ("Create a new, empty record repository that `lpsc check` passes."),
    ),
    "check": (
        ("check",),
        (
            "Check the records: schemas, references, dates, composition and obligations.\n"
            "\n"
            "--signatures also verifies, with git, that the commits touching cases/ (or every commit,\n"
            "`signatures: {scope: repository}` in lpsc.yaml) are signed by a member in term.\n"
            "\n"
            "Formats: text, json, github (annotations), gitlab (Code Quality), sarif (SARIF 2.1.0) and\n"
            "junit (JUnit XML). Exit 0 when clean, 1 when there are errors (or warnings with --strict),\n"
            "2 on a usage or configuration error."
        ),
    ),
    "log": (
        ("log",),
        (
            "The history of one record: date, author and message of each commit that touched its file.\n"
            "\n"
            "Renames are followed, so a file moved to another folder keeps its history."
        ),
    ),
    "deadlines": (
        ("deadlines",),
        (
            "List obligations and deadlines: overdue first, then by due date.\n"
            "\n"
            "By default only open obligations are shown (overdue, due-soon, upcoming), in every format;\n"
            "--all adds the ones already met. Days are working days (wd) or calendar days (d).\n"
            "--format ics gives calendar events with a reminder (--remind working days before), named\n"
            "in the council's language (--lang). Exit 0, or 1 with --fail-on when something is\n"
            "overdue; 2 on a usage error."
        ),
    ),
    "kpi": (
        ("kpi",),
        (
            "Compute the council KPI table (A §3.6.3) and the case-management checklist (A Annex 3).\n"
            "\n"
            "The default period is the current year up to today; records dated after the as-of day do\n"
            "not count. Exit 0 with the report (files with errors are left out, each named on stderr; with\n"
            "--strict that is exit 1), 2 on a usage or configuration error."
        ),
    ),
    "render": (
        ("documents",),
        (
            "Render a document from a record: invitation, minutes, press release, case forms...\n"
            "\n"
            "`lpsc render invitation lpsc-2025-03-12 --lang en --format html -o invitation.html`."
        ),
    ),
    "reseal": (
        ("keys",),
        (
            "Re-encrypt sealed cases to the members who may read them now.\n"
            "\n"
            "A member who left, whose term ended or who no longer manages the case is left out of the\n"
            "new version. Versions already in git history stay readable to the keys they were sealed to.\n"
            "Exit 1 if a case could not be resealed (you are not one of its readers)."
        ),
    ),
    "access": (
        ("keys",),
        ("List who can read which sealed case, flagging readers without keys or past their term."),
    ),
    "ack": (
        ("ack",),
        (
            "Acknowledge a missed or late obligation: `lpsc check` stops failing on it.\n"
            "\n"
            "The obligation must be overdue or met late on the day of the acknowledgement. lpsc deadlines,\n"
            "lpsc kpi and the reports still count it as late. Writes acknowledgements/<id>.yaml and\n"
            "commits it."
        ),
    ),
    "compose": (
        ("council",),
        ("Record the mayor's order that (re)composed the council: its recurring obligations start there."),
    ),
    "migrate": (
        ("migrate",),
        (
            "Upgrade the repository to the record format of this lpsc (one commit; safe to run again).\n"
            "\n"
            "Says what each step changed, or that the repository is up to date."
        ),
    ),
    "site": (
        ("site",),
        (
            "Write a static web site of the council's records: KPIs against targets, deadlines, plan,\n"
            "meetings, cases (internal site only) and trainings, with charts; with several councils, a\n"
            "comparison page.\n"
            "\n"
            "The site is HTML, one stylesheet and SVG charts: it opens from the folder or from any web\n"
            "server. The year shown is that of --as-of. Exit 0 when written, 2 on a usage error."
        ),
    ),
    "export": (
        ("export",),
        (
            "Export the records, the indicators and the obligations as tables.\n"
            "\n"
            "SQLite gets one table per record kind and per list (attendance, activities, contacts, ...),\n"
            "keys, indexes, the views `kpi` and `obligations`, and a Datasette `<name>.metadata.json`\n"
            "beside it. Exit 0 when written, 2 on a usage or configuration error."
        ),
    ),
    "schema": (
        ("schema",),
        ("The JSON Schemas of the records: for editors and other validators."),
    ),
    "institution": (
        (
            "member",
            SHOWS,
        ),
        ("Institutions represented in the council."),
    ),
    "member": (
        (
            "member",
            SHOWS,
            "keys",
        ),
        ("Council members: add, list, show; their keys for sealed data."),
    ),
    "meeting": (
        (
            "meeting",
            SHOWS,
        ),
        ("Meetings: from invitation to minutes and press release."),
    ),
    "case": (
        (
            "case",
            "keys",
        ),
        ("Referred cases, from referral to closure (pseudonymous, sealed identity)."),
    ),
    "plan": (
        ("plan",),
        ("The multi-agency local action plan: items, activities, progress, monitoring."),
    ),
    "training": (
        (
            "training",
            SHOWS,
        ),
        ("Training sessions with pre- and post-test scores."),
    ),
    "report": (
        (
            "submission",
            SHOWS,
            "documents",
        ),
        ("Reports: render annual, monitoring and Prefect reports; record submissions."),
    ),
    "key": (
        ("keys",),
        ("Your age key for reading sealed case data."),
    ),
}
