"""Documents cite the legal basis the council works under (issue 11 §3): the Normative Act
(DCM 678/2024) or a council regulation modelled on the Elbasan model regulation (R), or both.

Every document of `render --list` is rendered in both languages for a council of each basis, for
every record it can take (every meeting: with an invitation sent and without one), and its
citations are read back: a council under the Normative Act is never cited "the Regulation", a
council under its own regulation never the Decision No. 678, and a council under both (or one
that names no basis, for which every rule applies) is cited both.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.documents import DOCUMENTS, citation_basis, render
from tests.support.council import CONFIG, MEETINGS, build
from tests.support.documents import AS_OF, LANGUAGES, target
from tests.support.repos import RepoBuilder

#: What cites each basis, per language: R by its name, the Normative Act by its number.
REGULATION = {"sq": re.compile(r"Rregullor"), "en": re.compile(r"\bRegulation\b")}
NORMATIVE_ACT = {"sq": re.compile(r"\b678\b"), "en": re.compile(r"\b678\b")}
#: The sentences that must cite: the invitation's opening, its notice, the monitoring report.
OPENING = {"sq": "Në zbatim të", "en": "Pursuant to"}


def _council(root: Path, basis: Any) -> Any:
    chosen = {**CONFIG, "basis": basis} if basis is not None else dict(CONFIG)
    meetings = copy.deepcopy(MEETINGS)
    unsent = copy.deepcopy(next(m for m in meetings if m["id"] == "lpsc-2025-03-12"))
    unsent.update(id="lpsc-2025-10-15", date="2025-10-15")
    unsent.pop("invitation", None)  # an invitation not sent yet: the notice sentence of the basis
    for key in ("minutes", "press_release", "decisions", "attendance"):
        unsent.pop(key, None)
    repo = build(lambda config=None: RepoBuilder(root, chosen))
    repo.add("meeting", unsent)
    return repo.load()


def _documents(repo: Any) -> dict[tuple[str, str, str], str]:
    """Every document in both languages, for every meeting and the other documents' targets."""
    rendered: dict[tuple[str, str, str], str] = {}
    meetings = [m.id for m in repo.of("meeting")]
    for name, spec in DOCUMENTS.items():
        targets = meetings if spec.kind == "meeting" else [target("testville", name)]
        for record in targets:
            for lang in LANGUAGES:
                text = render(repo, name, record, lang=lang, fmt="md", as_of=AS_OF)
                assert isinstance(text, str)
                rendered[name, record, lang] = text
    return rendered


@pytest.fixture(scope="module", params=["normative-act", "council-regulation", "both", "none"])
def council(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any]:
    basis = {"both": ["normative-act", "council-regulation"], "none": None}.get(request.param, request.param)
    repo = _council(tmp_path_factory.mktemp(request.param), basis)
    return request.param, _documents(repo)


def test_every_document_cites_only_the_council_basis(council: tuple[str, Any]) -> None:
    basis, documents = council
    cites_act = basis != "council-regulation"
    cites_regulation = basis != "normative-act"
    for (name, record, lang), text in documents.items():
        where = f"{name} {record} ({lang}, basis {basis})"
        if not cites_regulation:
            assert not REGULATION[lang].search(text), f"{where} cites the Regulation"
        if not cites_act:
            assert not NORMATIVE_ACT[lang].search(text), f"{where} cites the Decision No. 678"
    # and the bases it is under are cited, somewhere in each language
    for lang in LANGUAGES:
        texts = [text for (_, _, language), text in documents.items() if language == lang]
        assert any(NORMATIVE_ACT[lang].search(t) for t in texts) == cites_act, f"{basis} ({lang}): Decision No. 678"
        assert any(REGULATION[lang].search(t) for t in texts) == cites_regulation, f"{basis} ({lang}): the Regulation"


def _sentence(text: str, start: str) -> str:
    found = [line for line in text.splitlines() if line.startswith(start)]
    assert len(found) == 1, f"no single line starting {start!r}"
    return found[0]


def test_the_invitation_and_the_monitoring_report_cite_the_basis(council: tuple[str, Any]) -> None:
    basis, documents = council
    for lang in LANGUAGES:
        opening = _sentence(documents["invitation", "lpsc-2025-03-12", lang], OPENING[lang])
        intro = _sentence(documents["monitoring", "2025-H1", lang], {"sq": "Ky raport", "en": "This report"}[lang])
        sent = documents["invitation", "lpsc-2025-03-12", lang]
        unsent = documents["invitation", "lpsc-2025-10-15", lang]
        for sentence in (opening, intro):
            assert bool(NORMATIVE_ACT[lang].search(sentence)) == (basis != "council-regulation"), sentence
            assert bool(REGULATION[lang].search(sentence)) == (basis != "normative-act"), sentence
        if basis == "council-regulation":
            assert ("neni 7, pika 4" if lang == "sq" else "Article 7.4") in sent
            assert ("nenit 8, pikat 5 dhe 6" if lang == "sq" else "Article 8.5–8.6") in intro
        for text in (sent, unsent):  # the notice statement cites the basis too (R art. 7.4 if under R)
            starts = {"sq": ("Kjo ftesë", "Ftesa,"), "en": ("This invitation", "The invitation")}[lang]
            notice = _sentence(text, starts[0] if text is sent else starts[1])
            cites = NORMATIVE_ACT if basis == "normative-act" else REGULATION
            assert cites[lang].search(notice), notice


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"basis": "normative-act"}, "normative-act"),
        ({"basis": "council-regulation"}, "council-regulation"),
        ({"basis": ["council-regulation", "normative-act"]}, "normative-act+council-regulation"),
        ({}, "normative-act+council-regulation"),
        ({"basis": "unknown"}, "normative-act+council-regulation"),
    ],
)
def test_citation_basis_reads_lpsc_yaml(config: dict[str, Any], expected: str) -> None:
    assert citation_basis(config) == expected


def test_html_and_word_cite_the_same_basis(tmp_path: Path) -> None:
    import io

    import docx

    repo = _council(tmp_path / "act", "normative-act")
    for lang in LANGUAGES:
        page = render(repo, "invitation", "lpsc-2025-03-12", lang=lang, fmt="html", as_of=AS_OF)
        word = render(repo, "invitation", "lpsc-2025-03-12", lang=lang, fmt="docx", as_of=AS_OF)
        assert isinstance(page, str) and isinstance(word, bytes)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
        for shown in (page, text):
            assert NORMATIVE_ACT[lang].search(shown) and not REGULATION[lang].search(shown)


def test_a_council_sentence_wins_over_the_built_in_one_of_its_basis(tmp_path: Path) -> None:
    builder = build(lambda config=None: RepoBuilder(tmp_path / "own", {**CONFIG, "basis": "normative-act"}))
    builder.write(
        "templates/i18n/en.yaml",
        "invitation:\n  opening: 'Under our own rules, you are invited to the {meeting} on {date} at {start} ({place}).'\n",
    )
    text = render(builder.load(), "invitation", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF)
    assert isinstance(text, str)
    assert "Under our own rules, you are invited" in text and "Pursuant to" not in text
    # and a council's `bases` section wins over its plain entries for that basis
    builder.write(
        "templates/i18n/en.yaml",
        "bases:\n  normative-act:\n    invitation:\n      opening: 'Under DCM 678, come to the {meeting} on {date} "
        "at {start} ({place}).'\n",
    )
    text = render(builder.load(), "invitation", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF)
    assert isinstance(text, str) and "Under DCM 678, come to the" in text
