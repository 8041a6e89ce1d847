"""Sealed case data: identity and narrative encrypted with age to the members who may read them.

A case file keeps its structured fields in clear (deadlines, KPIs and CI need them) and its
identity, narrative and notes in `sealed`: `readers` (member ids) and `parts` (what is
inside) in clear, `age` the ASCII-armoured ciphertext (SPEC §7). This package owns the keys
(`keys`), the envelope (`envelope`) and who reads what (`access`). Writing sealed blocks into
records is `lpsc_cli.editing.sealing`'s; finding leaks is `lpsc_cli.checks.leaks`'s. Checking a
repository needs no key: only reading and writing sealed blocks does.

The API other modules use (importing nothing heavy):

    default_identity_path() -> Path
    seal(parts, recipients) -> str                      # armour
    unseal(armour, identity_path) -> dict               # NotAReader when not a recipient
    readers_for(repo, case_data, extra=(), *, as_of=None) -> list[str]
    collect_parts(name=, birth_date=, address=, phone=, guardians=, narrative=,
                  risk_rationale=, isp_goals=, contact_notes=) -> dict
    seal_case(repo, case_data, parts, *, extra_readers=(), identity=None, as_of=None) -> Sealing
    sealed_block(...) -> dict                           # seal_case(...).block
    reveal_lines(repo, record, identity=None) -> dict   # for `case show --reveal`
    revealed_text(content, lang=None) -> str           # labels in the active language, or `lang`
"""

from __future__ import annotations

from lpsc_cli.sealing.access import (
    AccessReport,
    Sealing,
    access_report,
    collect_parts,
    default_readers,
    readers_for,
    reveal_lines,
    revealed_text,
    seal_case,
    sealed_block,
)
from lpsc_cli.sealing.envelope import PART_KEYS, PARTS, NotAReader, armour_problem, seal, unseal
from lpsc_cli.sealing.keys import IdentityMissing, default_identity_path, identity_path

__all__ = [
    "PARTS",
    "PART_KEYS",
    "AccessReport",
    "IdentityMissing",
    "NotAReader",
    "Sealing",
    "access_report",
    "armour_problem",
    "collect_parts",
    "default_identity_path",
    "default_readers",
    "identity_path",
    "readers_for",
    "reveal_lines",
    "revealed_text",
    "seal",
    "seal_case",
    "sealed_block",
    "unseal",
]
