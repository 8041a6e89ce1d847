"""Documents: what each shows, worked out by hand from the small council of test_documents_council."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents import DOCUMENTS, render
from lpsc_cli.documents.reports import breakdown, case_status_at, last_period
from lpsc_cli.errors import LpscError, UsageError
from tests.support.council import build

AS_OF = date(2025, 12, 31)


@pytest.fixture
def council(make_repo: Any) -> Any:
    return build(make_repo)


@pytest.fixture
def repo(council: Any) -> Any:
    return council.load()


def md(repo: Any, document: str, target: str, lang: str = "en", **options: Any) -> str:
    result = render(repo, document, target, lang=lang, fmt="md", as_of=options.pop("as_of", AS_OF), **options)
    assert isinstance(result, str)
    return result


def test_the_council_loads_clean(repo: Any) -> None:
    assert [issue for issue in repo.issues if issue.severity == "error"] == []


def test_invitation_states_the_notice_in_working_days(repo: Any) -> None:
    # sent Tue 4 March, meeting Wed 12 March: 5, 6, 7, 10, 11, 12 March = 6 working days
    text = md(repo, "invitation", "lpsc-2025-03-12")
    assert (
        "is sent on 4 March 2025, 6 working days before the meeting (Article 7.4 of the Regulation asks for at least 5)."
        in text
    )
    assert "to be held on 12 March 2025 at 10:00, at Municipal Council Hall." in text
    assert "1. Approval of the 2025 local plan — presented by Besa Lala, Specialist (Municipality of Testville)" in text
    assert "    - Material: Draft plan 2025" in text
    assert "The meeting will be held in person and online" in text


def test_invitation_with_short_notice_does_not_tell_its_recipients(council: Any) -> None:
    from tests.support.council import MEETINGS

    late = {**MEETINGS[0], "invitation": {"sent": "2025-03-10T09:00", "to": "all"}}
    council.add("meeting", late)
    text = md(council.load(), "invitation", "lpsc-2025-03-12")
    # a letter to members: the late notice is a finding of `check`, not a line of the invitation
    assert "is sent on 10 March 2025.\n" in text
    assert "working days" not in text and "fewer" not in text


def test_invitation_in_albanian(repo: Any) -> None:
    text = md(repo, "invitation", "lpsc-2025-03-12", lang="sq")
    assert "**Lënda:** Ftesë për mbledhjen e Këshillit Vendor të Sigurisë Publike" in text
    assert "që do të zhvillohet më 12 mars 2025, ora 10:00." in text
    assert "dërgohet më 4 mars 2025, 6 ditë pune para mbledhjes" in text


def test_minutes_attendance_decisions_and_record(repo: Any) -> None:
    text = md(repo, "minutes", "lpsc-2025-03-12")
    assert "| 3 | Dorian Meta | Testville Local Police Directorate | present online |  |" in text
    assert (
        "| 4 | Eda Kola | Regional Social Service Directorate | excused | written explanation received on 11 March 2025 |"
        in text
    )
    assert "3 of 4 members took part (1 of them online); 1 excused, 0 absent; 0 represented by a delegate." in text
    assert (
        "1. The 2025 local action plan is approved.\n    Adopted by consensus. Signed by the chair on 13 March 2025."
        in text
    )
    assert "- **Submitted to the National CVE Coordination Centre:** 20 March 2025" in text
    assert "| Andi Hoxha | Besa Lala |" in text


def test_attendance_sheet_lists_members_in_term_when_not_held(council: Any) -> None:
    council.add("meeting", {"id": "lpsc-2025-09-10", "type": "lpsc", "date": "2025-09-10"})
    text = md(council.load(), "attendance", "lpsc-2025-09-10")
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    # Gent Shala's term ended on 2025-02-28: four members to sign, signature column empty
    assert [row.split(" | ")[1] for row in rows] == ["Andi Hoxha", "Besa Lala", "Dorian Meta", "Eda Kola"]
    assert rows[0].endswith("|  |  |")


def test_press_release_holds_what_article_11_names(repo: Any) -> None:
    text = md(repo, "press-release", "lpsc-2025-03-12")
    assert "## The meeting of the Local Public Safety Council was held on 12 March 2025" in text
    assert "The meeting took place from 10:00 to 12:30, at Municipal Council Hall." in text
    assert ("3 members took part, representing: Municipality of Testville; Testville Local Police Directorate. "
            "One of them took part online.") in text  # fmt: skip
    assert "1. Approval of the 2025 local plan" in text
    assert "The council discussed and approved the local action plan for 2025." in text
    # not named by art. 11.1: decisions, materials, guests' names, the invitation
    for absent in ("The 2025 local action plan is approved", "Draft plan 2025", "Drita Leka", "4 March"):
        assert absent not in text


def test_action_plan_has_the_layout_of_table_1(repo: Any) -> None:
    text = md(repo, "action-plan", "plan-2025")
    assert (
        "| No. | Identified issue | Priority | Activities to be undertaken to address the issue "
        "| Responsible institution | Timing |"
    ) in text
    assert (
        "| 1.1 | Drug use among young people (12 cases in 2024) | High priority "
        "| 1.1.1 Law classes for young people<br>1.1.2 Meetings with parents "
        "| Testville Local Police Directorate<br>Testville Basic School | First 6-month period<br>every 2 months |"
    ) in text
    assert (
        "| 2.1 | Domestic violence | Moderate priority | 2.1.1 Awareness campaign | Regional Social Service Directorate | all year round |"
        in text
    )


def test_monitoring_judges_activities_at_the_end_of_the_half(repo: Any) -> None:
    text = md(repo, "monitoring", "2025-H1")
    # weights 2 (100 %) and 1 (40 % on 1 April; the 80 % of September is later), 2.1.1 dropped
    assert "Progress of the plan at the end of the period: 80% (3 activities, weighted)." in text
    assert (
        "| 1.1.2 | Meetings with parents | Testville Basic School | — | in progress | 40% | To be continued (every 2 months). |"
        in text
    )
    assert (
        "| 2.1.1 | Awareness campaign | Regional Social Service Directorate | — | dropped | 0% | Dropped from the plan. |"
        in text
    )
    assert "- 30 June 2025 (Open consultation meeting, 25 June 2025): Campaign 2.1.1 dropped" in text
    assert "Approved by the Chair of the LPSC on 8 July 2025." in text


def test_annual_report_figures(repo: Any) -> None:
    text = md(repo, "annual", "2025")
    assert "2 meetings were held in the year." in text
    assert "93.3% implemented at the end of the year" in text  # (2·100 + 1·80) / 3
    assert "| 10 April 2025 | introductory | Introduction to case management | 6 | 2 | 50% | 75% |" in text
    assert "- **New referrals received:** 3" in text
    assert "- **Emergency referrals:** 1, of which 1 addressed within 24 hours" in text
    assert "| LPSC meetings held | ≥ 4 | 1 | ✗ |" in text
    assert "| Referrals to the LPSC | ≥ 20 | 3 | ✗ |" in text
    assert "- Monthly case report to the Prefect (March 2025): submitted on 4 April 2025 to Prefect" in text


def test_prefect_report_is_aggregate_and_anonymous(repo: Any) -> None:
    text = md(repo, "prefect", "2025-03")
    assert "- **Cases open during the period:** 3" in text
    assert "- **Referrals screened:** 2" in text
    assert "- **Active cases at the end of the period:** 1" in text
    assert "| domestic violence | &lt; 3 |" in text  # 3 cases, 2 of them domestic violence ("< 3", escaped)
    for identifying in ("case-2025", "A.G.", "B.K.", "C.D."):
        assert identifying not in text


def test_small_counts_are_hidden_with_a_second_cell() -> None:
    figures = breakdown(["a"] * 5 + ["b"] * 4 + ["c"], total=10)
    assert [(row["value"], row["shown"]) for row in figures["rows"]] == [("a", "5"), ("b", "< 3"), ("c", "< 3")]
    assert breakdown(["a"] * 5 + ["b"] * 4, total=9)["rows"][1]["shown"] == "4"
    assert breakdown(["a", "b"], total=2)["withheld"] is True


def test_case_status_at_a_day_follows_dated_steps(repo: Any) -> None:
    case = repo.get("case", "case-2025-001")
    assert case_status_at(case, date(2025, 3, 2)) is None
    assert case_status_at(case, date(2025, 3, 5)) == "registered"
    assert case_status_at(case, date(2025, 3, 12)) == "assessment"
    assert case_status_at(case, date(2025, 3, 18)) == "active"
    assert case_status_at(case, date(2025, 10, 30)) == "closed"
    assert case_status_at(repo.get("case", "case-2025-002"), date(2025, 5, 2)) == "transferred"


def test_last_period_is_the_last_one_ended() -> None:
    assert last_period("month", date(2025, 4, 15)) == "2025-03"
    assert last_period("month", date(2025, 1, 1)) == "2024-12"
    assert last_period("half", date(2025, 7, 1)) == "2025-H1"
    assert last_period("half", date(2025, 6, 30)) == "2024-H2"
    assert last_period("year", date(2026, 1, 20)) == "2025"


def test_case_forms_show_structured_fields_and_no_identity(repo: Any) -> None:
    text = md(repo, "referral", "case-2025-001")
    assert "- **Pseudonymous code:** A.G." in text
    assert "- **Received:** 3 March 2025, 09:30" in text
    assert "- **Fields left blank:** family situation" in text
    assert "The identity of the person is kept sealed" in text
    assert "- **Referred by:** the community" in md(repo, "referral", "case-2025-002")


def test_sealed_content_shows_only_when_given(repo: Any) -> None:
    sealed = {"identity": {"name": "Mira Test", "birth_date": "2010-05-04", "guardians": ["Agim Test"]},
              "narrative": "Referred by the school counsellor.", "risk_rationale": "Moderate: family support."}  # fmt: skip
    text = md(repo, "referral", "case-2025-001", sealed=sealed)
    assert "- **Name and surname:** Mira Test" in text
    assert "- **Date of birth:** 4 May 2010" in text
    assert "- **Parents or guardians:** Agim Test" in text
    assert "Referred by the school counsellor." in text
    assert "Moderate: family support." in md(repo, "risk-assessment", "case-2025-001", sealed=sealed)
    assert "Mira Test" not in md(repo, "referral", "case-2025-001")
    assert "Mira Test" not in md(repo, "press-release", "lpsc-2025-03-12", sealed=sealed)


def test_closure_exit_and_transfer(repo: Any) -> None:
    closure = md(repo, "closure", "case-2025-001", lang="sq")
    assert "- **Arsyeja:** u arritën objektivat e planit të mbështetjes" in closure
    assert "- **Njoftimi për daljen:** dërguar më 3 nëntor 2025 prindit ose kujdestarit ligjor" in closure
    exit_note = md(repo, "exit-notification", "case-2025-001")
    assert "**To:** The parent or legal guardian of the person with case code A.G." in exit_note
    transfer = md(repo, "transfer", "case-2025-002")
    assert "**To:** Local Public Safety Council Librazhd" in transfer
    assert "As of 2 May 2025, we transfer the case file" in transfer
    assert "- **Receipt acknowledged on:** 6 May 2025" in transfer


def test_isp_and_consent(repo: Any) -> None:
    isp = md(repo, "isp", "case-2025-001")
    assert "| 1 | education | Testville Basic School | achieved |" in isp
    assert "Consent given on 18 March 2025 by the parent or legal guardian." in isp
    assert "2 follow-up contacts; the last on 22 April 2025." in isp
    consent = md(repo, "consent", "case-2025-001", lang="sq")
    assert (
        "në cilësinë e prindit ose kujdestarit ligjor të personit të interesuar, në dosjen e rastit me kod A.G."
        in consent
    )


def test_member_documents(repo: Any) -> None:
    declaration = md(repo, "confidentiality", "member-andi-hoxha")
    assert (
        "I, the undersigned Andi Hoxha, Mayor, Municipality of Testville, as a member of the Testville" in declaration
    )
    assert "- **Signed on:** 20 September 2024" in declaration
    note = md(repo, "delegation", "member-andi-hoxha", lang="sq")
    assert "delegoj Besa Lala, Specialiste (Bashkia Testville) që të marrë pjesë" in note
    assert "nga data 1 mars 2025 deri më 31 dhjetor 2025." in note
    with pytest.raises(LpscError, match="'member-besa-lala' has no delegation"):
        md(repo, "delegation", "member-besa-lala")


def test_unknown_or_broken_records_are_clear_errors(council: Any) -> None:
    council.write("meetings/2025/lpsc-2025-05-05.yaml", "id: lpsc-2025-05-05\ntype: lpsc\ndate: 2025-05-05\nbogus: 1\n")
    repo = council.load()
    with pytest.raises(LpscError, match=r"no meeting with id 'nope' \(known: consult-2025-06-25, lpsc-2025-03-12\)"):
        md(repo, "minutes", "nope")
    with pytest.raises(LpscError, match="'lpsc-2025-05-05' has errors and cannot be rendered"):
        md(repo, "minutes", "lpsc-2025-05-05")
    with pytest.raises(UsageError, match="unknown document 'memo'"):
        md(repo, "memo", "x")
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        md(repo, "minutes", "lpsc-2025-03-12", lang="fr")
    with pytest.raises(UsageError, match="'2025-03' is not a period this report covers"):
        md(repo, "monitoring", "2025-03")
    with pytest.raises(LpscError, match="no action plan covers 2024-H1"):
        md(repo, "monitoring", "2024-H1")


def test_language_defaults_to_the_council_setting(repo: Any) -> None:
    result = render(repo, "minutes", "lpsc-2025-03-12", as_of=AS_OF)
    assert isinstance(result, str) and "# Procesverbal i mbledhjes" in result


def test_every_document_is_registered_with_titles_in_both_languages() -> None:
    assert len(DOCUMENTS) == 17
    assert {d.name for d in DOCUMENTS.values() if d.public} == {"press-release", "action-plan"}
    for document in DOCUMENTS.values():
        assert set(document.title) == {"sq", "en"}


def test_dates_numbers_and_periods_follow_the_language() -> None:
    from lpsc_cli.documents import formatting
    from lpsc_cli.documents.templating import Templates, period_label

    assert formatting.long_date("2025-03-12", "sq") == "12 mars 2025"
    assert formatting.long_date("2025-03-12T10:00", "en") == "12 March 2025"
    assert formatting.numeric_date("2025-03-02", "sq") == "02.03.2025"
    assert formatting.numeric_date("2025-03-02", "en") == "02/03/2025"
    assert formatting.number(1234.5, "sq") == "1\xa0234,5"
    assert formatting.number(1234.5, "en") == "1,234.5"
    assert formatting.percent(62.5, "sq", digits=1) == "62,5%"
    assert formatting.clock_time("2025-03-12T09:05") == "09:05"
    assert formatting.long_date("not a date", "en") is None
    for lang, expected in (
        ("sq", ["2025", "gjashtëmujori i parë i vitit 2025", "tremujori i katërt i vitit 2025", "shkurt 2025"]),
        ("en", ["2025", "first half of 2025", "fourth quarter of 2025", "February 2025"]),
    ):
        words = Templates(repo_root=None, lang=lang, escape=False).words
        assert [period_label(p, lang, words) for p in ("2025", "2025-H1", "2025-Q4", "2025-02")] == expected
