"""Generate a synthetic record repository for benchmarks (SPEC §8).

`python benchmarks/generate.py OUT --cases 10000` writes a council with ~20 institutions, 30
members, five years (2021 to the `--as-of` day) of meetings (quarterly LPSC meetings, open
consultations every six months, monthly Coordination Secretariat meetings), one action plan a
year, trainings, report submissions, and N cases spread over 2021-2025 in `cases/YYYY/`.

Cases run their full course as the records of docs/records.md describe it (referral, screening,
assessment, ISP, case manager, monthly contacts and progress reports, 6- and 12-month reviews,
closure or transfer), with dates that keep the deadlines of SPEC §4, so that `lpsc check`
finds little besides what the benchmark is meant to measure. Everything is invented and
deterministic (one seeded random generator); nothing here is a real person.

The `sealed` block of a case holds age armour of realistic size whose content is seeded random
bytes behind a well-formed age header: the benchmark needs the bytes, not a secret.

Files are written with a small block-style YAML emitter (plain f-strings, no YAML library) so
that 10,000 cases take a few seconds.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_AS_OF = date(2025, 12, 31)
FIRST_YEAR = 2021
COUNCIL = "fushaqytet"
OTHER_COUNCILS = ("librazhd", "peqin", "cerrik", "gramsh")

# ---------------------------------------------------------------------------------------------
# A tiny YAML emitter: block style, with short mappings of scalars in flow style, as people
# write records (`- {date: 2025-03-20, kind: phone, by: member-x}`).

_PLAIN = re.compile(r"^[A-Za-z0-9ÇçËë][\w ./@+()'ÇçËë-]*$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
_RESERVED = re.compile(
    r"^(?:true|false|yes|no|on|off|null|y|n|~|[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?"
    r"|[-+]?0x[0-9a-f_]+|[-+]?0o?[0-7_]+|[-+]?\.inf|\.nan)$",
    re.IGNORECASE,
)
_FLOW_WIDTH = 110
_SCALARS: dict[str, str] = {}


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        text = _SCALARS.get(value)
        if text is None:
            plain = _DATETIME.match(value) or (
                _PLAIN.match(value) and not _RESERVED.match(value) and not value.endswith(" ")
            )
            text = value if plain else json.dumps(value, ensure_ascii=False)
            if len(_SCALARS) < 200_000:
                _SCALARS[value] = text
        return text
    if kind is bool:
        return "true" if value else "false"
    return str(value)


def _leaf_flow(value: Any) -> str | None:
    """A mapping or list of scalars in flow style; None if it holds a mapping or list."""
    if type(value) is dict:
        parts = []
        for key, item in value.items():
            if type(item) in (dict, list):
                return None
            parts.append(f"{key}: {_scalar(item)}")
        return "{" + ", ".join(parts) + "}"
    for item in value:
        if type(item) in (dict, list):
            return None
    return "[" + ", ".join(_scalar(item) for item in value) + "]"


def _flow(value: Any) -> str | None:
    """The one-line flow form of a small mapping or list (one level of nesting), or None."""
    kind = type(value)
    if kind is dict:
        parts = []
        for key, item in value.items():
            inner = _leaf_flow(item) if type(item) in (dict, list) else _scalar(item)
            if inner is None:
                return None
            parts.append(f"{key}: {inner}")
        text = "{" + ", ".join(parts) + "}"
    elif kind is list:
        items = []
        for item in value:
            inner = _leaf_flow(item) if type(item) in (dict, list) else _scalar(item)
            if inner is None:
                return None
            items.append(inner)
        text = "[" + ", ".join(items) + "]"
    else:
        return _scalar(value)
    return text if len(text) <= _FLOW_WIDTH else None


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if type(value) is dict:
        for key, item in value.items():
            kind = type(item)
            if kind is str and "\n" in item:
                out.append(f"{pad}{key}: |")
                out.extend(f"{pad}  {line}" for line in item.rstrip("\n").split("\n"))
            elif kind is not dict and kind is not list:
                out.append(f"{pad}{key}: {_scalar(item)}")
            else:
                flow = _flow(item)
                if flow is not None:
                    out.append(f"{pad}{key}: {flow}")
                else:
                    out.append(f"{pad}{key}:")
                    _emit(item, indent + 2, out)
    else:
        for item in value:
            flow = _flow(item)
            if flow is not None:
                out.append(f"{pad}- {flow}")
            else:
                sub: list[str] = []
                _emit(item, indent + 2, sub)
                out.append(f"{pad}- {sub[0][indent + 2 :]}")
                out.extend(sub[1:])


def to_yaml(data: Mapping[str, Any]) -> str:
    """A record as block-style YAML text."""
    out: list[str] = []
    _emit(data, 0, out)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Dates


def _iso(day: date) -> str:
    return day.isoformat()


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _nth_weekday(year: int, month: int, weekday: int, nth: int = 1) -> date:
    day = date(year, month, 1)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return day + timedelta(weeks=nth - 1)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _months(start: date, end: date) -> Iterator[date]:
    """The first day of every month from the month of `start` to the month of `end`."""
    month = _month_start(start)
    while month <= end:
        yield month
        month = _next_month(month)


class _WorkingDays:
    """Working days from lpsc's own calendar when it is there, else weekdays only."""

    def __init__(self) -> None:
        try:
            from lpsc_cli.calendar import WorkingCalendar

            self._calendar: Any = WorkingCalendar()
        except ImportError:  # pragma: no cover - the generator also runs beside an older lpsc
            self._calendar = None

    def add(self, day: date, n: int) -> date:
        if self._calendar is not None:
            return self._calendar.add_working_days(day, n)  # type: ignore[no-any-return]
        step = 1 if n >= 0 else -1
        left = abs(n)
        while left:
            day += timedelta(days=step)
            if day.weekday() < 5:
                left -= 1
        return day

    def is_working(self, day: date) -> bool:
        if self._calendar is not None:
            return bool(self._calendar.is_working_day(day))
        return day.weekday() < 5

    def on_or_after(self, day: date) -> date:
        while not self.is_working(day):
            day += timedelta(days=1)
        return day


# ---------------------------------------------------------------------------------------------
# The council


def _text(sq: str, en: str) -> dict[str, str]:
    return {"sq": sq, "en": en}


INSTITUTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("municipality", "local-government", "Bashkia Fushëqytet", "Municipality of Fushëqytet"),
    ("police-regional", "police", "Drejtoria Vendore e Policisë", "Local Police Directorate"),
    ("police-municipal", "local-government", "Policia Bashkiake", "Municipal Police"),
    ("prosecution", "justice", "Prokuroria pranë Gjykatës së Rrethit Gjyqësor", "District Prosecutor's Office"),
    ("education-regional", "education", "Drejtoria Rajonale e Arsimit", "Regional Education Directorate"),
    ("civil-emergencies", "civil-emergencies", "Njësia e Emergjencave Civile", "Civil Emergencies Unit"),
    ("social-services-regional", "social-services", "Shërbimi Social Shtetëror", "State Social Service"),
    ("health-regional", "health", "Drejtoria Rajonale e Shëndetit", "Regional Health Directorate"),
    ("health-care-local", "health", "Njësia Vendore e Kujdesit Shëndetësor", "Local Health Care Unit"),
    ("environment-agency", "environment", "Agjencia Rajonale e Mjedisit", "Regional Environment Agency"),
    ("food-authority", "food-safety", "Autoriteti Kombëtar i Ushqimit", "National Food Authority"),
    ("protected-areas", "protected-areas", "Administrata e Zonave të Mbrojtura", "Protected Areas Administration"),
    ("social-services-municipal", "social-services", "Drejtoria e Shërbimeve Sociale", "Social Services Directorate"),
    ("child-protection", "child-protection", "Njësia e Mbrojtjes së Fëmijëve", "Child Protection Unit"),
    (
        "territory-inspectorate",
        "territory-inspection",
        "Inspektorati i Mbrojtjes së Territorit",
        "Territory Inspectorate",
    ),
    (
        "consumer-protection",
        "consumer-protection",
        "Agjencia e Mbrojtjes së Konsumatorit",
        "Consumer Protection Agency",
    ),
    ("prefecture", "prefecture", "Prefektura", "Prefecture"),
    ("school-1", "education", "Shkolla 9-vjeçare Nr. 1", "Basic School No. 1"),
    ("school-2", "education", "Shkolla e Mesme Nr. 2", "Secondary School No. 2"),
    ("youth-centre", "youth", "Qendra Rinore", "Youth Centre"),
    ("civil-society", "civil-society", "Shoqata Jeta e Re", "New Life Association"),
    ("religious-community", "religious-community", "Këshilli Ndërfetar", "Interfaith Council"),
)
REFERRERS = (
    "school-1",
    "school-2",
    "police-regional",
    "health-care-local",
    "social-services-municipal",
    "child-protection",
    "civil-society",
    "education-regional",
    "community",
)

FIRST_NAMES = (
    "Arben", "Besa", "Drita", "Elira", "Fatos", "Gentiana", "Ilir", "Jonida", "Klodian", "Lindita",
    "Mirela", "Nertil", "Orgesa", "Pranvera", "Rezart", "Sokol", "Teuta", "Valbona", "Xhuljana", "Ylber",
    "Zamira", "Ardit", "Blerta", "Dorian", "Enkeleda", "Florian", "Greta", "Henri", "Irena", "Kujtim",
)  # fmt: skip
LAST_NAMES = (
    "Dervishi", "Kola", "Muça", "Bici", "Koçi", "Shehu", "Leka", "Hasa", "Gjoka", "Marku",
    "Duka", "Prifti", "Lika", "Zeneli", "Tafa", "Çela", "Ndreu", "Vata", "Sula", "Mema",
)  # fmt: skip

# (seat, institution, position sq, position en, roles)
SEATS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("mayor", "municipality", "Kryetar i Bashkisë", "Mayor", ("chair", "permanent")),
    ("regional-police", "police-regional", "Drejtor i Policisë", "Police Director", ("permanent",)),
    (
        "municipal-police",
        "police-municipal",
        "Drejtor i Policisë Bashkiake",
        "Head of Municipal Police",
        ("permanent",),
    ),
    ("regional-education", "education-regional", "Drejtor i Arsimit", "Education Director", ("permanent",)),
    (
        "civil-emergencies",
        "civil-emergencies",
        "Përgjegjës i Emergjencave",
        "Head of Civil Emergencies",
        ("permanent",),
    ),
    ("regional-social-services", "social-services-regional", "Drejtor Rajonal", "Regional Director", ("permanent",)),
    ("regional-health", "health-regional", "Drejtor i Shëndetit", "Health Director", ("permanent",)),
    ("local-health-care", "health-care-local", "Përfaqësues", "Representative", ("permanent",)),
    ("environment-agency", "environment-agency", "Përfaqësues", "Representative", ("permanent",)),
    ("food-authority", "food-authority", "Përfaqësues", "Representative", ("permanent",)),
    ("protected-areas", "protected-areas", "Përfaqësues", "Representative", ("permanent",)),
    (
        "domestic-violence-coordinator",
        "social-services-municipal",
        "Koordinator për Dhunën në Familje",
        "Domestic Violence Coordinator",
        ("permanent", "case-manager"),
    ),
    (
        "child-protection-unit",
        "child-protection",
        "Punonjës i Mbrojtjes së Fëmijëve",
        "Child Protection Worker",
        ("permanent", "case-manager"),
    ),
    ("territory-inspectorate", "territory-inspectorate", "Kryeinspektor", "Chief Inspector", ("permanent",)),
    ("consumer-protection", "consumer-protection", "Përfaqësues", "Representative", ("permanent",)),
)
# (institution, position sq, position en, roles) of the members without a seat
STAFF: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("municipality", "Sekretar Teknik", "Technical Secretary", ("technical-secretariat",)),
    ("municipality", "Koordinator", "Coordinator", ("coordination-secretariat",)),
    ("police-regional", "Specialist", "Specialist", ("coordination-secretariat",)),
    ("prosecution", "Prokuror", "Prosecutor", ("coordination-secretariat",)),
    ("social-services-municipal", "Menaxher Rasti", "Case Manager", ("case-manager",)),
    ("social-services-municipal", "Menaxher Rasti", "Case Manager", ("case-manager",)),
    ("social-services-municipal", "Menaxher Rasti", "Case Manager", ("case-manager",)),
    ("child-protection", "Menaxher Rasti", "Case Manager", ("case-manager",)),
    ("child-protection", "Menaxher Rasti", "Case Manager", ("case-manager",)),
    ("municipality", "Menaxher Rasti", "Case Manager", ("case-manager",)),
    ("civil-society", "Drejtor Ekzekutiv", "Executive Director", ("invited",)),
    ("youth-centre", "Drejtor", "Director", ("invited",)),
    ("religious-community", "Përfaqësues", "Representative", ("invited",)),
    ("prefecture", "Zv. Prefekt", "Deputy Prefect", ("invited",)),
    ("school-1", "Drejtor Shkolle", "School Head", ("invited",)),
)

_ASCII = str.maketrans({"ë": "e", "Ë": "E", "ç": "c", "Ç": "C"})
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32(hrp: str, payload: bytes) -> str:
    """Bech32 text of `payload` (BIP 173), as age writes X25519 recipients."""
    acc = bits = 0
    data: list[int] = []
    for byte in payload:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)

    def polymod(values: Sequence[int]) -> int:
        generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
        check = 1
        for value in values:
            top = check >> 25
            check = (check & 0x1FFFFFF) << 5 ^ value
            for i in range(5):
                check ^= generator[i] if (top >> i) & 1 else 0
        return check

    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = polymod([*expanded, *data, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


@dataclass
class Member:
    id: str
    name: str
    institution: str
    roles: tuple[str, ...]
    data: dict[str, Any]


@dataclass
class Council:
    """What the generator has decided so far, for records that refer to other records."""

    members: list[Member] = field(default_factory=list)
    case_dates: dict[int, list[tuple[date, str]]] = field(default_factory=dict)

    def with_role(self, role: str) -> list[Member]:
        return [m for m in self.members if role in m.roles]

    @property
    def chair(self) -> Member:
        return self.with_role("chair")[0]

    @property
    def secretary(self) -> Member:
        return self.with_role("technical-secretariat")[0]


def make_members(rng: random.Random) -> list[Member]:
    members: list[Member] = []
    rows: list[tuple[str | None, str, str, str, tuple[str, ...]]] = list(SEATS)
    rows += [(None, inst, sq, en, roles) for inst, sq, en, roles in STAFF]
    for index, (seat, institution, position_sq, position_en, roles) in enumerate(rows):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + 3) % len(LAST_NAMES)]
        slug = f"{first}-{last}".translate(_ASCII).lower()
        member_id = f"member-{slug}"
        data: dict[str, Any] = {
            "id": member_id,
            "name": f"{first} {last}",
            "institution": institution,
            "position": _text(position_sq, position_en),
        }
        if seat is not None:
            data["seat"] = seat
        data["roles"] = list(roles)
        data["term"] = {"from": "2020-12-01"}
        data["email"] = f"{first[0]}.{last}@example.invalid".translate(_ASCII).lower()
        data["confidentiality_declaration"] = {"signed": _iso(date(2020, 12, 1) + timedelta(days=rng.randint(1, 9)))}
        if seat == "mayor":
            data["delegates"] = [{"member": "DEPUTY", "note_date": "2021-01-11", "from": "2021-01-12"}]
        data["public_key"] = _bech32("age", rng.randbytes(32))
        members.append(Member(member_id, data["name"], institution, tuple(roles), data))
    secretary = next(m for m in members if "technical-secretariat" in m.roles)
    for member in members:
        for delegate in member.data.get("delegates", []):
            delegate["member"] = secretary.id
    return members


def institution_records() -> Iterator[tuple[str, dict[str, Any]]]:
    for inst_id, sector, sq, en in INSTITUTIONS:
        data: dict[str, Any] = {"id": inst_id, "name": _text(sq, en), "sector": sector}
        if inst_id == "prosecution":
            data["prosecution"] = True
        data["website"] = f"https://example.invalid/{inst_id}"
        yield f"institutions/{inst_id}.yaml", data


# ---------------------------------------------------------------------------------------------
# Cases

CONCERNS = (
    ("domestic-violence", 30),
    ("child-protection", 25),
    ("school-bullying", 12),
    ("mental-health", 12),
    ("drugs", 6),
    ("p-cve", 5),
    ("trafficking", 3),
    ("other", 7),
)
SECTORS = (
    "education",
    "social-services",
    "health",
    "police",
    "child-protection",
    "justice",
    "local-government",
    "civil-society",
    "youth",
)
GOAL_AREAS = {  # ISP goal area (a sector) -> institutions that take it on
    "education": ("education-regional", "school-1", "school-2"),
    "health": ("health-care-local", "health-regional"),
    "social-services": ("social-services-municipal", "social-services-regional"),
    "police": ("police-regional", "police-municipal"),
    "child-protection": ("child-protection", "social-services-municipal"),
    "local-government": ("municipality",),
    "youth": ("youth-centre", "civil-society"),
}
CHANNELS = ("in-person", "phone", "email", "letter", "official-note")
MISSING_FIELDS = ("family-situation", "school", "previous-support", "contact-person", "health")
CONTACT_KINDS = ("face-to-face", "face-to-face", "home-visit", "phone", "virtual")
_AGE_HEADER = b"age-encryption.org/v1\n"


def _fake_armour(rng: random.Random, size: int) -> str:
    """Age armour of a seeded, well-formed age header and `size` bytes of payload."""

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode().rstrip("=")

    header = (
        _AGE_HEADER
        + f"-> X25519 {b64(rng.randbytes(32))}\n{b64(rng.randbytes(32))}\n--- {b64(rng.randbytes(32))}\n".encode()
    )
    body = base64.b64encode(header + rng.randbytes(16 + size + 16)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN AGE ENCRYPTED FILE-----\n" + "\n".join(lines) + "\n-----END AGE ENCRYPTED FILE-----\n"


def _pick_weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _case_counts(total: int, last_year: int) -> dict[int, int]:
    """Cases per year: a caseload that grows year on year, summing to `total`."""
    years = list(range(FIRST_YEAR, last_year + 1))
    weights = [1.0 + 0.25 * i for i in range(len(years))]
    counts = {year: int(total * w / sum(weights)) for year, w in zip(years, weights, strict=True)}
    counts[years[-1]] += total - sum(counts.values())
    return counts


class CaseWriter:
    """One case's record, its dates drawn so that the deadlines of SPEC §4 are mostly kept."""

    def __init__(self, rng: random.Random, days: _WorkingDays, council: Council, as_of: date) -> None:
        self.rng = rng
        self.days = days
        self.council = council
        self.as_of = as_of
        self.managers = council.with_role("case-manager")
        self.secretary = council.secretary

    def referral_day(self, year: int, index: int, count: int) -> datetime:
        """Referrals spread over the year (up to three weeks before `as_of` in its year)."""
        start = date(year, 1, 2)
        end = min(date(year, 12, 28), self.as_of - timedelta(days=21))
        span = max((end - start).days, 1)
        day = _weekday_on_or_after(start + timedelta(days=span * index // max(count, 1)))
        return datetime(day.year, day.month, day.day, self.rng.randint(8, 15), self.rng.choice((0, 15, 30, 45)))

    def build(self, case_id: str, received: datetime) -> dict[str, Any]:
        rng, days, as_of = self.rng, self.days, self.as_of
        concern = _pick_weighted(rng, CONCERNS)
        concerns = [concern] + (["domestic-violence"] if concern == "child-protection" and rng.random() < 0.3 else [])
        red_flag = concern == "p-cve" and rng.random() < 0.6
        emergency = rng.random() < 0.06
        child = concern in ("child-protection", "school-bullying") or rng.random() < 0.3
        age_band = rng.choice(("0-5", "6-12", "13-17")) if child else rng.choice(("18-24", "25-64", "25-64", "65+"))
        groups = ["child"] if child else []
        if concern == "domestic-violence":
            groups.append("dv-victim")
        if rng.random() < 0.05:
            groups.append("returnee")
        day0 = received.date()

        case: dict[str, Any] = {"id": case_id, "status": "referred"}
        subject: dict[str, Any] = {
            "code": f"{chr(65 + rng.randrange(26))}.{chr(65 + rng.randrange(26))}.",
            "age_band": age_band,
            "sex": rng.choice(("F", "M")),
        }
        if groups:
            subject["groups"] = groups
        case["subject"] = subject
        case["concerns"] = concerns
        case["red_flag"] = red_flag
        if red_flag:
            case["reported"] = {
                "regional_cve": _iso(day0 + timedelta(days=1)),
                "national_cve": _iso(day0 + timedelta(days=2)),
            }
        referral: dict[str, Any] = {
            "received": _stamp(received),
            "referred_by": rng.choice(REFERRERS),
            "channel": rng.choice(CHANNELS),
            "form_complete": rng.random() < 0.85,
        }
        if not referral["form_complete"]:
            referral["missing"] = rng.sample(MISSING_FIELDS, rng.randint(1, 2))
        referral["emergency"] = emergency
        if emergency:
            referral["escalated_at"] = _stamp(received + timedelta(minutes=rng.randint(30, 150)))
            referral["addressed_at"] = _stamp(received + timedelta(hours=rng.randint(3, 20)))
        case["referral"] = referral
        shared = {"lpsc": _iso(day0 + timedelta(days=rng.randint(1, 3)))}
        if red_flag:
            shared["cve"] = _iso(day0 + timedelta(days=1))
        if red_flag or concern in ("domestic-violence", "trafficking") or emergency:
            shared["police"] = _iso(day0 + timedelta(days=1))
        case["shared_with"] = shared

        registered = day0 + timedelta(days=rng.randint(0, 2))
        if registered > as_of:
            return self._seal(case, None)
        case["registered"] = _iso(registered)
        case["status"] = "registered"
        screened = days.add(day0, rng.randint(1, 3)) if not emergency else days.on_or_after(day0)
        screened = max(screened, registered)
        if screened > as_of:
            return self._seal(case, None)
        eligible = rng.random() > 0.08
        case["screening"] = {"date": _iso(screened), "outcome": "eligible" if eligible else "not-eligible"}
        if not eligible:
            case["status"] = "not-eligible"
            return self._seal(case, None)
        case["status"] = "assessment"
        assessed = screened + timedelta(days=rng.randint(5, 12))
        if assessed > as_of:
            return self._seal(case, None)
        sectors = rng.sample(SECTORS, rng.randint(2, 4))
        case["assessment"] = {
            "date": _iso(assessed),
            "annex2_complete": rng.random() < 0.9,
            "risk_level": rng.choice(("low", "moderate", "moderate", "high")),
            "rationale_recorded": rng.random() < 0.9,
            "sectors": sectors,
            "contextual_factors": rng.random() < 0.8,
        }
        case["status"] = "planning"
        prepared = assessed + timedelta(days=rng.randint(3, 7))
        approved = prepared + timedelta(days=rng.randint(1, 3))
        signed = approved + timedelta(days=rng.randint(0, 2))
        if signed > as_of:
            return self._seal(case, None)
        areas = rng.sample(sorted(GOAL_AREAS), rng.randint(1, 3))
        goals = [
            {"area": area, "responsible": [rng.choice(GOAL_AREAS[area])], "status": "in-progress"} for area in areas
        ]
        case["isp"] = {
            "prepared": _iso(prepared),
            "approved": _iso(approved),
            "signed": _iso(signed),
            "goals": goals,
            "consent": {"given": _iso(signed), "by": "guardian" if child else "subject"},
        }
        assigned = approved + timedelta(days=rng.randint(0, 2))
        if assigned > as_of:
            return self._seal(case, None)
        manager = rng.choice(self.managers)
        case["case_manager"] = {"member": manager.id, "assigned": _iso(assigned)}
        case["status"] = "active"

        length = rng.randint(120, 430)
        end = approved + timedelta(days=length)
        outcome = "closed" if rng.random() < 0.96 else "transferred"
        finished = end <= as_of
        last = min(end, as_of)
        contacts = self._contacts(assigned, last, manager, sectors)
        if contacts:
            case["contacts"] = contacts
        reports = []
        for month in _months(assigned, last):
            due = _next_month(month) + timedelta(days=rng.randint(2, 6))
            if due > as_of:
                break
            reports.append({"period": month.strftime("%Y-%m"), "submitted": _iso(due)})
        if reports:
            case["progress_reports"] = reports
        reviews = []
        for months, kind in ((6, "6-month"), (12, "12-month")):
            target = _add_months(approved, months)
            if target <= last:
                when = min(target + timedelta(days=rng.randint(-7, 7)), last)
                reviews.append({"date": _iso(when), "kind": kind, "isp_adjusted": rng.random() < 0.4})
        if reviews:
            case["reviews"] = reviews
        if rng.random() < 0.3:
            when = assessed + timedelta(days=rng.randint(1, 10))
            case["expert_consultations"] = [
                {
                    "date": _iso(when),
                    "sector": rng.choice(("health", "education", "justice")),
                    "required": True,
                    "held": True,
                }
            ]
        if finished and outcome == "transferred":
            case["transfer"] = {
                "to": rng.choice(OTHER_COUNCILS),
                "date": _iso(end),
                "documents_complete": rng.random() < 0.97,
                "acknowledged": _iso(end + timedelta(days=rng.randint(1, 5))),
            }
            case["status"] = "transferred"
        elif finished:
            achieved = rng.choice(("all", "all", "partial", "none"))
            for goal in goals:
                goal["status"] = "achieved" if achieved == "all" or rng.random() < 0.5 else "not-achieved"
            sent = end + timedelta(days=rng.randint(0, 3))
            case["closure"] = {
                "date": _iso(end),
                "reason": "goals-achieved" if achieved != "none" else rng.choice(("relocated", "consent-withdrawn")),
                "goals_achieved": achieved,
                "report_completed": _iso(end),
                "mainstream_services_continue": rng.random() < 0.7,
                "exit_notification": {"sent": _iso(sent), "to": case["isp"]["consent"]["by"]},
            }
            case["status"] = "closed"
            # Reopened within 6-12 months (A Annex 3 VI); only cases that had both ISP reviews,
            # since the isp-review rule counts a reopened case as open through its closed months.
            reopened = end + timedelta(days=rng.randint(180, 360))
            reviewed = end >= _add_months(approved, 12) + timedelta(days=15)
            recent = as_of - timedelta(days=150) <= reopened <= as_of - timedelta(days=10)
            if reviewed and recent and rng.random() < 0.5:
                case["reopened"] = [
                    {"date": _iso(reopened), "reason": rng.choice(("recurring-concern", "new-concern"))}
                ]
                case["contacts"] = contacts + self._contacts(reopened, as_of, manager, sectors)
                case["status"] = "active"
        return self._seal(case, manager)

    def _contacts(self, start: date, last: date, manager: Member, sectors: list[str]) -> list[dict[str, Any]]:
        """One follow-up contact a month after `start` up to `last` (A Annex 3 IV)."""
        rng = self.rng
        contacts: list[dict[str, Any]] = []
        for month in _months(start, last):
            first_day = max(month, start + timedelta(days=1))
            last_day = min(_next_month(month) - timedelta(days=1), last)
            if first_day > last_day:
                continue
            when = first_day + timedelta(days=rng.randint(0, min((last_day - first_day).days, 12)))
            contact: dict[str, Any] = {"date": _iso(when), "kind": rng.choice(CONTACT_KINDS), "by": manager.id}
            contact["sectors"] = rng.sample(sectors, min(len(sectors), rng.randint(1, 2)))
            contacts.append(contact)
        return contacts

    def _seal(self, case: dict[str, Any], manager: Member | None) -> dict[str, Any]:
        readers = [self.secretary.id] + ([manager.id] if manager is not None else [])
        parts = ["identity", "narrative"]
        if "assessment" in case:
            parts.append("risk-rationale")
        if "isp" in case:
            parts.append("isp-goals")
        if "contacts" in case:
            parts.append("contact-notes")
        size = 120 + 110 * len(parts) + 24 * len(case.get("contacts", ()))
        case["sealed"] = {"readers": readers, "parts": parts, "age": _fake_armour(self.rng, size)}
        return case


# ---------------------------------------------------------------------------------------------
# Meetings, plans, trainings, reports

LPSC_MONTHS = (2, 5, 7, 11)
CONSULTATION_MONTHS = (1, 7)
ROOMS = (
    _text("Salla e Këshillit Bashkiak", "Municipal Council Hall"),
    _text("Salla e mbledhjeve, Bashkia", "Meeting room, Municipality"),
)


def _consultation_day(days: _WorkingDays, year: int, month: int) -> date:
    """Open consultations (R art. 8.5): third Wednesday of January, first Wednesday of July."""
    return days.on_or_after(_nth_weekday(year, month, 2, 3 if month == 1 else 1))


def _lpsc_day(days: _WorkingDays, year: int, month: int) -> date:
    """LPSC meetings (R art. 7.2, quarterly as the KPI asks): the second Wednesday of the month."""
    return days.on_or_after(_nth_weekday(year, month, 2, 2))


def _attendance(rng: random.Random, members: Sequence[Member], day: date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for member in members:
        roll = 0.0 if "chair" in member.roles else rng.random()
        if roll < 0.8:
            rows.append({"member": member.id, "status": "present"})
        elif roll < 0.9:
            rows.append({"member": member.id, "status": "virtual"})
        else:
            explained = day - timedelta(days=rng.randint(1, 3))
            rows.append({"member": member.id, "status": "excused", "explanation_received": _iso(explained)})
    return rows


def _discussed(rng: random.Random, council: Council, day: date, count: int) -> list[str]:
    """Ids of open cases referred in the 60 days before `day` (ids only: R art. 7, A §3.6.5)."""
    recent = [
        cid for received, cid in council.case_dates.get(day.year, []) if day - timedelta(days=60) <= received < day
    ]
    return sorted(rng.sample(recent, min(count, len(recent))))


def meeting_records(
    rng: random.Random, days: _WorkingDays, council: Council, as_of: date
) -> Iterator[tuple[str, dict[str, Any]]]:
    chair, secretary = council.chair, council.secretary
    voting = [m for m in council.members if "invited" not in m.roles]
    secretariat = council.with_role("coordination-secretariat")
    for year in range(FIRST_YEAR, as_of.year + 1):
        for month in CONSULTATION_MONTHS:
            day = _consultation_day(days, year, month)
            if day > as_of:
                continue
            meeting_id = f"consult-{_iso(day)}"
            yield (
                f"meetings/{year}/{meeting_id}.yaml",
                {
                    "id": meeting_id,
                    "type": "open-consultation",
                    "date": _iso(day),
                    "start": "10:00",
                    "end": "13:00",
                    "location": ROOMS[0],
                    "mode": "in-person",
                    "chair": chair.id,
                    "agenda": [
                        {
                            "title": _text("Konsultim për planin vendor", "Consultation on the local plan"),
                            "presenter": secretary.id,
                        }
                    ],
                    "invitation": {
                        "sent": _stamp(datetime.combine(days.add(day, -8), datetime.min.time()).replace(hour=9)),
                        "to": "all",
                    },
                    "attendance": _attendance(rng, voting, day),
                    "guests": [
                        {"name": "Drilon Hysa", "institution": _text("Shoqata e Prindërve", "Parents' Association")}
                    ],
                    "summary": _text(
                        "Qytetarët dhe institucionet diskutuan prioritetet e sigurisë.",
                        "Citizens and institutions discussed safety priorities.",
                    ),
                    "minutes": {
                        "status": "signed",
                        "recorded_by": secretary.id,
                        "sent_to_members": _iso(day + timedelta(days=2)),
                    },
                },
            )
        for month in LPSC_MONTHS:
            day = _lpsc_day(days, year, month)
            if day > as_of:
                continue
            meeting_id = f"lpsc-{_iso(day)}"
            invited = days.add(day, -8)
            signed = day + timedelta(days=1)
            meeting: dict[str, Any] = {
                "id": meeting_id,
                "type": "lpsc",
                "date": _iso(day),
                "start": "10:00",
                "end": "12:30",
                "location": ROOMS[0],
                "mode": rng.choice(("in-person", "in-person", "hybrid")),
                "chair": chair.id,
                "agenda": [
                    {
                        "title": _text("Ecuria e planit vendor", "Progress of the local plan"),
                        "presenter": secretary.id,
                        "materials": [_text("Raporti i progresit", "Progress report")],
                    },
                    {"title": _text("Rastet e referuara", "Referred cases"), "presenter": secretary.id},
                ],
                "invitation": {"sent": _stamp(datetime(invited.year, invited.month, invited.day, 9, 0)), "to": "all"},
                "attendance": _attendance(rng, voting, day),
                "summary": _text(
                    "Këshilli shqyrtoi ecurinë e planit dhe rastet.", "The council reviewed the plan and the cases."
                ),
                "decisions": [
                    {
                        "text": _text("Miratohet raporti i progresit.", "The progress report is approved."),
                        "adopted": "consensus",
                        "signed": _iso(signed),
                    },
                ],
                "minutes": {
                    "status": "signed",
                    "recorded_by": secretary.id,
                    "sent_to_members": _iso(day + timedelta(days=2)),
                    "submitted": {"cve": _iso(day + timedelta(days=6)), "nccs": _iso(day + timedelta(days=6))},
                },
                "press_release": {
                    "published": f"{_iso(day)}T16:00",
                    "url": f"https://example.invalid/news/{meeting_id}",
                },
            }
            discussed = _discussed(rng, council, day, 4)
            if discussed:
                meeting["cases_discussed"] = discussed
            yield f"meetings/{year}/{meeting_id}.yaml", _without_future(meeting, as_of)
        for month in range(1, 13):
            day = days.on_or_after(_nth_weekday(year, month, 1, 1))
            if day > as_of:
                continue
            meeting_id = f"secr-{_iso(day)}"
            meeting = {
                "id": meeting_id,
                "type": "coordination-secretariat",
                "date": _iso(day),
                "start": "09:00",
                "end": "10:30",
                "location": ROOMS[1],
                "mode": rng.choice(("in-person", "virtual")),
                "chair": secretariat[0].id,
                "attendance": [{"member": m.id, "status": "present"} for m in secretariat],
                "minutes": {"status": "signed", "recorded_by": secretariat[0].id},
            }
            discussed = _discussed(rng, council, day, 6)
            if discussed:
                meeting["cases_discussed"] = discussed
            yield f"meetings/{year}/{meeting_id}.yaml", meeting


def _without_future(meeting: dict[str, Any], as_of: date) -> dict[str, Any]:
    """Drop the parts of a meeting's paper trail dated after `as_of` (they have not happened)."""
    minutes = meeting.get("minutes", {})
    submitted = minutes.get("submitted", {})
    for key in [k for k, v in submitted.items() if v > as_of.isoformat()]:
        del submitted[key]
    if not submitted:
        minutes.pop("submitted", None)
    if minutes.get("sent_to_members", "") > as_of.isoformat():
        del minutes["sent_to_members"]
        minutes["status"] = "approved"
    return meeting


PLAN_ITEMS = (
    ("1.2", "high", "Dhuna në familje", "Domestic violence", "children-and-families"),
    ("1.4", "high", "Bullizmi në shkolla", "Bullying in schools", "schools"),
    ("1.5", "moderate", "Përdorimi i drogave te të rinjtë", "Drug use among young people", "youth"),
    ("1.7", "low", "Siguria rrugore", "Road safety", "roads"),
)


def plan_record(
    rng: random.Random, days: _WorkingDays, year: int, as_of: date, meeting_ids: set[str]
) -> dict[str, Any]:
    consultation = f"consult-{_iso(_consultation_day(days, year, 1))}"
    approved_day = _lpsc_day(days, year, LPSC_MONTHS[0])
    approved_at = f"lpsc-{_iso(approved_day)}"
    secretariat = sorted(m for m in meeting_ids if m.startswith(f"secr-{year}-"))
    items = []
    timings = (
        {"kind": "period", "period": "H1", "label": _text("Gjashtëmujori i parë", "First 6-month period")},
        {"kind": "due", "due": f"{year}-09-30", "label": _text("Deri më 30 shtator", "By 30 September")},
        {"kind": "recurring", "every_months": 2, "label": _text("Çdo dy muaj", "Every two months")},
        {"kind": "continuous", "label": _text("Gjatë gjithë vitit", "All year round")},
        {"kind": "period", "period": "year", "label": _text("Gjatë vitit", "During the year")},
    )
    for number, priority, issue_sq, issue_en, _ in PLAN_ITEMS:
        activities = []
        for index in range(rng.randint(2, 3)):
            timing = dict(timings[(int(number[-1]) + index) % len(timings)])
            end_of_timing = {
                "period": date(year, 6, 30) if timing.get("period") == "H1" else date(year, 12, 31),
                "due": date(year, 9, 30),
            }.get(str(timing["kind"]), date(year, 12, 31))
            done = end_of_timing <= as_of
            progress: list[dict[str, Any]] = []
            months = range(2, 13, 2) if timing["kind"] == "recurring" else (4, 7, 10)
            for month in months:
                meeting = next((m for m in secretariat if m[10:12] == f"{month:02d}"), None)
                when = date(year, month, 20)
                if meeting is None or when > as_of or when > end_of_timing:
                    continue
                percent = min(100, 20 * (len(progress) + 1) + rng.randint(0, 15))
                progress.append(
                    {
                        "date": _iso(when),
                        "percent": percent,
                        "note": _text("Veprimtaria vazhdon.", "The activity is under way."),
                        "meeting": meeting,
                    }
                )
            responsible = rng.sample(
                (
                    "municipality",
                    "police-regional",
                    "education-regional",
                    "social-services-municipal",
                    "child-protection",
                    "health-care-local",
                ),
                2,
            )
            if done:
                progress.append(
                    {
                        "date": _iso(min(end_of_timing - timedelta(days=5), as_of)),
                        "percent": 100,
                        "note": _text("Përfunduar.", "Completed."),
                    }
                )
            activity: dict[str, Any] = {
                "number": f"{number}.{index + 1}",
                "text": _text(
                    f"Veprimtaria {number}.{index + 1} për {issue_sq.lower()}",
                    f"Activity {number}.{index + 1} on {issue_en.lower()}",
                ),
                "responsible": responsible,
                "lead": responsible[0],
                "timing": timing,
                "indicator": _text("Numri i pjesëmarrësve", "Number of participants"),
                "target": _text("200 pjesëmarrës", "200 participants"),
                "weight": rng.choice((1, 1, 2)),
                "status": "done" if done else "in-progress",
            }
            if progress:
                activity["progress"] = progress
            activities.append(activity)
        items.append(
            {
                "number": number,
                "issue": _text(issue_sq, issue_en),
                "evidence": _text(
                    f"{rng.randint(20, 90)} raste të regjistruara", f"{rng.randint(20, 90)} recorded cases"
                ),
                "priority": priority,
                "activities": activities,
            }
        )
    plan: dict[str, Any] = {
        "id": f"plan-{year}",
        "title": _text(f"Plani vendor i veprimit shumë-aktorësh {year}", f"Multi-agency local action plan {year}"),
        "period": {"from": f"{year}-01-01", "to": f"{year}-12-31"},
        "status": "approved" if year == as_of.year else "closed",
        "consultation": consultation,
        "approved_at": approved_at,
        "published": [
            {
                "institution": inst,
                "date": _iso(approved_day + timedelta(days=rng.randint(2, 9))),
                "url": f"https://example.invalid/{inst}/plan-{year}",
            }
            for inst in sorted({seat[1] for seat in SEATS})
        ],
        "items": items,
    }
    if consultation not in meeting_ids:
        del plan["consultation"]
    if approved_at not in meeting_ids or max(p["date"] for p in plan["published"]) > as_of.isoformat():
        plan["status"] = "draft"
        del plan["approved_at"], plan["published"]
    review = f"lpsc-{_iso(_lpsc_day(days, year, LPSC_MONTHS[2]))}"
    if review in meeting_ids:
        plan["revisions"] = [
            {
                "date": review[5:],
                "meeting": review,
                "summary": _text("Përditësim pas konsultimit", "Update after the consultation"),
            }
        ]
    monitoring = []
    for period, consultation_id in (
        ("H1", f"consult-{_iso(_consultation_day(days, year, 7))}"),
        ("H2", f"consult-{_iso(_consultation_day(days, year + 1, 1))}"),
    ):
        report = date.fromisoformat(consultation_id[8:]) + timedelta(days=4)
        if consultation_id in meeting_ids and report + timedelta(days=2) <= as_of:
            monitoring.append(
                {
                    "period": period,
                    "consultation": consultation_id,
                    "report_date": _iso(report),
                    "approved_by_chair": _iso(report + timedelta(days=2)),
                }
            )
    if monitoring:
        plan["monitoring"] = monitoring
    return plan


def training_records(rng: random.Random, council: Council, as_of: date) -> Iterator[tuple[str, dict[str, Any]]]:
    sessions = (
        (3, "introductory", _text("Hyrje në punën e KVSP", "Introduction to the LPSC")),
        (6, "thematic", _text("Menaxhimi i rasteve", "Case management")),
        (
            10,
            "refresher",
            _text("Rifreskim: referimi dhe konfidencialiteti", "Refresher: referral and confidentiality"),
        ),
    )
    for year in range(FIRST_YEAR, as_of.year + 1):
        for month, kind, topic in sessions:
            day = _weekday_on_or_after(date(year, month, 15))
            if day > as_of:
                continue
            if year == FIRST_YEAR and kind == "introductory":
                people = list(council.members)
            else:
                people = rng.sample(council.members, rng.randint(8, 14))
            participants = []
            for member in people:
                pre = rng.randint(30, 70)
                participants.append({"member": member.id, "pre": pre, "post": min(100, pre + rng.randint(0, 35))})
            participants.append({"name": "Blerina Hysaj", "institution": "school-2", "pre": 40, "post": 75})
            training_id = f"training-{_iso(day)}"
            yield (
                f"trainings/{training_id}.yaml",
                {
                    "id": training_id,
                    "date": _iso(day),
                    "kind": kind,
                    "topic": topic,
                    "hours": rng.choice((4, 6, 8)),
                    "participants": participants,
                },
            )


def report_records(as_of: date) -> Iterator[tuple[str, dict[str, Any]]]:
    def report(
        report_id: str, kind: str, period: str, submitted: date, to: list[str]
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        if submitted <= as_of:
            yield (
                f"reports/{report_id}.yaml",
                {
                    "id": report_id,
                    "kind": kind,
                    "period": period,
                    "submitted": _iso(submitted),
                    "to": to,
                },
            )

    for year in range(FIRST_YEAR, as_of.year + 1):
        yield from report(f"annual-{year}", "annual-activity", str(year), date(year + 1, 1, 20), ["cve", "nccs"])
        yield from report(
            f"chair-{year}", "chair-to-municipal-council", str(year), date(year, 12, 10), ["municipal-council"]
        )
        for month in range(1, 13):
            submitted = _next_month(date(year, month, 1)) + timedelta(days=4)
            yield from report(
                f"prefect-{year}-{month:02d}", "prefect-monthly", f"{year}-{month:02d}", submitted, ["prefect"]
            )
        for quarter in range(1, 5):
            submitted = _next_month(date(year, quarter * 3, 1)) + timedelta(days=9)
            yield from report(
                f"prefect-{year}-q{quarter}", "prefect-quarterly", f"{year}-Q{quarter}", submitted, ["prefect"]
            )
        for half, month in ((1, 7), (2, 13)):
            submitted = date(year + (month > 12), (month - 1) % 12 + 1, 15)
            yield from report(f"monitoring-{year}-h{half}", "plan-monitoring", f"{year}-H{half}", submitted, ["lpsc"])


def config_record(as_of: date) -> dict[str, Any]:
    return {
        "council": COUNCIL,
        "name": _text("Këshilli Vendor i Sigurisë Publike Fushëqytet", "Fushëqytet Local Public Safety Council"),
        "municipality": _text("Bashkia Fushëqytet", "Municipality of Fushëqytet"),
        "prefecture": "fushaqytet",
        "language": "sq",
        "profile": "normative-act",
        "calendar": {
            "closures": [f"{y}-12-24" for y in range(FIRST_YEAR, as_of.year + 1) if date(y, 12, 24).weekday() < 5]
        },
        "coverage": {"from": f"{FIRST_YEAR}-01-01"},
    }


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What was written: counts per folder, files and bytes."""

    root: Path
    counts: dict[str, int]
    files: int
    bytes: int
    seconds: float


def generate(out: Path, *, cases: int = 10_000, seed: int = 2025, as_of: date = DEFAULT_AS_OF) -> Summary:
    """Write a synthetic repository into `out` (which must not exist or be empty)."""
    started = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    rng = random.Random(seed)
    days = _WorkingDays()
    council = Council(members=make_members(rng))
    counts: dict[str, int] = {}
    written = [0, 0]
    made_dirs: set[Path] = set()

    def put(rel: str, data: Mapping[str, Any]) -> None:
        path = out / rel
        if path.parent not in made_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(path.parent)
        raw = to_yaml(data).encode("utf-8")
        path.write_bytes(raw)
        folder = rel.split("/", 1)[0]
        counts[folder] = counts.get(folder, 0) + 1
        written[0] += 1
        written[1] += len(raw)

    put("lpsc.yaml", config_record(as_of))
    (out / ".gitignore").write_text(".lpsc-cache/\n", encoding="utf-8")
    for rel, data in institution_records():
        put(rel, data)
    for member in council.members:
        put(f"members/{member.id}.yaml", member.data)

    writer = CaseWriter(rng, days, council, as_of)
    per_year = _case_counts(cases, as_of.year)
    width = max(3, len(str(max(per_year.values(), default=0))))
    for year, count in per_year.items():
        dated = council.case_dates.setdefault(year, [])
        for index in range(count):
            case_id = f"case-{year}-{index + 1:0{width}d}"
            received = writer.referral_day(year, index, count)
            record = writer.build(case_id, received)
            dated.append((received.date(), case_id))
            put(f"cases/{year}/{case_id}.yaml", record)

    meeting_ids: set[str] = set()
    for rel, data in meeting_records(rng, days, council, as_of):
        meeting_ids.add(data["id"])
        put(rel, data)
    for year in range(FIRST_YEAR, as_of.year + 1):
        put(f"plans/plan-{year}.yaml", plan_record(rng, days, year, as_of, meeting_ids))
    for rel, data in training_records(rng, council, as_of):
        put(rel, data)
    for rel, data in report_records(as_of):
        put(rel, data)
    return Summary(out, counts, written[0], written[1], time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to create (must not exist, or be empty)")
    parser.add_argument("--cases", type=int, default=10_000, help="number of cases (default 10000)")
    parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF.isoformat(), help="last day of the records (YYYY-MM-DD)")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    if args.force and args.out.exists():
        shutil.rmtree(args.out)
    try:
        summary = generate(args.out, cases=args.cases, seed=args.seed, as_of=date.fromisoformat(args.as_of))
    except (FileExistsError, ValueError) as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    folders = ", ".join(f"{n} {folder}" for folder, n in sorted(summary.counts.items()))
    print(f"{summary.root}: {summary.files} files, {summary.bytes / 1e6:.1f} MB ({folders}) in {summary.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
