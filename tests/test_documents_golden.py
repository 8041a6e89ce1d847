"""Golden Markdown of every document in both languages, and every format of every document.

Two sources: the small council of test_documents_council (tests/golden/documents/testville/)
and the example repository examples/elbasan (tests/golden/documents/elbasan/). After a
deliberate change to a template, the catalogue or the example, regenerate them with

    LPSC_UPDATE_GOLDEN=1 pytest tests/test_documents_golden.py

and read the diff before committing it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.documents import DOCUMENTS, render
from tests.support.council import build
from tests.support.documents import AS_OF, LANGUAGES, TARGETS, target
from tests.support.repos import EXAMPLE

GOLDEN = Path(__file__).parent / "golden" / "documents"
UPDATE = os.environ.get("LPSC_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def testville(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.support.council import CONFIG
    from tests.support.repos import RepoBuilder

    root = tmp_path_factory.mktemp("golden")
    counter = iter(range(10))
    return build(lambda config=None: RepoBuilder(root / f"repo{next(counter)}", config or CONFIG)).load()


@pytest.fixture(scope="module")
def elbasan() -> Any:
    from lpsc_cli.repository import load_repository

    if not (EXAMPLE / "lpsc.yaml").is_file():
        pytest.fail("examples/elbasan is missing")
    return load_repository(EXAMPLE, cache=False)


def check_golden(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run LPSC_UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from its golden file"


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("source", sorted(TARGETS))
def test_golden_markdown(request: pytest.FixtureRequest, source: str, document: str, lang: str) -> None:
    repo = request.getfixturevalue(source)
    text = render(repo, document, target(source, document), lang=lang, fmt="md", as_of=AS_OF)
    assert isinstance(text, str)
    check_golden(GOLDEN / source / f"{document}.{lang}.md", text)


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_every_document_renders_for_the_example_in_every_language_and_format(elbasan: Any, document: str) -> None:
    import docx

    from tests.support.html_pages import parse

    for lang in LANGUAGES:
        page = render(elbasan, document, target("elbasan", document), lang=lang, fmt="html", as_of=AS_OF)
        assert isinstance(page, str) and f'<html lang="{lang}">' in page
        assert parse(page).tags.count("h1") == 1
        word = render(elbasan, document, target("elbasan", document), lang=lang, fmt="docx", as_of=AS_OF)
        assert isinstance(word, bytes)
        headings = [p for p in docx.Document(io.BytesIO(word)).paragraphs if p.style.name == "Heading 1"]
        assert len(headings) == 1 and headings[0].text.startswith(DOCUMENTS[document].title[lang])
