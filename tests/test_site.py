"""`lpsc site`: the page data, the charts' figures against `lpsc kpi`, writing the folder safely."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from lpsc_cli.charts import ChartData, Series, svg
from lpsc_cli.repository import load_repository
from lpsc_cli.site import SiteOptions, build, council_site, pooled
from lpsc_cli.site import pages as site_pages
from lpsc_cli.site.render import Renderer
from tests.support.repos import EXAMPLE, make_three_councils

AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def elbasan() -> Any:
    return load_repository(EXAMPLE, cache=False)


@pytest.fixture(scope="module")
def council(elbasan: Any) -> Any:
    renderer = Renderer(lang="en", public=False, as_of=AS_OF)
    return council_site(elbasan, SiteOptions(as_of=AS_OF), "en", renderer, folder="")


def kpi_json(runner: Any, app: Any, *repos: Path) -> dict[str, Any]:
    args = ["kpi", *(a for r in repos for a in ("--repo", str(r))), "--year", "2025", "--as-of", "2025-12-31"]
    result = runner.invoke(app, [*args, "--set", "all", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_id(council_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k["id"]: k for k in council_json["kpis"]}


# -- page data ----------------------------------------------------------------------------------


def test_overview_rows_are_the_council_kpi_table_with_its_targets(council: Any, runner: Any, app: Any) -> None:
    expected = by_id(kpi_json(runner, app, EXAMPLE)["councils"][0])
    rows = council.data["overview"]["rows"]
    assert [r["id"] for r in rows] == [k for k, v in expected.items() if v["set"] == "council"]
    for row in rows:
        assert row["target"] == expected[row["id"]]["target"]
        assert row["current"]["value"] == expected[row["id"]]["value"]
        assert row["current"]["met"] == expected[row["id"]]["met"]
    assert council.data["overview"]["met"] == sum(1 for r in rows if r["current"]["met"] is True)


def test_overview_shows_one_column_per_year_held(make_repo: Any) -> None:
    from lpsc_cli.indicators import compute

    repo = make_repo()
    repo.add("meeting", {"id": "lpsc-2023-03-01", "type": "lpsc", "date": "2023-03-01"})
    repo.add("meeting", {"id": "lpsc-2025-03-01", "type": "lpsc", "date": "2025-03-01"})
    for n, received in enumerate(("2023-05-02T09:00", "2024-12-31T16:00", "2025-01-01T08:00", "2022-12-30")):
        referral = {"received": received, "channel": "phone", "form_complete": n != 1}
        case = {"id": f"case-{received[:4]}-{n:03d}", "status": "registered", "subject": {"code": "A.B."}}
        repo.add("case", {**case, "referral": referral})
    loaded = repo.load()
    assert loaded.issues == ()
    ctx = site_pages.context(loaded, as_of=AS_OF, lang="en", public=False)
    overview = site_pages.overview(ctx, compute(loaded, start=ctx.start, end=ctx.end, as_of=AS_OF))
    assert overview["years"] == [2022, 2023, 2024, 2025]
    meetings = next(r for r in overview["rows"] if r["id"] == "lpsc-meetings")
    assert [c["value"] for c in meetings["trend"]] == [0, 1, 0]
    assert meetings["current"]["value"] == 1
    for index, year in enumerate((2022, 2023, 2024)):  # the trend equals the indicators on every record
        whole = compute(loaded, start=date(year, 1, 1), end=date(year, 12, 31), as_of=AS_OF, which="council")
        for row, result in zip(overview["rows"], whole, strict=True):
            assert (row["trend"][index]["value"], row["trend"][index]["met"]) == (result.value, result.met), (
                year,
                row["id"],
            )


def test_deadlines_page_splits_overdue_and_due_soon_and_fills_twelve_months(council: Any) -> None:
    page = council.data["deadlines"]
    assert all(item["status"] == "overdue" for item in page["overdue"])
    assert all(item["status"] == "due-soon" for item in page["due_soon"])
    assert [m["month"].month for m in page["months"]] == list(range(1, 13))
    assert any(m["obligations"] for m in page["months"])


def test_public_deadlines_list_no_case_obligation(elbasan: Any) -> None:
    ctx = site_pages.context(elbasan, as_of=date(2025, 6, 30), lang="en", public=True)
    page = site_pages.deadlines(ctx)
    listed = [*page["overdue"], *page["due_soon"], *(o for m in page["months"] for o in m["obligations"])]
    assert not any(str(item["record"] or "").startswith("case-") for item in listed)


def test_plan_page_has_progress_per_item_and_activity(council: Any) -> None:
    from lpsc_cli.planning import plan_progress

    plan = council.data["plan"]
    record = load_repository(EXAMPLE, cache=False).get("plan", plan["id"])
    assert plan["progress"] == plan_progress(record.data, AS_OF)
    for item in plan["issues"]:
        assert item["progress"] is not None
        assert all(a["status_at"] for a in item["activities"])
    chart = council.charts["plan"]
    assert list(chart.series[0].values) == [i["progress"] for i in plan["issues"]]


def test_meetings_page_rates_attendance(council: Any, elbasan: Any) -> None:
    rows = council.data["meetings"]["rows"]
    assert len(rows) == sum(1 for m in elbasan.of("meeting") if str(m.get("date")).startswith("2025"))
    lpsc = next(r for r in rows if r["type"] == "lpsc")
    part = lpsc["participation"]
    assert lpsc["attendance_rate"] == round(part["taking_part"] * 100 / part["total"], 1)
    assert lpsc["decision_count"] == len(elbasan.get("meeting", lpsc["id"]).get("decisions", default=[]))


def test_cases_page_suppresses_small_counts_as_the_reports_do(council: Any) -> None:
    cases = council.data["cases"]
    assert cases["referrals"] == 6
    shown = {row["shown"] for row in cases["by_month"]["rows"] if row["count"]}
    assert shown == {"< 3"}  # six referrals over six months: every month's count is hidden
    closed = next(s for s in cases["steps"] if s["step"] == "closed")
    assert closed["cases"] == 2 and closed["withheld"] and closed["mean"] is None


def test_step_durations_count_days_from_the_referral() -> None:
    class Case:
        def __init__(self, received: date, registered: date | None) -> None:
            self.received_day, self.registered = received, registered
            self.screened = self.assessed = self.isp_approved = self.closed = None

    cases = [Case(date(2025, 1, 1), date(2025, 1, d)) for d in (2, 3, 6)] + [Case(date(2025, 1, 1), None)]
    steps = {s["step"]: s for s in site_pages.step_durations(cases)}
    assert steps["registered"]["cases"] == 3
    assert steps["registered"]["mean"] == round((1 + 2 + 5) / 3, 1)
    assert steps["registered"]["median"] == 2.0
    assert steps["screened"]["cases"] == 0 and steps["screened"]["mean"] is None


def test_pooled_column_pools_items_not_percentages() -> None:
    from lpsc_cli.indicators.registry import KpiResult

    def result(unit: str, value: Any, numerator: float | None, denominator: int | None, target: Any) -> KpiResult:
        return KpiResult(
            id="x", set="council", title={"en": "x"}, source="s", unit=unit, value=value, numerator=numerator,  # type: ignore[arg-type]
            denominator=denominator, target=target, met=None, better="higher", computable=True, reason=None,
            definition="",
        )  # fmt: skip

    share = pooled([result("percent", 100.0, 1, 1, 75), result("percent", 50.0, 5, 10, 75)])
    assert share["value"] == round(6 * 100 / 11, 1) and share["met"] is False
    counts = pooled([result("count", 4, 4, None, 4), result("count", 5, 5, None, 4)])
    assert counts["value"] == 4.5 and counts["total"] == 9 and counts["met"] is True
    answers = pooled([result("yes/no", True, None, None, True), result("yes/no", False, None, None, True)])
    assert answers["value"] == 1 and answers["of"] == 2 and answers["met"] is False


# -- charts against lpsc kpi --------------------------------------------------------------------


def test_chart_figures_equal_lpsc_kpi_json(council: Any, runner: Any, app: Any) -> None:
    kpis = by_id(kpi_json(runner, app, EXAMPLE)["councils"][0])
    meetings = council.charts["meetings"]
    lpsc = next(s for s in meetings.series if s.name == "LPSC meeting")
    assert sum(v or 0 for v in lpsc.values) == kpis["lpsc-meetings"]["value"]
    trainings = council.charts["trainings"]
    assert len(trainings.categories) == kpis["training-sessions"]["value"]
    assert council.data["cases"]["by_month"]["total"] == kpis["referrals"]["value"]


def test_comparison_chart_and_table_equal_lpsc_kpi_json(three_councils: list[Path], runner: Any, app: Any) -> None:
    expected = kpi_json(runner, app, *three_councils)
    repos = [load_repository(p, cache=False) for p in three_councils]
    site = build(repos, SiteOptions(as_of=AS_OF, lang="en"))
    assert "index.html" in site.files and "brezovica/index.html" in site.files
    from lpsc_cli.site import comparison
    from lpsc_cli.site.figures import council_comparison

    renderer = Renderer(lang="en", public=False, as_of=AS_OF)
    councils = [council_site(r, SiteOptions(as_of=AS_OF), "en", renderer, folder=r.council) for r in repos]
    table = comparison(councils, "en")
    chart = council_comparison(table, renderer.word)
    for series in chart.series:
        row = next(r for r in table["rows"] if r["title"] == series.name)
        values = [by_id(c)[row["id"]]["value"] for c in expected["councils"]]
        assert list(series.values) == [float(v) for v in values]
        assert series.target == by_id(expected["councils"][0])[row["id"]]["target"]
    assert [c["council"] for c in expected["councils"]] == list(chart.categories)


@pytest.fixture(scope="module")
def three_councils(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_three_councils(tmp_path_factory.mktemp("councils"))


def test_svg_is_deterministic_and_self_contained() -> None:
    chart = ChartData(id="x", title="Å title <&>", categories=("a", "b"), series=(Series("s", (1.0, None)),))
    first, second = svg(chart), svg(chart)
    assert first == second
    assert "<svg" in first and "Å title &lt;&amp;&gt;" in first
    assert "<dc:date>" not in first and "DOCTYPE" not in first
    assert "http://" not in first.replace("http://www.w3.org/", "")


# -- the command --------------------------------------------------------------------------------


def run_site(runner: Any, app: Any, out: Path, *extra: str) -> Any:
    return runner.invoke(app, ["site", "-o", str(out), "--as-of", "2025-12-31", *extra])


def test_site_command_writes_every_page(runner: Any, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_site(runner, app, out, "--repo", str(EXAMPLE), "--lang", "en")
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in out.glob("*.html"))
    assert pages == ["cases.html", "deadlines.html", "index.html", "meetings.html", "plan.html", "trainings.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Internal" in index and "LPSC meetings held" in index
    for page in out.glob("*.html"):
        assert "for council members only" in page.read_text(encoding="utf-8"), page.name


def test_public_site_has_no_cases_page_and_no_internal_banner(runner: Any, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run_site(runner, app, out, "--repo", str(EXAMPLE), "--public", "--lang", "sq")
    assert result.exit_code == 0, result.output
    assert not (out / "cases.html").exists()
    assert not list(out.glob("charts/referrals-*"))
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "I brendshëm" not in text and "case-2025-" not in text, page.name
    assert 'lang="sq"' in (out / "index.html").read_text(encoding="utf-8")


def test_site_replaces_its_own_folder_and_refuses_others(runner: Any, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_site(runner, app, out, "--repo", str(EXAMPLE)).exit_code == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert run_site(runner, app, out, "--repo", str(EXAMPLE)).exit_code == 0
    assert not (out / "stale.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left beside it

    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep me", encoding="utf-8")
    refused = run_site(runner, app, other, "--repo", str(EXAMPLE))
    assert refused.exit_code == 2 and "not a site lpsc wrote" in refused.output
    assert (other / "letter.txt").read_text(encoding="utf-8") == "keep me"
    assert run_site(runner, app, other, "--repo", str(EXAMPLE), "--force").exit_code == 0
    assert not (other / "letter.txt").exists()


def test_site_refuses_a_folder_inside_the_repository(runner: Any, app: Any, tmp_path: Path) -> None:
    repo = tmp_path / "elbasan"
    shutil.copytree(EXAMPLE, repo)
    refused = run_site(runner, app, repo / "site", "--repo", str(repo))
    assert refused.exit_code == 2 and "inside the record repository" in refused.output
    assert not (repo / "site").exists()


def test_a_folder_of_councils_gives_a_comparison(
    runner: Any, app: Any, tmp_path: Path, three_councils: list[Path]
) -> None:
    out = tmp_path / "national"
    result = run_site(runner, app, out, "--repo", str(three_councils[0].parent), "--lang", "en")
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Councils compared" in index and "All councils" in index
    for council in ("elbasan", "brezovica", "malesia"):
        assert f'href="{council}/index.html"' in index
        assert (out / council / "plan.html").is_file()
    assert (out / "charts" / "council-comparison.svg").is_file()


def test_the_same_council_twice_is_a_usage_error(runner: Any, app: Any, tmp_path: Path) -> None:
    result = run_site(runner, app, tmp_path / "s", "--repo", str(EXAMPLE), "--repo", str(EXAMPLE))
    assert result.exit_code == 2 and "the same council twice" in result.output


def test_the_same_records_give_the_same_site(elbasan: Any) -> None:
    first = build([elbasan], SiteOptions(as_of=AS_OF, lang="sq"))
    second = build([elbasan], SiteOptions(as_of=AS_OF, lang="sq"))
    assert first.files == second.files
    assert sorted(p for p in first.files if p.startswith("charts/")) == [
        "charts/meetings-per-quarter.svg",
        "charts/plan-progress.svg",
        "charts/training-gains.svg",
    ]  # the case charts of six referrals hide every count: no picture, only their tables


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import importlib.util
    import sys

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("lpsc_bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    root = tmp_path_factory.mktemp("generated") / "repo"
    module.generate(root, cases=400, as_of=AS_OF)
    return root


def test_referrals_per_month_add_up_to_the_referrals_indicator(generated: Path, runner: Any, app: Any) -> None:
    kpis = by_id(kpi_json(runner, app, generated)["councils"][0])
    repo = load_repository(generated, cache=False)
    renderer = Renderer(lang="en", public=False, as_of=AS_OF)
    council = council_site(repo, SiteOptions(as_of=AS_OF), "en", renderer, folder="")
    chart = council.charts["referrals"]
    assert all(v is not None for v in chart.series[0].values)  # enough cases: nothing withheld
    assert sum(v or 0 for v in chart.series[0].values) == kpis["referrals"]["value"]
    overview = {row["id"]: row for row in council.data["overview"]["rows"]}
    assert overview["referrals"]["current"]["value"] == kpis["referrals"]["value"]
    assert len(overview["referrals"]["trend"]) == 4  # 2021-2024 before the year shown


def test_plan_page_leaves_out_an_activity_a_later_revision_added(elbasan: Any, tmp_path: Path) -> None:
    """The plan page agrees with the monitoring report: on 30 June the plan holds no activity
    that the July revision added, neither in its list nor in its issue's progress."""
    from lpsc_cli.documents.reports import plan_at
    from lpsc_cli.documents.views import Names

    copy = tmp_path / "elbasan"
    shutil.copytree(EXAMPLE, copy)
    plan_file = next((copy / "plans").glob("*.yaml"))
    data = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    first = data["items"][0]
    first["activities"].append(
        {
            "number": f"{first['number']}.99",
            "text": "an activity added in July",
            "timing": {"kind": "continuous", "label": "all year"},
            "status": "not-started",
            "added": "2025-07-15",
        }
    )
    plan_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    repo = load_repository(copy, cache=False)
    assert not repo.issues, [i.message for i in repo.issues]
    june = date(2025, 6, 30)
    page = site_pages.plan(site_pages.context(repo, as_of=june, lang="en", public=False))
    assert page is not None
    report = plan_at(repo.get("plan", data["id"]), Names(repo, "en"), june)
    assert [i["progress"] for i in page["issues"]] == [i["progress"] for i in report["issues"]]
    numbers = [a["number"] for i in page["issues"] for a in i["activities"]]
    assert f"{first['number']}.99" not in numbers
