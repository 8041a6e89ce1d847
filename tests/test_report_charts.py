"""The charts inside the annual and monitoring reports (issue 15): inline SVG in HTML (and so in
PDF), a PNG picture in Word, nothing in Markdown; the data drawn are the report's own figures,
the same as `lpsc kpi --format json`; the same bytes every time."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from typing import Any

import docx
import pytest

from lpsc_cli import charts
from lpsc_cli.documents import render
from lpsc_cli.documents.pictures import kpi_chart
from lpsc_cli.planning import activity_progress, in_plan, weight, weighted_progress
from lpsc_cli.repository import load_repository
from tests.support.council import PLAN, build
from tests.support.documents import AS_OF
from tests.support.repos import EXAMPLE
from tests.support.tools import require

VALUE = re.compile(r'<g id="kpis-value-([a-z0-9-]+)-0">\s*<text[^>]*>([^<]*)</text>')
PROGRESS = re.compile(r"<text[^>]*>([0-9.]+) %</text>")


@pytest.fixture(scope="module")
def elbasan() -> Any:
    return load_repository(EXAMPLE, cache=False)


def _html(repo: Any, document: str, period: str, lang: str = "en") -> str:
    page = render(repo, document, period, lang=lang, fmt="html", as_of=AS_OF)
    assert isinstance(page, str)
    return page


def _kpis_json(runner: Any, app: Any) -> dict[str, Any]:
    args = ["kpi", "--repo", str(EXAMPLE), "--year", "2025", "--as-of", AS_OF.isoformat(), "--format", "json"]
    done = runner.invoke(app, args)
    assert done.exit_code in (0, 1), done.output
    return {kpi["id"]: kpi for kpi in json.loads(done.stdout)["councils"][0]["kpis"]}


def test_the_annual_report_draws_the_kpis_of_lpsc_kpi(elbasan: Any, runner: Any, app: Any) -> None:
    page = _html(elbasan, "annual", "2025")
    assert page.count("<svg") == 1 and '<figure class="chart" role="img" aria-label="' in page
    assert "LPSC meetings held, 2025: 4 (target 4)" in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    drawn = {kpi: float(value) for kpi, value in VALUE.findall(svg)}
    expected = {
        kpi: float(row["value"])
        for kpi, row in _kpis_json(runner, app).items()
        if row["unit"] in ("count", "percent") and isinstance(row["value"], int | float)
    }
    assert expected and drawn == expected
    # the chart sits in the indicators' section, before their table
    section = page.index("Key performance indicators</h2>")
    assert section < page.index("<svg") < page.index("<table>", section)


def test_the_monitoring_report_draws_each_issue_as_the_plan_stood(elbasan: Any) -> None:
    page = _html(elbasan, "monitoring", "2025-H1")
    assert page.count("<svg") == 1
    svg = page[page.index("<svg") : page.index("</svg>")]
    plan = elbasan.get("plan", "plan-2025")
    end = AS_OF.replace(year=2025, month=6, day=30)
    expected = [
        weighted_progress((weight(a), activity_progress(a, end)) for a in item.get("activities", []) if in_plan(a, end))
        for item in plan.get("items", default=[])
    ]
    assert [float(value) for value in PROGRESS.findall(svg)] == [value for value in expected if value is not None]


def test_markdown_has_no_chart_and_every_format_is_the_same_bytes_twice(elbasan: Any) -> None:
    for document, period in (("annual", "2025"), ("monitoring", "2025-H1")):
        text = render(elbasan, document, period, lang="sq", fmt="md", as_of=AS_OF)
        assert isinstance(text, str) and "lpscchart" not in text and "<svg" not in text
        for fmt in ("html", "docx"):
            first = render(elbasan, document, period, lang="sq", fmt=fmt, as_of=AS_OF)
            assert first == render(elbasan, document, period, lang="sq", fmt=fmt, as_of=AS_OF), (document, fmt)
            assert ("lpscchart" if fmt == "html" else b"lpscchart") not in first
            if fmt == "docx":  # every part dated the document's day, not the clock's second
                assert isinstance(first, bytes)
                stamps = {item.date_time for item in zipfile.ZipFile(io.BytesIO(first)).infolist()}
                assert stamps == {(AS_OF.year, AS_OF.month, AS_OF.day, 0, 0, 0)}


def test_the_word_report_holds_the_chart_as_a_picture(elbasan: Any) -> None:
    data = render(elbasan, "annual", "2025", lang="en", fmt="docx", as_of=AS_OF)
    assert isinstance(data, bytes)
    package = zipfile.ZipFile(io.BytesIO(data))
    media = [name for name in package.namelist() if name.startswith("word/media/")]
    assert len(media) == 1 and media[0].endswith(".png")
    picture = package.read(media[0])
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    document = docx.Document(io.BytesIO(data))
    [part] = [rel.target_part for rel in document.part.rels.values() if "image" in rel.reltype]
    assert part.blob == picture
    # drawn from the same figures as the HTML chart: the PNG of the same chart data
    figures = {"kpis": _kpi_rows(elbasan), "year": "2025"}
    words = {"kpis": "Key performance indicators against their targets (dashed line)"}
    assert picture == charts.png(kpi_chart(figures, words)["kpis"])
    body = document.element.body
    drawing = body.xpath(".//w:drawing")
    assert len(drawing) == 1
    # described in words for readers who cannot see it: every value and target
    [description] = body.xpath(".//wp:docPr/@descr")
    assert description.startswith("Key performance indicators against their targets")
    assert "Referrals to the LPSC, 2025: 6 (target 20)" in description
    texts = [p.text for p in document.paragraphs]
    assert "lpscchart" not in "".join(texts)


def _kpi_rows(repo: Any) -> list[dict[str, Any]]:
    from lpsc_cli.documents.builders import Request
    from lpsc_cli.documents.reports import annual_report

    return annual_report(repo, "2025", Request(lang="en", as_of=AS_OF))["kpis"]


def test_the_pdf_report_draws_the_chart(elbasan: Any, tmp_path: Any) -> None:
    require("pdftotext")
    data = render(elbasan, "annual", "2025", lang="en", fmt="pdf", as_of=AS_OF)
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
    path = tmp_path / "annual.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60, stdin=subprocess.DEVNULL
    ).stdout
    # the chart's own text (SVG text drawn by WeasyPrint): its title and each panel's title
    assert "Key performance indicators against their targets" in text
    assert "Referrals to the LPSC" in text


def test_a_dollar_in_an_issue_is_drawn_as_it_is(make_repo: Any) -> None:
    plan = {**PLAN, "items": [{**PLAN["items"][0], "issue": "Fines of $5 and $6 unpaid"}, *PLAN["items"][1:]]}
    repo = build(make_repo)
    repo.add("plan", plan)
    page = _html(repo.load(), "monitoring", "2025-H1")
    assert "$5 and $6" in page[page.index("<svg") :]


def test_a_council_template_without_a_chart_has_none(make_repo: Any) -> None:
    repo = build(make_repo)
    repo.write("templates/annual.md.j2", '{% extends "base.md.j2" %}{% block body %}Own report{% endblock %}\n')
    page = _html(repo.load(), "annual", "2025")
    assert "<svg" not in page and "lpscchart" not in page and "Own report" in page


def test_png_and_svg_are_the_same_bytes_for_the_same_data() -> None:
    chart = charts.ChartData(
        id="kpis",
        title="t",
        categories=("2025",),
        series=(charts.Series("Meetings", (3.0,), 4.0, key="lpsc-meetings"),),
        kind="panels",
        labelled=True,
    )
    assert charts.png(chart) == charts.png(chart) and charts.svg(chart) == charts.svg(chart)
    assert charts.value_id(chart, 0, 0) == "kpis-value-lpsc-meetings-0"
    assert VALUE.findall(charts.svg(chart)) == [("lpsc-meetings", "3")]
    assert not charts.inline_svg(chart).startswith("<?xml")
    dollars = charts.ChartData(
        id="d", title="Costs in $ and $", categories=("$5", "$6"), series=(charts.Series("$", (1.0, 2.0)),)
    )
    drawn = charts.svg(dollars)
    assert "Costs in $ and $" in drawn and ">$5<" in drawn and ">$6<" in drawn
