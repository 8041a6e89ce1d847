"""The catalogs (lpsc_cli/locale), plural forms and numbers of both languages, and how a run picks its language.

The catalogs are read as Babel reads them (`babel.messages.pofile`): every message the code
marks must be in the template and translated, non-empty, in Albanian and English, and both
catalogs must compile. See docs/translations.md for the workflow.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from lpsc_cli import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "lpsc_cli" / "locale"
EXAMPLE = ROOT / "examples" / "elbasan"


def catalog(language: str | None) -> Any:
    path = LOCALE / "lpsc.pot" if language is None else LOCALE / language / "LC_MESSAGES" / "lpsc.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain="lpsc")


def marked_in_code() -> set[str | tuple[str, ...]]:
    """The messages the code marks, extracted as `pybabel extract -F babel.cfg` does."""
    found: set[str | tuple[str, ...]] = set()
    with (ROOT / "babel.cfg").open() as handle:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(handle)
    # the patterns name the package's folder: walk that folder only (not tests/, examples/, ...)
    inside = [(pattern.removeprefix("lpsc_cli/"), method) for pattern, method in method_map]
    assert all(pattern != original for (pattern, _), (original, _) in zip(inside, method_map, strict=True))
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT / "lpsc_cli", inside, options_map):
        found.add(message)
    return found


def ids(messages: Any) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in messages if m.id}


def test_the_template_holds_every_message_the_code_marks() -> None:
    """A message added in the code without `pybabel extract` and `update` fails here."""
    assert marked_in_code() == ids(catalog(None))


@pytest.mark.parametrize("language", ["sq", "en"])
def test_every_message_has_a_translation_and_the_catalog_compiles(language: str) -> None:
    po = catalog(language)
    assert ids(po) == ids(catalog(None)), "run pybabel update (docs/translations.md)"
    untranslated = [
        m.id
        for m in po
        if m.id and (not m.string or (isinstance(m.string, tuple | list) and not all(m.string)) or m.fuzzy)
    ]
    assert not untranslated, f"{language}: untranslated or fuzzy: {untranslated}"
    assert po.plural_forms == "nplurals=2; plural=(n != 1);"
    problems = [(m.id, errors) for m, errors in po.check() if errors]
    assert not problems
    buffer = io.BytesIO()
    write_mo(buffer, po, use_fuzzy=False)
    assert len(buffer.getvalue()) > 1000
    # the placeholders of every translation are those of its message
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for message in po:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        for translated in [message.string] if isinstance(message.string, str) else message.string:
            assert fields(translated) == fields(source), (language, message.id, translated)


@pytest.mark.parametrize(
    ("n", "albanian", "english"),
    [
        (0, "0 gabime", "0 errors"),
        (1, "1 gabim", "1 error"),
        (2, "2 gabime", "2 errors"),
        (5, "5 gabime", "5 errors"),
    ],
)
def test_plural_forms(n: int, albanian: str, english: str) -> None:
    for language, expected in (("sq", albanian), ("en", english)):
        assert i18n.Translator(language).ngettext("{n} error", "{n} errors", n).format(n=n) == expected
    sessions = i18n.Translator("sq").ngettext("{n} training session in {year}", "{n} training sessions in {year}", n)
    assert sessions.format(n=n, year=2025) == (
        f"{n} seancë trajnimi në 2025" if n == 1 else f"{n} seanca trajnimi në 2025"
    )


def test_numbers_the_albanian_way() -> None:
    assert i18n.format_percent(48.2, language="sq") == "48,2 %"
    assert i18n.format_percent(48.2, language="en") == "48.2 %"
    assert i18n.format_number(1234.5, language="sq") == "1\xa0234,5"
    assert i18n.Translator("sq").percent(100) == "100 %"


def test_the_active_language_and_its_fallbacks() -> None:
    assert i18n.active() == "en"
    try:
        assert i18n.activate("sq_AL.UTF-8") == "sq"
        assert i18n.gettext("ok: no findings") == "në rregull: asnjë gjetje"
        assert i18n.activate("de") == "en"  # a language lpsc does not speak: English
        assert i18n.gettext("ok: no findings") == "ok: no findings"
    finally:
        i18n.activate("en")


def test_resolve_takes_the_first_language_given() -> None:
    assert i18n.resolve("sq", environment="en", configured="en", system="en") == "sq"
    assert i18n.resolve(None, environment="en", configured="sq", system="sq") == "en"
    assert i18n.resolve(None, environment="", configured="sq", system="en") == "sq"
    assert i18n.resolve(None, environment="fr", configured=None, system="sq_AL") == "sq"
    assert i18n.resolve(None, environment=None, configured=3, system=None) == "en"


def test_a_missing_compiled_catalog_is_compiled_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A source tree whose .mo files were never built (or are older than the .po) still speaks Albanian."""
    folder = tmp_path / "sq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "lpsc.po").write_bytes((LOCALE / "sq" / "LC_MESSAGES" / "lpsc.po").read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert i18n.Translator("sq").gettext("Due") == "Afati"
    finally:
        i18n.translations.cache_clear()


# --- a run's language: --lang, then LPSC_LANG, then lpsc.yaml, then the locale -------------------


def _first_line(runner: Any, app: Any, args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    return result.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("option", "environment", "configured", "system", "expected"),
    [
        (["--lang", "en"], "sq", "sq", "sq_AL.UTF-8", "ok: no findings"),
        (["--lang", "sq"], "en", "en", "C.UTF-8", "në rregull: asnjë gjetje"),
        ([], "en", "sq", "sq_AL.UTF-8", "ok: no findings"),
        ([], "sq", "en", "C.UTF-8", "në rregull: asnjë gjetje"),
        ([], None, "sq", "en_GB.UTF-8", "në rregull: asnjë gjetje"),
        ([], None, "en", "sq_AL.UTF-8", "ok: no findings"),
        ([], None, None, "sq_AL.UTF-8", "në rregull: asnjë gjetje"),
        ([], None, None, "C.UTF-8", "ok: no findings"),
    ],
)
def test_language_precedence(
    runner: Any,
    app: Any,
    make_repo: Any,
    monkeypatch: pytest.MonkeyPatch,
    option: list[str],
    environment: str | None,
    configured: str | None,
    system: str,
    expected: str,
) -> None:
    builder = make_repo()
    config = (builder.root / "lpsc.yaml").read_text(encoding="utf-8")
    config = "\n".join(line for line in config.splitlines() if not line.startswith("language:"))
    if configured:
        config += f"\nlanguage: {configured}\n"
    (builder.root / "lpsc.yaml").write_text(config, encoding="utf-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", system)
    if environment is None:
        monkeypatch.delenv("LPSC_LANG", raising=False)
    else:
        monkeypatch.setenv("LPSC_LANG", environment)
    assert _first_line(runner, app, [*option, "check", "--no-cache", "--repo", str(builder.root)]) == expected
    # the repository found from the current folder counts as one named with --repo
    if not option and environment is None:
        monkeypatch.chdir(builder.root)
        assert _first_line(runner, app, ["check", "--no-cache"]) == expected
    assert i18n.active() == "en", "a run leaves the language as it found it"


COMMANDS = [
    ["check", "--as-of", "2025-12-31", "--no-cache", "--format", "json"],
    ["check", "--as-of", "2025-12-31", "--no-cache", "--format", "sarif"],
    ["deadlines", "--as-of", "2025-12-31", "--all", "--format", "json"],
    ["kpi", "--as-of", "2025-12-31", "--year", "2025", "--set", "all", "--format", "json"],
    ["kpi", "--as-of", "2025-12-31", "--year", "2025", "--set", "all", "--format", "csv"],
    ["kpi", "--as-of", "2025-12-31", "--year", "2025", "--explain", "trainee-gain", "--format", "json"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: f"{a[0]}-{a[-1]}" + ("-explain" if "--explain" in a else ""))
def test_machine_output_is_the_same_in_every_language(
    runner: Any, app: Any, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    outputs = []
    for lang, environment in ((["--lang", "sq"], None), (["--lang", "en"], None), ([], "sq"), ([], "en")):
        if environment:
            monkeypatch.setenv("LPSC_LANG", environment)
        else:
            monkeypatch.delenv("LPSC_LANG", raising=False)
        result = runner.invoke(app, [*lang, args[0], "--repo", str(EXAMPLE), *args[1:]])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert len(set(outputs)) == 1
    if args[-1] == "json":
        json.loads(outputs[0])


def test_the_build_hook_compiles_every_catalog(tmp_path: Path) -> None:
    """hatch_build.py, as `pip install .` and `pip install -e .` run it: a .mo beside each .po,
    which gettext reads with its plural forms."""
    import gettext
    import importlib.util
    import shutil

    spec = importlib.util.spec_from_file_location("lpsc_hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    shutil.copytree(LOCALE, tmp_path / "lpsc_cli" / "locale", ignore=shutil.ignore_patterns("*.mo"))
    written = hook.compile_catalogs(tmp_path)
    assert sorted(p.parent.parent.name for p in written) == ["en", "sq"]
    with (tmp_path / "lpsc_cli/locale/sq/LC_MESSAGES/lpsc.mo").open("rb") as handle:
        albanian = gettext.GNUTranslations(handle)
    assert albanian.ngettext("{n} warning", "{n} warnings", 1) == "{n} paralajmërim"
    assert albanian.ngettext("{n} warning", "{n} warnings", 0) == "{n} paralajmërime"


def test_the_installed_package_has_compiled_catalogs() -> None:
    """The install the tests run on (pip install -e .) compiled the catalogs: no in-memory fallback."""
    for language in ("sq", "en"):
        folder = LOCALE / language / "LC_MESSAGES"
        assert (folder / "lpsc.mo").is_file(), "reinstall (pip install -e .) to compile the catalogs"


def test_a_cached_check_result_is_not_served_in_another_language(
    runner: Any, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    repo = tmp_path / "elbasan"
    shutil.copytree(EXAMPLE, repo)
    (repo / "reports" / "prefect-2025-03.yaml").unlink()
    monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path / "cache"))
    args = ["check", "--repo", str(repo), "--as-of", "2025-12-31"]
    albanian = runner.invoke(app, ["--lang", "sq", *args]).stdout
    english = runner.invoke(app, ["--lang", "en", *args]).stdout
    assert "Prefektin" in albanian
    assert "to the Prefect" in english


def test_the_calendar_speaks_the_council_language_with_the_same_uids(runner: Any, app: Any) -> None:
    """`deadlines --format ics`: summaries in the language asked for (the council's by default);
    the UID of an obligation is the same in both languages."""
    from icalendar import Calendar

    def events(*lang: str) -> dict[str, str]:
        args = ["deadlines", "--repo", str(EXAMPLE), "--as-of", "2025-06-01", "--all", "--format", "ics", *lang]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        calendar = Calendar.from_ical(result.stdout_bytes)
        return {str(e["uid"]): str(e["summary"]) for e in calendar.walk("VEVENT")}

    albanian, english, default = events("--lang", "sq"), events("--lang", "en"), events()
    assert albanian.keys() == english.keys() and albanian == default  # the example's lpsc.yaml says sq
    assert "Ftesa për mbledhjen e KVSP 9 korrik 2025" in albanian.values()
    assert "Invitation for the LPSC meeting of 9 July 2025" in english.values()


def test_speaking_gives_the_language_back() -> None:
    from lpsc_cli import i18n

    with i18n.speaking("sq"):
        with i18n.speaking("en") as inner:
            assert inner == "en" and i18n.active() == "en"
        assert i18n.active() == "sq"
        with i18n.speaking() as kept:
            assert kept == "sq"
            i18n.activate("en")
        assert i18n.active() == "sq"
    assert i18n.active() == "en"
