"""A council's year as data: every step one `lpsc` command line, in the order they are recorded.

The council is invented and modelled on Librazhd (A §2): twenty institutions, the members of the
Normative Act composition (A §3.2.2) with a Coordination Secretariat of municipality, police and
prosecution (R art. 9.3), eighteen meetings (twelve monthly secretariat meetings, three open
consultations, three LPSC meetings), the 2025 plan with its progress, monitoring and revisions,
eight cases, two trainings and the reports that went out. Every person is invented; case subjects
are pseudonymous codes only. The steps run the directory first, then the first half-year, the
eight cases (each through its life), the second half-year and the reports: a step only needs
the records it names to exist.

A step is named `RECORD/WHAT` (`lpsc-2025-07-23/invite`, `case-2025-008/screen`); its tags are the
record it concerns and any group it belongs to, so that a variant can drop a whole meeting
(`drop(YEAR, "secr-2025-09-17")`) or replace one step (`replace(YEAR, "lpsc-2025-07-23/invite",
"meeting invite ...")`). `{files}` in a command is the folder holding the files of `FILES`
(the spreadsheets a secretariat keeps beside the repository).
"""

from __future__ import annotations

import inspect
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import replace as replaced

COUNCIL = "librazhd"
AS_OF = "2025-12-31"


@dataclass(frozen=True)
class Step:
    """One command line of the year: `args` without the leading `lpsc` and without `--repo`."""

    name: str
    args: tuple[str, ...]
    tags: frozenset[str] = field(default_factory=frozenset)


def step(name: str, command: str, *tags: str) -> Step:
    """A step from its name (`record/what`) and its command line as a council would type it."""
    return Step(name, tuple(shlex.split(command)), frozenset({name.split("/")[0], *tags}))


def drop(steps: Iterable[Step], *names_or_tags: str) -> tuple[Step, ...]:
    """The steps less those named, or carrying one of the tags, given (each must match one)."""
    steps = tuple(steps)
    for given in names_or_tags:
        assert any(s.name == given or given in s.tags for s in steps), f"no step {given}"
    return tuple(s for s in steps if s.name not in names_or_tags and not s.tags & set(names_or_tags))


def replace(steps: Iterable[Step], name: str, command: str) -> tuple[Step, ...]:
    """The steps with the one named `name` running `command` instead (name and tags kept)."""
    steps = tuple(steps)
    assert sum(s.name == name for s in steps) == 1, f"no single step {name}"
    return tuple(replaced(s, args=tuple(shlex.split(command))) if s.name == name else s for s in steps)


# --- who -----------------------------------------------------------------------------------------

INSTITUTIONS = [
    # id, sector, name (sq | en), extra options
    ("municipality-librazhd", "local-government", "sq:Bashkia Librazhd|en:Municipality of Librazhd", ""),
    ("police-elbasan", "police", "sq:Drejtoria Vendore e Policisë Elbasan|en:Elbasan Local Police Directorate", ""),
    ("police-librazhd", "police", "sq:Policia Bashkiake Librazhd|en:Librazhd Municipal Police", ""),
    ("prosecution-librazhd", "justice", "en:Librazhd District Prosecution Office", "--prosecution"),
    ("education-elbasan", "education", "en:Elbasan Regional Education Directorate", ""),
    ("civil-emergencies-librazhd", "civil-emergencies", "en:Librazhd Civil Emergencies Office", ""),
    ("social-services-elbasan", "social-services", "en:Elbasan Regional State Social Services", ""),
    ("health-elbasan", "health", "en:Elbasan Regional Health Directorate", ""),
    ("health-centre-librazhd", "health", "en:Librazhd Health Centre", ""),
    ("environment-elbasan", "environment", "en:Elbasan Regional Environment Agency", ""),
    ("food-authority-elbasan", "food-safety", "en:National Food Authority, Elbasan Office", ""),
    ("protected-areas-elbasan", "protected-areas", "en:Elbasan Protected Areas Administration", ""),
    ("child-protection-librazhd", "child-protection", "en:Librazhd Child Protection Unit", ""),
    ("territory-inspectorate-librazhd", "territory-inspection", "en:Librazhd Territorial Inspectorate", ""),
    ("consumer-protection-elbasan", "consumer-protection", "en:Consumer Protection Agency, Elbasan", ""),
    ("prefecture-elbasan", "prefecture", "sq:Prefektura Elbasan|en:Elbasan Prefecture", ""),
    ("cve", "other", "en:National CVE Coordination Centre", ""),
    ("school-librazhd-1", "education", "en:Librazhd Basic School No. 1", ""),
    ("ngo-shpresa", "civil-society", "en:Shpresa Association", ""),
    ("mental-health-elbasan", "health", "en:Elbasan Community Mental Health Centre", ""),
    ("youth-centre-librazhd", "youth", "en:Librazhd Youth Centre", ""),
]

TERM = "--term-from 2025-01-06 --declaration-signed 2025-01-10"
MEMBERS = [
    # name, institution, options
    ("Ardian Hoxha", "municipality-librazhd", "--role chair --role permanent --seat mayor --position en:Mayor"),
    (
        "Elda Muça",
        "municipality-librazhd",
        "--role technical-secretariat --role coordination-secretariat --role case-manager --id member-elda-muca",
    ),
    ("Gentian Lami", "police-elbasan", "--role permanent --role coordination-secretariat --seat regional-police"),
    ("Mirela Doko", "prosecution-librazhd", "--role permanent --role coordination-secretariat"),
    ("Sokol Prifti", "police-librazhd", "--role permanent --seat municipal-police"),
    ("Alketa Bardhi", "education-elbasan", "--role permanent --seat regional-education"),
    ("Flamur Xhafa", "civil-emergencies-librazhd", "--role permanent --seat civil-emergencies"),
    ("Ornela Kasa", "social-services-elbasan", "--role permanent --seat regional-social-services"),
    ("Besnik Rrapi", "health-elbasan", "--role permanent --seat regional-health"),
    ("Lindita Cani", "health-centre-librazhd", "--role permanent --seat local-health-care"),
    ("Edmond Shehaj", "environment-elbasan", "--role permanent --seat environment-agency"),
    ("Valbona Meta", "food-authority-elbasan", "--role permanent --seat food-authority"),
    ("Klodian Zeqo", "protected-areas-elbasan", "--role permanent --seat protected-areas"),
    (
        "Rozana Hysa",
        "municipality-librazhd",
        "--role permanent --role case-manager --seat domestic-violence-coordinator",
    ),
    ("Dorina Kurti", "child-protection-librazhd", "--role permanent --role case-manager --seat child-protection-unit"),
    ("Ilir Gjoni", "territory-inspectorate-librazhd", "--role permanent --seat territory-inspectorate"),
    ("Majlinda Topi", "consumer-protection-elbasan", "--role permanent --seat consumer-protection"),
    ("Erjon Dema", "municipality-librazhd", "--role invited --position 'en:Deputy Mayor'"),
]


def member_id(name: str) -> str:
    """`member-elda-muca` for Elda Muça (the ids the scenario gives or lpsc derives)."""
    plain = name.lower().replace("ç", "c").replace("ë", "e")
    return "member-" + plain.replace(" ", "-")


EVERYONE = [member_id(name) for name, _, _ in MEMBERS]
SECRETARIAT = ["member-elda-muca", "member-gentian-lami", "member-mirela-doko"]
PUBLIC = [i for i, _, _, _ in INSTITUTIONS[:15]]  # the member institutions that publish the plan

# --- the files a secretariat keeps beside the repository ------------------------------------

FILES = {
    "attendance-2025-02-12.csv": "member,status,explanation_received\n"
    + "".join(f"{m},present,\n" for m in EVERYONE if m not in ("member-klodian-zeqo", "member-valbona-meta"))
    + "member-klodian-zeqo,excused,2025-02-11\nmember-valbona-meta,virtual,\n",
    "attendance-2025-12-17.csv": "member,status,explanation_received,delegate\n"
    "member-ardian-hoxha,present,,member-erjon-dema\n"
    + "".join(f"{m},present,,\n" for m in EVERYONE[1:-1] if m != "member-edmond-shehaj")
    + "member-edmond-shehaj,excused,2025-12-16,\n",
    "refresher-2025-10-16.csv": "participant,pre,post,institution\n"
    + "".join(f"{m},{55 + i},{80 + i // 2}\n" for i, m in enumerate(EVERYONE[:12]))
    + "Teuta Lika,50,78,ngo-shpresa\nArben Kola,45,70,school-librazhd-1\n",
}


# --- the year ------------------------------------------------------------------------------------


def _init_options() -> str:
    """The council works under the Normative Act and a council regulation modelled on R: both bases.

    An lpsc whose `init` has no `--basis` writes no basis, and then every rule applies, which is
    the same; this keeps the year running on both.
    """
    from lpsc_cli.cli.init import init_command

    if "basis" not in inspect.signature(init_command).parameters:
        return ""
    return " --profile normative-act --basis normative-act --basis council-regulation --prefecture elbasan"


def _directory() -> Iterator[Step]:
    yield step(
        "init",
        f"init {{root}} --council {COUNCIL} --name 'KVSP Librazhd' --municipality 'Bashkia Librazhd' "
        f"--lang sq --since 2025-01-01{_init_options()}",
    )
    # the mayor's order composing the council (A §3.1): the council's obligations start here
    yield step("compose", "compose --order 'Nr. 12' --date 2025-01-08")
    for institution, sector, names, extra in INSTITUTIONS:
        name = " ".join(f"--name {shlex.quote(n)}" for n in names.split("|"))
        yield step(f"{institution}/add", f"institution add {institution} {name} --sector {sector} {extra}")
    for name, institution, options in MEMBERS:
        yield step(f"{member_id(name)}/add", f"member add --name '{name}' --institution {institution} {options} {TERM}")


def _secretariat(day: str, agenda: str) -> Iterator[Step]:
    meeting = f"secr-{day}"
    yield step(
        f"{meeting}/new",
        f"meeting new --type coordination-secretariat --date {day} --time 10:00 --end 11:30 "
        f"--location 'Bashkia Librazhd, salla 2' --mode in-person --agenda '{agenda}'",
        "secretariat",
    )
    present = " ".join(f"--present {m}" for m in SECRETARIAT)
    yield step(f"{meeting}/attend", f"meeting attend {meeting} {present}", "secretariat")


def _consultation(day: str, count: int, groups: str, concerns: str) -> Iterator[Step]:
    meeting = f"consult-{day}"
    yield step(
        f"{meeting}/new",
        f"meeting new --type open-consultation --date {day} --time 17:00 --end 19:00 "
        f"--location 'Qendra Kulturore Librazhd' --mode in-person --agenda 'Local safety concerns and the plan'",
    )
    yield step(
        f"{meeting}/attend",
        f"meeting attend {meeting} --present member-ardian-hoxha --present member-elda-muca "
        "--present member-gentian-lami --present member-sokol-prifti "
        "--guest 'Teuta Lika@Shpresa Association' --guest 'Olsi Bregu@Librazhd Youth Centre'",
    )
    groups_options = " ".join(f"--group '{g}'" for g in groups.split("|"))
    concerns_options = " ".join(f"--concern '{c}'" for c in concerns.split("|"))
    yield step(f"{meeting}/citizens", f"meeting citizens {meeting} --count {count} {groups_options} {concerns_options}")


def _lpsc(day: str, invited: str, agenda: str, attend: str, decision: str, after: dict[str, str]) -> Iterator[Step]:
    """An LPSC meeting from invitation to press release; `after` holds the dates of what follows it."""
    meeting = f"lpsc-{day}"
    yield step(
        f"{meeting}/new",
        f"meeting new --type lpsc --date {day} --time 10:00 --end 12:30 --location 'Salla e Këshillit Bashkiak' "
        f"--mode hybrid --agenda '{agenda}'",
    )
    yield step(
        f"{meeting}/invite",
        f"meeting invite {meeting} --sent {invited} --to all --guest 'Teuta Lika@Shpresa Association'",
    )
    yield step(f"{meeting}/attend", f"meeting attend {meeting} {attend}")
    yield step(
        f"{meeting}/decide",
        f"meeting decide {meeting} --text '{decision}' --adopted consensus --signed {day} "
        f"--distributed {after['minutes']}",
    )
    yield step(
        f"{meeting}/minutes",
        f"meeting minutes {meeting} --status signed --recorded-by member-elda-muca --sent-to-members {after['minutes']} "
        f"--submitted-cve {after['submitted']} --submitted-nccs {after['submitted']}",
    )
    yield step(
        f"{meeting}/publish",
        f"meeting publish {meeting} --press-release {day}T16:00 --url https://librazhd.example.invalid/kvsp/{day} "
        f"--summary 'en:{decision}'",
    )
    yield step(f"{meeting}/recording", f"meeting recording {meeting} --archived {after['recording']}")


def _progress(day: str, activity: str, percent: int, meeting: str = "", note: str = "") -> Step:
    extra = f" --meeting {meeting}" if meeting else ""
    extra += f" --note '{note}'" if note else ""
    return step(
        f"plan-2025/progress-{activity}-{day}",
        f"plan progress plan-2025 {activity} --date {day} --percent {percent}{extra}",
    )


def _contacts(case: str, manager: str, days: Iterable[str], provider_day: str = "") -> Iterator[Step]:
    for day in days:
        if day == provider_day:
            yield step(
                f"{case}/contact-{day}", f"case contact {case} --date {day} --kind face-to-face --provider ngo-shpresa"
            )
        else:
            kind = "home-visit" if day.endswith(("-10", "-14", "-12")) else "phone"
            yield step(f"{case}/contact-{day}", f"case contact {case} --date {day} --kind {kind} --by {manager}")


def _first_half() -> Iterator[Step]:
    yield from _secretariat("2025-01-15", "Preparing the open consultation")
    yield from _consultation(
        "2025-01-29",
        46,
        "parents|shop owners|youth",
        "Street lighting near School No. 1|Drug dealing near the bus station|Domestic violence in rural villages",
    )
    # The draft plan, from the consultation's concerns (R art. 8.1-8.3).
    yield step(
        "plan-2025/new",
        "plan new 2025 --title 'en:Multi-agency local action plan 2025' "
        "--title 'sq:Plani vendor i veprimit 2025' --consultation consult-2025-01-29",
    )
    yield step(
        "plan-2025/item-1.1",
        "plan item plan-2025 --no 1.1 --issue 'en:Drug use among young people' "
        "--priority high --evidence 'en:14 police reports in 2024'",
    )
    yield step(
        "plan-2025/activity-1.1.1",
        "plan activity plan-2025 1.1 --text 'en:School information sessions on drugs' "
        "--responsible education-elbasan --responsible police-librazhd --lead education-elbasan --timing every:2 "
        "--timing-label 'en:Every two months' --indicator 'en:Sessions held' --target 'en:12 sessions'",
    )
    yield step(
        "plan-2025/activity-1.1.2",
        "plan activity plan-2025 1.1 --text 'en:Lighting survey of school routes' "
        "--responsible municipality-librazhd --timing H1 --indicator 'en:Survey published'",
    )
    yield step(
        "plan-2025/item-1.2",
        "plan item plan-2025 --no 1.2 --issue 'en:Domestic violence in rural villages' --priority high",
    )
    yield step(
        "plan-2025/activity-1.2.1",
        "plan activity plan-2025 1.2 --text 'en:Outreach with the domestic violence "
        "coordinator' --responsible municipality-librazhd --responsible social-services-elbasan --timing continuous",
    )
    yield step(
        "plan-2025/item-2.1", "plan item plan-2025 --no 2.1 --issue 'en:Unsafe public spaces' --priority moderate"
    )
    yield step(
        "plan-2025/activity-2.1.1",
        "plan activity plan-2025 2.1 --text 'en:Street lighting near School No. 1' "
        "--responsible municipality-librazhd --timing due:2025-09-30",
    )
    yield step(
        "plan-2025/activity-2.1.2",
        "plan activity plan-2025 2.1 --text 'en:Joint patrols at the bus station' "
        "--responsible police-librazhd --responsible police-elbasan --timing Q4",
    )
    everyone_but_two = " ".join(
        f"--present {m}" for m in EVERYONE if m not in ("member-klodian-zeqo", "member-valbona-meta")
    )
    assert everyone_but_two  # the CSV of FILES holds the same list
    yield from _lpsc(
        "2025-02-12",
        "2025-02-03T09:00",
        "Approval of the 2025 local action plan",
        "--from-csv {files}/attendance-2025-02-12.csv --guest 'Teuta Lika@Shpresa Association'",
        "The 2025 local action plan is approved.",
        {"minutes": "2025-02-14", "submitted": "2025-02-19", "recording": "2025-02-13"},
    )
    yield step("plan-2025/approve", "plan approve plan-2025 --meeting lpsc-2025-02-12")
    for n, institution in enumerate(PUBLIC):
        yield step(
            f"plan-2025/publish-{institution}",
            f"plan publish plan-2025 --institution {institution} "
            f"--date 2025-02-{17 + n % 5} --url https://example.invalid/{institution}/plan-2025",
        )
    yield from _secretariat("2025-02-19", "Plan activities for February")
    yield _progress("2025-02-19", "1.1.1", 15, "secr-2025-02-19", "en:Two sessions held")
    yield from _secretariat("2025-03-19", "Follow-up of the plan")
    yield step(
        "training-2025-03-20/add",
        "training add --date 2025-03-20 --kind introductory --topic "
        "'sq:Hyrje në menaxhimin e rasteve' --topic 'en:Introduction to case management' --hours 6 "
        + " ".join(f"--participant {m}:{40 + i}:{75 + i // 2}" for i, m in enumerate(EVERYONE)),
    )
    yield from _secretariat("2025-04-16", "Follow-up of the plan")
    yield _progress("2025-04-16", "1.1.1", 35, "secr-2025-04-16")
    yield _progress("2025-04-16", "1.1.2", 50, "secr-2025-04-16")
    yield from _secretariat("2025-05-14", "Follow-up of the plan")
    yield _progress("2025-05-14", "1.2.1", 40, "secr-2025-05-14")
    yield from _secretariat("2025-06-18", "Follow-up of the plan; the half-year")
    yield _progress("2025-06-18", "1.1.1", 50, "secr-2025-06-18")
    yield _progress("2025-06-18", "1.1.2", 100, "secr-2025-06-18", "en:Survey published on the municipal website")


def _second_half() -> Iterator[Step]:
    yield from _consultation(
        "2025-07-09",
        38,
        "parents|elderly residents",
        "Lighting still missing on two streets|Stray dogs near the market",
    )
    yield step(
        "plan-2025/monitor-H1",
        "plan monitor plan-2025 --period H1 --meeting consult-2025-07-09 "
        "--report-date 2025-07-15 --approved-by-chair 2025-07-18",
    )
    yield from _secretariat("2025-07-16", "The half-year monitoring report")
    yield from _lpsc(
        "2025-07-23",
        "2025-07-14T09:00",
        "The consultation of 9 July and the revision of the plan",
        " ".join(f"--present {m}" for m in EVERYONE[:13] if m != "member-besnik-rrapi")
        + " --virtual member-rozana-hysa --virtual member-dorina-kurti --present member-ilir-gjoni"
        + " --guest 'Olsi Bregu@Librazhd Youth Centre'",
        "The plan is revised: activity 2.1.3 is added.",
        {"minutes": "2025-07-25", "submitted": "2025-07-30", "recording": "2025-07-24"},
    )
    yield step(
        "lpsc-2025-07-23/excused",
        "meeting attend lpsc-2025-07-23 member-besnik-rrapi --status excused --explanation-received 2025-07-22",
    )
    yield step(
        "lpsc-2025-07-23/cases", "meeting cases lpsc-2025-07-23 case-2025-001 case-2025-002 case-2025-003 case-2025-005"
    )
    yield step("lpsc-2025-07-23/declare", "meeting declare lpsc-2025-07-23 --all-present --date 2025-07-23")
    yield step(
        "plan-2025/revise-2025-07-23",
        "plan revise plan-2025 --date 2025-07-23 --meeting lpsc-2025-07-23 "
        "--summary 'en:Activity 2.1.3 added after the consultation of 9 July'",
    )
    yield step(
        "plan-2025/activity-2.1.3",
        "plan activity plan-2025 2.1 --text 'en:Stray dog programme with the market' "
        "--responsible municipality-librazhd --responsible food-authority-elbasan --timing due:2025-11-30",
    )
    yield from _secretariat("2025-08-20", "Follow-up of the plan")
    yield _progress("2025-08-20", "1.1.1", 60, "secr-2025-08-20")
    yield _progress("2025-08-20", "2.1.1", 60, "secr-2025-08-20")
    yield from _secretariat("2025-09-17", "Follow-up of the plan")
    yield _progress("2025-09-29", "2.1.1", 100, note="en:Twelve new street lights")
    yield from _secretariat("2025-10-15", "Follow-up of the plan")
    yield _progress("2025-10-15", "1.1.1", 80, "secr-2025-10-15")
    yield _progress("2025-10-15", "1.2.1", 75, "secr-2025-10-15")
    yield _progress("2025-10-15", "2.1.2", 40, "secr-2025-10-15")
    yield step(
        "training-2025-10-16/add",
        "training add --date 2025-10-16 --kind refresher --topic "
        "'en:Red flags and referral to the CVE coordinators' --hours 4 --from-csv {files}/refresher-2025-10-16.csv",
    )
    yield from _secretariat("2025-11-19", "Follow-up of the plan")
    yield _progress("2025-11-19", "2.1.3", 100, "secr-2025-11-19")
    yield from _secretariat("2025-12-03", "Preparing the December consultation")
    yield _progress("2025-12-03", "1.1.1", 100, "secr-2025-12-03")
    yield _progress("2025-12-03", "2.1.2", 100, "secr-2025-12-03")
    yield from _consultation("2025-12-10", 51, "parents|teachers|shop owners", "Safety of the new bus station")
    yield step(
        "plan-2025/monitor-H2",
        "plan monitor plan-2025 --period H2 --meeting consult-2025-12-10 "
        "--report-date 2025-12-19 --approved-by-chair 2025-12-22",
    )
    yield step(
        "member-ardian-hoxha/delegate",
        "member delegate member-ardian-hoxha --delegate member-erjon-dema "
        "--note-date 2025-12-12 --from 2025-12-15 --to 2025-12-31",
    )
    yield from _lpsc(
        "2025-12-17",
        "2025-12-05T09:00",
        "The year in review and the 2026 plan",
        "--from-csv {files}/attendance-2025-12-17.csv",
        "The 2025 plan is revised for the December consultation.",
        {"minutes": "2025-12-19", "submitted": "2025-12-23", "recording": "2025-12-18"},
    )
    yield step(
        "lpsc-2025-12-17/cases",
        "meeting cases lpsc-2025-12-17 case-2025-002 case-2025-003 case-2025-005 case-2025-007 case-2025-008",
    )
    yield step("lpsc-2025-12-17/declare", "meeting declare lpsc-2025-12-17 --all-present --date 2025-12-17")
    yield step(
        "plan-2025/revise-2025-12-17",
        "plan revise plan-2025 --date 2025-12-17 --meeting lpsc-2025-12-17 "
        "--summary 'en:The year reviewed after the consultation of 10 December'",
    )


def _managed(
    c: str,
    *,
    screened: str,
    assessed: str,
    risk: str,
    sectors: str,
    isp: tuple[str, str],
    goals: str,
    consent_by: str,
    manager: str,
    assigned: str,
    consults: Iterable[Step] = (),
    contextual: bool = False,
) -> Iterator[Step]:
    """A case screened eligible, assessed, given an approved and signed ISP with consent, and assigned.

    `isp` is (prepared, approved): it is signed and consented to on the day it is approved.
    """
    yield step(f"{c}/screen", f"case screen {c} --date {screened} --outcome eligible")
    yield from consults
    sector_options = " ".join(f"--sector {s}" for s in sectors.split())
    yield step(
        f"{c}/assess",
        f"case assess {c} --date {assessed} --risk {risk} {sector_options} --annex2-complete "
        "--data-collection-complete --rationale-recorded" + (" --contextual-factors" if contextual else ""),
    )
    prepared, approved = isp
    goal_options = " ".join(f"--goal {g}" for g in goals.split())
    yield step(
        f"{c}/plan",
        f"case plan {c} --prepared {prepared} --approved {approved} --signed {approved} {goal_options} "
        f"--consent-given {approved} --consent-by {consent_by}",
    )
    yield step(f"{c}/assign", f"case assign {c} --manager {manager} --assigned {assigned}")


def _consult(c: str, sector: str, day: str, more: str = "--provider mental-health-elbasan --required --held") -> Step:
    return step(f"{c}/consult-{sector}", f"case consult {c} --sector {sector} --date {day} {more}")


def _cases() -> Iterator[Step]:
    """Eight cases: each step dated in its case's life; the order of cases is the order of referrals."""
    c = "case-2025-001"  # a school's referral, managed to closure with an outside provider
    yield step(
        f"{c}/new",
        "case new --received 2025-02-10T09:30 --referred-by school-librazhd-1 --concern child-protection "
        "--code B.K. --age-band 13-17 --sex F --group child --channel in-person --form-complete --registered 2025-02-11",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-02-11 --police 2025-02-12")
    yield from _managed(
        c, screened="2025-02-14", consults=[_consult(c, "health", "2025-02-21")], assessed="2025-02-25",
        risk="moderate", sectors="education social-services health", contextual=True, isp=("2025-03-03", "2025-03-05"),
        goals="education:school-librazhd-1 social-services:social-services-elbasan", consent_by="guardian",
        manager="member-dorina-kurti", assigned="2025-03-06",
    )  # fmt: skip
    days = ["2025-03-20", "2025-04-17", "2025-05-15", "2025-06-12", "2025-07-10", "2025-08-14", "2025-09-11"]
    yield from _contacts(c, "member-dorina-kurti", days, provider_day="2025-05-15")
    yield step(f"{c}/review", f"case review {c} --date 2025-09-05 --kind 6-month --isp-adjusted --lessons-captured")
    yield step(f"{c}/goal-1", f"case goal {c} 1 --status achieved")
    yield step(f"{c}/goal-2", f"case goal {c} 2 --status achieved")
    yield step(
        f"{c}/close",
        f"case close {c} --date 2025-09-26 --reason goals-achieved --goals-achieved all "
        "--report-completed 2025-09-26 --services-continue --exit-sent 2025-09-29 --exit-to guardian",
    )

    c = "case-2025-002"  # an emergency: domestic violence, addressed the same day
    yield step(
        f"{c}/new",
        "case new --received 2025-03-03T08:40 --referred-by police-librazhd --concern domestic-violence "
        "--emergency --escalated-at 2025-03-03T09:00 --addressed-at 2025-03-03T15:30 --code D.M. --age-band 30-39 "
        "--sex F --group woman --group dv-victim --channel phone --form-complete --registered 2025-03-03",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-03-03 --police 2025-03-03")
    yield step(f"{c}/subject-child", f"case subject add {c} --code A.M. --role child --age-band 6-12")  # her son
    yield from _managed(
        c, screened="2025-03-04", assessed="2025-03-10", risk="high", sectors="police social-services health",
        isp=("2025-03-17", "2025-03-19"), goals="social-services:social-services-elbasan health:health-centre-librazhd",
        consent_by="subject", manager="member-rozana-hysa", assigned="2025-03-20",
    )  # fmt: skip
    days = ["2025-04-10", "2025-05-14", "2025-06-12", "2025-07-10", "2025-08-14", "2025-09-11", "2025-10-09"]
    yield from _contacts(c, "member-rozana-hysa", [*days, "2025-11-13", "2025-12-11"], provider_day="2025-07-10")
    yield step(f"{c}/review", f"case review {c} --date 2025-09-18 --kind 6-month --isp-unchanged --services-adjusted")
    yield step(f"{c}/goal-1", f"case goal {c} 1 --status in-progress")
    yield step(f"{c}/goal-2", f"case goal {c} 2 --status achieved")

    c = "case-2025-003"  # a red flag the national CVE centre referred: reported to the regional coordinator
    yield step(
        f"{c}/new",
        "case new --received 2025-04-07T11:00 --referred-by cve --concern p-cve --red-flag --code R.T. "
        "--age-band 18-24 --sex M --group youth --channel official-note --form-complete --registered 2025-04-08",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-04-08 --police 2025-04-08 --regional-cve 2025-04-09")
    consults = [_consult(c, "education", "2025-04-17", "--optional --held"), _consult(c, "health", "2025-04-18")]
    yield from _managed(
        c, screened="2025-04-10", consults=consults, assessed="2025-04-22", risk="high",
        sectors="police education social-services", contextual=True, isp=("2025-04-28", "2025-04-30"),
        goals="education:education-elbasan social-services:social-services-elbasan", consent_by="subject",
        manager="member-elda-muca", assigned="2025-05-02",
    )  # fmt: skip
    days = ["2025-05-15", "2025-06-12", "2025-07-10", "2025-08-14", "2025-09-11", "2025-10-09", "2025-11-13"]
    yield from _contacts(c, "member-elda-muca", [*days, "2025-12-11"], provider_day="2025-08-14")
    yield step(f"{c}/review", f"case review {c} --date 2025-10-30 --kind 6-month --isp-adjusted")
    yield step(f"{c}/goal-1", f"case goal {c} 1 --status achieved")
    yield step(f"{c}/goal-2", f"case goal {c} 2 --status partially-achieved")

    c = "case-2025-004"  # a referral the screening sent elsewhere
    yield step(
        f"{c}/new",
        "case new --received 2025-05-12T14:00 --referred-by community --concern drugs --code F.L. "
        "--age-band 13-17 --sex M --group child --channel in-person --form-incomplete --missing family-situation",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-05-13 --police 2025-05-13")
    yield step(f"{c}/screen", f"case screen {c} --date 2025-05-15 --outcome refer-elsewhere")

    c = "case-2025-005"  # transferred in from Pogradec
    yield step(
        f"{c}/receive",
        "case receive --from-council pogradec --received 2025-06-02T10:00 "
        "--referred-by social-services-elbasan --concern domestic-violence --documents-complete --code E.S.",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-06-02 --police 2025-06-03")
    yield from _managed(
        c, screened="2025-06-05", assessed="2025-06-16", risk="moderate", sectors="social-services health education",
        isp=("2025-06-25", "2025-06-27"), goals="social-services:social-services-elbasan health", consent_by="guardian",
        manager="member-rozana-hysa", assigned="2025-06-30",
    )  # fmt: skip
    days = ["2025-07-17", "2025-08-21", "2025-09-18", "2025-10-16", "2025-11-20", "2025-12-11"]
    yield from _contacts(c, "member-rozana-hysa", days, provider_day="2025-09-18")

    c = "case-2025-006"  # a family that moved: transferred to Elbasan with its documents
    yield step(
        f"{c}/new",
        "case new --received 2025-07-07T09:00 --referred-by school-librazhd-1 --concern school-bullying "
        "--code A.H. --age-band 13-17 --sex M --group child --channel email --form-complete --registered 2025-07-08",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-07-08")
    yield from _managed(
        c, screened="2025-07-10", assessed="2025-07-21", risk="low", sectors="education social-services child-protection",
        isp=("2025-07-28", "2025-07-30"), goals="education:school-librazhd-1", consent_by="guardian",
        manager="member-dorina-kurti", assigned="2025-07-31",
    )  # fmt: skip
    yield from _contacts(c, "member-dorina-kurti", ["2025-08-12", "2025-09-09"])
    yield step(
        f"{c}/transfer",
        f"case transfer {c} --to elbasan --date 2025-09-22 --documents-complete --acknowledged 2025-09-26",
    )

    c = "case-2025-007"  # an elderly person referred by the health centre, with the mental health centre
    yield step(
        f"{c}/new",
        "case new --received 2025-09-08T10:00 --referred-by health-centre-librazhd --concern mental-health "
        "--code L.P. --age-band 65+ --sex F --group elderly --channel letter --form-complete --registered 2025-09-09",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-09-09")
    yield from _managed(
        c, screened="2025-09-11", consults=[_consult(c, "health", "2025-09-19")], assessed="2025-09-22",
        risk="moderate", sectors="health social-services local-government", isp=("2025-09-29", "2025-10-01"),
        goals="health:mental-health-elbasan", consent_by="subject", manager="member-elda-muca", assigned="2025-10-02",
    )  # fmt: skip
    yield from _contacts(c, "member-elda-muca", ["2025-10-20", "2025-11-17", "2025-12-15"], provider_day="2025-11-17")
    yield step(f"{c}/goal-1", f"case goal {c} 1 --status in-progress")

    c = "case-2025-008"  # a November referral, its support plan approved in December
    yield step(
        f"{c}/new",
        "case new --received 2025-11-04T10:00 --referred-by school-librazhd-1 --concern school-bullying "
        "--code N.D. --age-band 13-17 --sex F --group child --channel in-person --form-complete --registered 2025-11-05",
    )
    yield step(f"{c}/share", f"case share {c} --lpsc 2025-11-05")
    yield from _managed(
        c, screened="2025-11-07", assessed="2025-11-20", risk="moderate", sectors="education social-services child-protection",
        isp=("2025-12-01", "2025-12-03"), goals="education:school-librazhd-1", consent_by="guardian",
        manager="member-dorina-kurti", assigned="2025-12-04",
    )  # fmt: skip


def _reports() -> Iterator[Step]:
    """The case managers' reports to the Prefect for every month and quarter a case was open (A §3.5),
    the half-year monitoring report to the LPSC, and the chair's report to the municipal council."""
    for month in range(2, 12):
        submitted = f"2025-{month + 1:02d}-05"
        yield step(
            f"prefect-2025-{month:02d}/add",
            f"report add --kind prefect-monthly --period 2025-{month:02d} --submitted {submitted} --to prefect",
            "reports",
        )
    for quarter, submitted in (("Q1", "2025-04-08"), ("Q2", "2025-07-08"), ("Q3", "2025-10-08")):
        yield step(
            f"prefect-2025-{quarter.lower()}/add",
            f"report add --kind prefect-quarterly --period 2025-{quarter} "
            f"--submitted {submitted} --to prefect --protocol 'Nr. {quarter}/2025'",
            "reports",
        )
    yield step(
        "monitoring-2025-h1/add",
        "report add --kind plan-monitoring --period 2025-H1 --submitted 2025-07-18 --to lpsc",
        "reports",
    )
    yield step(
        "council-2025/add",
        "report add --kind chair-to-municipal-council --period 2025 --submitted 2025-12-22 --to municipal-council",
        "reports",
    )


def _year() -> tuple[Step, ...]:
    steps = (*_directory(), *_first_half(), *_cases(), *_second_half(), *_reports())
    names = [s.name for s in steps]
    assert len(names) == len(set(names)), "step names are unique"
    return steps


#: The whole year, in the order it is recorded.
YEAR: tuple[Step, ...] = _year()
