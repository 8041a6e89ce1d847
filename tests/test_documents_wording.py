"""The wording of the documents where a record leaves something out.

Each test writes the small council of tests/support/council.py with one thing changed (no
prefecture, no place, nobody online, an invitation sent late, ...) and reads the sentence that
the change touches, in Albanian and in English. The last test reads every document of both
councils for the marks of a sentence written around a missing value.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.documents import DOCUMENTS, render
from lpsc_cli.documents.reports import age_order
from lpsc_cli.documents.views import council_place
from tests.support.council import CASES, CONFIG, MEETINGS, build
from tests.support.documents import AS_OF, LANGUAGES, TARGETS, target
from tests.support.repos import EXAMPLE, RepoBuilder


def council(tmp_path: Path, *, config: dict[str, Any] | None = None, **records: Any) -> Any:
    """The test council with some records replaced: `meeting=[...]`, `case=[...]`."""
    repo = build(lambda config: RepoBuilder(tmp_path / "repo", config), config=config)
    for kind, replaced in records.items():
        for record in replaced:
            repo.add(kind, record)
    return repo.load()


def meeting(**changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(MEETINGS[0])
    record.update(changes)
    return {key: value for key, value in record.items() if value is not None}


def text(repo: Any, document: str, record: str, lang: str) -> str:
    rendered = render(repo, document, record, lang=lang, fmt="md", as_of=AS_OF)
    assert isinstance(rendered, str)
    return rendered


def test_a_council_without_a_prefecture_writes_to_the_prefect_of_the_region(tmp_path: Path) -> None:
    repo = council(tmp_path, config={key: value for key, value in CONFIG.items() if key != "prefecture"})
    sq = text(repo, "prefect", "2025-03", "sq")
    en = text(repo, "prefect", "2025-03", "en")
    assert "**Drejtuar:** Prefektit të Qarkut, Koordinatorit Rajonal" in sq
    assert "**To:** Prefect of the Region, Regional Coordinator" in en
    assert "Qarkut ," not in sq and "the  Region" not in en


def test_a_prefecture_is_named_with_capitals(tmp_path: Path) -> None:
    repo = council(tmp_path, config={**CONFIG, "prefecture": "gjirokaster"})
    assert "Prefektit të Qarkut Gjirokaster, Koordinatorit Rajonal" in text(repo, "prefect", "2025-03", "sq")


def test_a_meeting_without_a_place_leaves_the_place_out(tmp_path: Path) -> None:
    repo = council(tmp_path, meeting=[meeting(location=None)])
    for document in ("invitation", "minutes", "attendance", "press-release"):
        for lang in LANGUAGES:
            page = text(repo, document, "lpsc-2025-03-12", lang)
            assert "Vendi i zhvillimit" not in page and "—." not in page and " at —" not in page, (document, lang)
    assert "që do të zhvillohet më 12 mars 2025, ora 10:00.\n" in text(repo, "invitation", "lpsc-2025-03-12", "sq")
    assert "Mbledhja u zhvillua nga ora 10:00 deri në orën 12:30." in text(
        repo, "press-release", "lpsc-2025-03-12", "sq"
    )


def test_a_meeting_with_a_place_names_it(tmp_path: Path) -> None:
    repo = council(tmp_path)
    assert "Vendi i zhvillimit: Salla e Këshillit Bashkiak." in text(repo, "minutes", "lpsc-2025-03-12", "sq")
    assert "at Municipal Council Hall" in text(repo, "minutes", "lpsc-2025-03-12", "en")


def test_nobody_online_is_not_counted(tmp_path: Path) -> None:
    attendance = [
        {**entry, "status": "present"} if entry["status"] == "virtual" else entry for entry in MEETINGS[0]["attendance"]
    ]
    repo = council(tmp_path, meeting=[meeting(attendance=attendance, mode="in-person")])
    sq = text(repo, "minutes", "lpsc-2025-03-12", "sq")
    en = text(repo, "minutes", "lpsc-2025-03-12", "en")
    assert "Morën pjesë 3 nga 4 anëtarë; 1 me mungesë të justifikuar" in sq
    assert "prej tyre në distancë" not in sq and "of them online" not in en


def test_members_online_are_counted(tmp_path: Path) -> None:
    assert "(1 prej tyre në distancë)" in text(council(tmp_path), "minutes", "lpsc-2025-03-12", "sq")


def test_present_members_are_i_pranishem(tmp_path: Path) -> None:
    page = text(council(tmp_path), "attendance", "lpsc-2025-03-12", "sq")
    assert "| i pranishëm |" in page and "| i pranishëm në distancë |" in page
    assert "prezent |" not in page


def test_an_invitation_sent_late_does_not_say_so(tmp_path: Path) -> None:
    late = meeting(invitation={**MEETINGS[0]["invitation"], "sent": "2025-03-11T09:00"})
    repo = council(tmp_path, meeting=[late])
    sq = text(repo, "invitation", "lpsc-2025-03-12", "sq")
    en = text(repo, "invitation", "lpsc-2025-03-12", "en")
    assert "materialet për shqyrtim, dërgohet më 11 mars 2025.\n" in sq
    assert "materials for review, is sent on 11 March 2025.\n" in en
    for word in ("ndërsa", "kërkon", "ditë pune"):
        assert word not in sq
    for word in ("fewer", "asks for", "working days"):
        assert word not in en


def test_an_invitation_sent_in_time_says_how_early(tmp_path: Path) -> None:
    sq = text(council(tmp_path), "invitation", "lpsc-2025-03-12", "sq")
    assert "dërgohet më 4 mars 2025, 6 ditë pune para mbledhjes" in sq


def test_a_consultation_without_a_summary_ends_its_sentence(tmp_path: Path) -> None:
    consultation = {key: value for key, value in MEETINGS[1].items() if key != "summary"}
    repo = council(tmp_path, meeting=[consultation])
    sq = text(repo, "monitoring", "2025-H1", "sq")
    en = text(repo, "monitoring", "2025-H1", "en")
    assert "takimin e hapur konsultimi të datës 25 qershor 2025.\n" in sq
    assert "open consultation meeting of 25 June 2025.\n" in en
    assert "25 qershor 2025:" not in sq and "25 June 2025:" not in en


def test_a_consultation_with_a_summary_quotes_it(tmp_path: Path) -> None:
    sq = text(council(tmp_path), "monitoring", "2025-H1", "sq")
    assert "të datës 25 qershor 2025:\n\n> Banorët kërkuan më shumë ndriçim rrugor." in sq


def test_the_fields_left_blank_on_a_referral_are_named_in_words(tmp_path: Path) -> None:
    case = copy.deepcopy(CASES[0])
    case["referral"]["missing"] = ["family-situation", "school-records"]
    repo = council(tmp_path, case=[case])
    assert "**Fusha të paplotësuara:** situata familjare, school records" in text(repo, "referral", case["id"], "sq")
    assert "**Fields left blank:** family situation, school records" in text(repo, "referral", case["id"], "en")


def test_another_council_is_named_not_shouted(tmp_path: Path) -> None:
    repo = council(tmp_path)
    sq = text(repo, "transfer", "case-2025-002", "sq")
    assert "**Drejtuar:** Këshillit Vendor të Sigurisë Publike Librazhd" in sq
    assert "LIBRAZHD" not in sq
    assert council_place("kucove") == "Kucove"
    assert council_place("mirdite-rreshen") == "Mirdite Rreshen"
    assert council_place(None) is None


def test_age_bands_are_in_order_of_age() -> None:
    bands = ["65+", "18-24", "unknown", "13-17", "0-5", "6-12"]
    assert sorted(bands, key=age_order) == ["0-5", "6-12", "13-17", "18-24", "65+", "unknown"]


def test_the_prefect_report_lists_age_bands_youngest_first(tmp_path: Path) -> None:
    march = [c for c in CASES if str(c["referral"]["received"]).startswith("2025-03")]
    cases = [
        {**copy.deepcopy(case), "subject": {**case["subject"], "age_band": band}}
        for case, band in zip(march, ["65+", "13-17", "6-12"], strict=False)
    ]
    page = text(council(tmp_path, case=cases), "prefect", "2025-03", "sq")
    section = page.split("### Rastet sipas grupmoshës")[1].split("###")[0]
    shown = re.findall(r"^\| (\d+(?:-\d+|\+)) \|", section, flags=re.MULTILINE)
    assert shown == sorted(shown, key=age_order) and len(shown) == len(cases)


def test_one_case_discussed_is_one_rast(tmp_path: Path) -> None:
    assert "U diskutua një rast; të dhënat ruhen në dosjen e rastit (case-2025-001)." in text(
        council(tmp_path), "minutes", "lpsc-2025-03-12", "sq"
    )


def test_the_review_date_of_a_plan_is_afati_i_rishikimit(tmp_path: Path) -> None:
    assert "**Afati i rishikimit:**" in text(council(tmp_path), "isp", "case-2025-001", "sq")


#: Marks of a sentence written around a missing value, or of an id where words belong.
GAPS = {
    "a blank before a comma": re.compile(r"\w +,"),
    "a dash standing for a missing value in a sentence": re.compile(r"\w[:,] —\."),
    "nobody counted": re.compile(r"\(0 (prej|of) "),
    "prezent": re.compile(r"\bprezent\b"),
    "an id in capitals": re.compile(r"\b(LIBRAZHD|TESTVILLE|ELBASAN)\b(?!\*\*)"),
}


@pytest.fixture(scope="module")
def councils(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from lpsc_cli.repository import load_repository

    root = tmp_path_factory.mktemp("wording")
    return {
        "testville": build(lambda config: RepoBuilder(root / "repo", config)).load(),
        "elbasan": load_repository(EXAMPLE, cache=False),
    }


@pytest.mark.parametrize("source", sorted(TARGETS))
def test_no_document_reads_around_a_gap(councils: dict[str, Any], source: str) -> None:
    for document in sorted(DOCUMENTS):
        for lang in LANGUAGES:
            page = text(councils[source], document, target(source, document), lang)
            lines = page.splitlines()
            body = "\n".join(line for line in lines if not line.startswith("**"))  # the letterhead is in capitals
            for name, pattern in GAPS.items():
                assert not pattern.search(body), f"{document} ({lang}, {source}): {name}"
            for number, line in enumerate(lines):
                if line.endswith(":") and not line.startswith("#"):
                    following = next((x for x in lines[number + 1 :] if x.strip()), "")
                    assert re.match(r"\s*(- |\d+\. |> )", following), (
                        f"{document} ({lang}, {source}): {line!r} leads nowhere"
                    )
