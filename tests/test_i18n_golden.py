"""Golden outputs of `check`, `deadlines`, `kpi` and `kpi --explain` (of an indicator whose
reasons are words: member-participation) on examples/elbasan, in
Albanian and in English (tests/golden/i18n/<name>.<lang>.txt).

Each case runs the command with a fixed `--as-of` and `--lang`; `check-late` runs on a copy of
the example without the Prefect's report of March 2025, so that a rule's finding shows. After a
deliberate change to a message, a translation or the example, regenerate them with

    LPSC_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_i18n_golden.py

and read the difference before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "elbasan"
GOLDEN = Path(__file__).parent / "golden" / "i18n"

CASES: dict[str, tuple[list[str], int]] = {
    "check": (["check", "--as-of", "2025-12-31", "--no-cache"], 0),
    "check-late": (["check", "--as-of", "2025-12-31", "--no-cache"], 0),
    "deadlines": (["deadlines", "--as-of", "2025-12-31", "--within", "30"], 0),
    "deadlines-all": (["deadlines", "--as-of", "2025-06-30", "--all", "--rule", "invitation-notice", "--rule",
                       "prefect-reports", "--rule", "secretariat-monthly", "--rule", "meetings-per-year"], 0),
    "kpi": (["kpi", "--as-of", "2025-12-31", "--year", "2025", "--set", "all"], 0),
    "kpi-explain": (["kpi", "--as-of", "2025-12-31", "--year", "2025", "--explain", "trainee-gain"], 0),
    "kpi-explain-members": (["kpi", "--as-of", "2025-12-31", "--year", "2025", "--explain", "member-participation"], 0),
}  # fmt: skip


@pytest.fixture(scope="module")
def late_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example without one of the Prefect's monthly reports: one overdue obligation."""
    copy = tmp_path_factory.mktemp("elbasan") / "elbasan"
    shutil.copytree(EXAMPLE, copy)
    (copy / "reports" / "prefect-2025-03.yaml").unlink()
    return copy


@pytest.mark.parametrize("language", ["sq", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_output(runner: Any, app: Any, late_example: Path, case: str, language: str) -> None:
    args, code = CASES[case]
    repo = late_example if case == "check-late" else EXAMPLE
    result = runner.invoke(app, ["--lang", language, args[0], "--repo", str(repo), *args[1:]])
    assert result.exit_code == code, result.output
    expected = GOLDEN / f"{case}.{language}.txt"
    if os.environ.get("LPSC_UPDATE_GOLDEN"):
        expected.write_text(result.stdout, encoding="utf-8")
        pytest.skip(f"{expected.name} written; compare it with git diff")
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_the_goldens_differ_by_language() -> None:
    """Each Albanian golden is not the English one (a catalog that translates nothing fails)."""
    for case in CASES:
        albanian = (GOLDEN / f"{case}.sq.txt").read_text(encoding="utf-8")
        english = (GOLDEN / f"{case}.en.txt").read_text(encoding="utf-8")
        assert albanian != english, case
