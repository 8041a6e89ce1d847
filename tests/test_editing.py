"""The editing library: reading option values, and the create/change pipeline used by every command."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lpsc_cli import vocabulary
from lpsc_cli.editing import cases, core, values
from lpsc_cli.errors import RecordError, UsageError
from lpsc_cli.yamlio import parse
from tests.support.records import git, seeded, subjects

TODAY = date(2025, 3, 12)


def test_dates_accept_iso_and_today() -> None:
    assert values.parse_date("2025-03-12", option="--date", today=TODAY) == "2025-03-12"
    assert values.parse_date(" today ", option="--date", today=TODAY) == "2025-03-12"
    assert values.parse_date("2024-02-29", option="--date", today=TODAY) == "2024-02-29"
    with pytest.raises(UsageError, match=r"^--date: '2025-02-29' is not a valid date \(use YYYY-MM-DD or 'today'\)$"):
        values.parse_date("2025-02-29", option="--date", today=TODAY)
    with pytest.raises(UsageError, match="is a date and time; this field takes a date only"):
        values.parse_date("2025-03-12T10:00", option="--signed", today=TODAY)


def test_date_times_accept_the_documented_forms() -> None:
    now = datetime(2025, 3, 12, 16, 5)
    read = lambda text: values.parse_datetime(text, option="--sent", today=TODAY, now=now)  # noqa: E731
    assert read("2025-03-12T10:00") == "2025-03-12T10:00"
    assert read("2025-03-12 9:05") == "2025-03-12T09:05"
    assert read("2025-03-12T10:00:30") == "2025-03-12T10:00:30"
    assert read("2025-03-12") == "2025-03-12"
    assert read("today") == "2025-03-12"
    assert read("now") == "2025-03-12T16:05"
    for bad in ("2025-03-12T24:00", "2025-03-32T10:00", "12/03/2025", "2025-03-12T10"):
        with pytest.raises(UsageError, match=f"^--sent: '{bad}' is not a valid date"):
            read(bad)


def test_texts_times_periods_and_ids() -> None:
    assert values.parse_text(["Plain"], option="--t") == "Plain"
    assert values.parse_text(["en:Hall", "sq:Salla"], option="--t") == {"sq": "Salla", "en": "Hall"}
    assert values.parse_text(["note: not a language"], option="--t") == "note: not a language"
    assert values.parse_text([], option="--t") is None
    with pytest.raises(UsageError, match="'sq:' is given twice"):
        values.parse_text(["sq:a", "sq:b"], option="--t")
    assert values.parse_time("9:30", option="--time") == "09:30"
    assert values.parse_period("2025-q3", option="--period") == "2025-Q3"
    assert values.ids(["a,b", "a"], option="--to") == ["a", "b"]
    with pytest.raises(UsageError, match=r"'\.\./x' is not an id"):
        values.record_id("../x", option="--id")
    assert values.slug("Ilir Dervishi") == "ilir-dervishi"
    assert values.slug("Ëngjëll Çela") == "engjell-cela"
    assert values.choice("ELIGIBLE", vocabulary.SCREENING_OUTCOMES, option="--outcome") == "eligible"


def test_the_finish_hook_changes_the_document_last(make_repo) -> None:
    """The extension point for sealed data: `finish` sees the document before the checks."""
    repo = seeded(make_repo)
    referral = cases.Referral(received="2025-02-10T09:30", referred_by="community", concerns=("other",))

    def seal(document) -> None:
        document["sealed"] = {"readers": ["member-arta-kola"], "parts": ["identity"],
                              "age": "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"}  # fmt: skip

    result = cases.new_case(repo.load(), referral, options=core.WriteOptions(), finish=seal)
    assert result.action == "created" and result.commit is not None and result.commit.committed
    data = parse(result.path.read_bytes(), result.file).data
    assert data["sealed"]["readers"] == ["member-arta-kola"]
    assert list(data)[-1] == "sealed"
    with pytest.raises(RecordError) as caught:
        cases.screen(repo.load(), "case-2025-001", cases.Screening(date="2025-02-11", outcome="eligible"),
                     options=core.WriteOptions(), finish=lambda d: d.__setitem__("status", "closed"))  # fmt: skip
    assert [i.message for i in caught.value.issues] == ["the case is closed but has no closure (closure.date)"]


def test_a_file_changed_on_disk_during_a_change_is_not_overwritten(make_repo) -> None:
    repo = seeded(make_repo)
    loaded = repo.load()
    created = cases.new_case(
        loaded,
        cases.Referral(received="2025-02-10T09:30", referred_by="community", concerns=("other",)),
        options=core.WriteOptions(),
    )
    edited_by_hand = created.path.read_text() + "# a person saved this meanwhile\n"

    def someone_saves_meanwhile(document) -> None:
        created.path.write_text(edited_by_hand, encoding="utf-8")

    with pytest.raises(RecordError, match="changed on disk while the change was prepared; nothing was written"):
        cases.screen(repo.load(), "case-2025-001", cases.Screening(date="2025-02-12", outcome="eligible"),
                     options=core.WriteOptions(), finish=someone_saves_meanwhile)  # fmt: skip
    assert created.path.read_text() == edited_by_hand
    assert subjects(repo.root)[0] == "case: new case-2025-001"
    assert git(repo.root, "status", "--porcelain").strip() == "M cases/2025/case-2025-001.yaml"


def test_refusals_carry_the_findings_of_check(make_repo) -> None:
    repo = seeded(make_repo)
    referral = cases.Referral(received="2025-02-10T09:30", referred_by="nowhere", concerns=("other",), code="A B")
    with pytest.raises(RecordError) as caught:
        cases.new_case(repo.load(), referral, options=core.WriteOptions())
    assert [(i.code, i.line, i.message) for i in caught.value.issues] == [
        ("schema", 3, "subject.code: the value does not have the expected form"),  # case values are never repeated
    ]
    referral = cases.Referral(received="2025-02-10T09:30", referred_by="nowhere", concerns=("other",))
    with pytest.raises(RecordError) as caught:
        cases.new_case(repo.load(), referral, options=core.WriteOptions())
    assert [(i.code, i.line, i.message) for i in caught.value.issues] == [
        ("reference", 6, "referral.referred_by: no institution with id 'nowhere'"),
    ]
    assert not (repo.root / "cases").exists()


def test_locate_record_by_id_kind_and_path(make_repo) -> None:
    repo = seeded(make_repo)
    loaded = repo.load()
    assert core.locate_record(loaded, "member-arta-kola")[:2] == ("member", "member-arta-kola")
    assert (
        core.locate_record(loaded, "institution:police-testville")[2]
        == repo.root / "institutions/police-testville.yaml"
    )
    assert core.locate_record(loaded, "members/member-besa-rama.yaml")[:2] == ("member", "member-besa-rama")
    with pytest.raises(RecordError, match="there is no record with the id 'nobody'"):
        core.locate_record(loaded, "nobody")


def test_a_file_with_what_check_refuses_is_not_edited_silently(make_repo) -> None:
    repo = seeded(make_repo)
    cases.new_case(
        repo.load(),
        cases.Referral(received="2025-02-10T09:30", referred_by="community", concerns=("other",)),
        options=core.WriteOptions(),
    )
    path = repo.root / "cases/2025/case-2025-001.yaml"
    written = path.read_text() + "shared_with: &d {lpsc: 2025-02-12}\nextra: *d\n"
    path.write_text(written, encoding="utf-8")
    git(repo.root, "commit", "-qam", "a hand edit")
    with pytest.raises(RecordError) as caught:
        cases.screen(repo.load(), "case-2025-001", cases.Screening(date="2025-02-12", outcome="eligible"),
                     options=core.WriteOptions())  # fmt: skip
    assert [(i.code, i.line) for i in caught.value.issues] == [("yaml-alias", 7)]
    assert path.read_text() == written
