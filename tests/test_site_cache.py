"""Drawn charts and compiled templates kept in lpsc's cache folder (`lpsc_cli.charts.Drawings`,
`lpsc_cli.site.render.TemplateCode`): the same site, byte for byte, whether its charts are drawn
or taken from the cache; a chart whose data, language or drawing code changed is drawn again, an
edited template compiled again; a site whose charts are kept does not import matplotlib."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader

from lpsc_cli import charts
from lpsc_cli.cache import Cache
from lpsc_cli.charts import ChartData, Drawings, Series, drawing_key
from lpsc_cli.repository import load_repository
from lpsc_cli.site import SiteOptions, build
from lpsc_cli.site.render import TemplateCode
from tests.support.repos import EXAMPLE, make_three_councils

AS_OF = date(2025, 12, 31)
CHART = ChartData(id="x", title="Referrals", categories=("a", "b"), series=(Series("s", (1.0, 4.0)),))


@pytest.fixture(scope="module")
def elbasan() -> Any:
    return load_repository(EXAMPLE, cache=False)


def no_drawing(chart: ChartData) -> str:
    raise AssertionError(f"chart {chart.id} drawn again")


def counting(calls: list[str]) -> Any:
    draw = charts.svg

    def svg(chart: ChartData) -> str:
        calls.append(chart.id)
        return draw(chart)

    return svg


@pytest.mark.parametrize("public", [False, True])
def test_a_site_is_the_same_with_and_without_kept_charts(
    elbasan: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, public: bool
) -> None:
    monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path))
    options = SiteOptions(as_of=AS_OF, lang="sq", public=public)
    drawn = build([elbasan], options)  # no cache: every chart drawn, every template compiled
    first = build([elbasan], options, cache=True)
    assert (tmp_path / "charts" / "svg.marshal").is_file()
    assert list((tmp_path / "site-templates").glob("template-*.marshal"))
    monkeypatch.setattr(charts, "svg", no_drawing)  # the second run may draw nothing
    second = build([elbasan], options, cache=True)
    assert first.files == drawn.files
    assert second.files == drawn.files
    assert any(path.startswith("charts/") for path in drawn.files)


def test_a_comparison_of_councils_is_the_same_from_kept_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path / "cache"))
    repos = [load_repository(path, cache=False) for path in make_three_councils(tmp_path / "councils")]
    options = SiteOptions(as_of=AS_OF, lang="en")
    drawn = build(repos, options)
    build(repos, options, cache=True)
    monkeypatch.setattr(charts, "svg", no_drawing)
    assert build(repos, options, cache=True).files == drawn.files


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    """Jinja checks a kept template against its source: an edited template is compiled again."""
    (tmp_path / "page.html").write_text("one {{ x }}", encoding="utf-8")
    code = TemplateCode(Cache(tmp_path / "cache"))

    def render() -> str:
        env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=code, autoescape=True)
        return env.get_template("page.html").render(x="<b>")

    assert render() == "one &lt;b&gt;"
    assert render() == "one &lt;b&gt;"  # from the kept code
    (tmp_path / "page.html").write_text("two {{ x }}", encoding="utf-8")
    assert render() == "two &lt;b&gt;"


def test_a_changed_chart_or_language_is_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(charts, "svg", counting(calls))
    first = Drawings(Cache(tmp_path))
    first.svg(CHART, "sq")
    first.keep()
    later = Drawings(Cache(tmp_path))
    assert later.svg(CHART, "sq") == charts.Drawings(None).svg(CHART, "sq")
    changed = ChartData(id="x", title="Referrals", categories=("a", "b"), series=(Series("s", (1.0, 5.0)),))
    later.svg(changed, "sq")
    later.svg(CHART, "en")
    assert calls == ["x", "x", "x", "x"]  # first run, the comparison without a cache, the change, English
    assert len({drawing_key(CHART, "sq"), drawing_key(changed, "sq"), drawing_key(CHART, "en")}) == 3


def test_another_matplotlib_or_drawing_code_reads_as_no_chart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = Drawings(Cache(tmp_path))
    kept.svg(CHART, "sq")
    kept.keep()
    monkeypatch.setattr(charts, "_drawing_stamp", lambda: "charts:other:matplotlib:0.0")
    calls: list[str] = []
    monkeypatch.setattr(charts, "svg", counting(calls))
    Drawings(Cache(tmp_path)).svg(CHART, "sq")
    assert calls == ["x"]


def test_a_forged_entry_is_not_a_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry that is not the map of digests to SVG text is left alone: the chart is drawn."""
    Cache(tmp_path).save("svg", charts._drawing_stamp(), {drawing_key(CHART, "sq"): 42})
    calls: list[str] = []
    monkeypatch.setattr(charts, "svg", counting(calls))
    assert Drawings(Cache(tmp_path)).svg(CHART, "sq").startswith("<?xml")
    assert calls == ["x"]


def test_the_cache_keeps_a_bounded_number_of_charts_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charts, "svg", lambda chart: f"<svg>{chart.title}</svg>")
    monkeypatch.setattr(charts, "DRAWINGS_KEPT", 3)
    for run in range(2):
        drawings = Drawings(Cache(tmp_path))
        for number in range(2):
            drawings.svg(ChartData(id="c", title=f"{run}-{number}", categories=(), series=()), "en")
        drawings.keep()
    kept = Cache(tmp_path).load("svg", charts._drawing_stamp())
    assert list(kept.values()) == ["<svg>1-0</svg>", "<svg>1-1</svg>", "<svg>0-0</svg>"]


def test_a_read_only_cache_still_gives_the_site(elbasan: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LPSC_CACHE_DIR", str(blocked))
    options = SiteOptions(as_of=AS_OF, lang="en")
    assert build([elbasan], options, cache=True).files == build([elbasan], options).files


def test_the_second_site_command_does_not_import_matplotlib(tmp_path: Path) -> None:
    env = {**os.environ, "LPSC_CACHE_DIR": str(tmp_path / "cache"), "LPSC_LANG": "en"}
    imported = []
    command = [sys.executable, "-X", "importtime", "-m", "lpsc_cli", "site", "--repo", str(EXAMPLE)]
    for run in ("first", "second"):
        done = subprocess.run(
            [*command, "-o", str(tmp_path / run), "--as-of", "2025-12-31"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        imported.append(" matplotlib\n" in done.stderr or "| matplotlib\n" in done.stderr)
    assert imported == [True, False]
    for page in (tmp_path / "first").rglob("*"):
        if page.is_file():
            assert page.read_bytes() == (tmp_path / "second" / page.relative_to(tmp_path / "first")).read_bytes()
