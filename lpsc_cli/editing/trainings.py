"""Training sessions with pre- and post-test scores (A KPI table: gain of more than 20 %)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from lpsc_cli.editing.core import WriteOptions, WriteResult, create_record, free_id, present
from lpsc_cli.editing.values import percent, record_id
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import text
from lpsc_cli.repository import Repository

Text = str | dict[str, str]
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@dataclass(frozen=True, kw_only=True)
class Participant:
    """A participant: a member (by id), or a name with an institution id; scores in percent."""

    member: str | None = None
    name: str | None = None
    institution: str | None = None
    pre: float | int | None = None
    post: float | int | None = None

    def fields(self) -> dict[str, Any]:
        return present(member=self.member, name=self.name, institution=self.institution, pre=self.pre, post=self.post)


def participant(who: str, pre: str | None, post: str | None, *, where: str) -> Participant:
    """A participant from text: a member id (`member-elira-shehu`) or `Name@institution-id`."""
    who = who.strip()
    if not who:
        raise UsageError(_("{where}: the participant is empty").format(where=where))
    scores = [_score(value, where=where) for value in (pre, post)]
    if "@" in who:
        name, _at, institution = who.rpartition("@")
        return Participant(
            name=name.strip(), institution=record_id(institution, option=where), pre=scores[0], post=scores[1]
        )
    if _SLUG.fullmatch(who):
        return Participant(member=who, pre=scores[0], post=scores[1])
    return Participant(name=who, pre=scores[0], post=scores[1])


def parse_participant(value: str, *, option: str = "--participant") -> Participant:
    """`WHO[:PRE:POST]`, e.g. `member-elira-shehu:45:80` or `Blerina Hasa@social-services-elbasan:50:70`."""
    parts = value.rsplit(":", 2)
    if len(parts) == 3:
        return participant(parts[0], parts[1], parts[2], where=f"{option} '{value}'")
    if len(parts) == 2:
        raise UsageError(
            _("{option} '{value}': give both scores (WHO:PRE:POST) or none (WHO)").format(option=option, value=value)
        )
    return participant(value, None, None, where=f"{option} '{value}'")


def read_participants(content: str, *, source: str) -> list[Participant]:
    """Participants from CSV text with the columns participant, pre, post (and optional institution)."""
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "participant" not in columns:
        raise UsageError(
            _("{source}: the CSV needs a header row with the columns participant, pre, post").format(source=source)
        )
    found = []
    for number, row in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(row.values()):
            continue
        who = row.get("participant", "")
        if row.get("institution") and "@" not in who:
            who = f"{who}@{row['institution']}"
        found.append(participant(who, row.get("pre") or None, row.get("post") or None, where=f"{source}:{number}"))
    return found


def _score(value: str | None, *, where: str) -> float | int | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value.strip().rstrip("%"))
    except ValueError:
        raise UsageError(
            _("{where}: '{value}' is not a score (a percentage 0-100)").format(where=where, value=value)
        ) from None
    return percent(number, option=where)


@dataclass(frozen=True, kw_only=True)
class TrainingFields:
    """A training session; `id` defaults to `training-YYYY-MM-DD`."""

    date: str
    kind: str | None = None
    topic: Text | None = None
    hours: float | None = None
    participants: tuple[Participant, ...] = ()
    id: str | None = None


def add_training(repo: Repository, fields: TrainingFields, *, options: WriteOptions) -> WriteResult:
    hours = int(fields.hours) if fields.hours is not None and float(fields.hours).is_integer() else fields.hours
    data = present(
        date=fields.date,
        kind=fields.kind,
        topic=fields.topic,
        hours=hours,
        participants=[p.fields() for p in fields.participants],
    )
    given = fields.id

    def allocate() -> str:
        return given or free_id(repo, "training", f"training-{fields.date}")

    return create_record(repo, "training", data, options=options, allocate=allocate, verb="add")


def training_rows(repo: Repository, *, year: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """One row per training: id, date, kind, topic, hours, participants, average scores."""
    rows = []
    for training in sorted(repo.of("training"), key=lambda t: (str(t.get("date", default="")), t.id)):
        if year and not str(training.get("date", default="")).startswith(str(year)):
            continue
        if kind and training.get("kind") != kind:
            continue
        people = training.get("participants", default=[])
        pre = [p["pre"] for p in people if isinstance(p.get("pre"), (int, float))]
        post = [p["post"] for p in people if isinstance(p.get("post"), (int, float))]
        rows.append(
            {
                "id": training.id,
                "date": training.get("date", default=""),
                "kind": training.get("kind", default=""),
                "topic": text(training.get("topic"), repo.language),
                "hours": training.get("hours"),
                "participants": len(people),
                "pre": round(sum(pre) / len(pre), 1) if pre else None,
                "post": round(sum(post) / len(post), 1) if post else None,
            }
        )
    return rows
