"""Case managers and delegates (lpsc_cli.checks.assignments): who may act for the council, when."""

from __future__ import annotations

from datetime import date
from typing import Any

from lpsc_cli.checks import CheckOptions
from lpsc_cli.checks.assignments import check

MEMBERS = [
    {"id": "member-arta-kola", "name": "Arta Kola", "institution": "municipality-testville",
     "roles": ["technical-secretariat", "case-manager"], "term": {"from": "2025-03-01"}},
    {"id": "member-besa-rama", "name": "Besa Rama", "institution": "police-testville", "roles": ["permanent"],
     "delegates": [{"member": "member-dritan-hoxha", "note_date": "2025-04-01"},
                   {"member": "member-gent-leka", "note_date": "2025-06-20"}]},
    {"id": "member-dritan-hoxha", "name": "Dritan Hoxha", "institution": "police-testville", "roles": ["invited"]},
    {"id": "member-gent-leka", "name": "Gent Leka", "institution": "police-testville", "roles": ["invited"]},
    {"id": "member-elona-meta", "name": "Elona Meta", "institution": "school-testville", "roles": ["permanent"]},
]  # fmt: skip


def findings(make_repo: Any, *records: tuple[str, dict[str, Any]]) -> dict[tuple[str | None, str], str]:
    builder = make_repo()
    for institution in ("municipality-testville", "police-testville", "school-testville"):
        builder.add("institution", {"id": institution, "name": institution, "sector": "other"})
    for member in MEMBERS:
        builder.add("member", member)
    for kind, data in records:
        builder.add(kind, data)
    repo = builder.load()
    assert not repo.issues, [i.message for i in repo.issues]
    return {
        (i.record, i.code): f"{i.severity}: {i.message}" for i in check(repo, CheckOptions(as_of=date(2025, 12, 31)))
    }


def case(number: int, received: str, manager: str, assigned: str | None = None) -> tuple[str, dict[str, Any]]:
    return "case", {
        "id": f"case-2025-{number:03d}",
        "status": "active",
        "subject": {"code": "E.M."},
        "referral": {"received": received},
        "case_manager": {"member": manager, **({"assigned": assigned} if assigned else {})},
    }


def test_a_case_manager_holds_the_role_and_is_in_term(make_repo: Any) -> None:
    found = findings(
        make_repo,
        case(1, "2025-01-15", "member-arta-kola"),  # a January case, the manager's term starts in March
        case(2, "2025-01-15", "member-arta-kola", "2025-03-05"),  # assigned once in term
        case(3, "2025-04-02", "member-elona-meta"),  # not a case manager
    )
    assert found == {
        ("case-2025-001", "case-manager-term"): "error: member-arta-kola manages case-2025-001 from 2025-01-15 "
        "but is not a member then (term 2025-03-01..…)",
        ("case-2025-003", "case-manager-role"): "error: member-elona-meta manages case-2025-003 "
        "but is not a case manager (roles)",
    }


def test_a_delegate_needs_a_written_note_and_the_members_institution(make_repo: Any) -> None:
    attendance = [
        {"member": "member-besa-rama", "status": "present", "delegate": "member-dritan-hoxha"},  # note of 1 April
        {"member": "member-elona-meta", "status": "present", "delegate": "member-gent-leka"},  # another institution
    ]
    early = {"id": "lpsc-2025-03-12", "type": "lpsc", "date": "2025-03-12", "attendance": attendance[:1]}
    later = {"id": "lpsc-2025-06-11", "type": "lpsc", "date": "2025-06-11", "attendance": attendance}
    found = findings(make_repo, ("meeting", early), ("meeting", later))
    assert found == {
        ("lpsc-2025-03-12", "delegate-note"): "warning: member-dritan-hoxha stands for member-besa-rama at "
        "lpsc-2025-03-12 without a written delegation note dated by 2025-03-12 (add it to member-besa-rama's "
        "delegates with note_date)",
        ("lpsc-2025-06-11", "delegate-institution"): "error: member-gent-leka (police-testville) stands for "
        "member-elona-meta (school-testville) at lpsc-2025-06-11: a delegate comes from the member's institution",
        ("lpsc-2025-06-11", "delegate-note"): "warning: member-gent-leka stands for member-elona-meta at "
        "lpsc-2025-06-11 without a written delegation note dated by 2025-06-11 (add it to member-elona-meta's "
        "delegates with note_date)",
    }
