"""Golden cases: invalid repositories under tests/cases/check/ and the findings they must give.

Each case folder holds `repo/` (the records), `checks` (the cross-record checks to run besides
loading, one line) and `expected.txt` (the text report at --as-of 2025-12-31). Regenerate with
LPSC_UPDATE_GOLDEN=1 after reading the difference.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from lpsc_cli.checks import CheckOptions, check_repository, registry
from lpsc_cli.reporters import View
from lpsc_cli.reporters.check import text
from lpsc_cli.repository import load_repository

CASES = Path(__file__).parent / "cases" / "check"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_case(case: str) -> None:
    folder = CASES / case
    wanted = (folder / "checks").read_text().split()
    checks = [(name, run) for name, run in registry() if name in wanted]
    repo = load_repository(folder / "repo", cache=False)
    result = check_repository(repo, CheckOptions(as_of=date(2025, 12, 31)), checks=checks)
    report = text(result, view=View())
    expected = folder / "expected.txt"
    if os.environ.get("LPSC_UPDATE_GOLDEN"):
        expected.write_text(report, encoding="utf-8")
    assert report == expected.read_text(encoding="utf-8")
    assert "Traceback" not in report
