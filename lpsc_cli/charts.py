"""Charts of council figures as SVG and PNG (matplotlib), for the web site and the period reports.

A chart is described by a `ChartData` — its categories, one or more series of values, an
optional target line — and drawn by `svg(chart)`. The data object is also what a page shows as
the chart's table, so the picture and the table can never disagree. A value of `None` is not
drawn (a count withheld to protect the people concerned, or no value at all).

Output is deterministic: the same data gives the same bytes (matplotlib's `svg.hashsalt` fixes
the ids it generates; no date or software version goes into the metadata of the SVG or of the
PNG that `png(chart)` draws for Word documents), text stays text
(`svg.fonttype: none`: smaller files, searchable, readable by screen readers), and no font or
file is referenced from outside the SVG. matplotlib is driven through its object API with its
SVG canvas (and the Agg canvas for PNG), never through pyplot, so no window system or global
figure state is used.

Drawn charts are kept between runs by `Drawings` (in lpsc's cache folder, `lpsc_cli.cache`),
each under a digest of everything that decides its bytes: the chart's data, the language, this
module's code and the installed matplotlib's version. Since drawing is deterministic, a kept
chart is the very SVG `svg(chart)` would draw again, and a site whose charts did not change
neither imports matplotlib nor draws.

A `labelled` chart writes each drawn value above its bar, in a group whose id is
`<chart id>-value-<series key>-<category number>` (`value_id`), so that a reader of the SVG,
and a test, finds each value by what it is.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from lpsc_cli.cache import Cache, user_cache_dir

Kind = Literal["bars", "stacked", "progress", "panels"]

#: Colours that stay apart for the common kinds of colour blindness (Okabe and Ito).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
TARGET_COLOUR = "#B00020"
_STYLE: dict[str, Any] = {
    "svg.hashsalt": "lpsc",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#666666",
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "legend.fontsize": 8,
    "path.simplify": True,
}
#: Inches per unit of figure width; the SVG scales to its container on a page.
WIDTH = 6.4
#: Dots per inch of a PNG chart (a Word document's picture): sharp when printed at full width.
PNG_DPI = 150


@dataclass(frozen=True)
class Series:
    """One row of values, one per category; `target` draws a line (a panel's own, for panels)."""

    name: str
    values: tuple[float | None, ...]
    target: float | None = None
    key: str = ""  # what the series is (an indicator id), for the ids of its values; else its number


@dataclass(frozen=True)
class ChartData:
    """What a chart shows: a title, categories along one axis, series of values.

    `kind`: `bars` (grouped vertical bars), `stacked` (stacked vertical bars), `progress`
    (horizontal bars on a 0-100 % scale) or `panels` (one small chart per series, sharing the
    categories, each with its own target line). `target` is a line across a bars chart.
    `shown` are the cell texts of the chart's table when they differ from the values (a
    withheld count shows as `< 3`), by series then category.
    """

    id: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: Kind = "bars"
    unit: str = ""
    target: float | None = None
    target_label: str = ""
    shown: tuple[tuple[str, ...], ...] = field(default=())
    labelled: bool = False

    def cell(self, series: int, category: int) -> str:
        """The text of one cell of the chart's table."""
        if self.shown:
            return self.shown[series][category]
        value = self.series[series].values[category]
        return "" if value is None else _number(value)

    @property
    def empty(self) -> bool:
        return not self.categories or all(v is None or v == 0 for s in self.series for v in s.values)


if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def svg(chart: ChartData) -> str:
    """The chart as an SVG document (UTF-8 text), the same bytes for the same data."""
    # matplotlib (half a second to import) is loaded when a chart is drawn, not with the data
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    with rc_context(_STYLE):  # type: ignore[arg-type]  # matplotlib types the keys as literals
        figure = _figure(chart, FigureCanvasSVG)
        buffer = io.StringIO()
        figure.savefig(
            buffer, format="svg", metadata=dict.fromkeys(("Date", "Creator", "Format", "Type")), transparent=True
        )
    return _tidy(buffer.getvalue())


def png(chart: ChartData, *, dpi: int = PNG_DPI) -> bytes:
    """The chart as a PNG picture on white (for Word), the same bytes for the same data."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with rc_context(_STYLE):  # type: ignore[arg-type]  # matplotlib types the keys as literals
        figure = _figure(chart, FigureCanvasAgg)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def inline_svg(chart: ChartData) -> str:
    """The chart as an `<svg>` element to put inside an HTML page (no XML prolog)."""
    return "\n".join(line for line in svg(chart).splitlines() if not line.startswith("<?xml")) + "\n"


def describe(chart: ChartData, *, target: str = "target") -> str:
    """The chart in words, for readers who cannot see it (a Word picture's description, an HTML
    figure's label): its title, then each value with its series and category, and each series'
    target after the word `target` (in the document's language)."""
    parts = []
    for index, series in enumerate(chart.series):
        goal = series.target if series.target is not None else chart.target
        for position, category in enumerate(chart.categories):
            name = f"{series.name}, {category}" if len(chart.series) > 1 else category
            shown = chart.cell(index, position)
            parts.append(f"{name}: {shown + (' %' if chart.unit == '%' else '') if shown else '—'}")
        if goal is not None and parts:
            parts[-1] += f" ({target} {_number(goal)})"
    return f"{chart.title}. " + "; ".join(parts) + "."


def value_id(chart: ChartData, series: int, category: int) -> str:
    """The id of the group that holds one written value of a `labelled` chart."""
    return f"{chart.id}-value-{chart.series[series].key or series}-{category}"


#: The folder of lpsc's cache folder that keeps drawn charts (shared by every repository).
DRAWINGS_FOLDER = "charts"
_DRAWINGS_ENTRY = "svg"
#: Drawn charts kept at most (those of the latest run first): a few sites' worth.
DRAWINGS_KEPT = 200


@dataclass
class Drawings:
    """SVG charts drawn before, kept in lpsc's cache folder, by the digest of what decides them.

    `svg(chart, lang)` gives the kept drawing of the same chart (data, language, drawing code,
    matplotlib version), else draws it; `keep()` saves what this run drew or used, newest
    first, with the charts kept before up to `DRAWINGS_KEPT`. Without a `cache` every chart is
    drawn. Saving is best effort, as every entry of the cache.
    """

    cache: Cache | None
    _kept: dict[str, str] | None = field(default=None, repr=False)
    _used: dict[str, str] = field(default_factory=dict, repr=False)
    _drawn: bool = field(default=False, repr=False)

    @classmethod
    def shared(cls) -> Drawings:
        """The drawings kept in the user's cache folder."""
        return cls(Cache(user_cache_dir() / DRAWINGS_FOLDER))

    def svg(self, chart: ChartData, lang: str) -> str:
        """The chart as `svg(chart)` draws it, drawn again only when no run kept it."""
        key = drawing_key(chart, lang)
        found = self._used.get(key) or self._entries().get(key)
        if not isinstance(found, str):
            found, self._drawn = svg(chart), True
        self._used[key] = found
        return found

    def keep(self) -> None:
        """Save the drawings of this run (when it drew any), then the older ones."""
        if self.cache is None or not self._drawn:
            return
        kept = {**self._used, **{k: v for k, v in self._entries().items() if k not in self._used}}
        self.cache.save(_DRAWINGS_ENTRY, _drawing_stamp(), dict(list(kept.items())[:DRAWINGS_KEPT]))

    def _entries(self) -> dict[str, str]:
        if self._kept is None:
            loaded = self.cache.load(_DRAWINGS_ENTRY, _drawing_stamp()) if self.cache is not None else None
            self._kept = loaded if isinstance(loaded, dict) else {}
        return self._kept


def drawing_key(chart: ChartData, lang: str) -> str:
    """The digest of a chart's data and language: the same key, the same drawing (see `Drawings`)."""
    return hashlib.blake2b(f"{lang}\0{chart!r}".encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@functools.cache
def _drawing_stamp() -> str:
    """What the drawings' bytes depend on besides the data: this module's code and matplotlib's version."""
    code = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=12).hexdigest()
    try:
        version = importlib.metadata.version("matplotlib")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return f"charts:{code}:matplotlib:{version}"


def _figure(chart: ChartData, canvas: Any) -> Figure:
    from matplotlib.figure import Figure

    chart = _verbatim(chart)
    # A fixed layout: matplotlib's constrained layout draws every figure twice more.
    figure = Figure(figsize=(WIDTH, _height(chart)))
    canvas(figure)
    {"bars": _bars, "stacked": _bars, "progress": _progress, "panels": _panels}[chart.kind](figure, chart)
    return figure


def _verbatim(chart: ChartData) -> ChartData:
    """The chart with its texts drawn as they are: matplotlib reads `$...$` in a text as its
    mathematical notation (a record's "$5 and $6" would lose its dollars, or fail to draw)."""

    def plain(text: str) -> str:
        return text.replace("$", r"\$")

    return replace(
        chart,
        title=plain(chart.title),
        categories=tuple(plain(category) for category in chart.categories),
        series=tuple(replace(series, name=plain(series.name)) for series in chart.series),
        unit=plain(chart.unit),
        target_label=plain(chart.target_label),
    )


def _tidy(text: str) -> str:
    """Drop the XML prolog's DOCTYPE line (it names an outside DTD) and the generator comment."""
    lines = [
        line
        for line in text.splitlines()
        if not line.startswith("<!DOCTYPE") and not line.lstrip().startswith('"http://www.w3.org/Graphics/SVG')
    ]
    return "\n".join(lines) + "\n"


def _height(chart: ChartData) -> float:
    if chart.kind == "progress":
        return max(1.6, 0.9 + 0.32 * len(chart.categories))
    if chart.kind == "panels":
        rows = -(-len(chart.series) // 2)
        return 2.1 * max(rows, 1)
    return 3.0 + 0.22 * -(-(len(chart.series) + (chart.target is not None)) // 2) * (len(chart.series) > 1)


def _bars(figure: Figure, chart: ChartData) -> None:
    axes = figure.add_subplot()
    positions = range(len(chart.categories))
    count = max(len(chart.series), 1)
    stacked = chart.kind == "stacked"
    width = 0.8 if stacked else 0.8 / count
    bottoms = [0.0] * len(chart.categories)
    for index, series in enumerate(chart.series):
        values = [0.0 if v is None else float(v) for v in series.values]
        offsets = [p if stacked else p - 0.4 + width * (index + 0.5) for p in positions]
        axes.bar(
            offsets,
            values,
            width=width,
            bottom=bottoms if stacked else None,
            label=series.name,
            color=PALETTE[index % len(PALETTE)],
        )
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    if chart.target is not None:
        axes.axhline(chart.target, color=TARGET_COLOUR, linestyle="--", linewidth=1, label=chart.target_label or None)
    axes.set_xticks(list(positions), list(chart.categories), rotation=_rotation(chart.categories))
    axes.set_ylim(bottom=0)
    axes.set_ylabel(chart.unit)
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(chart.title, loc="left")
    rotated = _rotation(chart.categories)
    entries = len(chart.series) + (chart.target is not None)
    rows = 0
    if len(chart.series) > 1 or chart.target is not None:
        columns = min(entries, 2)
        rows = -(-entries // columns)
        below = -0.28 if rotated else -0.12
        axes.legend(loc="upper left", bbox_to_anchor=(0.0, below), ncols=columns, borderaxespad=0.0)
    height = _height(chart)
    bottom = (0.75 if rotated else 0.4) + 0.22 * rows + (0.1 if rows else 0)
    figure.subplots_adjust(left=0.1, right=0.98, top=1 - 0.35 / height, bottom=bottom / height)


def _rotation(categories: Sequence[str]) -> int:
    return 45 if len(categories) > 6 or max((len(c) for c in categories), default=0) > 12 else 0


def _progress(figure: Figure, chart: ChartData) -> None:
    axes = figure.add_subplot()
    series = chart.series[0] if chart.series else Series("", ())
    values = [0.0 if v is None else float(v) for v in series.values]
    positions = list(range(len(chart.categories)))
    axes.barh(positions, [100.0] * len(values), color="#E6E6E6", height=0.6)
    axes.barh(positions, values, color=PALETTE[2], height=0.6)
    for position, value in zip(positions, series.values, strict=True):
        axes.text(101, position, "—" if value is None else f"{value:g} %", va="center", fontsize=8)
    axes.set_yticks(positions, list(chart.categories))
    axes.invert_yaxis()
    axes.set_xlim(0, 112)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(chart.unit)
    axes.set_title(chart.title, loc="left")
    longest = max((len(c) for c in chart.categories), default=0)
    height = _height(chart)
    figure.subplots_adjust(
        left=min(0.55, 0.03 + 0.0118 * longest), right=0.97, top=1 - 0.4 / height, bottom=0.55 / height
    )


def _label_values(axes: Any, chart: ChartData, series: int, positions: list[int], top: float) -> None:
    """Write each value of series `series` above its bar, in a group named by `value_id`."""
    axes.set_ylim(0, top * 1.18)
    for category, position in enumerate(positions):
        value = chart.series[series].values[category]
        if value is None:
            continue
        shown = chart.cell(series, category)
        text = axes.text(position, value + top * 0.02, shown, ha="center", va="bottom", fontsize=8)
        text.set_gid(value_id(chart, series, category))


def _panels(figure: Figure, chart: ChartData) -> None:
    count = max(len(chart.series), 1)
    columns = 2 if count > 1 else 1
    rows = -(-count // columns)
    grid = figure.subplots(rows, columns, squeeze=False)
    for index, series in enumerate(chart.series):
        axes = grid[index // columns][index % columns]
        values = [0.0 if v is None else float(v) for v in series.values]
        positions = list(range(len(chart.categories)))
        axes.bar(positions, values, color=[PALETTE[i % len(PALETTE)] for i in positions], width=0.6)
        if series.target is not None:
            axes.axhline(series.target, color=TARGET_COLOUR, linestyle="--", linewidth=1)
        if chart.labelled:
            _label_values(axes, chart, index, positions, max([*values, series.target or 0.0, 1.0]))
        axes.set_xticks(positions, list(chart.categories), rotation=_rotation(chart.categories))
        if len(positions) == 1:
            axes.set_xlim(-1.5, 1.5)  # one bar: as wide as in a panel of three, not the whole panel
        axes.set_title("\n".join(textwrap.wrap(series.name, 36)), loc="left", fontsize=9)
    for index in range(len(chart.series), rows * columns):
        grid[index // columns][index % columns].set_axis_off()
    figure.suptitle(chart.title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    height = _height(chart)
    rotated = _rotation(chart.categories)
    figure.subplots_adjust(
        left=0.07,
        right=0.98,
        top=1 - 0.45 / height,
        bottom=(0.75 if rotated else 0.35) / height,
        hspace=0.9,
        wspace=0.2,
    )
