"""The indicator registry: what an indicator is, what it measures, and what it yields.

An indicator is a small pure function `(scope) -> Measure` registered with its id, its title and
its definition (English messages, translated through the catalogs where they are shown; the
definition is also the function's docstring), source section, unit, default target and direction. `evaluate` turns a
measure into a `KpiResult`: the value in the indicator's unit, the target (the default, or the
council's own from `lpsc.yaml` `targets:`) and whether it is met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from lpsc_cli.errors import ConfigurationError
from lpsc_cli.i18n import LANGUAGES, Translator
from lpsc_cli.i18n import gettext as _

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import Scope

Unit = Literal["count", "percent", "days", "yes/no"]
SETS: tuple[str, ...] = ("council", "checklist")
#: Annex 3 sections in their order, to sort the checklist as the assessment prints it.
SECTIONS: tuple[str, ...] = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
Target = float | int | bool


@dataclass(frozen=True, slots=True)
class Against:
    """A record that pulls an indicator down, and why."""

    record: str
    reason: str


@dataclass(frozen=True, slots=True)
class Measure:
    """What an indicator function found, before targets: the raw figures and the records.

    `numerator`/`denominator` are the share's parts (the count alone for a count, the total and
    the number of items for an average); `answer` is the yes/no answer. `against` are the
    records that pull the figure down, `counted` the ids behind the numerator, `excluded` the
    records left out of the denominator and why. `reason` says why there is no value (or why
    a yes/no answer is no), in the language of the run; `pending` that the value is not yet due.
    Reasons are messages of the catalogs, built in the active language (English for JSON and CSV).
    """

    numerator: float | None = None
    denominator: int | None = None
    answer: bool | None = None
    against: tuple[Against, ...] = ()
    counted: tuple[str, ...] = ()
    excluded: tuple[Against, ...] = ()
    reason: str | None = None
    computable: bool = True
    pending: bool = False


def not_applicable(why: str) -> str:
    """The reason of a share with nothing to count: `not applicable: ...`; `why` marked with `N_`."""
    return _("not applicable: {reason}").format(reason=_(why))


def not_computable(reason: str) -> Measure:
    """The measure of an indicator that the records cannot support."""
    return Measure(reason=reason, computable=False)


class Tally:
    """Counts a share item by item: each item lands in the numerator or counts against."""

    __slots__ = ("_against", "_counted", "_excluded", "denominator", "numerator")

    def __init__(self) -> None:
        self.numerator = 0
        self.denominator = 0
        self._against: dict[str, list[str]] = {}
        self._counted: dict[str, None] = {}
        self._excluded: list[Against] = []

    def hit(self, record: str, n: int = 1) -> None:
        """`n` items of `record` meet the indicator."""
        self.numerator += n
        self.denominator += n
        if n:
            self._counted[record] = None

    def miss(self, record: str, reason: str, n: int = 1) -> None:
        """`n` items of `record` fall short, for `reason`."""
        self.denominator += n
        self._against.setdefault(record, []).append(reason)

    def judge(self, record: str, ok: bool, reason: str) -> None:
        """One item of `record`: meets the indicator if `ok`, else counts against for `reason`."""
        if ok:
            self.hit(record)
        else:
            self.miss(record, reason)

    def add(self, record: str, shortfall: str | None) -> None:
        """One item of `record`: meets the indicator unless there is a `shortfall`."""
        if shortfall is None:
            self.hit(record)
        else:
            self.miss(record, shortfall)

    def exclude(self, record: str, reason: str) -> None:
        """`record` is left out of the denominator (pending, or not concerned), for `reason`."""
        self._excluded.append(Against(record, reason))

    def measure(self, empty: str) -> Measure:
        """The share counted so far; `empty` (marked with `N_`) is the reason given when nothing was counted."""
        return Measure(
            numerator=self.numerator if self.denominator else None,
            denominator=self.denominator,
            against=tuple(Against(record, "; ".join(reasons)) for record, reasons in self._against.items()),
            counted=tuple(self._counted),
            excluded=tuple(self._excluded),
            reason=None if self.denominator else not_applicable(empty),
        )


MeasureFunction = Callable[["Scope"], Measure]


@dataclass(frozen=True, slots=True)
class Title(Mapping[str, str]):
    """An indicator's title in each language lpsc speaks, read from the catalogs when asked.

    `message` is the English title, marked with `N_` where the indicator is registered;
    `title["sq"]` is its Albanian in `sq/LC_MESSAGES/lpsc.po`.
    """

    message: str

    def __getitem__(self, language: str) -> str:
        if language not in LANGUAGES:
            raise KeyError(language)
        return Translator(language).gettext(self.message)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One registered indicator; `definition_message` (its function's docstring) is its precise definition."""

    id: str
    set: str
    title: Title
    definition_message: str
    source: str
    unit: Unit
    measure: MeasureFunction
    target: Target | None = None
    better: Literal["higher", "lower"] = "higher"

    @property
    def definition(self) -> str:
        """The definition in the language of the run (English for JSON and CSV)."""
        return _dedent(_(self.definition_message))

    @property
    def order(self) -> tuple[int, int, int]:
        """Council table first, then Annex 3 by section and line (`A Annex 3 IV.2`)."""
        if self.set == "council":
            return (0, 0, _line(self.source))
        section, _, line = self.source.rsplit(" ", 1)[-1].partition(".")
        return (1, SECTIONS.index(section) if section in SECTIONS else len(SECTIONS), int(line or 0))


def _line(source: str) -> int:
    tail = source.rsplit("row ", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


@dataclass(frozen=True, kw_only=True)
class KpiResult:
    """One indicator computed for one council over one period.

    `value` is in `unit` (a percentage 0-100 rounded to one decimal, a count, days rounded to one
    decimal, or true/false), None when not computable or not applicable (then `reason` says
    why). `met` is None when there is no target or no value. `records` are the records that
    count against the indicator, each with its reason.
    """

    id: str
    set: str
    title: Mapping[str, str]
    source: str
    unit: Unit
    value: float | int | bool | None
    numerator: float | None
    denominator: int | None
    target: Target | None
    met: bool | None
    better: str
    computable: bool
    reason: str | None
    definition: str
    pending: bool = False
    records: tuple[Against, ...] = ()
    counted: tuple[str, ...] = ()
    excluded: tuple[Against, ...] = ()

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    @property
    def record_ids(self) -> list[str]:
        """Ids of the records against the indicator, each once, in order."""
        return list(dict.fromkeys(item.record for item in self.records))


@dataclass
class Registry:
    """Every indicator, by id, in the order the tables print them."""

    indicators: dict[str, Indicator] = field(default_factory=dict)

    def add(self, indicator: Indicator) -> None:
        if indicator.id in self.indicators:
            raise ValueError(f"indicator {indicator.id} is registered twice")  # a programming error
        self.indicators[indicator.id] = indicator

    def select(self, which: str) -> list[Indicator]:
        """The indicators of a set (`council`, `checklist`) or `all`, in table order."""
        if which != "all" and which not in SETS:
            raise ValueError(
                _("unknown indicator set {name} (expected council, checklist or all)").format(name=repr(which))
            )
        chosen = [i for i in self.indicators.values() if which in ("all", i.set)]
        return sorted(chosen, key=lambda i: i.order)


REGISTRY = Registry()


def indicator(
    *,
    id: str,
    set: str,
    title: str,
    definition: str,
    source: str,
    unit: Unit,
    target: Target | None = None,
    better: Literal["higher", "lower"] = "higher",
) -> Callable[[MeasureFunction], MeasureFunction]:
    """Register the decorated function as the indicator `id`.

    `title` and `definition` are English messages marked with `N_`; the definition, which cites
    the seeds, becomes the function's docstring.
    """

    def register(function: MeasureFunction) -> MeasureFunction:
        function.__doc__ = definition
        REGISTRY.add(
            Indicator(
                id=id,
                set=set,
                title=Title(title),
                definition_message=definition,
                source=source,
                unit=unit,
                measure=function,
                target=target,
                better=better,
            )
        )
        return function

    return register


def resolve_target(indicator: Indicator, targets: Mapping[str, object]) -> Target | None:
    """The indicator's target: the council's (`lpsc.yaml` `targets:`) or the default."""
    if indicator.id not in targets:
        return indicator.target
    value = targets[indicator.id]
    if indicator.unit == "yes/no":
        if not isinstance(value, bool):
            raise ConfigurationError(
                _("lpsc.yaml: targets.{id}: expected true or false, got {value}").format(
                    id=indicator.id, value=repr(value)
                )
            )
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(
            _("lpsc.yaml: targets.{id}: expected a number, got {value}").format(id=indicator.id, value=repr(value))
        )
    return value


def unknown_targets(targets: Mapping[str, object]) -> list[str]:
    """Ids under `lpsc.yaml` `targets:` that name no indicator."""
    return [key for key in targets if key not in REGISTRY.indicators]


def evaluate(indicator: Indicator, measure: Measure, target: Target | None) -> KpiResult:
    """The result of `indicator`: value in its unit, and whether `target` is met."""
    value = _value(indicator.unit, measure)
    return KpiResult(
        id=indicator.id,
        set=indicator.set,
        title=indicator.title,
        source=indicator.source,
        unit=indicator.unit,
        value=value,
        numerator=measure.numerator if indicator.unit != "yes/no" else None,
        denominator=measure.denominator if indicator.unit in ("percent", "days") else None,
        target=target,
        met=_met(indicator, measure, value, target),
        better=indicator.better,
        computable=measure.computable,
        reason=measure.reason,
        pending=measure.pending,
        definition=indicator.definition,
        records=measure.against,
        counted=measure.counted,
        excluded=measure.excluded,
    )


def _value(unit: Unit, measure: Measure) -> float | int | bool | None:
    if not measure.computable:
        return None
    if unit == "yes/no":
        return measure.answer
    if measure.numerator is None:
        return None
    if unit == "count":
        return int(measure.numerator)
    if not measure.denominator:
        return None
    scale = 100 if unit == "percent" else 1
    return round(measure.numerator * scale / measure.denominator, 1)


def _met(indicator: Indicator, measure: Measure, value: object, target: Target | None) -> bool | None:
    """Compare exactly: a share is met when numerator x 100 reaches target x denominator."""
    if target is None or value is None:
        return None
    if indicator.unit == "yes/no":
        return value is target
    assert measure.numerator is not None and isinstance(target, int | float)
    if indicator.unit == "count":
        left, right = float(measure.numerator), float(target)
    else:
        scale = 100 if indicator.unit == "percent" else 1
        left, right = measure.numerator * scale, target * (measure.denominator or 0)
    return left >= right if indicator.better == "higher" else left <= right
