"""The council's composition, as warnings: seats of the chosen profile, chair, secretariats.

- every seat of the profile in `lpsc.yaml` is held by a current member (A §3.2.2 for the
  Normative Act; R art. 4.1 for the Elbasan regulation);
- one current chair (R art. 5.1: the mayor chairs the council), present at every LPSC meeting
  held, in person, virtually or through a delegate (R art. 7.4);
- a Coordination Secretariat of exactly three: one each from the municipality, the police and
  the prosecution (R art. 9.3);
- a Technical Secretariat, a municipal employee (R art. 10.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue, warning
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext
from lpsc_cli.model import CONFIG_FILE, Record, is_current
from lpsc_cli.profiles import DEFAULT_PROFILE, PROFILES

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository

PRESENT = frozenset({"present", "virtual"})


def _institution_side(repo: Repository, member: Record) -> str | None:
    institution = repo.get("institution", member.get("institution", default=""))
    if institution is None:
        return None
    if institution.get("prosecution") is True:
        return "prosecution"
    sector = institution.get("sector")
    return {"local-government": "municipality", "police": "police"}.get(sector)


def _seat_issues(repo: Repository, members: list[Record]) -> Iterator[Issue]:
    profile = str(repo.config.get("profile", DEFAULT_PROFILE))
    held = {m.get("seat") for m in members}
    for seat in PROFILES.get(profile, ()):
        if seat.id not in held:
            yield warning(
                "composition-seat",
                _("no current member holds the seat '{seat}' ({title}) of the {profile} profile").format(
                    seat=seat.id, title=seat.title, profile=profile
                ),
                file=CONFIG_FILE,
                path=("profile",),
            )


def _chair_issues(members: list[Record]) -> Iterator[Issue]:
    chairs = [m for m in members if "chair" in m.get("roles", default=[])]
    if len(chairs) != 1:
        names = ", ".join(m.id for m in chairs) or _("none")
        yield warning(
            "composition-chair",
            ngettext(
                "the council has {n} current chair ({names}); it needs exactly one",
                "the council has {n} current chairs ({names}); it needs exactly one",
                len(chairs),
            ).format(n=len(chairs), names=names),
            file=CONFIG_FILE,
        )


def _secretariat_issues(repo: Repository, members: list[Record]) -> Iterator[Issue]:
    secretariat = [m for m in members if "coordination-secretariat" in m.get("roles", default=[])]
    sides = sorted(filter(None, (_institution_side(repo, m) for m in secretariat)))
    if len(secretariat) != 3 or sides != ["municipality", "police", "prosecution"]:
        found = ", ".join(f"{m.id} ({_institution_side(repo, m) or _('other')})" for m in secretariat) or _("none")
        yield warning(
            "composition-secretariat",
            _(
                "the Coordination Secretariat must be three members, one each from the municipality, "
                "the police and the prosecution; found: {found}"
            ).format(found=found),
            file=CONFIG_FILE,
        )
    if not any("technical-secretariat" in m.get("roles", default=[]) for m in members):
        yield warning(
            "composition-technical", _("no current member has the role technical-secretariat"), file=CONFIG_FILE
        )


def _chair_present(meeting: Record) -> Iterator[Issue]:
    chair, attendance = meeting.get("chair"), meeting.get("attendance", default=[])
    if meeting.get("type") != "lpsc" or not attendance or not chair:
        return
    for index, row in enumerate(attendance):
        if row.get("member") == chair:
            if row.get("status") in PRESENT or row.get("delegate"):
                return
            yield warning(
                "chair-absent",
                _("the chair {chair} is recorded as {status} at an LPSC meeting").format(
                    chair=chair, status=row.get("status")
                ),
                file=meeting.path,
                path=("attendance", index, "status"),
                record=meeting.id,
            )
            return
    yield warning(
        "chair-absent",
        _("the chair {chair} is not in the attendance of this LPSC meeting").format(chair=chair),
        file=meeting.path,
        path=("attendance",),
        record=meeting.id,
    )


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    members = [m for m in repo.of("member") if is_current(m, options.as_of)]
    if not members:
        return  # a new, empty repository: nothing to say about a composition not yet recorded
    yield from _seat_issues(repo, members)
    yield from _chair_issues(members)
    yield from _secretariat_issues(repo, members)
    for meeting in repo.records["meeting"].values():
        yield from _chair_present(meeting)
