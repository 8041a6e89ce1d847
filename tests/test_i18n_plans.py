"""`lpsc plan ...` and the writing core in Albanian and in English (docs/translations.md).

A small council holds an approved plan whose activities are timed every month, every two
months, by a day and continuously. `plan show` prints its heading, its timings and its weighted
progress in the language asked (`ecuria 20,8 %`, `çdo 2 muaj`); every plan command refuses a
bad value in that language too, with the ids, options and commands inside the message as they
are; `--format json` is the same in both languages. The library's own errors (the atomic
store, the round-trip YAML, the record reader, the calendar, the vocabulary) are read with
Albanian and English active.
"""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli import i18n
from lpsc_cli.calendar import WorkingCalendar, add_months, period_bounds, reversed_span
from lpsc_cli.editing import values
from lpsc_cli.errors import LpscError, UsageError
from lpsc_cli.roundtrip import load_roundtrip
from lpsc_cli.store import describe_os_error, write_atomic
from lpsc_cli.vocabulary import choices
from lpsc_cli.yamlio import parse
from tests.support.cli import in_both
from tests.support.records import seeded

PLAN: dict[str, Any] = {
    "id": "plan-2025", "title": {"sq": "Plani vendor 2025", "en": "Local plan 2025"},
    "period": {"from": "2025-01-01", "to": "2025-12-31"}, "status": "approved", "approved_at": "lpsc-2025-02-05",
    "items": [{"number": "1.4", "issue": "Rising number of domestic violence cases", "priority": "high",
               "activities": [
                   {"number": "1.4.1", "text": "Information sessions in schools", "responsible": ["police-testville"],
                    "timing": {"kind": "recurring", "every_months": 1}, "status": "in-progress",
                    "progress": [{"date": "2025-04-15", "percent": 60}]},
                   {"number": "1.4.2", "text": "Coordination with the police", "responsible": ["police-testville"],
                    "timing": {"kind": "recurring", "every_months": 2}, "weight": 3, "status": "in-progress",
                    "progress": [{"date": "2025-04-15", "percent": 20}]},
                   {"number": "1.4.3", "text": "A referral guide", "responsible": ["municipality-testville"],
                    "timing": {"kind": "due", "due": "2025-06-30"}, "status": "in-progress",
                    "progress": [{"date": "2025-05-01", "percent": 5}]},
                   {"number": "1.4.4", "text": "A helpline", "responsible": ["municipality-testville"],
                    "timing": {"kind": "continuous"}, "status": "not-started"},
               ]}],
}  # fmt: skip


@pytest.fixture
def council(make_repo: Any) -> Path:
    builder = seeded(make_repo, in_git=False)
    builder.add("meeting", {"id": "lpsc-2025-02-05", "type": "lpsc", "date": "2025-02-05",
                            "chair": "member-ilir-dervishi"})  # fmt: skip
    builder.add("plan", PLAN)
    root: Path = builder.root
    return root


def run(runner: Any, app: Any, root: Path, language: str, *args: str, input: str | None = None) -> Any:
    return runner.invoke(app, ["--lang", language, *args, "--repo", str(root)], input=input)


def both(runner: Any, app: Any, root: Path, *args: str) -> tuple[Any, Any]:
    return in_both(runner, app, *args, "--repo", str(root))


def test_plan_show_speaks_the_language_asked(runner: Any, app: Any, council: Path) -> None:
    english, albanian = both(runner, app, council, "plan", "show", "plan-2025", "--as-of", "2025-12-31")
    assert english.exit_code == albanian.exit_code == 0, english.output
    # weights 1, 3, 1, 1 at 60, 20, 5 and 0 %: 125 / 6 = 20.8
    assert english.stdout.splitlines()[0] == "plan-2025: approved, approved at lpsc-2025-02-05; progress 20.8 %"
    assert albanian.stdout.splitlines()[0] == "plan-2025: approved, miratuar në lpsc-2025-02-05; ecuria 20,8 %"
    for in_english, in_albanian in (
        ("every 1 month ", "çdo 1 muaj "),
        ("every 2 months", "çdo 2 muaj"),
        ("by 2025-06-30", "deri më 2025-06-30"),
        ("continuous", "e vazhdueshme"),
    ):
        assert in_english in english.stdout, english.stdout
        assert in_albanian in albanian.stdout, albanian.stdout
        assert in_english not in albanian.stdout
    assert "every 1 months" not in english.stdout


def test_a_plan_without_activities_and_empty_lists(runner: Any, app: Any, council: Path, make_repo: Any) -> None:
    english, albanian = both(runner, app, council, "plan", "list", "--status", "closed")
    assert (english.stdout.strip(), albanian.stdout.strip()) == ("no plans", "asnjë plan")
    english, albanian = both(runner, app, council, "plan", "show", "plan-2025", "--status", "dropped")
    assert "no activities" in english.stdout and "asnjë veprimtari" in albanian.stdout
    assert "no activities" not in albanian.stdout


def test_machine_output_does_not_change_with_the_language(runner: Any, app: Any, council: Path) -> None:
    for args in (["plan", "list", "--as-of", "2025-12-31"], ["plan", "show", "plan-2025", "--as-of", "2025-12-31"]):
        english, albanian = both(runner, app, council, *args, "--format", "json")
        assert english.exit_code == albanian.exit_code == 0, english.output
        assert english.stdout == albanian.stdout
    assert '"every 2 months"' in albanian.stdout


#: (arguments, English part of the error, Albanian part): one refusal of each plan command.
ERRORS: list[tuple[list[str], str, str]] = [
    (["plan", "new", "2025", "--no-commit"],
     "a plan with the id 'plan-2025' already exists (plans/plan-2025.yaml); refusing to overwrite it",
     "një regjistrim plan me id 'plan-2025' ekziston tashmë (plans/plan-2025.yaml); nuk mbishkruhet"),
    (["plan", "new", "2026", "--title", "sq:Plani", "--title", "sq:Plani 2", "--no-commit"],
     "--title: 'sq:' is given twice", "--title: 'sq:' jepet dy herë"),
    (["plan", "new", "2026", "--title", "Plani \x1b[2J", "--no-commit"],
     "--title: the text holds a control character (U+001B); leave it out",
     "--title: teksti përmban një karakter kontrolli (U+001B); hiqeni"),
    (["plan", "item", "plan-2025", "--no", "1.4", "--issue", "Again", "--priority", "high", "--no-commit"],
     "plan-2025 already has an item 1.4", "plan-2025 ka tashmë një problematikë 1.4"),
    (["plan", "item", "plan-2025", "--no", "one", "--issue", "Again", "--priority", "high", "--no-commit"],
     "--no: 'one' is not a number such as 1.4", "--no: 'one' nuk është numër si 1.4"),
    (["plan", "item", "plan-2025", "--no", "2.1", "--issue", "Again", "--priority", "urgent", "--no-commit"],
     "--priority: 'urgent' is not one of high, moderate, low",
     "--priority: 'urgent' nuk është një nga high, moderate, low"),
    (["plan", "activity", "plan-2025", "9.9", "--text", "A walk", "--no-commit"],
     "plan-2025 has no item 9.9 (items: 1.4); add it with `lpsc plan item`",
     "plan-2025 nuk ka problematikë 9.9 (problematikat: 1.4); shtojeni me `lpsc plan item`"),
    (["plan", "activity", "plan-2025", "1.4", "--text", "A walk", "--timing", "soon", "--no-commit"],
     "--timing: 'soon' is not a timing (due:YYYY-MM-DD, H1, H2, Q1..Q4, year, every:N or continuous)",
     "--timing: 'soon' nuk është afat kohor (due:YYYY-MM-DD, H1, H2, Q1..Q4, year, every:N ose continuous)"),
    (["plan", "activity", "plan-2025", "1.4", "--text", "A walk", "--timing", "every:13", "--no-commit"],
     "--timing: 'every:N' takes a number of months from 1 to 12, not '13'",
     "--timing: 'every:N' merr një numër muajsh nga 1 deri në 12, jo '13'"),
    (["plan", "activity", "plan-2025", "1.4", "--text", "A walk", "--responsible", "nowhere-testville",
      "--no-commit"],
     "refused: plans/plan-2025.yaml would not pass `lpsc check` (1 error); nothing was written",
     "u refuzua: plans/plan-2025.yaml nuk do ta kalonte `lpsc check` (1 gabim); nuk u shkrua asgjë"),
    (["plan", "progress", "plan-2025", "9.9.9", "--date", "2025-05-01", "--no-commit"],
     "plan-2025 has no activity 9.9.9 (see `lpsc plan show plan-2025`)",
     "plan-2025 nuk ka veprimtari 9.9.9 (shihni `lpsc plan show plan-2025`)"),
    (["plan", "progress", "plan-2025", "1.4.1", "--date", "2025-02-30", "--no-commit"],
     "--date: '2025-02-30' is not a valid date (use YYYY-MM-DD or 'today')",
     "--date: '2025-02-30' nuk është datë e vlefshme (përdorni YYYY-MM-DD ose 'today')"),
    (["plan", "progress", "plan-2025", "1.4.1", "--date", "2025-05-01", "--percent", "150", "--no-commit"],
     "--percent: 150 is not a percentage between 0 and 100", "--percent: 150 nuk është përqindje ndërmjet 0 dhe 100"),
    (["plan", "approve", "plan-2025", "--meeting", "Meeting 5", "--no-commit"],
     "--meeting: 'Meeting 5' is not an id (1 to 64 lowercase letters, digits and '-', beginning with a letter or "
     "digit)", "--meeting: 'Meeting 5' nuk është id (1 deri në 64 shkronja të vogla, shifra dhe '-', që fillon me "
     "shkronjë ose shifër)"),
    (["plan", "publish", "plan-2025", "--institution", "municipality-testville", "--date", "2025-02-10T10:00",
      "--no-commit"],
     "--date: '2025-02-10T10:00' is a date and time; this field takes a date only",
     "--date: '2025-02-10T10:00' është datë dhe orë; kjo fushë merr vetëm datë"),
    (["plan", "monitor", "plan-2025", "--period", "H3", "--no-commit"],
     "--period: 'H3' is not one of H1, H2", "--period: 'H3' nuk është një nga H1, H2"),
    (["plan", "revise", "plan-2052", "--date", "2025-07-01", "--no-commit"],
     "there is no plan with the id 'plan-2052' (did you mean plan-2025?)",
     "nuk ka regjistrim plan me id 'plan-2052' (mos keni parasysh plan-2025?)"),
    (["plan", "list", "--status", "finished"],
     "--status: 'finished' is not one of draft, approved, revised, closed",
     "--status: 'finished' nuk është një nga draft, approved, revised, closed"),
    (["plan", "show", "zz-9"],
     "there is no plan with the id 'zz-9' (see `lpsc plan list`)",
     "nuk ka regjistrim plan me id 'zz-9' (shihni `lpsc plan list`)"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "in_english", "in_albanian"), ERRORS, ids=[" ".join(e[0][:2]) for e in ERRORS])
def test_every_plan_command_refuses_in_the_language_asked(
    runner: Any, app: Any, council: Path, args: list[str], in_english: str, in_albanian: str
) -> None:
    english, albanian = both(runner, app, council, *args)
    assert english.exit_code == albanian.exit_code != 0, english.output
    assert in_english in english.output, english.output
    assert in_albanian in albanian.output, albanian.output
    assert in_english not in albanian.output


def test_a_prompt_asks_in_the_language_of_the_run(
    runner: Any, app: Any, council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing value is asked for at a terminal; the question is in the run's language."""
    monkeypatch.setattr("lpsc_cli.cli.writing.interactive", lambda: True)
    args = ["plan", "monitor", "plan-2025", "--no-commit", "--dry-run"]
    english = run(runner, app, council, "en", *args, input="H2\n")
    albanian = run(runner, app, council, "sq", *args, input="H2\n")
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    assert "Half-year" in english.output
    assert "Gjashtëmujori" in albanian.output and "Half-year" not in albanian.output


@pytest.fixture
def albanian() -> Any:
    with i18n.speaking("sq"):
        yield


def message(error: pytest.ExceptionInfo[BaseException]) -> str:
    return str(error.value)


@pytest.mark.usefixtures("albanian")
def test_the_library_errors_in_albanian(tmp_path: Path) -> None:
    with pytest.raises(LpscError) as missing:
        write_atomic(tmp_path / "no-folder" / "a.yaml", b"x: 1\n", overwrite=False)
    assert "dosja" in message(missing) and "nuk ekziston (krijojeni më parë)" in message(missing)
    existing = tmp_path / "a.yaml"
    existing.write_bytes(b"x: 1\n")
    with pytest.raises(LpscError) as clobber:
        write_atomic(existing, b"x: 2\n", overwrite=False)
    assert message(clobber) == f"{existing}: ekziston tashmë; nuk mbishkruhet"
    full = describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
    assert full == "No space left on device (disku është plot: lironi pak hapësirë dhe ekzekutoni sërish komandën)"
    with pytest.raises(LpscError) as not_utf8:
        load_roundtrip(b"id: \xff\n", "plans/plan-2025.yaml")
    assert message(not_utf8) == (
        "plans/plan-2025.yaml: skedari nuk është tekst UTF-8; rregullojeni me dorë (shihni `lpsc check`)"
    )
    tagged = parse(b"id: x\ntags: !!set {a: null}\n", "members/x.yaml")
    assert tagged.issue is not None and "etiketa 'tag:yaml.org,2002:set' jep një vlerë" in tagged.issue.message
    with pytest.raises(LpscError) as beyond:
        add_months(date(9999, 12, 1), 1)
    assert message(beyond) == (
        "9999-12-01 +1 muaj del jashtë kalendarit (vitet 1 deri në 9999); datat në regjistrime duhet të jenë "
        "ndërmjet 1900 dhe 2999"
    )
    with pytest.raises(LpscError, match=r"\+1 ditë pune del jashtë kalendarit"):
        WorkingCalendar().add_working_days(date(9999, 12, 31), 1)
    assert reversed_span({"from": "2025-12-31", "to": "2025-01-01"}, "coverage") == (
        "coverage.from (2025-12-31) është pas coverage.to (2025-01-01): periudha nuk përfshin asnjë ditë"
    )
    with pytest.raises(ValueError, match="nuk është periudhë: '2025-13'"):
        period_bounds("2025-13")
    with pytest.raises(LookupError, match="skema meeting nuk ka zgjedhje te nowhere"):
        choices("meeting", "nowhere")
    with pytest.raises(UsageError, match=r"--time: '25:00' nuk është orë e ditës \(përdorni HH:MM, p.sh. 10:00\)"):
        values.parse_time("25:00", option="--time")


def test_the_library_errors_stay_english_in_english(tmp_path: Path) -> None:
    """English is the messages as written: the same error with English active."""
    with i18n.speaking("en"):
        with pytest.raises(LpscError, match="beyond the calendar") as beyond:
            add_months(date(9999, 12, 1), 1)
        assert "+1 month is" in message(beyond)
        with pytest.raises(UsageError, match="is not a time of day"):
            values.parse_time("25:00", option="--time")
