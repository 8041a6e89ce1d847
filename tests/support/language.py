"""Is a command's output in the language it should be? Words of the other language, found.

The output of a run in Albanian may hold English only where English is data or an id: record
ids and field paths (`lpsc-2025-02-12`, `closure.date`), file names, commands and options
(`lpsc case step`, `--as-of`), citations (`R art. 7.4`), people's names and what a person
typed, and the choices of the schemas (`done`, `high`: the values a person types after
`--status` or `--priority`), and the metavars of a usage line (`[OPTIONS]`, `MEMBER`). Those are tokens with a digit or one of `-_/.=@#<>` in them, in
quotes, or a schema's choice, and are skipped; every other word is compared with a list of
common English words that are not also Albanian. The English run is checked the same way
against Albanian function words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _choices(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.get("enum", ()):
            yield str(value)
        for child in node.values():
            yield from _choices(child)
    elif isinstance(node, list):
        for child in node:
            yield from _choices(child)


#: Every choice the schemas allow: ids, whatever the language.
CHOICES = frozenset(
    value for path in SCHEMAS.glob("*.schema.json") for value in _choices(json.loads(path.read_text(encoding="utf-8")))
)

#: Common English words of lpsc's messages that no Albanian message uses.
ENGLISH = frozenset(
    """
    the is are was were not and of to for with from this that these has have had no yes
    created committed written wrote error errors warning warnings found missing cannot must
    should will would already nothing done meeting meetings member members case cases report
    reports due overdue late invitation minutes items item activity activities training
    trainings recorded added closed saved days working usage options commands show list new
    add set none unknown expected option argument council institution institutions
    """.split()  # noqa: SIM905 - a list of words reads best as text
)
#: Albanian function words and message words that no English message uses.
ALBANIAN = frozenset(
    """
    dhe nuk është janë për një të së në nga ose si me u krijua regjistrua gabim gabime
    paralajmërim paralajmërime takimi takim anëtar anëtarë rasti raste asnjë afati afat
    """.split()  # noqa: SIM905 - a list of words reads best as text
)
_IDENTIFIER = re.compile(r"[\d\-_/.=@#<>\\]")
_QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def words(text: str) -> list[str]:
    """The plain words of `text`: ids, paths, options, quoted text and numbers left out."""
    found = []
    for token in _QUOTED.sub(" ", text).split():
        stripped = token.strip(",;:!?()[]{}«»“”‘’*|│─━═")
        bare = stripped.rstrip(".")
        # ids, paths, options, a schema's choices, and the metavars of usage lines (`COMMAND`)
        if not bare or bare in CHOICES or _IDENTIFIER.search(bare) or (len(bare) > 1 and bare.isupper()):
            continue
        found.extend(word.lower() for word in _WORD.findall(stripped))
    return found


def foreign_words(text: str, language: str) -> list[str]:
    """The words of the other language found in `text` written in `language` (`sq` or `en`)."""
    other = ENGLISH if language == "sq" else ALBANIAN
    return [word for word in words(text) if word in other]


def foreign_lines(text: str, language: str) -> list[str]:
    """The lines of `text` that hold a word of the other language, for a failure message."""
    return [line for line in text.splitlines() if foreign_words(line, language)]
