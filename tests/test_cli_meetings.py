"""`lpsc meeting ...`: a meeting from invitation to press release, ids, attendance corrections, lists."""

from __future__ import annotations

import json

from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import committed_files, seeded, subjects
from tests.support.walks import MEETING_FILE, MEETING_WALK

EXPECTED = """\
id: lpsc-2025-03-12
type: lpsc
date: 2025-03-12
start: "10:00"
end: "12:30"
location: {sq: Salla e Këshillit Bashkiak, en: Municipal Council Hall}
mode: in-person
chair: member-ilir-dervishi
agenda:
  - {title: Approval of the 2025 local plan}
invitation:
  sent: 2025-03-04T09:00
  to: all
  guests:
    - {name: Dritan Leka, institution: Youth Association}
attendance:
  - {member: member-ilir-dervishi, status: present}
  - {member: member-arta-kola, status: virtual}
  - {member: member-besa-rama, status: excused, explanation_received: 2025-03-11}
summary: The council approved the 2025 local action plan.
decisions:
  - text: {sq: Miratohet plani vendor 2025., en: The 2025 local plan is approved.}
    adopted: consensus
    signed: 2025-03-13
minutes:
  status: signed
  recorded_by: member-arta-kola
  sent_to_members: 2025-03-14
  submitted: {cve: 2025-03-20, nccs: 2025-03-20}
press_release: {published: 2025-03-12T16:00, url: https://example.invalid/news/1}
"""


def test_a_meeting_from_invitation_to_press_release(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    for args in MEETING_WALK:
        result = lpsc(runner, app, repo.root, *args)
        assert result.exit_code == 0, (args, result.output)
    assert (repo.root / MEETING_FILE).read_text(encoding="utf-8") == EXPECTED
    assert subjects(repo.root)[:8] == [
        "meeting: publish lpsc-2025-03-12",
        "meeting: minutes lpsc-2025-03-12",
        "meeting: decide lpsc-2025-03-12",
        "meeting: attend lpsc-2025-03-12 member-besa-rama",
        "meeting: attend lpsc-2025-03-12 member-arta-kola",
        "meeting: attend lpsc-2025-03-12 member-ilir-dervishi",
        "meeting: invite lpsc-2025-03-12",
        "meeting: new lpsc-2025-03-12",
    ]
    assert committed_files(repo.root) == [MEETING_FILE]
    check = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-03-31", "meetings"])
    assert (check.exit_code, check.output) == (0, "ok: no findings\n")


def test_a_second_meeting_on_the_same_day_gets_a_suffix(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    args = ["meeting", "new", "--type", "coordination-secretariat", "--date", "2025-04-15"]
    first, second = lpsc(runner, app, repo.root, *args), lpsc(runner, app, repo.root, *args)
    assert first.output.splitlines()[0] == "created secr-2025-04-15: meetings/2025/secr-2025-04-15.yaml"
    assert second.output.splitlines()[0] == "created secr-2025-04-15-2: meetings/2025/secr-2025-04-15-2.yaml"
    prefixes = {
        "open-consultation": "consult",
        "ad-hoc": "adhoc",
        "task-force": "task",
    }
    for kind, prefix in prefixes.items():
        made = lpsc(runner, app, repo.root, "meeting", "new", "--type", kind, "--date", "2025-05-02")
        assert made.output.startswith(f"created {prefix}-2025-05-02: meetings/2025/{prefix}-2025-05-02.yaml\n")
    data = parse((repo.root / "meetings/2025/secr-2025-04-15.yaml").read_bytes(), "x").data
    assert data == {"id": "secr-2025-04-15", "type": "coordination-secretariat", "date": "2025-04-15"}


def test_attending_again_corrects_the_entry_and_drops_details_of_the_old_status(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *MEETING_WALK[0])
    lpsc(runner, app, repo.root, *MEETING_WALK[4])
    result = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "member-besa-rama", "--status",
                  "present", "--delegate", "member-arta-kola")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = parse((repo.root / MEETING_FILE).read_bytes(), "x").data
    assert data["attendance"] == [{"member": "member-besa-rama", "status": "present", "delegate": "member-arta-kola"}]
    same = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "member-besa-rama", "--status",
                "present", "--delegate", "member-arta-kola")  # fmt: skip
    assert same.output == f"unchanged lpsc-2025-03-12: {MEETING_FILE} already says so; nothing to commit\n"


def test_minutes_before_the_meeting_are_refused(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *MEETING_WALK[0])
    result = lpsc(runner, app, repo.root, "meeting", "minutes", "lpsc-2025-03-12", "--status", "draft",
                  "--sent-to-members", "2025-03-01")  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{MEETING_FILE}:11: error date-order: minutes.sent_to_members (2025-03-01) is before the meeting (2025-03-12)"
    )
    assert "minutes.sent_to_members" in result.output
    assert "minutes" not in parse((repo.root / MEETING_FILE).read_bytes(), "x").data


def test_unknown_meeting_and_member_are_named(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *MEETING_WALK[0])
    missing = lpsc(runner, app, repo.root, "meeting", "invite", "lpsc-2025-03-13", "--sent", "2025-03-04")
    assert missing.exit_code == 1
    assert missing.output == "lpsc: there is no meeting with the id 'lpsc-2025-03-13' (did you mean lpsc-2025-03-12?)\n"
    stranger = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "member-x", "--status", "absent")
    assert stranger.output.splitlines()[0] == (
        f"{MEETING_FILE}:12: error reference: attendance.0.member: no member with id 'member-x'"
    )


def test_bad_time_and_type_are_usage_errors(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    bad_time = lpsc(
        runner, app, repo.root, "meeting", "new", "--type", "lpsc", "--date", "2025-03-12", "--time", "25:00"
    )
    assert bad_time.exit_code == 2
    assert bad_time.output == "lpsc: --time: '25:00' is not a time of day (use HH:MM, e.g. 10:00)\n"
    bad_type = lpsc(runner, app, repo.root, "meeting", "new", "--type", "party", "--date", "2025-03-12")
    assert bad_type.exit_code == 2
    assert "--type: 'party' is not one of lpsc, open-consultation" in bad_type.output
    missing = lpsc(runner, app, repo.root, "meeting", "new", "--date", "2025-03-12")
    assert missing.output == (
        "lpsc: missing option --type (one of: lpsc, open-consultation, coordination-secretariat, ad-hoc, task-force)\n"
    )


def test_meeting_list_filters_by_type_year_and_stage(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    for args in MEETING_WALK:
        lpsc(runner, app, repo.root, *args)
    lpsc(runner, app, repo.root, "meeting", "new", "--type", "coordination-secretariat", "--date", "2025-04-15")
    lpsc(runner, app, repo.root, "meeting", "new", "--type", "lpsc", "--date", "2026-02-01")
    text = lpsc(runner, app, repo.root, "meeting", "list", "--year", "2025")
    assert text.output.splitlines() == [
        "id               type                      date        start  location                present  invited  "
        "decisions  stage",
        "lpsc-2025-03-12  lpsc                      2025-03-12  10:00  Municipal Council Hall  2        3        "
        "1          published",
        "secr-2025-04-15  coordination-secretariat  2025-04-15                                 0        0        "
        "0          planned",
    ]
    planned = json.loads(
        lpsc(runner, app, repo.root, "meeting", "list", "--stage", "planned", "--format", "json").output
    )
    assert [m["id"] for m in planned] == ["secr-2025-04-15", "lpsc-2026-02-01"]
    lpsc_only = lpsc(runner, app, repo.root, "meeting", "list", "--type", "lpsc", "--format", "csv").output
    assert lpsc_only.splitlines()[1:] == [
        "lpsc-2025-03-12,lpsc,2025-03-12,10:00,Municipal Council Hall,2,3,1,published",
        "lpsc-2026-02-01,lpsc,2026-02-01,,,0,0,0,planned",
    ]


def test_meeting_list_overdue_uses_the_deadline_rules(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    for args in MEETING_WALK:
        lpsc(runner, app, repo.root, *args)
    lpsc(runner, app, repo.root, "meeting", "new", "--type", "lpsc", "--date", "2025-06-10")
    late = lpsc(runner, app, repo.root, "meeting", "list", "--overdue", "--as-of", "2025-06-30", "--format", "json")
    assert [m["id"] for m in json.loads(late.output)] == ["lpsc-2025-06-10"]
