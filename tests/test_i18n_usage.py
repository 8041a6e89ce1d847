"""Click's usage errors (a mistyped option or command, a missing argument) in the run's language.

Typer's click writes them in English without a catalog; `lpsc_cli/cli/usage.py` shows each
sentence it knows through the catalogs, with Typer's words around it ("Error", "Try ... for
help."), and leaves option names, commands and values as they were typed.
"""

from __future__ import annotations

from typing import Any

import pytest

from lpsc_cli.cli.usage import SENTENCES, translate

#: A command line with a usage error, what English says and what Albanian says.
CASES = [
    (["meeting", "new", "--typ", "x"], "No such option: --typ", "Nuk ka opsion të tillë: --typ"),
    (["meeting", "nw"], "No such command 'nw'. Did you mean 'new'?", "Nuk ka komandë 'nw'. Mos keni parasysh 'new'?"),
    (["meeting", "attend"], "Missing argument 'meeting'.", "Mungon argumenti 'meeting'."),
    (
        ["meeting", "list", "extra"],
        "Got unexpected extra argument",
        "U morën argumente të tepërta të papritura (extra)",
    ),
    (["check", "--format"], "Option '--format' requires an argument.", "Opsioni '--format' kërkon një argument."),
    (["kpi", "--year", "abc"], "Invalid value for '--year':", "Vlerë e pavlefshme për '--year':"),
    (["--bogus"], "No such option: --bogus", "Nuk ka opsion të tillë: --bogus"),
]


@pytest.mark.parametrize(("args", "english", "albanian"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_usage_errors_in_both_languages(
    runner: Any, app: Any, monkeypatch: pytest.MonkeyPatch, args: list[str], english: str, albanian: str
) -> None:
    for language, expected, absent in (("sq", albanian, english), ("en", english, albanian)):
        monkeypatch.setenv("LPSC_LANG", language)
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.replace("│", " ").split())
        assert expected in text, text
        assert absent not in text, text
        assert ("Gabim" in text) == (language == "sq") and ("Error" in text) == (language == "en"), text


def test_lang_on_the_command_line_wins(runner: Any, app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LPSC_LANG", "en")
    result = runner.invoke(app, ["--lang", "sq", "meeting", "new", "--typ", "x"])
    assert result.exit_code == 2 and "Nuk ka opsion të tillë: --typ" in result.output
    assert "Provoni 'lpsc meeting new -h' për ndihmë." in result.output


def test_every_sentence_has_its_parts_in_its_message() -> None:
    for pattern, message in SENTENCES:
        assert set(pattern.groupindex) == {part for part in message.split("{")[1:] for part in [part.split("}")[0]]}


def test_an_unknown_sentence_is_left_as_click_wrote_it() -> None:
    text = "Input should be a valid integer, unable to parse string as an integer"
    assert translate(text, "sq") == text
    assert translate("Missing option '--date'.", "sq") == "Mungon opsioni '--date'."
    assert translate("Missing option '--date'.", "en") == "Missing option '--date'."
