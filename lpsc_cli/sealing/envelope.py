"""The sealed envelope of a case: its parts, their YAML plaintext, and age encryption in memory.

The plaintext is a YAML mapping with one key per part (`identity`, `narrative`,
`risk_rationale`, `isp_goals`, `contact_notes`, `notes`) plus `added_readers`, the readers
given with `--reader`, kept so that `lpsc reseal` can tell them from former case managers.
It exists only in memory: it is encrypted with pyrage to ASCII armour and only the armour is
ever written. Armour is the standard age format, so `age -d -i identity.txt` decrypts it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyrage
import yaml
from pyrage import x25519

from lpsc_cli.errors import LpscError, UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.sealing.keys import load_identities
from lpsc_cli.yamlio import parse

ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = "-----END AGE ENCRYPTED FILE-----"
AGE_MAGIC = b"age-encryption.org/v1\n"

#: Sealed parts as `sealed.parts` names them, with the plaintext key of each.
PART_KEYS: dict[str, str] = {
    "identity": "identity",
    "narrative": "narrative",
    "risk-rationale": "risk_rationale",
    "isp-goals": "isp_goals",
    "contact-notes": "contact_notes",
    "notes": "notes",
}
PARTS: tuple[str, ...] = tuple(PART_KEYS)
PART_OF_KEY: dict[str, str] = {key: part for part, key in PART_KEYS.items()}
IDENTITY_FIELDS: tuple[str, ...] = ("name", "birth_date", "address", "phone", "guardians")
ADDED_READERS = "added_readers"
_CONTENT_ORDER: tuple[str, ...] = (*PART_KEYS.values(), ADDED_READERS)


class NotAReader(LpscError):
    """Your key is not among the recipients of a sealed block; says who can read it."""

    def __init__(self, message: str, readers: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.readers = tuple(readers)


def canonical(content: Mapping[str, Any]) -> dict[str, Any]:
    """The content in the canonical key order, empty parts dropped."""
    ordered = {key: content[key] for key in _CONTENT_ORDER if _present(content.get(key))}
    ordered.update({key: value for key, value in content.items() if key not in ordered and _present(value)})
    return ordered


def parts_present(content: Mapping[str, Any]) -> list[str]:
    """The names of the parts that hold something, in canonical order (for `sealed.parts`)."""
    return [part for part, key in PART_KEYS.items() if _present(content.get(key))]


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def plaintext(content: Mapping[str, Any]) -> bytes:
    """The YAML text of the content (in memory only)."""

    class _NoAliases(yaml.SafeDumper):
        """Repeated values are written out again: the record dialect refuses aliases."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    text = yaml.dump(canonical(content), Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


def parse_plaintext(raw: bytes) -> dict[str, Any]:
    """The content of decrypted plaintext (the record dialect: dates stay text)."""

    if not raw.strip():
        return {}
    parsed = parse(raw, "sealed")
    if parsed.data is None:
        reason = parsed.issue.message if parsed.issue is not None else _("not a YAML mapping")
        raise LpscError(_("the sealed content does not read as a YAML mapping ({reason})").format(reason=reason))
    return parsed.data


def seal(parts: Mapping[str, Any], recipients: Sequence[str]) -> str:
    """Encrypt `parts` (the plaintext mapping) to `recipients` (`age1...`); the ASCII armour."""

    if not recipients:
        raise UsageError(_("nobody to seal to: no reader has a public key (record one with `lpsc member set-key`)"))
    try:
        keys = [x25519.Recipient.from_str(r) for r in dict.fromkeys(recipients)]
    except pyrage.RecipientError as exc:
        raise UsageError(_("a reader's public key is not valid: {error}").format(error=exc)) from None
    armoured: bytes = pyrage.encrypt(plaintext(parts), keys, armored=True)
    return armoured.decode("ascii")


def unseal(armoured: str, identity_path: Path, *, readers: Sequence[str] = ()) -> dict[str, Any]:
    """Decrypt armour with the identity in `identity_path`; the content mapping.

    A key that is not a recipient raises `NotAReader`, naming `readers` (the block's clear
    reader list) as the people who can read it.
    """

    identities = load_identities(identity_path)
    return parse_plaintext(decrypt(armoured, identities, readers=readers))


def decrypt(armoured: str, identities: Sequence[Any], *, readers: Sequence[str] = ()) -> bytes:
    """The plaintext bytes of armour, for pyrage `identities`."""

    problem = armour_problem(armoured)
    if problem is not None:
        raise LpscError(_("the sealed block is not valid age armour: {problem}").format(problem=problem))
    try:
        raw: bytes = pyrage.decrypt(armoured.encode("ascii"), list(identities))
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            who = ", ".join(readers) if readers else _("its recipients only")
            raise NotAReader(
                _("your key is not one this was sealed to; it can be read by: {readers}").format(readers=who), readers
            ) from None
        raise LpscError(_("cannot decrypt the sealed block: {error}").format(error=exc)) from None
    return raw


_WELL_FORMED = re.compile(
    r"\s*-----BEGIN AGE ENCRYPTED FILE-----\r?\n((?:[A-Za-z0-9+/]{64}\r?\n)*"
    r"(?=[A-Za-z0-9+/=]{1,64}\r?\n)[A-Za-z0-9+/]*={0,2}\r?\n)-----END AGE ENCRYPTED FILE-----\s*"
)


def armour_problem(value: Any) -> str | None:
    """Why `value` is not ASCII-armoured age ciphertext, or None when it is well formed.

    Checks what can be checked without a key (age spec, "ASCII armor"): the begin and end
    lines, base64 lines of 64 columns (the last one up to 64), canonical padding, and the
    `age-encryption.org/v1` header with its MAC line inside. Well-formed armour takes one
    regular expression and one base64 decode; only bad armour is taken apart line by line.
    """
    if not isinstance(value, str):
        return _("not text")
    match = _WELL_FORMED.fullmatch(value)
    if match is not None:
        # The structure is right; the first 64 columns must decode to the age header line.
        try:
            if binascii.a2b_base64(match.group(1)[:64]).startswith(AGE_MAGIC):
                return None
        except binascii.Error:
            pass
    return _explain_armour(value)


def _explain_armour(value: str) -> str | None:
    lines = value.strip().splitlines()
    if not lines or lines[0].strip() != ARMOR_BEGIN:
        return _("it does not begin with '{line}'").format(line=ARMOR_BEGIN)
    if len(lines) < 3 or lines[-1].strip() != ARMOR_END:
        return _("it does not end with '{line}'").format(line=ARMOR_END)
    body = [line.rstrip("\r") for line in lines[1:-1]]
    for number, line in enumerate(body, start=2):
        last = number == len(body) + 1
        if len(line) > 64 or (not last and len(line) != 64) or (last and not line):
            return _("line {number} is not a 64-column base64 line").format(number=number)
    try:
        decoded = base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        return _("the body is not valid base64")
    if not decoded.startswith(AGE_MAGIC):
        return _("the body is not an age file (no age-encryption.org/v1 header)")
    if b"\n--- " not in decoded:
        return _("the age header is incomplete (no MAC line)")
    return None
