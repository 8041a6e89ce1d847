"""`meeting attend --excused MEMBER:DATE`: the list form carries the day a written explanation arrived."""

from __future__ import annotations

from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import seeded, subjects
from tests.support.walks import MEETING_FILE, MEETING_WALK


def _attendance(repo) -> list[dict]:
    return parse((repo.root / MEETING_FILE).read_bytes(), "x").data["attendance"]


def test_excused_and_absent_members_carry_the_date_of_their_explanation(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *MEETING_WALK[0])
    result = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12",
                  "--present", "member-ilir-dervishi", "--excused", "member-besa-rama:2025-03-11",
                  "--absent", "member-arta-kola")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _attendance(repo) == [
        {"member": "member-ilir-dervishi", "status": "present"},
        {"member": "member-besa-rama", "status": "excused", "explanation_received": "2025-03-11"},
        {"member": "member-arta-kola", "status": "absent"},
    ]
    assert subjects(repo.root)[0] == "meeting: attend lpsc-2025-03-12 3 members"
    later = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "--absent",
                 "member-arta-kola:2025-03-14")  # fmt: skip
    assert later.exit_code == 0, later.output
    assert _attendance(repo)[2] == {
        "member": "member-arta-kola",
        "status": "absent",
        "explanation_received": "2025-03-14",
    }


def test_a_date_on_a_present_member_or_a_bad_date_is_a_usage_error(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *MEETING_WALK[0])
    present = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "--present",
                   "member-ilir-dervishi:2025-03-11")  # fmt: skip
    assert present.exit_code == 2
    assert "only --excused and --absent take the date of an explanation" in present.output
    bad = lpsc(
        runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "--excused", "member-besa-rama:11.03.2025"
    )
    assert bad.exit_code == 2
    assert "--excused member-besa-rama: '11.03.2025' is not a valid date" in bad.output
    assert "attendance" not in parse((repo.root / MEETING_FILE).read_bytes(), "x").data
