"""The KPI report is built by the library: councils side by side, titles in one language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lpsc_cli.errors import UsageError
from lpsc_cli.indicators import REGISTRY
from lpsc_cli.indicators.report import kpi_report
from lpsc_cli.reporters.kpi import REPORTERS, KpiView
from lpsc_cli.repository import load_repository

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"
YEAR = {"start": date(2025, 1, 1), "end": date(2025, 12, 31), "as_of": date(2025, 12, 31)}


def test_one_column_per_repository_in_the_order_given() -> None:
    example = load_repository(EXAMPLE)
    report = kpi_report([example, example], which="checklist", **YEAR)
    assert [c.council for c in report.councils] == ["elbasan", "elbasan"]
    assert [r.id for r in report.councils[0].results] == [i.id for i in REGISTRY.select("checklist")]
    assert report.councils[0].results == report.councils[1].results
    assert report.lang == example.language


def test_language_can_be_chosen_and_reporters_take_it_from_the_report() -> None:
    report = kpi_report([load_repository(EXAMPLE)], language="en", **YEAR)
    text = str(REPORTERS["text"](report, view=KpiView(width=120)))
    assert "LPSC meetings held" in text
    assert "Mbledhje të KVSP-së" not in text
    explained = str(REPORTERS["text"](report, view=KpiView(explain="lpsc-meetings")))
    assert explained.startswith("lpsc-meetings: ")


def test_no_repository_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        kpi_report([], **YEAR)
