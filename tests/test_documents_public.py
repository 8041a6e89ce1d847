"""Public means public: no internal or confidential field reaches a public document.

A unique canary is planted in every internal and confidential string field of a repository
that can hold free text (the schema refuses canaries in enums, ids, dates and patterns: those
are skipped), then every public document is rendered in both languages and all formats —
with the built-in templates, and with a council template that writes out everything it is
given — and none may contain a canary.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents import DOCUMENTS, render

AS_OF = date(2025, 12, 31)
PUBLIC_DOCUMENTS = sorted(name for name, document in DOCUMENTS.items() if document.public)


def test_canaries_are_planted_in_every_kind_of_free_text(planted_repo: Any) -> None:
    builder, planted = planted_repo
    assert builder.load().issues == ()
    fields = set(planted.values())
    for expected in [
        ("meeting", "agenda", "*", "materials", "*", "sq"),
        ("meeting", "invitation", "guests", "*", "name"),
        ("meeting", "guests", "*", "name"),
        ("meeting", "decisions", "*", "text", "en"),
        ("plan", "items", "*", "activities", "*", "progress", "*", "note", "sq"),
        ("plan", "revisions", "*", "summary", "en"),
        ("member", "email"),
        ("training", "topic", "sq"),
        ("report", "protocol"),
    ]:
        assert expected in fields, expected


def test_the_canaries_do_reach_internal_documents(planted_repo: Any) -> None:
    """The control: without it, a test that finds no canary proves nothing."""
    builder, planted = planted_repo
    minutes = render(builder.load(), "minutes", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF)
    found = {field for canary, field in planted.items() if canary in minutes}
    assert ("meeting", "decisions", "*", "text", "en") in found
    assert ("meeting", "guests", "*", "name") in found


def document_text(result: str | bytes) -> str:
    if isinstance(result, str):
        return result
    import docx

    document = docx.Document(io.BytesIO(result))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def targets(repo: Any, document: str) -> list[str]:
    return [record.id for record in repo.of(DOCUMENTS[document].kind)]


@pytest.mark.parametrize("document", PUBLIC_DOCUMENTS)
def test_no_canary_in_public_documents(planted_repo: Any, document: str) -> None:
    builder, planted = planted_repo
    repo = builder.load()
    assert targets(repo, document), f"no {DOCUMENTS[document].kind} to render {document} for"
    for target in targets(repo, document):
        for lang in ("sq", "en"):
            for fmt in ("md", "html", "docx"):
                text = document_text(render(repo, document, target, lang=lang, fmt=fmt, as_of=AS_OF))
                leaked = sorted(planted[c] for c in planted if c in text)
                assert leaked == [], f"{document} {target} {lang} {fmt} leaks {leaked}"


@pytest.mark.parametrize("document", PUBLIC_DOCUMENTS)
def test_no_canary_even_when_the_template_writes_out_everything(planted_repo: Any, document: str) -> None:
    builder, planted = planted_repo
    dump = "{{ council }} {{ chair }} {{ secretary }} {{ sealed }} {{ document }}"
    dump += " {{ meeting }} {{ members }} {{ notice }}" if document == "press-release" else " {{ plan }}"
    builder.write(f"templates/{document}.md.j2", dump + "\n")
    try:
        repo = builder.load()
        assert targets(repo, document), f"no {DOCUMENTS[document].kind} to render {document} for"
        for target in targets(repo, document):
            text = document_text(render(repo, document, target, lang="en", fmt="md", as_of=AS_OF))
            assert "REPUBLIC OF ALBANIA" not in text and len(text) > 200  # the dump ran, not the built-in
            assert sorted(planted[c] for c in planted if c in text) == []
    finally:
        (builder.root / "templates" / f"{document}.md.j2").unlink()
