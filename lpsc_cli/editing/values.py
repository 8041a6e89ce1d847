"""Reading command-line values into record values: dates, times, texts, choices, ids.

Every reader names the option it reads in its error, so that a person sees which value to fix
(`--received: '2025-02-30' is not a valid date ...`). These errors are usage errors (exit 2):
the value could not be understood, so nothing was tried. No reader looks at the clock: `today`
and `now` are passed in by the command line. The choices a value is checked against are the
schemas' own (`lpsc_cli.vocabulary`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from lpsc_cli.controls import first_control
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import ID_PATTERN, LANGUAGES

_DATE_HELP = N_("use YYYY-MM-DD or 'today'")
_DATETIME_HELP = N_("use YYYY-MM-DD, YYYY-MM-DDTHH:MM, 'today' or 'now'")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_PERIOD = re.compile(r"\d{4}(-(H[12]|Q[1-4]|(0[1-9]|1[0-2])))?")
#: What an id is, for messages (`lpsc_cli.model.ID_PATTERN`).
ID_FORM = N_("1 to 64 lowercase letters, digits and '-', beginning with a letter or digit")


def parse_date(value: str, *, option: str, today: date) -> str:
    """A day as `YYYY-MM-DD`, from `YYYY-MM-DD` or `today`."""
    text = value.strip()
    if text.lower() == "today":
        return today.isoformat()
    if len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    elif _DATETIME.fullmatch(text):
        raise UsageError(
            _("{option}: '{value}' is a date and time; this field takes a date only ({help})").format(
                option=option, value=value, help=_(_DATE_HELP)
            )
        )
    raise UsageError(
        _("{option}: '{value}' is not a valid date ({help})").format(option=option, value=value, help=_(_DATE_HELP))
    )


def parse_datetime(value: str, *, option: str, today: date, now: datetime | None = None) -> str:
    """A moment as `YYYY-MM-DDTHH:MM` (or a bare date), from those forms, `today` or `now`."""
    text = value.strip()
    lowered = text.lower()
    if lowered == "now" and now is not None:
        return now.strftime("%Y-%m-%dT%H:%M")
    if lowered == "today" or len(text) == 10:
        return parse_date(text, option=option, today=today)
    match = _DATETIME.fullmatch(text)
    if match:
        day, hour, minute, second = match.groups()
        try:
            moment = datetime.fromisoformat(f"{day}T{int(hour):02d}:{minute}:{second or '00'}")
        except ValueError:
            raise _not_a_moment(value, option) from None
        return moment.strftime("%Y-%m-%dT%H:%M:%S" if second and second != "00" else "%Y-%m-%dT%H:%M")
    raise _not_a_moment(value, option)


def _not_a_moment(value: str, option: str) -> UsageError:
    return UsageError(
        _("{option}: '{value}' is not a valid date and time ({help})").format(
            option=option, value=value, help=_(_DATETIME_HELP)
        )
    )


def parse_time(value: str, *, option: str) -> str:
    """A time of day as `HH:MM`."""
    match = _TIME.fullmatch(value.strip())
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    raise UsageError(
        _("{option}: '{value}' is not a time of day (use HH:MM, e.g. 10:00)").format(option=option, value=value)
    )


def parse_period(value: str, *, option: str) -> str:
    """A period: `YYYY`, `YYYY-H1`, `YYYY-Q3` or `YYYY-MM`."""
    text = value.strip().upper()
    if _PERIOD.fullmatch(text):
        return text
    raise UsageError(
        _("{option}: '{value}' is not a period (use YYYY, YYYY-H1, YYYY-Q3 or YYYY-MM)").format(
            option=option, value=value
        )
    )


def parse_text(values: Sequence[str] | str | None, *, option: str) -> str | dict[str, str] | None:
    """A text field: one plain string, or `sq:...` and `en:...` for each language.

    `--topic "Hyrje"` gives a plain string; `--topic "sq:Hyrje" --topic "en:Introduction"`
    gives `{sq: Hyrje, en: Introduction}`.
    """
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    items = [clean_text(item, option=option).strip() for item in items if item.strip()]
    if not items:
        return None
    tagged: dict[str, str] = {}
    plain: list[str] = []
    for item in items:
        lang, sep, rest = item.partition(":")
        if sep and lang.strip() in LANGUAGES and rest.strip():
            if lang.strip() in tagged:
                raise UsageError(
                    _("{option}: '{language}:' is given twice").format(option=option, language=lang.strip())
                )
            tagged[lang.strip()] = rest.strip()
        else:
            plain.append(item)
    if (plain and tagged) or len(plain) > 1:
        raise UsageError(
            _("{option}: give one plain text, or one text per language as 'sq:...' and 'en:...'").format(option=option)
        )
    if plain:
        return plain[0]
    return {lang: tagged[lang] for lang in LANGUAGES if lang in tagged}


def clean_text(value: str, *, option: str) -> str:
    """Text with Windows and old Mac line ends made `\\n`; a usage error for any other control character.

    Control characters (an ESC, a bell, a NUL) have no place in a record: a terminal would
    act on them when the record is shown, and a Word document cannot hold them.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    found = first_control(text)
    if found:
        raise UsageError(
            _("{option}: the text holds a control character ({code}); leave it out").format(
                option=option, code=f"U+{ord(found):04X}"
            )
        )
    return text


def choice(value: str, choices: Sequence[str], *, option: str) -> str:
    """`value` if it is one of `choices` (case-insensitive); else a usage error listing them."""
    text = value.strip()
    for candidate in choices:
        if text == candidate or text.lower() == candidate.lower():
            return candidate
    raise UsageError(
        _("{option}: '{value}' is not one of {choices}").format(option=option, value=value, choices=", ".join(choices))
    )


def choices(values: Iterable[str], allowed: Sequence[str], *, option: str) -> list[str]:
    """Each of `values` checked against `allowed`, duplicates dropped, order kept."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                picked = choice(part, allowed, option=option)
                if picked not in found:
                    found.append(picked)
    return found


def record_id(value: str, *, option: str) -> str:
    """A record id: lowercase letters, digits and '-', at most 64 characters."""
    text = value.strip()
    if ID_PATTERN.fullmatch(text):
        return text
    raise UsageError(_("{option}: '{value}' is not an id ({form})").format(option=option, value=value, form=_(ID_FORM)))


def ids(values: Iterable[str], *, option: str) -> list[str]:
    """Several ids, from repeated options or comma-separated lists; duplicates dropped."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                checked = record_id(part, option=option)
                if checked not in found:
                    found.append(checked)
    return found


def percent(value: float, *, option: str) -> float | int:
    """A percentage 0–100, as an integer when it is one."""
    if not 0 <= value <= 100:
        raise UsageError(
            _("{option}: {value} is not a percentage between 0 and 100").format(option=option, value=f"{value:g}")
        )
    return int(value) if float(value).is_integer() else float(value)


def slug(text: str) -> str:
    """An id fragment from a name: `Ilir Dervishi` -> `ilir-dervishi`, `Çela` -> `cela`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:56] or "x"
