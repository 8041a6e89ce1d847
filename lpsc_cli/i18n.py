"""The language people read lpsc in: gettext catalogs, plural forms and numbers, Albanian or English.

Messages are written in English in the code, wrapped in `gettext` (`_`) or `ngettext`, and
translated through the catalogs `lpsc_cli/locale/<lang>/LC_MESSAGES/lpsc.po`, managed with Babel
(docs/translations.md: extract, update, compile). The compiled `.mo` files are built with the
package (`hatch_build.py`); when one is missing or older than its `.po` (a source tree whose
catalogs were just edited), the `.po` is compiled in memory on first use.

One language is active at a time (`activate`; English until the command line says otherwise):
`gettext`/`ngettext` translate into it, and `format_number`/`format_percent` write numbers its
way (`48,2 %` in Albanian, `48.2 %` in English) with Babel. Plural forms are the catalog's
(CLDR's for Albanian: `1 rast`, `2 raste`). A reporter that writes in a language of its own (a
calendar in the council's language) takes a `Translator` for it instead. Machine output (JSON,
CSV, SARIF, JUnit, ids and field names) is written with English active, whatever the language.

The language is resolved (`resolve`) from, in order: the `--lang` option, `$LPSC_LANG`, the
repository's `lpsc.yaml` `language`, the system locale, else English.
"""

from __future__ import annotations

import gettext as _gettext
import io
import locale
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: The languages lpsc speaks, the first the one messages are written in.
LANGUAGES: tuple[str, ...] = ("en", "sq")
DEFAULT = "en"
#: The gettext domain: `lpsc.po`, `lpsc.mo`.
DOMAIN = "lpsc"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The Babel (CLDR) locale of each language, for numbers.
LOCALES: Mapping[str, str] = {"sq": "sq_AL", "en": "en_GB"}
#: The environment variable that names the language.
ENV = "LPSC_LANG"

_ACTIVE: ContextVar[str] = ContextVar("lpsc_language", default=DEFAULT)


def supported(language: object) -> str | None:
    """`sq` or `en` from a language tag (`sq`, `sq_AL.UTF-8`, `en-GB`, `SQ`), else None."""
    if not isinstance(language, str):
        return None
    code = language.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def system_language() -> str | None:
    """The language of the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, then Python's), if lpsc speaks it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return supported(value)
    try:
        return supported(locale.getlocale()[0])
    except ValueError:
        return None


def resolve(
    option: str | None = None,
    *,
    environment: str | None = None,
    configured: object = None,
    system: str | None = None,
) -> str:
    """The first language lpsc speaks among the `--lang` option, `$LPSC_LANG`, the repository's
    `lpsc.yaml` language and the system locale; English when none is given."""
    for candidate in (option, environment, configured, system):
        found = supported(candidate)
        if found is not None:
            return found
    return DEFAULT


def _mo_bytes(language: str) -> bytes | None:
    """The compiled catalog of `language`: the shipped `.mo`, or its `.po` compiled in memory
    when the `.mo` is missing or older; None when there is no catalog."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo.read_bytes()
    if not po.is_file():
        return None
    return compile_catalog(po)


def compile_catalog(po: Path) -> bytes:
    """A `.po` file compiled to `.mo` bytes with Babel (the build hook writes the same bytes)."""
    # Babel's catalog tools are needed only here (a source tree without compiled catalogs)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The gettext translations of `language` (the identity for an unknown one)."""
    data = _mo_bytes(language) if language in LANGUAGES else None
    if data is None:
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(data))


@dataclass(frozen=True, slots=True)
class Translator:
    """Messages, plurals and numbers in one given language."""

    language: str

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.language).ngettext(singular, plural, n)

    def number(self, value: float, *, digits: int = 1) -> str:
        return format_number(value, digits=digits, language=self.language)

    def percent(self, value: float, *, digits: int = 1) -> str:
        return format_percent(value, digits=digits, language=self.language)


def activate(language: str) -> str:
    """Make `language` (`sq`, `en`, or a tag such as `sq_AL`) the active one; returns it."""
    found = supported(language) or DEFAULT
    _ACTIVE.set(found)
    return found


@contextmanager
def speaking(language: str | None = None) -> Iterator[str]:
    """`language` active inside the block (or the active one, which the block may change),
    the language active before it given back afterwards."""
    previous = active()
    try:
        yield activate(language) if language is not None else previous
    finally:
        activate(previous)


def active() -> str:
    """The active language (`en` until a command activates another)."""
    return _ACTIVE.get()


def translator(language: str | None = None) -> Translator:
    """A translator for `language`, or for the active language."""
    return Translator(supported(language) or active() if language else active())


def gettext(message: str) -> str:
    """`message` in the active language."""
    return translations(active()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for the number `n`, in the active language."""
    return translations(active()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction only; it is translated where it is shown."""
    return message


_ = gettext


def format_number(value: float, *, digits: int = 1, language: str | None = None) -> str:
    """`value` with at most `digits` decimals, the language's way: `1 234,5` / `1,234.5`."""
    # Babel's number data is loaded only for output that shows numbers
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return str(format_decimal(value, format=pattern, locale=LOCALES[supported(language) or active()]))


def format_percent(value: float, *, digits: int = 1, language: str | None = None) -> str:
    """A percentage (`value` already in percent: 48.2) with a space before the sign: `48,2 %`."""
    return f"{format_number(value, digits=digits, language=language)} %"


def format_change(value: float, *, digits: int = 1, language: str | None = None) -> str:
    """A change in percent with its sign and `digits` decimals always shown: `+13.8 %`, `+13,8 %`."""
    from babel.numbers import format_decimal  # as in format_number: only for output that shows numbers

    rounded = float(f"{value:.{digits}f}")  # rounded as Python writes it, then only written by Babel
    body = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return f"{format_decimal(rounded, format=f'+{body};-{body}', locale=LOCALES[supported(language) or active()])} %"
