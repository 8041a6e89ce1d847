"""Signed records: who wrote each commit, verified by git's own SSH signature verification.

age does not authenticate the sender of a sealed block, and anyone with write access to the
repository can change any record. So each member may register an SSH signing key
(`signing_key` in the member record, `lpsc member set-key M --signing "ssh-ed25519 ..."`), git
signs lpsc's commits with the user's key (`lpsc key signing`), and `lpsc check --signatures`
verifies every commit touching `cases/` (or the whole repository) against an `allowed_signers`
file generated here from the member records: one line per member with a key, the principal
being the member's id, valid from the first day of the member's term to the end of its last
day (Europe/Tirane time), so that git (through `ssh-keygen -Y verify`) accepts a signature only
by a member in term on the commit's date. The file is written inside the git folder, never in
the work tree: it is derived from the records, so it is never committed by hand.

Findings of `check --signatures` (docs/security.md, docs/check.md):

- `commit-unsigned` (warning; an error with `signatures: {unsigned: error}` in lpsc.yaml);
- `commit-unknown-key` (error): signed by a key no member record holds;
- `commit-signer-out-of-term` (error): signed by a member's key outside the member's term;
- `commit-bad-signature` (error): a signature git finds broken or cannot check.

The source: the Normative Act's confidentiality duties (A §3.6.5, A Annex 3 VII) ask that only
members in office handle case information; a signed history shows who wrote each case step.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from lpsc_cli.calendar import TIRANE
from lpsc_cli.errors import Issue, Severity, UsageError
from lpsc_cli.history import (
    ALLOWED_SIGNERS,
    GitUnavailable,
    SignedCommit,
    configure_signing,
    file_versions,
    git_path,
    signed_commits,
    work_tree,
)
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext
from lpsc_cli.model import FOLDERS, Record, as_date
from lpsc_cli.repository import Repository
from lpsc_cli.store import write_atomic
from lpsc_cli.yamlio import parse

#: The SSH public key types git can sign with (ssh-keygen -Y sign).
KEY_TYPES = (
    "ssh-ed25519",
    "sk-ssh-ed25519@openssh.com",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-rsa",
)
UNSIGNED = "commit-unsigned"
UNKNOWN_KEY = "commit-unknown-key"
OUT_OF_TERM = "commit-signer-out-of-term"
BAD_SIGNATURE = "commit-bad-signature"


def parse_signing_key(text: str) -> str:
    """An SSH public key as `TYPE BASE64` (a trailing comment dropped); `UsageError` when the
    text is not one: an unknown type, a body that is not base64, or a body of another type."""
    fields = text.split()
    if len(fields) < 2 or fields[0] not in KEY_TYPES:
        raise UsageError(
            _(
                "--signing: not an SSH public key (expected '{example} AAAA...', as in your key's .pub file; "
                "types: {types})"
            ).format(example=KEY_TYPES[0], types=", ".join(KEY_TYPES))
        )
    kind, body = fields[0], fields[1]
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise UsageError(_("--signing: the key's body is not base64 (copy the whole line of the .pub file)")) from None
    # the key blob starts with its own type as an SSH string: a 4-byte length, then the name
    size = int.from_bytes(blob[:4], "big")
    if blob[4 : 4 + size].decode("ascii", "replace") != kind or len(blob) <= 4 + size:
        raise UsageError(
            _("--signing: the key's body is not an {kind} key (copy the whole line of the .pub file)").format(kind=kind)
        )
    return f"{kind} {body}"


def fingerprint(key: str) -> str:
    """The SHA256 fingerprint of an SSH public key, as ssh-keygen and git print it."""
    blob = base64.b64decode(key.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def _utc_stamp(day: date) -> str:
    """Midnight at the start of `day`, Europe/Tirane, as ssh-keygen's UTC time `YYYYMMDDHHMMZ`."""
    local = datetime.combine(day, time(0, 0), tzinfo=TIRANE)
    return local.astimezone(UTC).strftime("%Y%m%d%H%M%SZ")


def _validity(member: Record) -> dict[str, date]:
    """ssh-keygen's `valid-after`/`valid-before` days of a member's key: the term, its last day included."""
    end = as_date(member.get("term", "to"))
    edges = {"valid-after": as_date(member.get("term", "from")), "valid-before": end and end + timedelta(days=1)}
    return {name: day for name, day in edges.items() if day}


def allowed_signers(members: Iterable[Record]) -> str:
    """The `allowed_signers` text (ssh-keygen(1), ALLOWED SIGNERS) for the members with a
    signing key: principal the member id, for git only, valid during the member's term."""
    lines = ["# generated by lpsc from the member records; do not edit or commit"]
    for member in sorted(members, key=lambda m: m.id):
        key = member.get("signing_key")
        if not isinstance(key, str):
            continue
        try:
            key = parse_signing_key(key)
        except UsageError:
            continue  # the schema reports it
        options = ['namespaces="git"', *(f'{name}="{_utc_stamp(day)}"' for name, day in _validity(member).items())]
        lines.append(f"{member.id} {','.join(options)} {key}")
    return "\n".join(lines) + "\n"


def write_allowed_signers(repo: Repository) -> Path:
    """Write the allowed signers of `repo`'s members inside its git folder; returns the file.

    `GitUnavailable` without git or outside a git repository.
    """
    path = git_path(repo.root, ALLOWED_SIGNERS)
    if path is None:
        raise GitUnavailable(
            _("{folder} is not in a git repository (or git is not installed)").format(folder=repo.root)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, allowed_signers(repo.of("member")).encode("utf-8"), overwrite=True)
    return path


@dataclass(frozen=True, kw_only=True)
class SignatureSettings:
    """`signatures:` of lpsc.yaml: what is verified and how much an unsigned commit matters.

    `scope` `cases` verifies the commits touching `cases/`, `repository` every commit;
    `unsigned` is the severity of an unsigned commit; commits before `start` are not judged.
    """

    scope: str = "cases"
    unsigned: Severity = Severity.WARNING
    start: date | None = None

    @property
    def pathspec(self) -> str:
        return FOLDERS["case"] if self.scope == "cases" else "."


def settings_of(config: Mapping[str, Any]) -> SignatureSettings:
    """The `signatures:` settings of `lpsc.yaml` (defaults when absent)."""
    section = config.get("signatures")
    if not isinstance(section, Mapping):
        return SignatureSettings()
    return SignatureSettings(
        scope="repository" if section.get("scope") == "repository" else "cases",
        unsigned=Severity.ERROR if section.get("unsigned") == "error" else Severity.WARNING,
        start=as_date(section.get("from")),
    )


def member_keys(members: Iterable[Record]) -> dict[str, str]:
    """Fingerprint -> member id, for every member with a valid signing key."""
    keys: dict[str, str] = {}
    for member in members:
        key = member.get("signing_key")
        try:
            keys[fingerprint(parse_signing_key(key))] = member.id
        except (UsageError, AttributeError):
            continue
    return keys


@dataclass(frozen=True, kw_only=True)
class Signer:
    """Who signed one commit, as `check --signatures` and `case show --reveal` say it.

    `member` is set for a good signature by a member in term (`ok`), and for a member's key
    used outside the term; `code` is the finding's code when the commit is not `ok`.
    """

    commit: str
    day: str
    code: str | None
    member: str | None
    key: str

    @property
    def ok(self) -> bool:
        return self.code is None

    def describe(self) -> str:
        """The signature in words, with the commit and its day."""
        if self.code is None:
            message = _("commit {commit} of {day} is signed by {member} (key {key})")
        elif self.code == UNSIGNED:
            message = _("commit {commit} of {day} is not signed")
        elif self.code == OUT_OF_TERM:
            message = _("commit {commit} of {day} is signed by {member}'s key ({key}) outside {member}'s term")
        elif self.code == UNKNOWN_KEY:
            message = _("commit {commit} of {day} is signed by a key no member record holds ({key})")
        else:
            message = _("commit {commit} of {day} has a signature git finds bad or cannot check ({key})")
        return message.format(commit=self.commit[:12], day=self.day, member=self.member, key=self.key or _("no key"))


def judge(commit: SignedCommit, keys: Mapping[str, str]) -> Signer:
    """What git's verification of one commit means for the council."""
    day = commit.time[:10]
    if commit.status == "G":
        return Signer(commit=commit.commit, day=day, code=None, member=commit.signer, key=commit.key)
    if commit.status == "N":
        return Signer(commit=commit.commit, day=day, code=UNSIGNED, member=None, key="")
    if commit.status in ("U", "X", "Y"):
        member = keys.get(commit.key)
        code = OUT_OF_TERM if member is not None else UNKNOWN_KEY
        return Signer(commit=commit.commit, day=day, code=code, member=member, key=commit.key)
    return Signer(commit=commit.commit, day=day, code=BAD_SIGNATURE, member=keys.get(commit.key), key=commit.key)


def signature_issues(repo: Repository) -> list[Issue]:
    """Every commit of HEAD in the scope of `signatures:` that is not signed by a member in
    term on its date, as findings (see the module docstring); `GitUnavailable` without git."""
    settings = settings_of(repo.config)
    signers = write_allowed_signers(repo)
    keys = member_keys(repo.of("member"))
    issues = []
    for commit in signed_commits(repo.root, signers, pathspec=settings.pathspec):
        signer = judge(commit, keys)
        day = as_date(signer.day)
        if signer.ok or (settings.start is not None and day is not None and day < settings.start):
            continue
        severity = settings.unsigned if signer.code == UNSIGNED else Severity.ERROR
        files = [f for f in commit.files if settings.scope != "cases" or f.startswith(settings.pathspec + "/")]
        shown = files[0] if files else None
        others = len(files) - 1
        more = (
            ngettext(" and {n} other file(s)", " and {n} other file(s)", others).format(n=others) if others > 0 else ""
        )
        message = _("{signature} ('{subject}'; it writes {file}{more})").format(
            signature=signer.describe(), subject=commit.subject, file=shown or _("no file"), more=more
        )
        if signer.code == UNSIGNED:
            message += _(": sign commits with `lpsc key signing --key ~/.ssh/id_ed25519`")
        elif signer.code == UNKNOWN_KEY:
            message += _(
                ": if it is a member's, record it with `lpsc member set-key MEMBER --signing 'ssh-ed25519 ...'`"
            )
        file = shown if shown and (repo.root / shown).exists() else None  # a deleted file has no line
        issues.append(Issue(signer.code or BAD_SIGNATURE, severity, message, file, 1 if file else None))
    return issues


@dataclass(frozen=True, kw_only=True)
class SealedSigner:
    """Who signed the commit that last wrote a case's sealed block.

    `signer` is None when the block in the work tree is not committed (`uncommitted`), or git
    shows no commit for it.
    """

    signer: Signer | None
    uncommitted: bool = False

    @property
    def trusted(self) -> bool:
        return self.signer is not None and self.signer.ok

    def describe(self) -> str:
        if self.uncommitted:
            return _("the sealed block is not committed: nobody has signed it")
        if self.signer is None:
            return _("git shows no commit of the sealed block: nobody has signed it")
        if self.signer.ok:
            return _("the sealed block was written in {signature}").format(signature=self.signer.describe())
        return _("the sealed block was written in {signature}: it may be forged").format(
            signature=self.signer.describe()
        )


def _sealed_armour(data: Any) -> str | None:
    block = data.get("sealed") if isinstance(data, Mapping) else None
    armour = block.get("age") if isinstance(block, Mapping) else None
    return armour if isinstance(armour, str) else None


def sealed_block_signer(repo: Repository, case: Record) -> SealedSigner:
    """Who signed the commit that wrote `case`'s current sealed block (`case show --reveal`).

    The commit is the oldest of the newest run of committed versions holding the same block;
    its signature is verified like `check --signatures` does. `GitUnavailable` without git.
    """
    if work_tree(repo.root) is None:
        raise GitUnavailable(
            _("{folder} is not in a git repository (or git is not installed)").format(folder=repo.root)
        )
    current = _sealed_armour(case.data)
    versions = file_versions(repo.root, repo.root / case.path)
    if not versions or _sealed_armour(parse(versions[0][1], case.path).data) != current:
        return SealedSigner(signer=None, uncommitted=True)
    writer = versions[0][0]
    for commit, content in versions[1:]:
        if _sealed_armour(parse(content, case.path).data) != current:
            break
        writer = commit
    signers = write_allowed_signers(repo)
    found = signed_commits(repo.root, signers, revisions=(writer,))
    if not found:
        return SealedSigner(signer=None)
    return SealedSigner(signer=judge(found[0], member_keys(repo.of("member"))))


@dataclass(frozen=True, kw_only=True)
class SigningSetup:
    """What `lpsc key signing` configured: the work tree, the key, its public half and member."""

    top: Path
    key: Path
    public: str | None
    member: str | None


def public_half(key: Path) -> str | None:
    """The public key of an SSH key file: the file itself when it is one, else its `.pub`."""
    for candidate in (key, key.with_name(key.name + ".pub")):
        try:
            return parse_signing_key(candidate.read_text(encoding="utf-8", errors="replace"))
        except (OSError, UsageError):
            continue
    return None


def key_outside(key: Path, *folders: Path, option: str) -> Path:
    """`key` resolved, refused (`UsageError`) when it is not a file or lies inside one of
    `folders` (the repository): a private key must never be committed."""
    resolved = key.expanduser().resolve()
    if not resolved.is_file():
        raise UsageError(_("{option}: {key} is not a file").format(option=option, key=key))
    if any(resolved.is_relative_to(folder.resolve()) for folder in folders):
        raise UsageError(
            _(
                "{option}: {key} is inside the repository; keep SSH keys outside it (e.g. ~/.ssh), never commit one"
            ).format(option=option, key=key)
        )
    return resolved


def configure_member_signing(repo: Repository, key: Path) -> SigningSetup:
    """Configure git's SSH commit signing in `repo` with `key` (`history.configure_signing`),
    writing the allowed signers file first. A key inside the work tree is refused: a private
    key must never be committed."""
    top = work_tree(repo.root)
    if top is None:
        raise UsageError(
            _("{folder} is not in a git repository (or git is not installed): nothing to sign").format(folder=repo.root)
        )
    resolved = key_outside(key, repo.root, top, option="--key")
    path = write_allowed_signers(repo)
    work = configure_signing(repo.root, key=resolved, allowed_signers=path)
    public = public_half(resolved)
    member = member_keys(repo.of("member")).get(fingerprint(public)) if public else None
    return SigningSetup(top=work, key=resolved, public=public, member=member)


def sealed_signer_note(repo: Repository, case: Record) -> tuple[bool, str]:
    """(trusted, a line saying who signed the commit that wrote `case`'s sealed block)."""
    if _sealed_armour(case.data) is None:
        return True, _("nothing sealed")
    try:
        found = sealed_block_signer(repo, case)
    except GitUnavailable as exc:
        return False, _("who wrote the sealed block cannot be verified ({error})").format(error=exc)
    return found.trusted, found.describe()
