"""Annex 3, section IX: review and learning."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from lpsc_cli.calendar import add_months
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Measure, Tally, indicator, not_applicable
from lpsc_cli.model import as_date

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import CaseFile, Scope

#: Review points: every this many months after ISP approval, twice (A Annex 3 IX); the rule
#: isp-review's settings `months` and `grace_days` override these.
REVIEW_MONTHS = 6
REVIEW_GRACE_DAYS = 15
REVIEW_KINDS = ("6-month", "12-month")
NO_REVIEWS = N_("no case reviews dated in the period")
#: The reviews as the reasons name them.
REVIEW_WORDS = {"6-month": N_("6-month review"), "12-month": N_("12-month review")}


def _point_review(case: CaseFile, kind: str, number: int) -> date | None:
    """The review that answers a point: the first of its kind, else the n-th after approval."""
    assert case.isp_approved is not None
    reviews = case.get("reviews", default=[])
    named = sorted(d for r in reviews if r.get("kind") == kind and (d := as_date(r.get("date"))) is not None)
    if named:
        return named[0]
    after = sorted(d for r in reviews if (d := as_date(r.get("date"))) is not None and d >= case.isp_approved)
    return after[number - 1] if len(after) >= number else None


@indicator(
    id="reviews-6-12",
    set="checklist",
    source="A Annex 3 IX.1",
    unit="percent",
    title=N_("Cases reviewed at 6 and 12 months"),
    definition=N_("""Share of the 6- and 12-month case reviews held on time (A Annex 3 IX).

    As the rule isp-review has it: each ISP has two review points, 6 and 12 months after
    `isp.approved`, each due 15 days after the point. A point is answered by the first review of
    its kind (`6-month`, `12-month`), else by the first (resp. second) review after approval.
    Denominator: points falling in the period (up to the as-of day) of cases open on the point
    (not closed or transferred before it, unless re-opened: `lpsc_cli.lifecycle`), except points not yet answered whose due day is the as-of
    day or later. Numerator: points answered on or before their due day. Against: points
    answered late or not at all.
    """),
)
def reviews_at_intervals(scope: Scope) -> Measure:
    interval = scope.threshold("isp-review", "months", REVIEW_MONTHS)
    grace = timedelta(days=scope.threshold("isp-review", "grace_days", REVIEW_GRACE_DAYS))
    tally = Tally()
    for case in scope.current:
        if case.isp_approved is None:
            continue
        for number, kind in enumerate(REVIEW_KINDS, start=1):
            point = add_months(case.isp_approved, interval * number)
            if not scope.in_period(point) or not case.open_on(point):
                continue
            due = point + grace
            held = _point_review(case, kind, number)
            held = held if held is not None and held <= scope.as_of else None
            if held is None and due >= scope.as_of:
                tally.exclude(
                    case.id, _("{review} due by {due}, not yet held").format(review=_(REVIEW_WORDS[kind]), due=due)
                )
            elif held is None:
                tally.miss(case.id, _("no {review}; due by {due}").format(review=_(REVIEW_WORDS[kind]), due=due))
            else:
                tally.judge(
                    case.id,
                    held <= due,
                    _("{review} held {held}, due by {due}").format(review=_(REVIEW_WORDS[kind]), held=held, due=due),
                )
    return tally.measure(N_("no 6- or 12-month review points fell in the period"))


def _reviews(scope: Scope) -> Iterator[tuple[CaseFile, Any]]:
    """Every review dated in the period, with its case."""
    for case in scope.current:
        for review in case.get("reviews", default=[]):
            if scope.in_period(as_date(review.get("date"))):
                yield case, review


@indicator(
    id="reviews-adjusted",
    set="checklist",
    source="A Annex 3 IX.2",
    unit="percent",
    title=N_("Reviews that adjusted the ISP or services"),
    definition=N_("""Share of reviewed cases triggering adjustments in the ISP or service provision (A Annex 3 IX).

    Denominator: case reviews dated in the period. Numerator: those with `isp_adjusted: true`
    or `services_adjusted: true`. Against: reviews that changed nothing (not a failure in itself:
    a plan that works needs no change; no target is set).
    """),
)
def reviews_adjusted(scope: Scope) -> Measure:
    tally = Tally()
    for case, review in _reviews(scope):
        adjusted = review.get("isp_adjusted") is True or review.get("services_adjusted") is True
        tally.judge(case.id, adjusted, _("review of {day} adjusted nothing").format(day=review["date"]))
    return tally.measure(NO_REVIEWS)


@indicator(
    id="lessons-learned",
    set="checklist",
    source="A Annex 3 IX.3",
    unit="percent",
    title=N_("Reviews with lessons learned captured"),
    definition=N_("""Share of lessons learned captured and integrated into LPSC practice (A Annex 3 IX).

    Denominator: case reviews dated in the period. Numerator: those with
    `lessons_captured: true`. The records show that lessons were captured, not how the council
    integrated them. Against: reviews without lessons captured.
    """),
)
def lessons_learned(scope: Scope) -> Measure:
    tally = Tally()
    for case, review in _reviews(scope):
        tally.judge(
            case.id,
            review.get("lessons_captured") is True,
            _("review of {day}: no lessons captured").format(day=review["date"]),
        )
    return tally.measure(NO_REVIEWS)


@indicator(
    id="annual-review",
    set="checklist",
    source="A Annex 3 IX.4",
    unit="yes/no",
    target=True,
    title=N_("Annual review held and report submitted"),
    definition=N_("""Annual review meeting held and report submitted (A Annex 3 IX; Annex 5.b; A §3.5).

    For each calendar year that ends within the period: yes when a report of kind
    `annual-activity` for that year was `submitted` on or before the as-of day. The review
    meeting is the one that adopts the report; the records do not link the two, so the
    submission decides. A year that has not ended by the as-of day is not yet due: no value.
    A period with no year end in it: not applicable.
    """),
)
def annual_review(scope: Scope) -> Measure:
    years = [
        year for year in range(scope.start.year, scope.end.year + 1) if scope.start <= date(year, 12, 31) <= scope.end
    ]
    if not years:
        return Measure(reason=not_applicable(N_("the period contains no year end")))
    submitted = {
        str(r.get("period")): r.id
        for r in scope.repo.of("report")
        if r.get("kind") == "annual-activity" and scope.done(r.get("submitted")) is not None
    }
    counted = [submitted[str(y)] for y in years if str(y) in submitted]
    missing = [y for y in years if str(y) not in submitted]
    if missing and all(date(y, 12, 31) >= scope.as_of for y in missing):
        return Measure(
            counted=tuple(counted),
            reason=_("not yet due: the annual report for {year} follows the year's end").format(year=missing[0]),
            pending=True,
        )
    reason = (
        _("no annual activity report submitted for {years}").format(years=", ".join(map(str, missing)))
        if missing
        else None
    )
    return Measure(answer=not missing, counted=tuple(counted), reason=reason)
