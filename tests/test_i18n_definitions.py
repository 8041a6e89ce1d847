"""Indicator definitions in Albanian and in English (docs/translations.md, docs/indicators.md).

Each indicator's definition is a message of the catalogs (`definition=N_(...)` where it is
registered, also the function's docstring). `lpsc --lang sq kpi --explain ID` prints it in
Albanian, with no English sentence (ids, fields and citations aside), for every indicator;
`--lang en` prints the English definition; `--format json` stays English and the same in
both languages.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.i18n import Translator
from lpsc_cli.indicators import indicators
from tests.support.language import foreign_lines

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"
IDS = [i.id for i in indicators()]
#: The citations of the seeds a definition gives: (A §3.6.3), (A Annex 3 IX; Annex 5.b), R art. 7.2.
CITATION = re.compile(r"A §[\d.]+|A Annex \d+(?: [IVX]+)?|R art\. [\d.]+")
#: A citation in brackets, as written in the seeds: `(A Annex 3 I; Annex 4, case 10)`.
CITED = re.compile(r"\((?:A|R) [^()]*\)")


def _english_lines(text: str) -> list[str]:
    """The lines of an Albanian `text` holding an English word, citations of the seeds aside."""
    return foreign_lines(CITED.sub("", text), "sq")


def _explain(runner: Any, app: Any, language: str, id: str, *extra: str) -> str:
    args = ["--lang", language, "kpi", "--repo", str(EXAMPLE), "--as-of", "2025-12-31", "--year", "2025"]
    result = runner.invoke(app, [*args, "--explain", id, *extra])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_every_definition_has_an_albanian_translation_with_its_citations() -> None:
    albanian = Translator("sq")
    for indicator in indicators():
        english = inspect.cleandoc(indicator.definition_message)
        translated = inspect.cleandoc(albanian.gettext(indicator.definition_message))
        assert translated != english, f"{indicator.id}: no Albanian definition"
        assert not _english_lines(translated), (indicator.id, _english_lines(translated))
        # the citations of the seeds stay as they are, in both languages
        assert CITATION.findall(translated) == CITATION.findall(english), indicator.id
        assert indicator.measure.__doc__ == indicator.definition_message, indicator.id


@pytest.mark.parametrize("id", IDS)
def test_explain_speaks_albanian_and_json_stays_english(runner: Any, app: Any, id: str) -> None:
    (indicator,) = (i for i in indicators() if i.id == id)
    english = inspect.cleandoc(indicator.definition_message)
    albanian_text = _explain(runner, app, "sq", id)
    assert inspect.cleandoc(Translator("sq").gettext(indicator.definition_message)) in albanian_text
    assert english.splitlines()[0] not in albanian_text
    assert not _english_lines(albanian_text), _english_lines(albanian_text)
    assert english in _explain(runner, app, "en", id)
    as_json = _explain(runner, app, "sq", id, "--format", "json")
    assert as_json == _explain(runner, app, "en", id, "--format", "json")
    assert f'"definition": "{english.splitlines()[0]}' in as_json
