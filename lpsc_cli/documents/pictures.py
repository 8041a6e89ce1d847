"""The charts inside the period reports (issue 15): drawn by `lpsc_cli.charts`, placed by the template.

The annual report shows its KPIs against their targets (one small chart per counted or percent
indicator, its value written above the bar and its target a dashed line), the monitoring report
the progress of each identified issue of the plan at the end of the half-year. Each chart is made
from the values the report's own tables show (the builder's context), so the picture and the
table can never disagree.

A template asks for a chart with `{{ chart("kpis") }}` on a line of its own. The chart goes in
as an inline SVG in HTML (and so in PDF, which WeasyPrint draws from the HTML) and as a PNG
picture in Word; Markdown has none (the report's tables hold the same figures). Until the
Markdown has become HTML, the chart's place is held by a token made fresh for each document,
which no record text can know, so no record can place (or move) a chart.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lpsc_cli.charts import ChartData, Series, describe, inline_svg, png
from lpsc_cli.documents.word import Picture

Words = Mapping[str, Any]
ChartMaker = Callable[[Mapping[str, Any], Words], dict[str, ChartData]]
#: The longest issue label on the plan chart; a longer one is cut with an ellipsis.
LABEL = 40


def kpi_chart(context: Mapping[str, Any], words: Words) -> dict[str, ChartData]:
    """The annual report's KPIs that are counts or percentages, each against its target."""
    rows = [
        kpi
        for kpi in context.get("kpis") or ()
        if kpi.get("computable") and kpi.get("unit") in ("count", "percent") and _number(kpi.get("value")) is not None
    ]
    if not rows:
        return {}
    chart = ChartData(
        id="kpis",
        title=str(words.get("kpis", "")),
        categories=(str(context.get("year", "")),),
        series=tuple(
            Series(
                str(kpi["title"]),
                (_number(kpi["value"]),),
                target=_number(kpi.get("target")),
                key=str(kpi["id"]),
            )
            for kpi in rows
        ),
        kind="panels",
        labelled=True,
    )
    return {"kpis": chart}


def plan_chart(context: Mapping[str, Any], words: Words) -> dict[str, ChartData]:
    """The monitoring report's plan: the weighted progress of each identified issue at the end
    of the period (`reports.plan_at`: over the activities the report lists, dropped ones left
    out), the figures of the report's table by issue."""
    plan = context.get("plan")
    issues = plan.get("issues") if isinstance(plan, Mapping) else None
    if not issues:
        return {}
    values = tuple(issue.get("progress") for issue in issues)
    chart = ChartData(
        id="plan",
        title=str(words.get("plan", "")),
        categories=tuple(_short(f"{issue.get('number') or ''} {issue.get('issue') or ''}".strip()) for issue in issues),
        series=(Series(str(words.get("progress", "")), values, key="progress"),),
        kind="progress",
        unit="%",
    )
    return {"plan": chart}


#: The charts of each report, by document name.
CHARTS: dict[str, ChartMaker] = {"annual": kpi_chart, "monitoring": plan_chart}


@dataclass(frozen=True, slots=True)
class Placed:
    """The charts of one document and the tokens that hold their places in its Markdown."""

    charts: Mapping[str, ChartData]
    tokens: Mapping[str, str]
    target: str = "target"  # the word for a target, in the document's language

    def place(self, name: str) -> str:
        """The `chart(name)` of a template: the token of a chart the document has, else ''."""
        return self.tokens.get(str(name), "")

    def _paragraphs(self) -> dict[str, tuple[str, ChartData]]:
        return {f"<p>{token}</p>": (token, self.charts[name]) for name, token in self.tokens.items()}

    def html(self, body: str) -> str:
        """The HTML body with each chart's paragraph replaced by its figure (inline SVG), labelled
        with the chart in words."""
        for paragraph, (_token, chart) in self._paragraphs().items():
            if paragraph not in body:
                continue  # a council's template that does not place the chart: nothing to draw
            label = html.escape(describe(chart, target=self.target), quote=True)
            body = body.replace(
                paragraph, f'<figure class="chart" role="img" aria-label="{label}">\n{inline_svg(chart)}</figure>'
            )
        return self.strip(body)

    def word(self, body: str) -> str:
        """The HTML body for Word: each chart's own paragraph kept (the builder draws it there),
        any other token removed."""
        for token in self.tokens.values():
            body = re.sub(rf"(?<!<p>){token}|{token}(?!</p>)", "", body)
        return body

    def pictures(self, body: str) -> dict[str, Picture]:
        """The PNG of each chart placed in `body` and its description, by its token (the Word
        builder puts it where the token is)."""
        return {
            token: Picture(png(self.charts[name]), describe(self.charts[name], target=self.target))
            for name, token in self.tokens.items()
            if token in body
        }

    def strip(self, text: str) -> str:
        """`text` without a token left where no chart can go (inside a table, a list)."""
        for token in self.tokens.values():
            text = text.replace(token, "")
        return text


NONE = Placed(charts={}, tokens={})


def charts_for(document: str, context: Mapping[str, Any], words: Words, *, drawn: bool) -> Placed:
    """The charts of `document` made from its context, with fresh tokens; none when not `drawn`
    (Markdown) or when the document has no chart."""
    maker = CHARTS.get(document)
    if maker is None or not drawn:
        return NONE
    charts = {name: chart for name, chart in maker(context, words).items() if not chart.empty}
    nonce = secrets.token_hex(8)
    tokens = {name: f"lpscchart{nonce}{_slug(name)}" for name in charts}
    return Placed(charts=charts, tokens=tokens, target=str(words.get("target", "target")))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _short(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1].rstrip() + "…"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
