"""`--help` in Albanian and English (docs/translations.md, "--help"): the root's, a group's and a
command's, in the language a run would speak (`--lang`, `$LPSC_LANG`, `lpsc.yaml`); Typer's panel
titles with them; the help texts extracted for the catalogs (lpsc_cli/helptexts.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import click
import pytest
import typer.main
import yaml

from lpsc_cli import i18n
from lpsc_cli.cli import helpview
from lpsc_cli.cli.helpview import BUILT_IN_HELP, RICH_TEXTS
from lpsc_cli.helptexts import help_texts
from tests.support.command_table import eager_app
from tests.support.language import foreign_lines

ROOT = Path(__file__).resolve().parent.parent

#: (words, English phrases, Albanian phrases) of each help page.
PAGES: list[tuple[list[str], list[str], list[str]]] = [
    (
        ["--help"],
        [
            "Usage:",
            "Keep a Local Public Safety Council's records in git",
            "Show this message and exit.",
            "Commands",
            "Options",
            "Meetings: from invitation to minutes and press release.",
        ],
        [
            "Përdorimi:",
            "Mbani regjistrimet e një Këshilli Vendor për Sigurinë Publike",
            "Shfaqni këtë mesazh",
            "Komandat",
            "Opsionet",
            "Takimet: nga ftesa te procesverbali dhe njoftimi për shtyp.",
        ],
    ),
    (
        ["meeting", "--help"],
        ["Meetings: from invitation to minutes and press release.", "Plan a meeting", "Record the press release"],
        ["Takimet: nga ftesa te procesverbali", "Planifikoni një takim", "Regjistroni njoftimin për shtyp"],
    ),
    (
        ["meeting", "new", "-h"],
        [
            "Plan a meeting; its id is",
            "Start time, HH:MM.",
            "The record repository",
            "[env var: LPSC_REPO]",
            "[default: commit]",
        ],
        [
            "Planifikoni një takim; id e tij është",
            "Ora e fillimit, HH:MM.",
            "Depozita e regjistrimeve",
            "[ndryshore mjedisi: LPSC_REPO]",
            "[parazgjedhur: commit]",
        ],
    ),
]


def flat(text: str) -> str:
    """The help without its frame and line breaks: words as they follow one another."""
    lines = [line.strip(" │╭╮╰╯─") for line in text.splitlines()]
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize(("words", "english", "albanian"), PAGES, ids=["root", "group", "command"])
def test_help_in_albanian_and_english(
    runner: Any, app: Any, words: list[str], english: list[str], albanian: list[str]
) -> None:
    sq = runner.invoke(app, ["--lang", "sq", *words])
    en = runner.invoke(app, ["--lang", "en", *words])
    assert sq.exit_code == en.exit_code == 0, sq.output + en.output
    sq_text, en_text = flat(sq.output), flat(en.output)
    for phrase in albanian:
        assert phrase in sq_text, phrase
        assert phrase not in en_text, phrase
    for phrase in english:
        assert phrase in en_text, phrase
        assert phrase not in sq_text, phrase
    # option names stay as they are
    assert {w for w in en_text.split() if w.startswith("--")} <= set(sq_text.split())


def test_a_group_called_without_a_command_shows_its_help_in_the_language(runner: Any, app: Any) -> None:
    done = runner.invoke(app, ["--lang", "sq", "meeting"])
    assert "Planifikoni një takim" in flat(done.output)
    assert "Plan a meeting" not in done.output


def test_the_language_of_help_comes_from_the_environment_and_the_repository(
    runner: Any, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(i18n.ENV, "sq")
    assert "Planifikoni një takim" in flat(runner.invoke(app, ["meeting", "new", "--help"]).output)
    monkeypatch.delenv(i18n.ENV)
    (tmp_path / "lpsc.yaml").write_text(yaml.safe_dump({"council": "testville", "language": "sq"}), encoding="utf-8")
    # the repository named by --repo (after the command's words, as a command takes it)
    by_repo = runner.invoke(app, ["meeting", "new", "--repo", str(tmp_path), "--help"])
    assert "Planifikoni një takim" in flat(by_repo.output)
    # the repository of the current folder
    monkeypatch.chdir(tmp_path)
    assert "Mbani regjistrimet" in flat(runner.invoke(app, ["--help"]).output)
    # --lang wins over both
    assert "Keep a Local Public Safety Council" in flat(runner.invoke(app, ["--lang", "en", "--help"]).output)


def test_help_gives_the_language_back(runner: Any, app: Any) -> None:
    """A script running commands in-process keeps its own language and Typer's own titles."""
    import typer.rich_utils

    assert runner.invoke(app, ["--lang", "sq", "meeting", "new", "--help"]).exit_code == 0
    assert i18n.active() == "en"
    assert typer.rich_utils.OPTIONS_PANEL_TITLE == "Options"
    assert runner.invoke(app, ["--lang", "sq", "--help"]).exit_code == 0
    assert i18n.active() == "en"


def test_rich_texts_are_typers_own() -> None:
    """The English of the panel titles is Typer's, as a fresh process has them."""
    names = json.dumps(sorted(RICH_TEXTS))
    code = f"import json, typer.rich_utils as r; print(json.dumps({{n: getattr(r, n) for n in json.loads({names!r})}}))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60,
        stdin=subprocess.DEVNULL, env={**os.environ, "LANGUAGE": "en"},
    )  # fmt: skip
    assert json.loads(done.stdout) == RICH_TEXTS


def test_built_in_help_texts_are_typers_own() -> None:
    tree: Any = typer.main.get_command(eager_app())
    helps = {param.help for param in tree.get_params(typer.Context(tree))}
    assert set(BUILT_IN_HELP) <= helps


def test_the_extractor_finds_help_as_typer_holds_it() -> None:
    source = '''
import typer

app = typer.Typer(help="""  The group.

    Indented."""
)

@app.command("one")
def one(
    x: str = typer.Option(None, help="  Kept as written "),
    y: str = typer.Option(None, help=f"Made {1}"),
    z: str = typer.Argument(help="Joined, " "in one."),
) -> None:
    """First line.

    Second paragraph,
    wrapped.
    """

def two() -> None:
    """Registered by a call."""

def three() -> None:
    """Registered in a loop."""

def helper() -> None:
    """Not a command."""

def register(app, groups):
    app.command("two")(two)
    for name, command, text in (("three", three, "A loop's help."),):
        app.command(name, help=text)(command)
    period = {"a": "From a table."}["a"]
    typer.Option(None, help=period)

SUFFIX = " (the suffix)"
TWICE = "one"
TWICE = "two"
typer.Option(None, help=f"Folded.{SUFFIX}")
typer.Option(None, help="Added." + SUFFIX)
typer.Option(None, help=f"Not folded: {SUFFIX!r}, {TWICE}, {len(SUFFIX)}.")
typer.Option(None, help=formatted(N_("A template: {values}."), values="a, b"))
'''
    texts = [text for _line, text in help_texts(source)]
    assert texts == [
        "The group.\n\nIndented.",
        "  Kept as written ",
        "Joined, in one.",
        "First line.\n\nSecond paragraph,\nwrapped.",
        "Registered by a call.",
        "Registered in a loop.",
        "A loop's help.",
        "From a table.",
        "Folded. (the suffix)",
        "Added. (the suffix)",
    ]


def catalog_ids() -> set[str]:
    from babel.messages.pofile import read_po

    with (ROOT / "lpsc_cli" / "locale" / "lpsc.pot").open("rb") as handle:
        return {m.id for m in read_po(handle) if isinstance(m.id, str)}


def test_every_command_and_group_help_is_in_the_catalog() -> None:
    """The help of every command and group (the extractor finds decorated, called and looped
    registrations, and the plain `show` commands' help in cli/records.py's table)."""
    known = catalog_ids()
    missing = [" ".join(trail) for trail, node in command_tree() if trail and node.help and node.help not in known]
    assert not missing, f"help texts not in lpsc.pot (pybabel extract): {missing}"


def test_the_shared_messages_of_commands_in_both_languages(runner: Any, app: Any, make_repo: Any) -> None:
    """cli/common.py: a day that is not a date, and how far a written file is protected."""
    from lpsc_cli.cli.common import privacy_note

    repo = make_repo()
    for language, expected, absent in (
        ("sq", "--as-of: 'nope' nuk është datë (përdorni YYYY-MM-DD ose 'today')", "is not a date"),
        ("en", "--as-of: 'nope' is not a date (use YYYY-MM-DD or 'today')", "nuk është datë"),
    ):
        done = runner.invoke(app, ["--lang", language, "deadlines", "--as-of", "nope", "--repo", str(repo.root)])
        assert done.exit_code == 2
        assert expected in done.output and absent not in done.output
    with i18n.speaking("sq"):
        assert privacy_note(True) == "i lexueshëm vetëm nga ju"
    assert privacy_note(True) == "readable by you only"


def test_a_help_made_from_a_template_is_translated_as_a_whole(runner: Any, app: Any) -> None:
    """`helpview.formatted`: the template is in the catalog, the values stay as they are."""
    from lpsc_cli.cli import helpview

    text = helpview.formatted("{option}: {value} is outside the years lpsc works with ({first}-{last})",
                              option="--as-of", value="3000", first="1900", last="2999")  # fmt: skip
    assert text == "--as-of: 3000 is outside the years lpsc works with (1900-2999)"
    with i18n.speaking("sq"):
        assert helpview._translated(text) == "--as-of: 3000 është jashtë viteve me të cilat punon lpsc (1900-2999)"
        assert helpview._translated("Show the version and exit.") == "Shfaqni versionin dhe dilni."
    assert helpview._translated(text) == text


def test_the_plain_show_commands_help_gives_their_example() -> None:
    from lpsc_cli.cli.records import PLAIN_SHOWS, SHOW_HELP

    assert {kind for _group, kind, _example in PLAIN_SHOWS} == set(SHOW_HELP)
    for _group, kind, example in PLAIN_SHOWS:
        summary, id_help = SHOW_HELP[kind]
        assert kind in summary and example in id_help


def help_pages() -> list[tuple[tuple[str, ...], frozenset[str]]]:
    """Every command and group of lpsc (the root too): its words, and the names its help page
    shows as they are, whatever the language (its words in the usage line, and `names`)."""
    return [(trail, names(node) | {"lpsc", *trail}) for trail, node in command_tree()]


def command_tree() -> list[tuple[tuple[str, ...], Any]]:
    """Every command and group of lpsc with its path of names, the root (no names) first."""
    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(node: Any, trail: tuple[str, ...]) -> None:
        found.append((trail, node))
        for name, sub in getattr(node, "commands", {}).items():
            walk(sub, (*trail, name))

    walk(typer.main.get_command(eager_app()), ())
    return found


def names(node: Any) -> frozenset[str]:
    """What a help page shows untranslated: its commands' names, its parameters' names and
    metavars, the values they take (choices, defaults, the values of a help made by
    `helpview.one_of`). Words in capitals (`MEMBER`, `[OPTIONS]`) and `kind:id` are left out too."""
    found = set(getattr(node, "commands", {}))
    for param in node.get_params(click.Context(node)):
        found.update(param.opts + param.secondary_opts + [param.name or "", param.metavar or ""])
        found.update(choices(param))
        default = param.default.value if isinstance(param.default, Enum) else param.default
        if isinstance(default, str):
            found.add(default)
        if param.help in helpview._FORMATTED:
            for value in helpview._FORMATTED[param.help][1].values():
                found.update(value.split(", "))
    return frozenset(found)


def choices(param: Any) -> list[str]:
    """The values a parameter takes from a list: click's choices, or the members of its enum."""
    if isinstance(getattr(param, "type", None), click.Choice):
        return [str(choice) for choice in param.type.choices]
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    for kind in (annotation, *typing.get_args(annotation)):
        if isinstance(kind, type) and issubclass(kind, Enum):
            return [str(member.value) for member in kind]
    return []


_CODE = re.compile(r"`[^`]*`")
_PUNCTUATION = ",;:!?()[]{}.'\""


def sentences(page: str, shown_as_they_are: frozenset[str]) -> str:
    """A help page a sentence (or an option) a line, without code in backquotes and without the
    names it shows as they are."""
    text = _CODE.sub(" ", flat(page))
    lines = re.split(r"(?<=[.;])\s+|\s+(?=--)", text)
    kept = []
    for line in lines:
        words = []
        for token in line.split():
            core = token.strip(_PUNCTUATION)
            if core in shown_as_they_are or core.isupper() or ":" in core:
                continue
            words.append(token)
        kept.append(" ".join(words))
    return "\n".join(kept)


def test_no_english_is_left_in_any_albanian_help(runner: Any, app: Any) -> None:
    """Every `--help` of lpsc in Albanian, from the root to each command: no English sentence left
    (help texts made at run time are templates marked with `N_`, `helpview.formatted`), and no
    Albanian in the English one. A command's summary, listed on its group's page, is its own page's
    description too: a name skipped on the group's page is read on the command's."""
    left: dict[str, list[str]] = {}
    for words, shown in help_pages():
        for language in ("sq", "en"):
            done = runner.invoke(app, ["--lang", language, *words, "--help"])
            assert done.exit_code == 0, done.output
            if found := foreign_lines(sentences(done.output, shown), language):
                left[f"{language}: lpsc {' '.join(words)} --help"] = found
    assert not left, json.dumps(left, indent=1, ensure_ascii=False)
