"""A small invented council for the document tests: every kind of record, every document.

`build(make_repo)` writes it and returns the builder. The people are invented; case codes are
pseudonyms. Values are chosen so that the figures in the tests can be worked out by hand:

- meeting `lpsc-2025-03-12` (Wednesday): invitation sent Tuesday 2025-03-04, so the notice is
  6 working days (03-05, 06, 07, 10, 11, 12 — Friday 03-14 is after the meeting and Summer Day).
- plan `plan-2025`: activity 1.1.1 (weight 2) 100 % by 2025-05-10, 1.1.2 (weight 1) 40 % on
  2025-04-01 and 80 % on 2025-09-01, 2.1.1 dropped. At 2025-06-30 the plan stands at
  (2·100 + 1·40) / 3 = 80 %; at 2025-12-31 at (2·100 + 1·80) / 3 = 93.3 %.
- cases: three referrals in March 2025 (two domestic violence, one child protection), one an
  emergency addressed in 5 hours.
"""

from __future__ import annotations

from typing import Any

from tests.support.repos import BASE_CONFIG

CONFIG: dict[str, Any] = {
    **BASE_CONFIG,
    "name": {"sq": "Këshilli Vendor i Sigurisë Publike Testville", "en": "Testville Local Public Safety Council"},
    "prefecture": "testville",
    "language": "sq",
    "contact": {"email": "kvsp@example.invalid", "phone": "+355 00 000 000"},
}

INSTITUTIONS = [
    {"id": "municipality-testville", "name": {"sq": "Bashkia Testville", "en": "Municipality of Testville"},
     "sector": "local-government"},
    {"id": "police-testville", "name": {"sq": "Drejtoria Vendore e Policisë Testville", "en": "Testville Local Police Directorate"},
     "sector": "police"},
    {"id": "school-testville", "name": {"sq": "Shkolla 9-vjeçare Testville", "en": "Testville Basic School"},
     "sector": "education"},
    {"id": "social-testville", "name": {"sq": "Drejtoria Rajonale e Shërbimit Social", "en": "Regional Social Service Directorate"},
     "sector": "social-services"},
]  # fmt: skip

MEMBERS = [
    {"id": "member-andi-hoxha", "name": "Andi Hoxha", "institution": "municipality-testville",
     "position": {"sq": "Kryetar i Bashkisë", "en": "Mayor"}, "roles": ["chair", "permanent"],
     "term": {"from": "2024-09-01"}, "confidentiality_declaration": {"signed": "2024-09-20"},
     "delegates": [{"member": "member-besa-lala", "note_date": "2025-02-28", "from": "2025-03-01", "to": "2025-12-31"}]},
    {"id": "member-besa-lala", "name": "Besa Lala", "institution": "municipality-testville",
     "position": {"sq": "Specialiste", "en": "Specialist"}, "roles": ["technical-secretariat", "permanent"],
     "term": {"from": "2024-09-01"}, "confidentiality_declaration": {"signed": "2024-09-20"}},
    {"id": "member-dorian-meta", "name": "Dorian Meta", "institution": "police-testville",
     "position": {"sq": "Drejtor", "en": "Director"}, "roles": ["permanent", "coordination-secretariat"],
     "term": {"from": "2024-09-01"}, "confidentiality_declaration": {"signed": "2024-09-21"}},
    {"id": "member-eda-kola", "name": "Eda Kola", "institution": "social-testville",
     "position": {"sq": "Punonjëse sociale", "en": "Social worker"}, "roles": ["permanent", "case-manager"],
     "term": {"from": "2024-09-01"}, "confidentiality_declaration": {"signed": "2024-09-22"}},
    {"id": "member-gent-shala", "name": "Gent Shala", "institution": "school-testville",
     "position": {"sq": "Drejtor shkolle", "en": "School head"}, "roles": ["permanent"],
     "term": {"from": "2024-09-01", "to": "2025-02-28"}},
]  # fmt: skip

MEETINGS = [
    {
        "id": "lpsc-2025-03-12", "type": "lpsc", "date": "2025-03-12", "start": "10:00", "end": "12:30",
        "location": {"sq": "Salla e Këshillit Bashkiak", "en": "Municipal Council Hall"}, "mode": "hybrid",
        "chair": "member-andi-hoxha",
        "agenda": [
            {"title": {"sq": "Miratimi i planit vendor 2025", "en": "Approval of the 2025 local plan"},
             "presenter": "member-besa-lala", "materials": [{"sq": "Projektplani 2025", "en": "Draft plan 2025"}]},
            {"title": {"sq": "Të ndryshme", "en": "Any other business"}},
        ],
        "invitation": {"sent": "2025-03-04T09:00", "to": "all",
                       "guests": [{"name": "Drita Leka", "institution": {"sq": "Shoqata Rinore", "en": "Youth Association"}}]},
        "attendance": [
            {"member": "member-andi-hoxha", "status": "present"},
            {"member": "member-besa-lala", "status": "present"},
            {"member": "member-dorian-meta", "status": "virtual"},
            {"member": "member-eda-kola", "status": "excused", "explanation_received": "2025-03-11"},
        ],
        "guests": [{"name": "Drita Leka", "institution": {"sq": "Shoqata Rinore", "en": "Youth Association"}}],
        "summary": {"sq": "Këshilli diskutoi dhe miratoi planin vendor të veprimit për vitin 2025.",
                    "en": "The council discussed and approved the local action plan for 2025."},
        "decisions": [{"text": {"sq": "Miratohet plani vendor i veprimit 2025.", "en": "The 2025 local action plan is approved."},
                       "adopted": "consensus", "signed": "2025-03-13", "distributed": "2025-03-14"}],
        "minutes": {"status": "signed", "recorded_by": "member-besa-lala", "sent_to_members": "2025-03-14",
                    "submitted": {"cve": "2025-03-20", "nccs": "2025-03-20"}},
        "press_release": {"published": "2025-03-12T16:00", "url": "https://example.invalid/news/1"},
        "cases_discussed": ["case-2025-001"],
        "plans": {"approved": ["plan-2025"], "reviewed": []},
    },
    {
        "id": "consult-2025-06-25", "type": "open-consultation", "date": "2025-06-25", "start": "17:00", "end": "19:00",
        "location": {"sq": "Pallati i Kulturës", "en": "Palace of Culture"}, "mode": "in-person",
        "chair": "member-andi-hoxha",
        "summary": {"sq": "Banorët kërkuan më shumë ndriçim rrugor.", "en": "Residents asked for more street lighting."},
    },
]  # fmt: skip

PLAN = {
    "id": "plan-2025",
    "title": {"sq": "Plani vendor i veprimit shumë-aktorësh 2025", "en": "Multi-agency local action plan 2025"},
    "period": {"from": "2025-01-01", "to": "2025-12-31"},
    "status": "approved",
    "approved_at": "lpsc-2025-03-12",
    "published": [{"institution": "municipality-testville", "date": "2025-03-14", "url": "https://example.invalid/plan"}],
    "items": [
        {"number": "1.1", "issue": {"sq": "Konsumi i drogës nga të rinjtë", "en": "Drug use among young people"},
         "evidence": {"sq": "12 raste në 2024", "en": "12 cases in 2024"}, "priority": "high",
         "activities": [
             {"number": "1.1.1", "text": {"sq": "Orë mësimore për ligjin", "en": "Law classes for young people"},
              "responsible": ["police-testville", "school-testville"], "lead": "police-testville",
              "timing": {"kind": "period", "period": "H1", "label": {"sq": "Gjashtëmujori i parë", "en": "First 6-month period"}},
              "indicator": {"sq": "Numri i orëve", "en": "Number of classes"}, "target": {"sq": "10 orë", "en": "10 classes"},
              "weight": 2, "status": "done",
              "progress": [{"date": "2025-03-20", "percent": 50, "note": {"sq": "5 orë", "en": "5 classes"}},
                           {"date": "2025-05-10", "percent": 100, "note": {"sq": "10 orë", "en": "10 classes"}}]},
             {"number": "1.1.2", "text": {"sq": "Takime me prindërit", "en": "Meetings with parents"},
              "responsible": ["school-testville"], "timing": {"kind": "recurring", "every_months": 2},
              "status": "in-progress",
              "progress": [{"date": "2025-04-01", "percent": 40}, {"date": "2025-09-01", "percent": 80}]},
         ]},
        {"number": "2.1", "issue": {"sq": "Dhuna në familje", "en": "Domestic violence"}, "priority": "moderate",
         "activities": [
             {"number": "2.1.1", "text": {"sq": "Fushatë ndërgjegjësimi", "en": "Awareness campaign"},
              "responsible": ["social-testville"], "timing": {"kind": "continuous"}, "status": "dropped"},
         ]},
    ],
    "revisions": [{"date": "2025-06-30", "meeting": "consult-2025-06-25",
                   "summary": {"sq": "Hiqet fushata 2.1.1", "en": "Campaign 2.1.1 dropped"}}],
    "monitoring": [{"period": "H1", "consultation": "consult-2025-06-25", "report_date": "2025-07-05",
                    "approved_by_chair": "2025-07-08"}],
}  # fmt: skip

CASES = [
    {
        "id": "case-2025-001", "status": "closed",
        "subject": {"code": "A.G.", "age_band": "13-17", "sex": "F", "groups": ["child"]},
        "concerns": ["domestic-violence"], "red_flag": False,
        "referral": {"received": "2025-03-03T09:30", "referred_by": "school-testville", "channel": "in-person",
                     "form_complete": False, "missing": ["family-situation"], "emergency": False},
        "shared_with": {"lpsc": "2025-03-05", "police": "2025-03-05"},
        "registered": "2025-03-04",
        "screening": {"date": "2025-03-06", "outcome": "eligible"},
        "assessment": {"date": "2025-03-10", "annex2_complete": True, "risk_level": "moderate",
                       "rationale_recorded": True, "sectors": ["education", "social-services", "police"],
                       "contextual_factors": True},
        "isp": {"prepared": "2025-03-14", "approved": "2025-03-17", "signed": "2025-03-18",
                "goals": [{"area": "education", "responsible": ["school-testville"], "status": "achieved"}],
                "consent": {"given": "2025-03-18", "by": "guardian"}},
        "case_manager": {"member": "member-eda-kola", "assigned": "2025-03-18"},
        "contacts": [{"date": "2025-03-25", "kind": "face-to-face", "by": "member-eda-kola"},
                     {"date": "2025-04-22", "kind": "home-visit", "by": "member-eda-kola"}],
        "reviews": [{"date": "2025-09-15", "kind": "6-month", "isp_adjusted": False}],
        "expert_consultations": [{"date": "2025-03-09", "sector": "health", "required": True, "held": True}],
        "closure": {"date": "2025-10-30", "reason": "goals-achieved", "goals_achieved": "all",
                    "report_completed": "2025-10-30", "mainstream_services_continue": True,
                    "exit_notification": {"sent": "2025-11-03", "to": "guardian"}},
    },
    {
        "id": "case-2025-002", "status": "transferred",
        "subject": {"code": "B.K.", "age_band": "18-24", "sex": "M", "groups": ["youth"]},
        "concerns": ["domestic-violence", "child-protection"], "red_flag": False,
        "referral": {"received": "2025-03-10T08:00", "referred_by": "community", "channel": "phone",
                     "form_complete": True, "emergency": True, "escalated_at": "2025-03-10T09:00",
                     "addressed_at": "2025-03-10T13:00"},
        "registered": "2025-03-10",
        "screening": {"date": "2025-03-11", "outcome": "eligible"},
        "transfer": {"to": "librazhd", "date": "2025-05-02", "documents_complete": True, "acknowledged": "2025-05-06"},
    },
    {
        "id": "case-2025-003", "status": "registered",
        "subject": {"code": "C.D.", "age_band": "13-17", "sex": "F"},
        "concerns": ["domestic-violence"],
        "referral": {"received": "2025-03-20T11:00", "referred_by": "police-testville", "channel": "official-note",
                     "form_complete": True, "emergency": False},
        "registered": "2025-03-21",
    },
]  # fmt: skip

TRAININGS = [
    {"id": "training-2025-04-10", "date": "2025-04-10", "kind": "introductory",
     "topic": {"sq": "Hyrje në menaxhimin e rasteve", "en": "Introduction to case management"}, "hours": 6,
     "participants": [{"member": "member-eda-kola", "pre": 40, "post": 80},
                      {"member": "member-besa-lala", "pre": 60, "post": 70}]},
]  # fmt: skip

REPORTS = [
    {"id": "prefect-2025-03", "kind": "prefect-monthly", "period": "2025-03", "submitted": "2025-04-04", "to": ["prefect"]},
    {"id": "monitoring-2025-h1", "kind": "plan-monitoring", "period": "2025-H1", "submitted": "2025-07-08", "to": ["lpsc"]},
]  # fmt: skip


def build(make_repo: Any, *, config: dict[str, Any] | None = None) -> Any:
    """Write the council into a fresh repository; returns the RepoBuilder."""
    repo = make_repo(config=config or CONFIG)
    for kind, records in (
        ("institution", INSTITUTIONS),
        ("member", MEMBERS),
        ("meeting", MEETINGS),
        ("plan", [PLAN]),
        ("case", CASES),
        ("training", TRAININGS),
        ("report", REPORTS),
    ):
        for record in records:
            repo.add(kind, record)
    return repo
