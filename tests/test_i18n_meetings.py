"""The record commands in Albanian and in English (docs/translations.md): init, member, institution,
meeting, training, report, compose, the list tables, log, migrate and schema.

Each command runs with `--lang sq` and `--lang en` on a small invented council in git: the Albanian
run prints the Albanian of the command's own messages (what it says it did, its errors and its
prompts) and none of their English, the English run the English; the machine formats
(`--format json|csv`) are the same bytes in both languages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import in_both
from tests.support.records import git, seeded


def both(runner: Any, app: Any, *args: str, input: str | None = None) -> tuple[Any, Any]:
    """The results of `lpsc --lang sq ARGS` and `lpsc --lang en ARGS`."""
    english, albanian = in_both(runner, app, *args, input=input)
    return albanian, english


def said(albanian: Any, english: Any, in_albanian: str, in_english: str) -> None:
    """The Albanian run says `in_albanian` and not `in_english`; the English run the opposite."""
    assert in_albanian in albanian.output, albanian.output
    assert in_english not in albanian.output, albanian.output
    assert in_english in english.output, english.output
    assert in_albanian not in english.output, english.output


@pytest.fixture
def council(make_repo: Any) -> Path:
    """Institutions and three members, committed; one LPSC meeting planned."""
    builder = seeded(make_repo)
    builder.add("meeting", {"id": "lpsc-2025-04-10", "type": "lpsc", "date": "2025-04-10"})
    root: Path = builder.root
    git(root, "add", "--all")
    git(root, "commit", "-q", "-m", "meeting")
    return root


def test_init_speaks_the_language_of_the_run(runner: Any, app: Any, tmp_path: Path) -> None:
    albanian, english = (
        runner.invoke(
            app, ["--lang", language, "init", str(tmp_path / language), "--council", "x", "--name", "X", "--no-commit"]
        )
        for language in ("sq", "en")
    )
    assert albanian.exit_code == english.exit_code == 0, albanian.output
    assert albanian.output.startswith(f"u krijua {tmp_path / 'sq'} (")
    assert "skedarë)" in albanian.output and "created" not in albanian.output
    assert english.output.startswith(f"created {tmp_path / 'en'} (") and "files)" in english.output
    config = (tmp_path / "sq" / "lpsc.yaml").read_text(encoding="utf-8")
    assert config.startswith("# Konfigurimi i KVSP-së:")
    assert "# Detyrimet gjykohen nga kjo ditë e tutje" in config
    assert (tmp_path / "en" / "lpsc.yaml").read_text(encoding="utf-8").startswith("# Council configuration")
    assert "depozitën e regjistrimeve" in (tmp_path / "sq" / ".gitignore").read_text(encoding="utf-8")
    bad = [
        runner.invoke(app, ["--lang", language, "init", str(tmp_path / "bad"), "--council", "Bad Id", "--name", "X"])
        for language in ("sq", "en")
    ]
    assert bad[0].exit_code == bad[1].exit_code == 2
    said(*bad, "--council: 'Bad Id' nuk është id", "--council: 'Bad Id' is not an id")
    again = both(runner, app, "init", str(tmp_path / "sq"), "--council", "x", "--name", "X", "--profile", "none")
    said(*again, "--profile: 'none' nuk është një nga", "--profile: 'none' is not one of")


def test_the_commit_line_of_a_write(runner: Any, app: Any, council: Path) -> None:
    albanian = runner.invoke(app, ["--lang", "sq", "member", "declare", "member-besa-rama", "--signed",
                                   "2025-02-01", "--repo", str(council)])  # fmt: skip
    english = runner.invoke(app, ["--lang", "en", "member", "declare", "member-arta-kola", "--signed",
                                  "2025-02-01", "--repo", str(council)])  # fmt: skip
    assert albanian.exit_code == english.exit_code == 0, albanian.output
    said(albanian, english, "u bë commit ", "committed ")
    # commit messages are record history, read by tools: English whatever the language
    assert git(council, "log", "-2", "--format=%s").splitlines()[1] == "member: declare member-besa-rama"


def test_member_and_institution_errors(runner: Any, app: Any, council: Path) -> None:
    repo = ("--repo", str(council))
    said(*both(runner, app, "member", "term", "member-besa-rama", *repo), "jepni --from, --to ose të dyja",
         "give --from, --to or both")  # fmt: skip
    said(*both(runner, app, "member", "add", "--name", "Dea Lika", "--institution", "police-testville",
               "--note-date", "2025-01-01", *repo),
         "përshkruajnë një --delegate; jepeni edhe atë", "describe a --delegate; give it too")  # fmt: skip


def test_meeting_errors(runner: Any, app: Any, council: Path) -> None:
    meeting, repo = "lpsc-2025-04-10", ("--repo", str(council))
    said(*both(runner, app, "meeting", "attend", meeting, "member-besa-rama", "--present", "member-arta-kola", *repo),
         "jepni një MEMBER me --status, ose listat (--present ...), jo të dyja",
         "give one MEMBER with --status, or the lists")  # fmt: skip
    said(*both(runner, app, "meeting", "attend", meeting, "--present", "member-arta-kola", "--virtual",
               "member-arta-kola", *repo),
         "dhënë më shumë se një herë: member-arta-kola", "given more than once: member-arta-kola")  # fmt: skip
    said(*both(runner, app, "meeting", "attend", meeting, "--present", "member-arta-kola:2025-04-09", *repo),
         "vetëm --excused dhe --absent marrin datën e një shpjegimi",
         "only --excused and --absent take the date of an explanation")  # fmt: skip
    said(
        *both(runner, app, "meeting", "declare", meeting, "--date", "2025-04-10", *repo),
        "jepni --all-present, ose --member dhe/ose --guest",
        "give --all-present, or --member and/or --guest",
    )
    said(*both(runner, app, "meeting", "declare", meeting, "--date", "2025-04-10", "--member", "member-nobody", *repo),
         "nuk ekziston anëtari: member-nobody", "no such member: member-nobody")  # fmt: skip
    said(
        *both(runner, app, "meeting", "declare", meeting, "--date", "2025-04-10", "--all-present", *repo),
        f"askush nuk është regjistruar i pranishëm në {meeting}",
        f"nobody is recorded present at {meeting}",
    )
    said(*both(runner, app, "meeting", "declare", meeting, "--date", "2025-04-10", "--guest", "Era Toska", *repo),
         f"nuk është i ftuar i {meeting}: Era Toska", f"not a guest of {meeting}: Era Toska")  # fmt: skip
    said(
        *both(runner, app, "meeting", "citizens", meeting, "--count", "12", *repo),
        f"{meeting} nuk është konsultim i hapur",
        f"{meeting} is not an open consultation",
    )


def test_attendance_from_a_bad_csv(runner: Any, app: Any, council: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "attendance.csv"
    sheet.write_text("member,status\nmember-arta-kola,\n", encoding="utf-8")
    said(*both(runner, app, "meeting", "attend", "lpsc-2025-04-10", "--from-csv", str(sheet), "--repo", str(council)),
         f"{sheet}:2: një rresht ka nevojë për një anëtar dhe një status",
         f"{sheet}:2: a row needs a member and a status")  # fmt: skip


def test_a_prompt_asks_in_the_language_of_the_run(
    runner: Any, app: Any, council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal a missing value is asked for: the question is in the run's language."""
    monkeypatch.setattr("lpsc_cli.cli.writing.interactive", lambda: True)
    args = ("meeting", "recording", "lpsc-2025-04-10", "--no-commit", "--dry-run", "--repo", str(council))
    albanian, english = both(runner, app, *args, input="2025-04-11\n")
    assert albanian.exit_code == english.exit_code == 0, albanian.output
    said(albanian, english, "Arkivuar më", "Archived on")


def test_training_errors(runner: Any, app: Any, council: Path, tmp_path: Path) -> None:
    add = ("training", "add", "--date", "2025-05-05", "--kind", "other", "--topic", "Siguria", "--repo", str(council))
    said(
        *both(runner, app, *add, "--participant", "member-arta-kola:40"),
        "jepni të dyja pikët (WHO:PRE:POST) ose asnjërën (WHO)",
        "give both scores (WHO:PRE:POST) or none (WHO)",
    )
    said(
        *both(runner, app, *add, "--participant", "member-arta-kola:40:many"),
        "'many' nuk është pikë (përqindje 0-100)",
        "'many' is not a score (a percentage 0-100)",
    )
    sheet = tmp_path / "people.csv"
    sheet.write_text("name,pre\nDea Lika,40\n", encoding="utf-8")
    said(*both(runner, app, *add, "--from-csv", str(sheet)),
         "CSV-ja ka nevojë për një rresht titujsh", "the CSV needs a header row")  # fmt: skip


def test_list_tables_in_the_language_of_the_run_and_machine_formats_in_english(
    runner: Any, app: Any, council: Path
) -> None:
    repo = ("--repo", str(council))
    albanian, english = both(runner, app, "member", "list", *repo)
    assert albanian.exit_code == english.exit_code == 0
    said(albanian, english, "emri", "name")
    assert albanian.output.split()[:3] == ["id", "emri", "institucioni"]
    albanian, english = both(runner, app, "institution", "list", *repo)
    said(albanian, english, "sektori", "sector")
    meetings = both(runner, app, "meeting", "list", *repo)
    said(*meetings, "të pranishëm", "present")
    for empty, in_albanian, in_english in (
        (("training", "list"), "asnjë trajnim", "no trainings"),
        (("report", "list"), "asnjë dorëzim raporti", "no report submissions"),
        (("meeting", "list", "--year", "2024"), "asnjë mbledhje", "no meetings"),
        (("member", "list", "--role", "case-manager", "--institution", "police-testville"), "asnjë anëtar",
         "no members"),
        (("institution", "list", "--sector", "health"), "asnjë institucion", "no institutions"),
    ):  # fmt: skip
        said(*both(runner, app, *empty, *repo), in_albanian, in_english)
    for listing in (("member", "list"), ("institution", "list"), ("meeting", "list")):
        for machine in ("json", "csv"):
            albanian, english = both(runner, app, *listing, "--format", machine, *repo)
            assert albanian.exit_code == 0 and albanian.stdout_bytes == english.stdout_bytes, listing
    albanian, english = both(runner, app, "member", "list", "--format", "json", *repo)
    assert {"id", "name", "institution"} <= set(json.loads(albanian.stdout)[0])


def test_yes_no_and_numbers_of_a_table(runner: Any, app: Any, council: Path) -> None:
    """A table's words and numbers are the language's; csv keeps `yes` and `1.5`."""
    from lpsc_cli import i18n
    from lpsc_cli.reporters.rows import REPORTERS, RowsView

    rows = [{"id": "x", "prosecution": True, "hours": 1.5}]
    previous = i18n.active()
    try:
        i18n.activate("sq")
        albanian = REPORTERS["text"](rows, view=RowsView())
        albanian_csv = REPORTERS["csv"](rows, view=RowsView())
        i18n.activate("en")
        english = REPORTERS["text"](rows, view=RowsView())
        english_csv = REPORTERS["csv"](rows, view=RowsView())
    finally:
        i18n.activate(previous)
    assert albanian.splitlines()[1].split() == ["x", "po", "1,5"]
    assert english.splitlines()[1].split() == ["x", "yes", "1.5"]
    assert albanian_csv == english_csv and "yes" in english_csv and "1.5" in english_csv


def test_report_recipients_and_a_plans_end_have_their_own_header() -> None:
    from lpsc_cli import i18n
    from lpsc_cli.reporters.rows import headers

    previous = i18n.active()
    try:
        i18n.activate("sq")
        assert headers(["id", "to"]) == ["id", "drejtuar"]
        assert headers(["id", "from", "to"]) == ["id", "nga", "deri"]
        i18n.activate("en")
        assert headers(["id", "from", "to"]) == ["id", "from", "to"]
    finally:
        i18n.activate(previous)


def test_compose_and_a_detached_head(runner: Any, app: Any, council: Path) -> None:
    albanian = runner.invoke(app, ["--lang", "sq", "compose", "--order", "Nr. 1", "--date", "2025-01-10",
                                   "--repo", str(council)])  # fmt: skip
    english = runner.invoke(app, ["--lang", "en", "compose", "--order", "Nr. 2", "--date", "2025-01-10",
                                  "--repo", str(council)])  # fmt: skip
    assert albanian.exit_code == english.exit_code == 0, albanian.output
    said(albanian, english, "ndryshuar: lpsc.yaml", "changed: lpsc.yaml")
    git(council, "checkout", "-q", "--detach")
    said(*both(runner, app, "compose", "--order", "Nr. 3", "--date", "2025-01-11", "--repo", str(council)),
         "nuk u shkrua asgjë: depozita git", "nothing was written: the git repository")  # fmt: skip


def test_log_text_in_the_language_of_the_run_json_the_same(runner: Any, app: Any, make_repo: Any) -> None:
    outside = seeded(make_repo, in_git=False).root
    said(*both(runner, app, "log", "member-besa-rama", "--repo", str(outside)),
         "pa histori (depozita nuk është në git)", "no history (the repository is not in git)")  # fmt: skip
    albanian, english = both(runner, app, "log", "member-besa-rama", "--format", "json", "--repo", str(outside))
    assert albanian.exit_code == 0 and albanian.stdout_bytes == english.stdout_bytes


def test_migrate_and_schema(runner: Any, app: Any, make_repo: Any, tmp_path: Path) -> None:
    builder = make_repo()
    root = builder.root
    said(*both(runner, app, "migrate", "--dry-run", "--repo", str(root)),
         "do të bëhej: shënimi i formatit në lpsc.yaml", "would record the format in lpsc.yaml")  # fmt: skip
    builder.config(format=2)
    said(*both(runner, app, "migrate", "--repo", str(root)), "e përditësuar: formati 2", "up to date: format 2")
    builder.config(format=99)
    said(*both(runner, app, "migrate", "--repo", str(root)), "më i ri se ç'lexon ky lpsc", "newer than this lpsc reads")
    said(*both(runner, app, "schema", "export", str(tmp_path / "schemas")), "u kopjuan", "copied")


def test_the_seats_of_a_profile_in_the_language_of_the_run(runner: Any, app: Any, make_repo: Any) -> None:
    """The composition check names a missing seat by its title (`profiles.py`)."""
    root = seeded(make_repo, in_git=False).root
    args = ("check", "--repo", str(root), "--as-of", "2025-12-31", "--no-cache")
    said(*both(runner, app, *args), "kryetari i bashkisë (kryetar i KVSP-së)", "the mayor (chair)")
