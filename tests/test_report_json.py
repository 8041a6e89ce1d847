"""`lpsc report ... --format json`: the figures a report shows, and only what was true on --as-of."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.support.repos import EXAMPLE


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "elbasan"
    shutil.copytree(EXAMPLE, root)
    return root


def test_the_annual_report_as_json(runner: Any, app: Any, tmp_path: Path) -> None:
    args = ["report", "annual", "--year", "2025", "--as-of", "2026-01-31", "--repo", str(EXAMPLE)]
    shown = runner.invoke(app, [*args, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.output)
    assert (document["report"], document["period"], document["council"]) == ("annual", "2025", "elbasan")
    assert len(document["figures"]["submissions"]) == len(list((EXAMPLE / "reports").glob("*.yaml")))
    written = runner.invoke(app, [*args, "-o", str(tmp_path / "annual.json")])
    assert written.exit_code == 0, written.output
    assert json.loads((tmp_path / "annual.json").read_text(encoding="utf-8")) == document


def test_the_annual_report_counts_only_what_was_submitted_by_as_of(runner: Any, app: Any, tmp_path: Path) -> None:
    root = _copy(tmp_path)

    def submissions(as_of: str) -> list[str]:
        args = ["report", "annual", "--year", "2025", "--as-of", as_of, "--format", "json", "--repo", str(root)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return [s["submitted"] for s in json.loads(result.output)["figures"]["submissions"]]

    later = submissions("2026-01-31")
    assert "2026-01-20" in later
    before = submissions("2026-01-10")
    assert "2026-01-20" not in before and all(day <= "2026-01-10" for day in before)
