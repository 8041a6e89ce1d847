"""Dates, times, numbers and periods written the way each language writes them (Babel).

Albanian (`sq`) writes `12 mars 2025`, `1 234,5` and `75%`; English (`en`) writes
`12 March 2025`, `1,234.5` and `75%`. Day-first English is used because the documents go to
European and Albanian readers, not US ones (Babel's `en_GB` locale). Every function takes the
language and returns text; a value that is missing or cannot be read gives `None`, so that a
template decides what an empty place shows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lpsc_cli.model import as_date, as_datetime

#: Babel locale of each document language.
LOCALES: dict[str, str] = {"sq": "sq_AL", "en": "en_GB"}


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, lang)


def long_date(value: Any, lang: str) -> str | None:
    """`12 mars 2025` / `12 March 2025`."""
    from babel.dates import format_date

    day = as_date(value)
    return None if day is None else str(format_date(day, format="long", locale=locale_of(lang)))


def numeric_date(value: Any, lang: str) -> str | None:
    """`12.03.2025` (sq) / `12/03/2025` (en): the short form that forms and tables use."""
    day = as_date(value)
    if day is None:
        return None
    separator = "." if lang == "sq" else "/"
    return f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year:04d}"


def clock_time(value: Any) -> str | None:
    """`10:00` from `"10:00"`, `"10:00:00"` or the time part of a date-time."""
    if isinstance(value, datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, str):
        if "T" in value or " " in value.strip():
            moment = as_datetime(value)
            return None if moment is None else f"{moment.hour:02d}:{moment.minute:02d}"
        return value[:5] if len(value) >= 4 else None
    return None


def has_time(value: Any) -> bool:
    """Whether a record value carries a time of day (`2025-03-12T10:00`), not just a date."""
    return isinstance(value, datetime) or (isinstance(value, str) and len(value) > 10)


def month_name(day: date, lang: str) -> str:
    """`mars 2025` / `March 2025` (the stand-alone month name, as a heading uses it)."""
    from babel.dates import format_date

    return str(format_date(day, format="LLLL y", locale=locale_of(lang)))


def number(value: Any, lang: str, *, digits: int = 1) -> str | None:
    """`1 234,5` / `1,234.5`: at most `digits` decimals, none for whole numbers."""
    from babel.numbers import format_decimal

    if value is None or isinstance(value, bool):
        return None
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return str(format_decimal(value, format=pattern, locale=locale_of(lang)))


def percent(value: Any, lang: str, *, digits: int = 0) -> str | None:
    """A percentage given on the 0–100 scale: `75%`, `62,5%` (sq) / `62.5%` (en)."""
    text = number(value, lang, digits=digits)
    return None if text is None else f"{text}%"
