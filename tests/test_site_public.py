"""The public site carries nothing internal or confidential: the canary test of the documents,
extended to every file of `lpsc site --public`.

A unique canary is planted in every internal and confidential string field that accepts free
text (found by walking the schemas' `x-lpsc-class`, as `test_documents_public` does), in the
records and in `lpsc.yaml`; the public site is built in both languages and no file of it may
contain a canary. The internal site, built from the same records, must contain some: without
that control, finding none would prove nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from lpsc_cli.schemas import SchemaSet
from lpsc_cli.site import SiteOptions, build
from tests.support.council import CONFIG
from tests.support.documents import plant

AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def planted(planted_repo: Any) -> tuple[Any, dict[str, tuple[str, ...]]]:
    """The documents' planted repository, with canaries in `lpsc.yaml` too."""
    builder, canaries = planted_repo
    canaries = dict(canaries)
    config = plant("config", {**CONFIG, "contact": {**CONFIG["contact"], "address": "Rruga 1"}}, SchemaSet(), canaries)
    builder.write("lpsc.yaml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return builder.load(), canaries


def leaks(files: dict[str, bytes], canaries: dict[str, tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for path, content in files.items():
        text = content.decode("utf-8")
        hits = sorted(field for canary, field in canaries.items() if canary in text)
        if hits:
            found[path] = hits
    return found


def test_canaries_are_planted_across_the_kinds(planted: Any) -> None:
    repo, canaries = planted
    assert repo.issues == ()
    kinds = {field[0] for field in canaries.values()}
    assert {"meeting", "plan", "case", "training", "member", "report"} <= kinds
    assert ("training", "topic", "sq") in canaries.values()
    assert ("meeting", "decisions", "*", "text", "en") in canaries.values()


def test_the_internal_site_shows_internal_text(planted: Any) -> None:
    """The control: the canaries reach the internal site, so their absence below means something."""
    repo, canaries = planted
    found = leaks(dict(build([repo], SiteOptions(as_of=AS_OF, lang="en")).files), canaries)
    fields = {field for hits in found.values() for field in hits}
    assert ("meeting", "decisions", "*", "text", "en") in fields
    assert ("training", "topic", "en") in fields
    assert ("plan", "items", "*", "activities", "*", "progress", "*", "note", "en") in fields


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_no_canary_in_any_file_of_the_public_site(planted: Any, lang: str) -> None:
    repo, canaries = planted
    site = build([repo], SiteOptions(as_of=AS_OF, lang=lang, public=True))
    assert "index.html" in site.files and "cases.html" not in site.files
    assert leaks(dict(site.files), canaries) == {}


def test_no_canary_in_a_public_comparison_of_councils(planted: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    repo, canaries = planted
    other = replace(repo, config={**repo.config, "council": "othertown"})
    site = build([repo, other], SiteOptions(as_of=AS_OF, lang="en", public=True))
    assert "othertown/index.html" in site.files
    assert leaks(dict(site.files), canaries) == {}
