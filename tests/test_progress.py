"""Progress of long runs: the library reports through a callback, the CLI draws a bar on a terminal."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from lpsc_cli.checks import CheckOptions, check_root
from lpsc_cli.cli.common import progress_bar
from lpsc_cli.repository import load_repository

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_loading_reports_every_file_up_to_the_total() -> None:
    seen: list[tuple[int, int]] = []
    repo = load_repository(EXAMPLE, cache=False, progress=lambda done, total: seen.append((done, total)))
    total = len(repo.read_files)
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_check_root_passes_progress_to_the_loader() -> None:
    seen: list[tuple[int, int]] = []
    result = check_root(
        EXAMPLE, CheckOptions(as_of=date(2025, 12, 31), cache=False), progress=lambda *p: seen.append(p)
    )
    assert result.ok and seen and seen[-1][0] == seen[-1][1]


def test_no_bar_when_stderr_is_not_a_terminal_or_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_bar("reading records", delay=0) as report:
        assert report is None
    monkeypatch.setattr(sys, "stderr", Terminal())
    with progress_bar("reading records", quiet=True, delay=0) as report:
        assert report is None
    assert sys.stderr.getvalue() == ""


def test_a_bar_on_a_terminal_once_the_run_is_long(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("reading records", delay=3600) as report:
        assert report is not None
        report(5, 10)  # a short run: nothing drawn
    assert terminal.getvalue() == ""
    with progress_bar("reading records", delay=0) as report:
        assert report is not None
        report(5, 10)
        report(10, 10)
    assert "reading records" in terminal.getvalue()


def test_check_quiet_prints_the_same_report(runner, app) -> None:
    plain = runner.invoke(app, ["check", "--repo", str(EXAMPLE), "--as-of", "2025-12-31"])
    quiet = runner.invoke(app, ["check", "--repo", str(EXAMPLE), "--as-of", "2025-12-31", "--quiet"])
    assert plain.exit_code == quiet.exit_code == 0
    assert plain.output == quiet.output


def test_kpi_over_several_councils_counts_the_councils(
    runner, app, monkeypatch: pytest.MonkeyPatch, example_copy
) -> None:
    from contextlib import contextmanager

    import lpsc_cli.cli.kpi

    bars: list[tuple[str, bool, list[tuple[int, int]]]] = []

    @contextmanager
    def recorded(what: str, *, quiet: bool = False, delay: float = 1.0):  # type: ignore[no-untyped-def]
        seen: list[tuple[int, int]] = []
        bars.append((what, quiet, seen))
        yield None if quiet else lambda done, total: seen.append((done, total))

    monkeypatch.setattr(lpsc_cli.cli.kpi, "progress_bar", recorded)
    roots = [example_copy(name) for name in ("a", "b", "c")]
    args = ["kpi", *(a for root in roots for a in ("--repo", str(root))), "--year", "2025", "--lang", "en"]
    assert runner.invoke(app, args).exit_code == 0
    assert bars == [("councils", False, [(0, 3), (1, 3), (2, 3), (3, 3)])]
    bars.clear()
    assert runner.invoke(app, [*args, "--quiet"]).exit_code == 0
    assert [(what, quiet) for what, quiet, _ in bars] == [("councils", True)]
