"""Sealed case data and leaks: armour, readers, clear text, private keys (SPEC §7; issue 7).

Case data concerns children, victims and people at risk, and a leak harms them (A §3.6.5;
A Annex 3 VII: confidentiality of case data). The checks, each with its code:

- `sealed-armour` (error): `sealed.age` is not ASCII-armoured age ciphertext.
- `sealed-reader-term` (warning): a reader whose term has ended on `as_of`; ordinary turnover,
  fixed by `lpsc reseal` (what they could read before stays readable to them). A reader that is
  no member at all is a dangling reference, reported by the references check.
- `sealed-manager` (error): the case manager is not among the readers.
- `clear-text` (error): free text or a confidential field in clear in a case file;
  `code-looks-like-name` (warning): a subject code that reads like a name.
- `private-key` (error): an age private key in any file of the tree (.git and .lpsc-cache aside).
- with `--history`: `history-private-key`, `history-clear-text` (errors) in any commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue, Where, error, warning
from lpsc_cli.model import as_date
from lpsc_cli.repository import CACHE_DIR
from lpsc_cli.sealing.envelope import armour_problem
from lpsc_cli.sealing.leaks import case_rules, history_leaks, invalid_case_leaks, tree_private_keys, valid_case_leaks

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.model import Record
    from lpsc_cli.repository import Repository
    from lpsc_cli.schemas import SchemaSet


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """Every sealing and leak finding of a repository (see the module docstring)."""
    from lpsc_cli.schemas import SchemaSet

    schemas = repo.schemas or SchemaSet()
    rules = case_rules(schemas)
    members = Members.of(repo, options.as_of)
    for record in repo.of("case"):
        yield from sealed_block_issues(record, members)
        yield from valid_case_leaks(record.data, rules, file=record.path, record=record.id)
    yield from _invalid_case_files(repo, schemas)
    yield from tree_private_keys(
        repo.root, cache_dir=repo.root / CACHE_DIR, known_clean=repo.read_files - repo.key_marked
    )
    if options.history:
        yield from history_leaks(repo.root, schemas, cache_dir=repo.root / CACHE_DIR)


@dataclass(frozen=True)
class Members:
    """What the reader checks need to know of the members, looked up once per run."""

    ended: Mapping[str, date]
    with_key: frozenset[str]

    @classmethod
    def of(cls, repo: Repository, as_of: date) -> Members:
        ended = {}
        for member in repo.of("member"):
            end = as_date(member.get("term", "to"))
            if end is not None and end < as_of:
                ended[member.id] = end
        keyed = frozenset(m.id for m in repo.of("member") if str(m.get("public_key", default="")).startswith("age1"))
        return cls(ended=ended, with_key=keyed)


def sealed_block_issues(record: Record, members: Members) -> Iterator[Issue]:
    """The armour and the readers of one case's `sealed` block."""
    block = record.get("sealed")
    if not isinstance(block, Mapping):
        return
    where: Where = {"file": record.path, "record": record.id}
    problem = armour_problem(block.get("age"))
    if problem is not None:
        yield error("sealed-armour", f"sealed.age is not valid age armour: {problem}", path=("sealed", "age"), **where)
    readers = [r for r in block.get("readers") or () if isinstance(r, str)]
    for index, reader in enumerate(readers):
        end = members.ended.get(reader)
        if end is not None:
            yield warning(
                "sealed-reader-term",
                f"reader {reader}'s term ended on {end.isoformat()}: run `lpsc reseal --case {record.id}` so "
                "that new versions leave them out",
                path=("sealed", "readers", index),
                **where,
            )
    manager = record.get("case_manager", "member")
    if isinstance(manager, str) and manager not in readers:
        reseal = f"`lpsc reseal --case {record.id}`"
        fix = (
            f"run {reseal}"
            if manager in members.with_key
            else (f"record their key (`lpsc member set-key {manager} age1...`), then {reseal}")
        )
        yield error(
            "sealed-manager",
            f"the case manager {manager} cannot read the sealed block (not a reader): {fix}",
            path=("sealed", "readers"),
            **where,
        )


def _invalid_case_files(repo: Repository, schemas: SchemaSet) -> Iterator[Issue]:
    """Clear text in case files that fail their schema (the loader kept no record for them)."""
    from lpsc_cli.yamlio import parse

    failing = sorted({i.file for i in repo.issues if i.code == "schema" and i.file and i.file.startswith("cases/")})
    for file in failing:
        try:
            raw = (repo.root / file).read_bytes()
        except OSError:
            continue
        data = parse(raw, file).data
        if data is None:
            continue
        problems = schemas.validate("case", data)
        record = data.get("id") if isinstance(data.get("id"), str) else None
        yield from invalid_case_leaks(data, problems, file=file, record=record)
