"""Reports never drop records silently: which records are left out and why, on stderr; `--strict` stops."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.repos import EXAMPLE


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The example with one case file that no longer reads (a status no schema knows)."""
    root = tmp_path / "elbasan"
    shutil.copytree(EXAMPLE, root)
    case = root / "cases" / "2025" / "case-2025-006.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("status: ", "status: lost-", 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "command",
    [
        ["kpi", "--year", "2025", "--as-of", "2026-03-31"],
        ["report", "annual", "--year", "2025", "--as-of", "2026-03-31"],
        ["report", "annual", "--year", "2025", "--as-of", "2026-03-31", "--format", "json"],
        ["render", "annual", "2025", "--as-of", "2026-03-31"],
    ],
    ids=["kpi", "report", "report-json", "render"],
)
def test_a_record_left_out_is_named_and_strict_stops(runner: Any, app: Any, broken: Path, command: list[str]) -> None:
    told = runner.invoke(app, [*command, "--repo", str(broken)])
    assert told.exit_code == 0, told.output
    assert "1 record file could not be read (left out of it;" in told.stderr
    assert "cases/2025/case-2025-006.yaml: line" in told.stderr and "status" in told.stderr
    stopped = runner.invoke(app, [*command, "--repo", str(broken), "--strict"])
    assert stopped.exit_code == 1
    assert "this stops the report" in stopped.stderr and stopped.stdout == ""


def test_nothing_is_said_when_every_record_reads(runner: Any, app: Any) -> None:
    told = runner.invoke(app, ["kpi", "--year", "2025", "--as-of", "2026-03-31", "--strict", "--repo", str(EXAMPLE)])
    assert told.exit_code == 0 and told.stderr == ""
