"""Record text stays text in documents: no raw HTML in Markdown, no links made from record values
in what the council publishes (lpsc_cli.documents.templating.record_values)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents import render
from lpsc_cli.documents.formats import markdown_to_html_body
from lpsc_cli.documents.templating import record_text, record_values

AS_OF = date(2025, 12, 31)
HOSTILE = (
    "Agreed <script>alert(1)</script> & more: [click here](https://evil.example/x), "
    "![pixel](https://evil.example/p.png), <https://evil.example/auto>, \\[escaped\\](https://evil.example/e)"
)


@pytest.fixture
def repo(make_repo: Any) -> Any:
    builder = make_repo()
    builder.add("institution", {"id": "municipality", "name": "Municipality", "sector": "local-government"})
    builder.add(
        "meeting",
        {
            "id": "lpsc-2025-03-12",
            "type": "lpsc",
            "date": "2025-03-12",
            "start": "10:00",
            "end": "12:00",
            "agenda": [{"title": "Plan <b>2025</b> [draft](https://evil.example/a)"}],
            "summary": HOSTILE,
            "decisions": [{"text": "Approve <script>x()</script> see [minutes](https://example.invalid/m)"}],
        },
    )
    activity = {"number": "1.1.1", "text": "Patrols [map](https://evil.example/m)", "responsible": ["municipality"]}
    builder.add(
        "plan",
        {
            "id": "plan-2025",
            "title": "Plan <i>2025</i>",
            "period": {"from": "2025-01-01", "to": "2025-12-31"},
            "status": "approved",
            "published": [
                {"institution": "municipality", "date": "2025-02-10", "url": "https://example.invalid/p?a=1&b=2"}
            ],
            "items": [{"number": "1.1", "issue": "Safety & order", "activities": [activity]}],
        },
    )
    return builder.load()


def test_record_text_escapes_exactly() -> None:
    assert record_text("a < b > c & d [e](f) \\", entities=True, links=False) == "a &lt; b &gt; c &amp; d [e](f) \\"
    assert record_text("a < b [e](f) \\[x]", entities=False, links=True) == "a < b \\[e\\](f) \\\\\\[x\\]"
    assert record_text("![i](s) <x>", entities=True, links=True) == "!\\[i\\](s) &lt;x&gt;"
    context = {"meeting": {"summary": "<b>", "agenda": [{"title": "[t](u)"}], "count": 3}, "none": None}
    assert record_values(context, entities=True, links=True) == {
        "meeting": {"summary": "&lt;b&gt;", "agenda": [{"title": "\\[t\\](u)"}], "count": 3},
        "none": None,
    }


def test_the_press_release_in_markdown_shows_record_text_and_makes_no_link(repo: Any) -> None:
    text = str(render(repo, "press-release", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF))
    assert "<script>" not in text and "<b>" not in text and "<https://evil" not in text
    assert (
        "Agreed &lt;script&gt;alert(1)&lt;/script&gt; &amp; more: \\[click here\\](https://evil.example/x), "
        "!\\[pixel\\](https://evil.example/p.png), &lt;https://evil.example/auto&gt;, "
        "\\\\\\[escaped\\\\\\](https://evil.example/e)"
    ) in text
    assert "1. Plan &lt;b&gt;2025&lt;/b&gt; \\[draft\\](https://evil.example/a)" in text
    body = markdown_to_html_body(text)  # what a Markdown renderer makes of the published text
    assert "<a " not in body and "<img" not in body and "<script" not in body
    assert "Agreed &lt;script&gt;alert(1)&lt;/script&gt; &amp; more: [click here](https://evil.example/x)" in body


def test_the_press_release_in_html_makes_no_link_either(repo: Any) -> None:
    page = str(render(repo, "press-release", "lpsc-2025-03-12", lang="en", fmt="html", as_of=AS_OF))
    assert "evil.example" in page  # the text is kept ...
    assert "<a " not in page and "<img" not in page and "<script" not in page  # ... but nothing is live
    assert "[click here](https://evil.example/x)" in page
    assert "\\[escaped\\](https://evil.example/e)" in page


def test_the_published_plan_keeps_its_own_links_only(repo: Any) -> None:
    text = str(render(repo, "action-plan", "plan-2025", lang="en", fmt="md", as_of=AS_OF))
    assert "# Plan &lt;i&gt;2025&lt;/i&gt;" in text
    assert "Safety &amp; order" in text and "Patrols \\[map\\](https://evil.example/m)" in text
    body = markdown_to_html_body(text)
    # the template's link to the published plan stays a link; the record's link does not
    assert '<a href="https://example.invalid/p?a=1&amp;b=2">' in body
    assert "evil.example/m" in body and 'href="https://evil' not in body


def test_internal_documents_escape_html_in_markdown(repo: Any) -> None:
    text = str(render(repo, "minutes", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF))
    assert "<script>" not in text
    assert "Approve &lt;script&gt;x()&lt;/script&gt; see [minutes](https://example.invalid/m)" in text
