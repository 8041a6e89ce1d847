"""Age X25519 keys: the identity file of the person at the terminal, and members' public keys.

An identity file is what `age-keygen` writes (`# created: ...`, `# public key: age1...`,
`AGE-SECRET-KEY-1...`), so the same file works with the `age` tool. It lives in the user's
configuration folder, never in a record repository (wherever links lead), and is made readable
by its owner only: mode 0600, or on Windows an access list (`lpsc_cli.privacy`); whether that
held is reported, never assumed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyrage import IdentityError, RecipientError, x25519

from lpsc_cli.errors import ConfigurationError, LpscError, UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import CONFIG_FILE
from lpsc_cli.privacy import OWNER_ONLY, restrict_to_owner

ENV_IDENTITY = "LPSC_IDENTITY"
IDENTITY_FILE = "identity.txt"
RECIPIENT_PREFIX = "age1"
#: A private key as age writes it (Bech32: upper case, or all lower case).
SECRET_PATTERN = re.compile(rb"AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{20,}|age-secret-key-1[02-9ac-hj-np-z]{20,}")


class IdentityMissing(ConfigurationError):
    """No identity file where one is looked for (exit 2: the user must create or name one)."""


def config_home(environ: Mapping[str, str] | None = None) -> Path:
    """The user's configuration folder: `$XDG_CONFIG_HOME`, `%APPDATA%` on Windows, or `~/.config`."""
    env = os.environ if environ is None else environ
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"])
    if os.name == "nt" and env.get("APPDATA"):
        return Path(env["APPDATA"])
    return Path.home() / ".config"


def default_identity_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where your identity is looked for: `$LPSC_IDENTITY`, else `<config home>/lpsc/identity.txt`."""
    env = os.environ if environ is None else environ
    if env.get(ENV_IDENTITY):
        return Path(env[ENV_IDENTITY]).expanduser()
    return config_home(env) / "lpsc" / IDENTITY_FILE


def identity_path(given: Path | None) -> Path:
    """The identity named by `--identity`, else the default one."""
    return given.expanduser() if given is not None else default_identity_path()


@dataclass(frozen=True, slots=True)
class NewIdentity:
    """An identity just written: its public key, its file, and whether only you may read it."""

    public: str
    path: Path
    owner_only: bool


def create_identity(path: Path, *, created: datetime) -> str:
    """Write a new identity to `path` (see `write_identity`); its public key."""
    return write_identity(path, created=created).public


def write_identity(path: Path, *, created: datetime) -> NewIdentity:
    """Write a new identity to `path`, never over an existing file, readable by its owner only.

    The file is created with O_CREAT|O_EXCL, so two runs can never both write it and an existing
    key is never replaced. `path` is refused when it lies inside a record repository, judged on
    its real location (a linked folder that leads into a repository is inside it). `created` is
    the time written in the file's comment. `owner_only` tells whether the restriction to its
    owner holds (mode 0600; on Windows an access list set with icacls).
    """

    inside = record_repository_above(path)
    if inside is not None:
        raise UsageError(
            _(
                "{path} is inside the record repository {repository}: a private key must never enter it "
                "(it would travel with every clone); keep your identity in your own configuration folder"
            ).format(path=path, repository=inside)
        )
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    text = f"# created: {created.isoformat(timespec='seconds')}\n# public key: {public}\n{identity}\n"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, OWNER_ONLY)
    except FileExistsError:
        raise UsageError(
            _("{path}: an identity already exists; refusing to overwrite it (its public key: `lpsc key show`)").format(
                path=path
            )
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("ascii"))
            handle.flush()
            os.fsync(handle.fileno())
        owner_only = restrict_to_owner(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return NewIdentity(public, path, owner_only)


def record_repository_above(path: Path) -> Path | None:
    """The record repository (folder with `lpsc.yaml`) that `path` would really be inside, if any.

    Links are resolved first: `~/keys -> ~/council/keys` leads into the repository `~/council`.
    """
    for folder in path.expanduser().resolve().parents:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def load_identities(path: Path) -> list[Any]:
    """The X25519 identities of an identity file (pyrage objects); comments and blanks skipped."""

    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IdentityMissing(
            _(
                "no age identity at {path}: create one with `lpsc key new`, or name yours with --identity or ${variable}"
            ).format(path=path, variable=ENV_IDENTITY)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LpscError(_("{path}: cannot read the identity file ({error})").format(path=path, error=exc)) from None
    found = []
    for number, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            found.append(x25519.Identity.from_str(line))
        except IdentityError:
            raise LpscError(
                _("{path}:{line}: not an age X25519 identity (AGE-SECRET-KEY-1...)").format(path=path, line=number)
            ) from None
    if not found:
        raise LpscError(_("{path}: holds no AGE-SECRET-KEY-1... line").format(path=path))
    return found


def public_keys_of(path: Path) -> list[str]:
    """The public keys (`age1...`) of the identities in an identity file."""
    return [str(identity.to_public()) for identity in load_identities(path)]


def parse_recipient(value: str) -> str:
    """A public key as given (`age1...`), checked to be an X25519 recipient; else a usage error."""

    key = value.strip()
    if key.upper().startswith("AGE-SECRET-KEY-"):
        raise UsageError(
            _("that is a private key: give the public key (age1...), and keep the private one to yourself")
        )
    try:
        x25519.Recipient.from_str(key)
    except RecipientError as exc:
        raise UsageError(_("'{key}' is not an age public key (age1...): {error}").format(key=key, error=exc)) from None
    return key


def is_recipient(value: Any) -> bool:
    """Whether `value` parses as an age X25519 public key."""

    if not isinstance(value, str) or not value.startswith(RECIPIENT_PREFIX):
        return False
    try:
        x25519.Recipient.from_str(value)
    except RecipientError:
        return False
    return True
