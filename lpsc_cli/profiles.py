"""Composition profiles: which seats a council must fill, by the act it follows.

Two profiles are known. `normative-act` (the default) is the composition of Council of Ministers
Decision 678/2024 as the assessment lists it (A §3.2.2: the mayor as chair and 14 institutions).
`elbasan-regulation` is the model regulation's composition (R art. 4.1 a–o). Each seat has the
sector the member's institution is expected to belong to, used only to explain a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat of a profile: its id, the sectors that fill it, and its title for messages."""

    id: str
    sectors: tuple[str, ...]
    english: str

    @property
    def title(self) -> str:
        """The seat's title in the active language (`english` is the message, marked with `N_`)."""
        return _(self.english)


NORMATIVE_ACT: tuple[Seat, ...] = (
    Seat("mayor", ("local-government",), N_("the mayor (chair)")),
    Seat("regional-police", ("police",), N_("head of the regional police directorate")),
    Seat("municipal-police", ("local-government", "police"), N_("head of the municipal police")),
    Seat("regional-education", ("education",), N_("head of the regional education directorate")),
    Seat("civil-emergencies", ("civil-emergencies", "local-government"), N_("head of civil emergencies")),
    Seat("regional-social-services", ("social-services",), N_("head of the regional state social services")),
    Seat("regional-health", ("health",), N_("head of the regional health directorate")),
    Seat("local-health-care", ("health",), N_("representative of the local health care unit")),
    Seat("environment-agency", ("environment",), N_("representative of the regional environmental agency")),
    Seat("food-authority", ("food-safety",), N_("representative of the national food authority")),
    Seat("protected-areas", ("protected-areas",), N_("representative of the protected areas administration")),
    Seat(
        "domestic-violence-coordinator",
        ("social-services", "local-government"),
        N_("local coordinator for domestic violence referrals"),
    ),
    Seat(
        "child-protection-unit",
        ("child-protection", "local-government"),
        N_("representative of the child protection unit"),
    ),
    Seat("territory-inspectorate", ("territory-inspection",), N_("chief inspector of territorial protection")),
    Seat("consumer-protection", ("consumer-protection",), N_("representative of the consumer protection agency")),
)

ELBASAN_REGULATION: tuple[Seat, ...] = (
    Seat("mayor", ("local-government",), N_("the mayor (chair)")),
    Seat("council-chair", ("local-government",), N_("chair of the municipal council")),
    Seat("police-commissariat", ("police",), N_("head of the police commissariat")),
    Seat("district-prosecutor", ("justice",), N_("head of the district prosecutor's office")),
    Seat("council-party-member", ("local-government",), N_("municipal councillor for each party")),
    Seat("local-education-office", ("education",), N_("head of the local education office")),
    Seat("public-health-directorate", ("health",), N_("head of the local public health directorate")),
    Seat("regional-social-services", ("social-services",), N_("representative of the regional social services")),
    Seat("religious-community", ("religious-community",), N_("a representative of religious communities")),
    Seat("chamber-of-commerce", ("business",), N_("representative of the chamber of commerce")),
    Seat("civil-society", ("civil-society", "youth", "media"), N_("representatives of civil society")),
    Seat("civil-emergencies", ("civil-emergencies", "local-government"), N_("head of civil emergencies")),
    Seat("municipal-social-services", ("social-services", "local-government"), N_("head of municipal social services")),
    Seat(
        "child-protection-unit",
        ("child-protection", "local-government"),
        N_("child protection and domestic violence unit"),
    ),
    Seat("school-heads", ("education",), N_("heads of educational institutions")),
)

PROFILES: dict[str, tuple[Seat, ...]] = {
    "normative-act": NORMATIVE_ACT,
    "elbasan-regulation": ELBASAN_REGULATION,
}
DEFAULT_PROFILE = "normative-act"
