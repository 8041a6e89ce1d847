"""Composition profiles: which seats a council must fill, by the act it follows.

Two profiles are known. `normative-act` (the default) is the composition of Council of Ministers
Decision 678/2024 as the assessment lists it (A §3.2.2: the mayor as chair and 14 institutions).
`elbasan-regulation` is the model regulation's composition (R art. 4.1 a–o). Each seat has the
sector the member's institution is expected to belong to, used only to explain a finding.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat of a profile: its id, the sectors that fill it, and its title for messages."""

    id: str
    sectors: tuple[str, ...]
    title: str


NORMATIVE_ACT: tuple[Seat, ...] = (
    Seat("mayor", ("local-government",), "the mayor (chair)"),
    Seat("regional-police", ("police",), "head of the regional police directorate"),
    Seat("municipal-police", ("local-government", "police"), "head of the municipal police"),
    Seat("regional-education", ("education",), "head of the regional education directorate"),
    Seat("civil-emergencies", ("civil-emergencies", "local-government"), "head of civil emergencies"),
    Seat("regional-social-services", ("social-services",), "head of the regional state social services"),
    Seat("regional-health", ("health",), "head of the regional health directorate"),
    Seat("local-health-care", ("health",), "representative of the local health care unit"),
    Seat("environment-agency", ("environment",), "representative of the regional environmental agency"),
    Seat("food-authority", ("food-safety",), "representative of the national food authority"),
    Seat("protected-areas", ("protected-areas",), "representative of the protected areas administration"),
    Seat(
        "domestic-violence-coordinator",
        ("social-services", "local-government"),
        "local coordinator for domestic violence referrals",
    ),
    Seat(
        "child-protection-unit", ("child-protection", "local-government"), "representative of the child protection unit"
    ),
    Seat("territory-inspectorate", ("territory-inspection",), "chief inspector of territorial protection"),
    Seat("consumer-protection", ("consumer-protection",), "representative of the consumer protection agency"),
)

ELBASAN_REGULATION: tuple[Seat, ...] = (
    Seat("mayor", ("local-government",), "the mayor (chair)"),
    Seat("council-chair", ("local-government",), "chair of the municipal council"),
    Seat("police-commissariat", ("police",), "head of the police commissariat"),
    Seat("district-prosecutor", ("justice",), "head of the district prosecutor's office"),
    Seat("council-party-member", ("local-government",), "municipal councillor for each party"),
    Seat("local-education-office", ("education",), "head of the local education office"),
    Seat("public-health-directorate", ("health",), "head of the local public health directorate"),
    Seat("regional-social-services", ("social-services",), "representative of the regional social services"),
    Seat("religious-community", ("religious-community",), "a representative of religious communities"),
    Seat("chamber-of-commerce", ("business",), "representative of the chamber of commerce"),
    Seat("civil-society", ("civil-society", "youth", "media"), "representatives of civil society"),
    Seat("civil-emergencies", ("civil-emergencies", "local-government"), "head of civil emergencies"),
    Seat("municipal-social-services", ("social-services", "local-government"), "head of municipal social services"),
    Seat(
        "child-protection-unit", ("child-protection", "local-government"), "child protection and domestic violence unit"
    ),
    Seat("school-heads", ("education",), "heads of educational institutions"),
)

PROFILES: dict[str, tuple[Seat, ...]] = {
    "normative-act": NORMATIVE_ACT,
    "elbasan-regulation": ELBASAN_REGULATION,
}
DEFAULT_PROFILE = "normative-act"
