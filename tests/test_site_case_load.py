"""The cases page's case load is the reports' `caseload` of every case, whatever the year shown.

The site hands `caseload` only the cases that can count in a year (open in it, or with a step
dated in it: `CaseFile.dated_between`); these tests hold that this leaves every figure as it is,
on a generated council of several years and on cases made to sit at the edges.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents.reports import caseload
from lpsc_cli.model import Record
from lpsc_cli.repository import load_repository
from lpsc_cli.site import pages
from tests.support.repos import EXAMPLE, PROJECT
from tests.support.rules import case

sys.path.insert(0, str(PROJECT / "benchmarks"))
import generate

AS_OF = date(2025, 12, 31)


def every_case(repo: Any, day: date) -> Any:
    ctx = pages.context(repo, as_of=day, lang="en", public=False)
    return caseload(repo.of("case"), ctx.start, ctx.last, repo.case_index)


def site_case_load(repo: Any, day: date) -> Any:
    return pages.case_load(pages.context(repo, as_of=day, lang="en", public=False))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("case-load") / "repo"
    generate.generate(root, cases=120, as_of=AS_OF)
    return load_repository(root, cache=False)


@pytest.mark.parametrize("day", [date(2021, 12, 31), date(2023, 6, 30), date(2024, 12, 31), AS_OF])
def test_the_case_load_of_each_year_counts_every_case(generated: Any, day: date) -> None:
    expected = every_case(generated, day)
    assert expected["open"] > 0
    assert site_case_load(generated, day) == expected


def test_the_example_council(make_repo: Any) -> None:
    repo = load_repository(EXAMPLE, cache=False)
    assert site_case_load(repo, AS_OF) == every_case(repo, AS_OF)


def test_cases_at_the_edges(make_repo: Any) -> None:
    """Steps dated in the year of a case never open in it, and records no schema lets through
    (held in memory): no referral day, and a referral whose time cannot be read."""
    closed_before = case(1, "2024-03-01T10:00", closure={"date": "2024-06-30", "reason": "goals-achieved"})
    closed_before["transfer"] = {"date": "2025-02-01", "to": "tirana"}  # dated in 2025, after its closure
    not_referred = case(2, "2025-01-10T09:00", registered="2025-01-12")
    not_referred["referral"] = {"channel": "official-note"}  # no referral day: never open
    odd_time = case(3, "2025-01-10T09:00")
    odd_time["referral"]["received"] = "2025-03-05 at noon"  # a day, but no time: open from that day
    later = case(4, "2026-01-05T09:00")
    records = {
        data["id"]: Record("case", data["id"], f"cases/{data['id']}.yaml", data)
        for data in (closed_before, not_referred, odd_time, later)
    }
    repo = make_repo().load()
    repo = replace(repo, records={**repo.records, "case": records})
    expected = every_case(repo, AS_OF)
    assert (expected["transferred"], expected["registered"], expected["new"]) == (1, 1, 1)
    assert site_case_load(repo, AS_OF) == expected
