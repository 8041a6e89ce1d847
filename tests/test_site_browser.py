"""The site in a real browser: Debian's Chromium, driven by Playwright (no downloaded browser).

Every page of the example council's site and of a three-council site is opened from
`file://`, at 1280 px and at 390 px wide: it loads with no console error, requests nothing
outside the site folder, shows something (the screenshot is not blank) and does not scroll
sideways; every link and image inside the site resolves to a file; and pages print to PDF.
One browser for the whole module.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from lpsc_cli.repository import load_repository
from lpsc_cli.site import SiteOptions, build
from lpsc_cli.site.output import write_site
from tests.support.repos import EXAMPLE, make_three_councils
from tests.support.tools import require

AS_OF = date(2025, 12, 31)
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = require("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sites")
    single = folder / "elbasan-site"
    write_site(build([load_repository(EXAMPLE, cache=False)], SiteOptions(as_of=AS_OF, lang="en")), single)
    councils = [load_repository(p, cache=False) for p in make_three_councils(folder / "councils")]
    national = folder / "national-site"
    write_site(build(councils, SiteOptions(as_of=AS_OF, lang="sq")), national)
    return {"single": single, "national": national}


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def inside(url: str, site: Path) -> bool:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return parsed.scheme in ("data", "about")
    path = Path(unquote(parsed.path)).resolve()
    return path == site.resolve() or site.resolve() in path.parents


def not_blank(png: bytes) -> bool:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    low, high = image.getextrema()
    return high - low > 64 and len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 8


def visit(browser: Any, site: Path, width: int) -> list[str]:
    """Open every page of `site` at `width`; return the problems found."""
    problems: list[str] = []
    context = browser.new_context(viewport={"width": width, "height": 900})
    outside: list[str] = []

    def route(handle: Any) -> None:
        if inside(handle.request.url, site):
            handle.continue_()
        else:
            outside.append(handle.request.url)
            handle.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    for html in pages_of(site):
        name = html.relative_to(site).as_posix()
        errors.clear()
        outside.clear()
        response = page.goto(html.as_uri(), wait_until="load")
        if response is not None and not response.ok:
            problems.append(f"{name}: status {response.status}")
        if errors:
            problems.append(f"{name} @{width}: console errors {errors}")
        if outside:
            problems.append(f"{name} @{width}: requests outside the site {outside}")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            problems.append(f"{name} @{width}: scrolls sideways ({scroll} > {inner})")
        if not not_blank(page.screenshot()):
            problems.append(f"{name} @{width}: blank screenshot")
        if width == WIDTHS[0]:
            problems.extend(broken_links(page, html, site))
    context.close()
    return problems


def broken_links(page: Any, html: Path, site: Path) -> list[str]:
    """Links and images of the page that point inside the site but to no file."""
    targets = page.evaluate(
        "[...document.querySelectorAll('a[href], img[src], link[href]')]"
        ".map(e => e.getAttribute('href') || e.getAttribute('src'))"
    )
    broken = []
    for target in targets:
        parsed = urlparse(target)
        if parsed.scheme or target.startswith("#"):
            continue
        resolved = (html.parent / unquote(parsed.path)).resolve()
        if not resolved.is_file() or site.resolve() not in resolved.parents:
            broken.append(f"{html.relative_to(site)}: link to {target} does not resolve")
    return broken


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_loads_cleanly_inside_its_folder(browser: Any, sites: dict[str, Path], width: int) -> None:
    assert len(pages_of(sites["single"])) == 6
    assert len(pages_of(sites["national"])) == 1 + 3 * 6
    problems = [p for site in sites.values() for p in visit(browser, site, width)]
    assert problems == []


def test_pages_print_to_pdf(browser: Any, sites: dict[str, Path]) -> None:
    page = browser.new_page()
    for html in [*pages_of(sites["single"]), sites["national"] / "index.html"]:
        page.goto(html.as_uri(), wait_until="load")
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 5_000, html.name
    page.close()


def test_the_browser_checks_can_fail(browser: Any, tmp_path: Path) -> None:
    """The control: a page that overflows, asks the web and links nowhere is caught."""
    site = tmp_path / "bad"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.invalid/x.css"></head>'
        '<body><div style="width:3000px">wide</div><a href="missing.html">x</a>'
        "<script>console.error('boom')</script></body></html>",
        encoding="utf-8",
    )
    problems = visit(browser, site, WIDTHS[0])
    assert any("requests outside the site" in p for p in problems)
    assert any("scrolls sideways" in p for p in problems)
    assert any("console errors" in p for p in problems)
    assert any("does not resolve" in p for p in problems)
