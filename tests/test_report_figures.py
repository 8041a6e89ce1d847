"""The figures behind the annual, monitoring and Prefect reports, as JSON-ready data."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents import render
from lpsc_cli.documents.figures import report_figures
from lpsc_cli.errors import UsageError
from lpsc_cli.repository import Repository, load_repository
from tests.support.repos import EXAMPLE

AS_OF = date(2026, 1, 20)


@pytest.fixture(scope="module")
def repo() -> Repository:
    return load_repository(EXAMPLE, cache=False)


def rows_of(value: Any) -> list[dict[str, Any]]:
    """Every breakdown row anywhere in the figures."""
    if isinstance(value, dict):
        found = [r for r in value.get("rows", []) if isinstance(r, dict) and "shown" in r]
        return found + [row for item in value.values() for row in rows_of(item)]
    if isinstance(value, list):
        return [row for item in value for row in rows_of(item)]
    return []


@pytest.mark.parametrize(("report", "period"), [("annual", "2025"), ("monitoring", "2025-H1"), ("prefect", "2025-03")])
def test_figures_are_json_and_match_the_document(repo: Repository, report: str, period: str) -> None:
    figures = report_figures(repo, report, period, as_of=AS_OF, lang="en")
    text = json.dumps(figures)  # plain JSON types only
    assert json.loads(text) == figures
    assert figures["report"] == report and figures["council"] == "elbasan" and figures["period"] == period
    assert figures["figures"]["start"] <= figures["figures"]["end"]
    document = str(render(repo, report, period, lang="en", fmt="md", as_of=AS_OF))
    for row in rows_of(figures["figures"]):
        assert "count" not in row  # a small count only as the document prints it
    if report == "annual":
        assert str(figures["figures"]["meeting_total"]) in document
        kpi = next(k for k in figures["figures"]["kpis"] if k["id"] == "lpsc-meetings")
        assert kpi["value"] == 4


def test_small_counts_stay_hidden(repo: Repository) -> None:
    figures = report_figures(repo, "prefect", "2025-03", as_of=AS_OF)
    shown = [row["shown"] for row in rows_of(figures["figures"])]
    assert "< 3" in shown
    assert "1" not in shown and "2" not in shown


def test_only_reports_have_figures(repo: Repository) -> None:
    with pytest.raises(UsageError, match="unknown report"):
        report_figures(repo, "minutes", "lpsc-2025-03-12", as_of=AS_OF)
