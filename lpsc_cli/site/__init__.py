"""The council's dashboard as a static web site: `build(repos, options)` returns its files.

A site is a folder of HTML pages, one stylesheet and SVG charts, with no script, no font and
no request outside the folder: it opens from `file://` as well as from any web server.

- One council: `index.html` (overview: the KPI table against its targets, with the trend over
  the years held), `deadlines.html`, `plan.html`, `meetings.html`, `cases.html` (internal site
  only), `trainings.html`, and `charts/*.svg`.
- Several councils: `index.html` is the comparison, in the shape of the assessment's KPI table
  (A §3.6.3): councils side by side, the targets and a pooled column; each council's pages are
  in a folder named after its id.

Charts are drawn by `lpsc_cli.charts`. With `cache`, a chart drawn by an earlier run (the same
data, language and drawing code: `lpsc_cli.charts.Drawings`) is taken as it was kept, the same
bytes, and the templates as Jinja compiled them (`lpsc_cli.site.render.TemplateCode`), both in
lpsc's cache folder.

`public=True` builds the site a municipality may publish (see `lpsc_cli.site.pages`); the
internal site says on every page that it is internal. Writing the files into a folder is
`lpsc_cli.site.output.write_site`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from lpsc_cli.charts import ChartData, Drawings
from lpsc_cli.documents.views import View
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators import KpiResult, compute
from lpsc_cli.repository import Repository
from lpsc_cli.site import figures, pages
from lpsc_cli.site.render import STYLESHEET, Renderer, TemplateCode

__all__ = ["MARKER", "Site", "SiteOptions", "build", "comparison"]

#: The file that marks a folder as a site lpsc wrote (so that it may be replaced).
MARKER = ".lpsc-site"
COUNCIL_PAGES: tuple[str, ...] = ("index", "deadlines", "plan", "meetings", "cases", "trainings")


@dataclass(frozen=True, kw_only=True)
class SiteOptions:
    """What `lpsc site` asks for: the day judged (its year is the year shown), the language
    (None: the first council's) and the audience."""

    as_of: date
    lang: str | None = None
    public: bool = False


@dataclass(frozen=True)
class Site:
    """The files of a site by their path inside its folder (POSIX, relative)."""

    files: Mapping[str, bytes]

    @property
    def pages(self) -> list[str]:
        return sorted(path for path in self.files if path.endswith(".html"))


@dataclass(frozen=True)
class CouncilSite:
    """One council's page data, its charts, and the folder its pages go in ('' at the top)."""

    folder: str
    council: View
    data: Mapping[str, Any]
    charts: Mapping[str, ChartData]
    results: tuple[KpiResult, ...]


def build(repos: Sequence[Repository], options: SiteOptions, *, cache: bool = False) -> Site:
    """Every file of the site of `repos` (one council, or several with a comparison page).

    With `cache`, charts and compiled templates are taken from lpsc's cache folder when an
    earlier run kept them, and what this run drew is kept there (see the module)."""
    if not repos:
        raise UsageError(_("no record repository to build a site from"))
    ids = [r.council for r in repos]
    duplicated = sorted({c for c in ids if ids.count(c) > 1})
    if duplicated:
        raise UsageError(
            _("the same council twice: {councils} (council ids must differ)").format(councils=", ".join(duplicated))
        )
    lang = options.lang or repos[0].language
    drawings = Drawings.shared() if cache else Drawings(None)
    code = TemplateCode.shared() if cache else None
    renderer = Renderer(lang=lang, public=options.public, as_of=options.as_of, code=code)
    several = len(repos) > 1
    councils = [council_site(r, options, lang, renderer, folder=r.council if several else "") for r in repos]
    files: dict[str, bytes] = {STYLESHEET: renderer.stylesheet(), MARKER: b"lpsc site\n"}
    for council in councils:
        files.update(council_files(council, renderer, drawings, several=several))
    if several:
        table = comparison(councils, lang)
        chart = figures.council_comparison(table, renderer.word)
        files["charts/council-comparison.svg"] = drawings.svg(chart, lang).encode("utf-8")
        files["index.html"] = renderer.page(
            "comparison.html", root="", council=None, page="comparison", data=table, charts={"comparison": chart}
        )
    drawings.keep()
    return Site(files)


def council_site(repo: Repository, options: SiteOptions, lang: str, renderer: Renderer, *, folder: str) -> CouncilSite:
    """The page data and charts of one council."""
    ctx = pages.context(repo, as_of=options.as_of, lang=lang, public=options.public)
    # the obligations first: the cases' periods kept with their items serve the indicators too
    deadlines = pages.deadlines(ctx)
    results = tuple(compute(repo, start=ctx.start, end=ctx.end, as_of=ctx.as_of, which="all"))
    load = pages.case_load(ctx)
    data: dict[str, Any] = {
        "overview": pages.overview(ctx, results),
        "deadlines": deadlines,
        "plan": pages.plan(ctx),
        "meetings": pages.meetings(ctx),
        "trainings": pages.training_page(ctx),
        "cases": None if ctx.public else pages.cases(ctx, results, load),
        "public_cases": pages.public_cases(load),
    }
    word, label, day = renderer.word, renderer.label, renderer.short_date
    chosen: dict[str, ChartData] = {
        "meetings": figures.meetings_per_quarter(data["meetings"], word, label),
        "trainings": figures.training_gains(data["trainings"], word, day),
    }
    if data["plan"] is not None:
        chosen["plan"] = figures.plan_progress(data["plan"], word)
    if data["cases"] is not None:
        chosen["referrals"] = figures.referrals_per_month(data["cases"], word)
        chosen["outcomes"] = figures.case_outcomes(data["cases"], word, label)
    return CouncilSite(folder=folder, council=pages.council_header(ctx), data=data, charts=chosen, results=results)


def council_files(council: CouncilSite, renderer: Renderer, drawings: Drawings, *, several: bool) -> dict[str, bytes]:
    """The pages and charts of one council, under its folder."""
    prefix = f"{council.folder}/" if council.folder else ""
    root = "../" if council.folder else ""
    files = {
        f"{prefix}charts/{chart.id}.svg": drawings.svg(chart, renderer.lang).encode("utf-8")
        for chart in council.charts.values()
        if not chart.empty
    }
    for page in COUNCIL_PAGES:
        if page == "cases" and council.data["cases"] is None:
            continue
        files[f"{prefix}{page}.html"] = renderer.page(
            f"{page}.html",
            root=root,
            council=council.council,
            page=page,
            data=council.data,
            charts=council.charts,
            several=several,
        )
    return files


def comparison(councils: Sequence[CouncilSite], lang: str) -> View:
    """The councils side by side on the council KPI table, with targets and a pooled column."""
    first = [r for r in councils[0].results if r.set == "council"]
    rows = []
    for index, result in enumerate(first):
        cells = [[r for r in c.results if r.set == "council"][index] for c in councils]
        rows.append(
            {
                **pages.kpi_row(result, lang),
                "cells": [pages.kpi_cell(cell) for cell in cells],
                "pooled": pooled(cells),
            }
        )
    return {
        "councils": [
            {"id": c.council["id"], "name": c.council["name"], "href": f"{c.folder}/index.html"} for c in councils
        ],
        "councils_short": [c.council["id"] for c in councils],
        "rows": rows,
    }


def pooled(cells: Sequence[KpiResult]) -> View:
    """One indicator over all councils: the mean count per council (and the total), the share of
    all items pooled, or how many councils answer yes; judged against the per-council target."""
    first = cells[0]
    valued = [c for c in cells if c.value is not None]
    target, higher = first.target, first.better == "higher"
    if not valued:
        return {"value": None, "unit": first.unit, "met": None, "councils": len(cells), "of": 0}
    if first.unit == "yes/no":
        yes = sum(1 for c in valued if c.value is True)
        met = None if target is None else all(c.value is target for c in valued)
        return {"value": yes, "unit": "yes/no", "met": met, "councils": len(cells), "of": len(valued)}
    numerator = sum(float(c.numerator or 0) for c in valued)
    if first.unit == "count":
        mean = round(numerator / len(valued), 1)
        met = None if not isinstance(target, int | float) else (mean >= target if higher else mean <= target)
        return {
            "value": mean,
            "total": numerator,
            "unit": "count",
            "met": met,
            "councils": len(cells),
            "of": len(valued),
        }
    denominator = sum(c.denominator or 0 for c in valued)
    scale = 100 if first.unit == "percent" else 1
    value = round(numerator * scale / denominator, 1) if denominator else None
    met = None
    if value is not None and isinstance(target, int | float):
        left, right = numerator * scale, target * denominator
        met = left >= right if higher else left <= right
    return {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "unit": first.unit,
        "met": met,
        "councils": len(cells),
        "of": len(valued),
    }
