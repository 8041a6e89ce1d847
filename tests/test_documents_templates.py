"""A council's own templates: they override the built-in ones, and run in Jinja's sandbox."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents import render
from lpsc_cli.documents.templating import builtin_dir
from lpsc_cli.errors import LpscError
from tests.support.council import build

AS_OF = date(2025, 12, 31)


def md(repo: Any, document: str = "invitation", target: str = "lpsc-2025-03-12", lang: str = "en") -> str:
    result = render(repo, document, target, lang=lang, fmt="md", as_of=AS_OF)
    assert isinstance(result, str)
    return result


@pytest.fixture
def council(make_repo: Any) -> Any:
    return build(make_repo)


def test_every_document_has_one_template_and_both_catalogues() -> None:
    from lpsc_cli.documents import DOCUMENTS

    folder = builtin_dir()
    assert sorted(p.name for p in folder.glob("*.md.j2")) == sorted(
        [f"{name}.md.j2" for name in DOCUMENTS] + ["base.md.j2", "macros.md.j2"]
    )
    assert (folder / "i18n" / "sq.yaml").is_file() and (folder / "i18n" / "en.yaml").is_file()


def test_the_two_catalogues_have_the_same_entries() -> None:
    import yaml

    def keys(node: Any, prefix: str = "") -> set[str]:
        if isinstance(node, dict):
            return {k for key, value in node.items() for k in keys(value, f"{prefix}{key}.")} | {prefix}
        return {prefix}

    sq, en = ((builtin_dir() / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8") for lang in ("sq", "en"))
    assert keys(yaml.safe_load(sq)) == keys(yaml.safe_load(en))


def test_a_council_letterhead_overrides_the_base_layout(council: Any) -> None:
    base = (builtin_dir() / "base.md.j2").read_text(encoding="utf-8")
    council.write(
        "templates/base.md.j2",
        base.replace("{{ m.letterhead() }}", "**LETTERHEAD OF {{ council.municipality|upper }}**"),
    )
    text = md(council.load())
    assert text.startswith("**LETTERHEAD OF MUNICIPALITY OF TESTVILLE**\n")
    assert "REPUBLIC OF ALBANIA" not in text
    assert "Agenda" in text  # the built-in invitation still fills the body


def test_a_language_folder_overrides_one_language_only(council: Any) -> None:
    council.write("templates/sq/invitation.md.j2", "Ftesa jonë: {{ meeting.date|date }}\n")
    repo = council.load()
    assert md(repo, lang="sq") == "Ftesa jonë: 12 mars 2025\n"
    assert md(repo, lang="en").startswith("**REPUBLIC OF ALBANIA**")


def test_a_council_catalogue_changes_single_entries(council: Any) -> None:
    council.write("templates/i18n/en.yaml", "invitation:\n  greeting: 'Dear colleagues,'\n")
    text = md(council.load())
    assert "Dear colleagues," in text and "Dear members," not in text
    assert "## Agenda" in text  # other entries stay


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "Hello\n{{ ''.__class__.__mro__ }}\n",
            r"templates/invitation\.md\.j2:2: unsafe template: access to attribute '__class__'",
        ),
        (
            "{{ meeting.date }}\n\n{{ cycler.__init__.__globals__ }}\n",
            r"templates/invitation\.md\.j2:3: unsafe template",
        ),
        (
            "{{ meeting.secret_field }}\n",
            r"templates/invitation\.md\.j2:1: the template uses something that is not defined: .*secret_field",
        ),
        (
            "line\n{{ no_such_name }}\n",
            r"templates/invitation\.md\.j2:2: the template uses something that is not defined: 'no_such_name'",
        ),
        ("{% if %}\n", r"templates/invitation\.md\.j2:1: the template does not parse"),
        ("{{ t.invitation.no_such_entry }}\n", r"templates/invitation\.md\.j2:1: .*t\.invitation\.no_such_entry"),
        ("{{ 'x {b}'|fill(a=1) }}\n", r"templates/invitation\.md\.j2:1: the template failed: .*place \{b\}"),
        ('{% include "missing.md.j2" %}\n', r"template missing\.md\.j2 not found"),
    ],
)
def test_unsafe_undefined_or_broken_templates_are_refused_with_file_and_line(
    council: Any, source: str, message: str
) -> None:
    council.write("templates/invitation.md.j2", source)
    with pytest.raises(LpscError, match=message):
        md(council.load())


def test_fill_replaces_plain_names_only(council: Any) -> None:
    council.write("templates/invitation.md.j2", "{{ 'x {a} {a.__class__} {0}'|fill(a=1) }}\n")
    assert md(council.load()) == "x 1 {a.__class__} {0}\n"


def test_a_broken_council_catalogue_names_its_line(council: Any) -> None:
    council.write("templates/i18n/en.yaml", "invitation:\n  greeting: [unclosed\n")
    with pytest.raises(LpscError, match=r"templates/i18n/en\.yaml:\d+: the catalogue is not valid YAML"):
        md(council.load())


def test_a_bad_template_through_the_cli_exits_1_without_a_traceback(council: Any, runner: Any, app: Any) -> None:
    council.write("templates/minutes.md.j2", "ok\n{{ ''.__class__ }}\n")
    result = runner.invoke(app, ["render", "minutes", "lpsc-2025-03-12", "--repo", str(council.root)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "templates/minutes.md.j2:2: unsafe template" in result.output
