"""Protected identities in public text: what a reader's key reveals, looked for where the public reads.

A case's identity lives in its sealed block (SPEC §7), but a careless sentence can carry it out:
a press-release summary, a plan text, a published page. Whoever holds a reader's key can decrypt
the identities of the cases they read, so lpsc looks for exactly those in the public text they
write or publish (A §3.6.5: a leak harms the person; A Annex 3 VII: confidentiality of case data).

What is looked for, per readable case: the sealed `identity.name` (as written, first and last
word only, and last word first, as Albanian lists write names), each of `identity.guardians`,
and the clear `subject.code`. Text and names are compared case- and diacritics-insensitively
("Çela" = "cela" = "CELA") as whole words. A match is reported by the case id and the sealed
field, never by the name: findings and messages end up in terminals and CI logs.

Nothing here prints or keeps a decrypted value beyond the scan: the identities live in memory
as regular-expression alternatives and are dropped with the `KnownIdentities` object.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lpsc_cli.errors import JsonPath, LpscError, RecordError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record
from lpsc_cli.sealing.access import member_for_keys
from lpsc_cli.sealing.envelope import NotAReader, decrypt, parse_plaintext
from lpsc_cli.sealing.keys import load_identities

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

PUBLIC = "public"
NAME_FIELD = "identity.name"
GUARDIAN_FIELD = "identity.guardians"
CODE_FIELD = "subject.code"
#: Shorter than this (letters and digits, once normalised), a phrase would match ordinary words.
MIN_LETTERS = 2
_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^\W+|\W+$")


class IdentityInPublicText(RecordError):
    """Public text holds a protected identity the writer can read: nothing was written (exit 1)."""


def normalise(value: str) -> str:
    """Text folded for comparison: accents dropped ("Ç" → "c"), case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", bare.casefold()).strip()


def name_variants(name: str) -> list[str]:
    """The forms a name is written in: as sealed, first and last word, and last word first."""
    words = normalise(name).split(" ")
    variants = [" ".join(words)]
    if len(words) >= 3:
        variants.append(f"{words[0]} {words[-1]}")
    if len(words) >= 2:
        variants.append(f"{words[-1]} {words[0]}")
    return variants


@dataclass(frozen=True)
class Exposure:
    """A protected identity found in public text: which case and sealed field, and where it was found."""

    case: str
    field: str
    where: str

    def describe(self) -> str:
        return _("{where} holds the {field} sealed in {case}").format(
            where=self.where, field=self.field, case=self.case
        )


@dataclass(frozen=True)
class KnownIdentities:
    """The identities one key can read, as whole-word patterns.

    `cases` is how many sealed cases the key read, of `sealed` in the repository.
    """

    phrases: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None
    cases: int = 0
    sealed: int = 0
    unreadable: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, entries: Sequence[tuple[str, str, str]], *, cases: int = 0, sealed: int = 0, unreadable: Sequence[str] = ()
    ) -> KnownIdentities:
        """From (case, field, text) entries: each text normalised into its phrase(s)."""
        phrases: dict[str, list[tuple[str, str]]] = {}
        for case, source, value in entries:
            forms = name_variants(value) if source != CODE_FIELD else [normalise(value)]
            for form in forms:
                phrase = _EDGE.sub("", form)
                if sum(ch.isalnum() for ch in phrase) < MIN_LETTERS:
                    continue
                owners = phrases.setdefault(phrase, [])
                if (case, source) not in owners:
                    owners.append((case, source))
        return cls(
            phrases={k: tuple(v) for k, v in phrases.items()},
            pattern=_pattern(tuple(phrases)),
            cases=cases,
            sealed=sealed,
            unreadable=tuple(unreadable),
        )

    def find(self, value: Any, where: str) -> list[Exposure]:
        """The identities in `value` (text, or a `{sq: ..., en: ...}` map, or a list of them)."""
        pattern = self.pattern
        if pattern is None:
            return []
        found: dict[tuple[str, str], Exposure] = {}
        for text in _texts(value):
            for match in pattern.finditer(normalise(text)):
                for case, source in self.phrases.get(match.group(0), ()):
                    found.setdefault((case, source), Exposure(case=case, field=source, where=where))
        return list(found.values())


def _pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """One alternation of every phrase, longest first, matched as whole words."""
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def sealed_cases(repo: Repository) -> int:
    """How many cases hold a sealed block (none: there is no identity to look for)."""
    return sum(1 for record in repo.of("case") if isinstance(record.get("sealed", "age"), str))


def known_identities(repo: Repository, identity: Path) -> KnownIdentities:
    """The identities of every case the key in `identity` can read (and every subject code of those).

    Raises `IdentityMissing` when there is no identity file (the caller says the scan was not
    possible). When the key is a member's recorded key, only the blocks whose clear reader list
    names that member are decrypted. A block the key is not a recipient of is skipped; one that
    cannot be decrypted for another reason (bad armour) is listed in `unreadable` (the leak
    check reports it).
    """
    keys = load_identities(identity)
    # Decrypting costs milliseconds a block: when the key is a member's, only the blocks that
    # list that member as a reader are tried (the others were not sealed to the key).
    member = member_for_keys(repo, [str(key.to_public()) for key in keys])
    entries: list[tuple[str, str, str]] = []
    unreadable: list[str] = []
    cases = sealed = 0
    for record in repo.of("case"):
        block = record.get("sealed")
        armour = _armour(block)
        if armour is None:
            continue
        sealed += 1
        if member is not None and member.id not in (block.get("readers") or ()):
            continue
        try:
            content = _opened(armour, keys)
        except LpscError:
            unreadable.append(record.id)
            continue
        if content is None:
            continue
        cases += 1
        entries.extend(_identity_entries(record.id, content))
        code = record.get("subject", "code")
        if isinstance(code, str):
            entries.append((record.id, CODE_FIELD, code))
        entries.extend(_subject_entries(record, keys, unreadable))
    return KnownIdentities.of(entries, cases=cases, sealed=sealed, unreadable=unreadable)


def _armour(block: Any) -> str | None:
    """The age armour of a sealed block, or None when there is none."""
    armour = block.get("age") if isinstance(block, Mapping) else None
    return armour if isinstance(armour, str) else None


def _opened(armour: str, keys: Any) -> Mapping[str, Any] | None:
    """The clear content of a block, None when the keys are not among its readers (raises
    `LpscError` when it cannot be decrypted for another reason)."""
    try:
        return parse_plaintext(decrypt(armour, keys))
    except NotAReader:
        return None


def _subject_entries(record: Record, keys: Any, unreadable: list[str]) -> Iterator[tuple[str, str, str]]:
    """The further people of a case the key reads (`subjects`): each code, and the name and
    guardians in each person's own sealed block (sealed to the case block's readers)."""
    for index, person in enumerate(record.get("subjects") or ()):
        if not isinstance(person, Mapping):
            continue
        where = f"subjects.{index}"
        if isinstance(code := person.get("code"), str):
            yield record.id, f"{where}.code", code
        armour = _armour(person.get("sealed"))
        try:
            content = _opened(armour, keys) if armour is not None else None
        except LpscError:
            unreadable.append(record.id)
            continue
        if content is not None:
            yield from _identity_entries(record.id, content, where=f"{where}.")


def _identity_entries(case: str, content: Mapping[str, Any], *, where: str = "") -> Iterator[tuple[str, str, str]]:
    """The name and guardians of a decrypted block, with the field they are kept in."""
    identity = content.get("identity")
    if not isinstance(identity, Mapping):
        return
    if isinstance(name := identity.get("name"), str):
        yield case, where + NAME_FIELD, name
    for guardian in identity.get("guardians") or ():
        if isinstance(guardian, str):
            yield case, where + GUARDIAN_FIELD, guardian


def exposures_in(known: KnownIdentities, texts: Mapping[str, Any]) -> list[Exposure]:
    """The identities found in each text given by its label (`--summary`, `--text`...)."""
    return [exposure for where, value in texts.items() if value is not None for exposure in known.find(value, where)]


def refuse(exposures: Sequence[Exposure]) -> None:
    """Raise `IdentityInPublicText` naming each case and field (never the identity) if any."""
    if not exposures:
        return
    lines = "; ".join(e.describe() for e in exposures)
    raise IdentityInPublicText(
        _(
            "refused: {exposures}. Public text must never name a person of a case (A §3.6.5); "
            "rewrite it without the identity. Nothing was written."
        ).format(exposures=lines)
    )


# -- public fields of a repository --------------------------------------------------------------


@dataclass(frozen=True)
class PublicExposure:
    """An identity found in a public field of a record: the record, its field, and what was found."""

    record: Record
    path: JsonPath
    exposure: Exposure


def public_texts(repo: Repository) -> Iterator[tuple[Record, JsonPath, str]]:
    """Every text of every record in a field its schema classes public (`x-lpsc-class: public`).

    A field is public only when every field on its path is: the same rule public documents,
    the public site and public exports are made by. Case files are left out: their public
    fields are codes and dates, never text.
    """
    schemas = repo.schemas
    if schemas is None:
        return
    for kind in repo.records:
        if kind == "case":
            continue
        classes = schemas.field_classes(kind)
        for record in repo.of(kind):
            yield from ((record, path, value) for path, value in _public_strings(record.data, classes, (), ()))


def _public_strings(
    value: Any, classes: Mapping[JsonPath, str], path: JsonPath, pattern: tuple[str, ...]
) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            key_pattern = (*pattern, str(key))
            if classes.get(key_pattern) == PUBLIC:
                yield from _public_strings(item, classes, (*path, str(key)), key_pattern)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _public_strings(item, classes, (*path, index), (*pattern, "*"))


def public_exposures(repo: Repository, known: KnownIdentities) -> Iterator[PublicExposure]:
    """Every identity `known` finds in a public field of the repository."""
    if known.pattern is None:
        return
    for record, path, value in public_texts(repo):
        where = f"{record.kind} {record.id} {'.'.join(map(str, path))}"
        for exposure in known.find(value, where):
            yield PublicExposure(record=record, path=path, exposure=exposure)
