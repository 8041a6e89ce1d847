"""Git: committing the files a command wrote, reading a record's history, listing every file
version ever committed (for the leak scan of `lpsc check --history`), and reading the files of
the last commit (for `lpsc check --introduced`). The only module that runs git.

Commits made here contain exactly the files a command wrote and nothing else of the user's
work: the paths are staged, then committed with `git commit --only -- <paths>`, which builds
the commit from a temporary index holding HEAD plus those paths and leaves every other staged
or unstaged change where it was. Commits carry the user's own git identity and run the
repository's hooks. Without git, or outside a git repository, nothing is committed and the
caller says so; a repository in the middle of a merge, rebase or cherry-pick, or on a detached
HEAD, is named as such before anything is written.

The record commands run the `git` program directly (one short process per step), because
importing GitPython costs more than the whole commit; `changed_files` and `initial_commit` use
GitPython.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _

_FIELD = "\x1f"
#: The allowed signers file lpsc generates from the member records, inside the git folder
#: (never in the work tree, so never committed).
ALLOWED_SIGNERS = "lpsc/allowed_signers"
_RETRIES = 20


def _git() -> Any:
    """GitPython, or None when no git program can be run."""
    try:
        import git
    except ImportError:  # GitPython raises ImportError when no git executable is found
        return None
    import shutil

    program = str(git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git")
    if shutil.which(program) is None and not Path(program).is_file():
        return None  # GIT_PYTHON_REFRESH=quiet lets the import pass without a git program
    return git


def _repo(root: Path):  # type: ignore[no-untyped-def]
    """The git repository at `root`, or None when git or the repository is missing."""
    git = _git()
    if git is None:
        return None
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


@dataclass(frozen=True, slots=True)
class Changes:
    """The files changed since a revision, relative to the record repository's root.

    `changed` holds files added, modified or untracked (the new name of a renamed file),
    `deleted` files that are gone (the old name of a renamed file). A check limited to these
    files must also look at the records that refer to a deleted or changed record, since a
    reference can break without its own file changing.
    """

    changed: tuple[str, ...]
    deleted: tuple[str, ...]

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted({*self.changed, *self.deleted}))


def changed_files(root: Path, since: str) -> tuple[str, ...]:
    """Files changed since revision `since` (committed, staged or not, deleted too), relative to `root`."""
    return changes_since(root, since).files


def changes_since(root: Path, since: str) -> Changes:
    """What changed since revision `since`: committed, staged, unstaged and untracked files.

    `since` is resolved to a commit first (`git rev-parse --verify --end-of-options REV^{commit}`);
    a value that is not one, or that starts with `-` (it would be read as an option), is a
    `UsageError` naming it. Only the commit's id, never the text given, reaches `git diff`.
    """
    repo = _repo(root)
    if repo is None:
        raise UsageError(
            _("--changed-since: {root} is not in a git repository (or git is not installed)").format(root=root)
        )
    import git

    unknown = UsageError(_("--changed-since: '{since}' is not a commit of this git repository").format(since=since))
    if not since or since.startswith("-"):
        raise unknown
    try:
        commit = repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{since}^{{commit}}").strip()
    except git.GitCommandError:
        raise unknown from None
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(top).as_posix() if root.resolve() != top else ""
    # git runs at the top of the work tree: limit and relativise to the record repository's folder
    relative = f"--relative={prefix}/" if prefix else "--relative"
    try:
        status = repo.git.diff("--name-status", "--no-renames", "-z", relative, commit, "--", prefix or ".")
        untracked = repo.untracked_files
    except git.GitCommandError as exc:
        said = _("--changed-since: git cannot compare with '{since}' ({error})")
        raise UsageError(said.format(since=since, error=exc.stderr.strip())) from None
    fields = status.split("\0")
    changed: set[str] = set()
    deleted: set[str] = set()
    for kind, name in zip(fields[0::2], fields[1::2], strict=False):
        if kind:
            (deleted if kind == "D" else changed).add(name)
    changed.update(u[len(prefix) + 1 :] if prefix else u for u in untracked if not prefix or u.startswith(prefix + "/"))
    return Changes(changed=tuple(sorted(changed)), deleted=tuple(sorted(deleted)))


def initial_commit(root: Path, message: str, *, signing_key: Path | None = None) -> str | None:
    """Make `root` a git repository and commit everything in it; None when git is missing.

    With `signing_key`, git's SSH commit signing is configured first (`configure_signing`), so
    that the first commit is signed too.
    """
    try:
        import git
    except ImportError:
        return None
    repo = git.Repo.init(root)
    if signing_key is not None:
        configure_signing(root, key=signing_key, allowed_signers=Path(repo.git_dir) / ALLOWED_SIGNERS)
    repo.git.add("--all")
    try:
        repo.git.commit("-m", message, "--no-verify")
    except git.GitCommandError as exc:
        raise UsageError(_("git commit failed: {error}").format(error=exc.stderr.strip() or exc)) from None
    return repo.head.commit.hexsha[:12]


# --- committing what a command wrote ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommitOutcome:
    """What became of the commit step: the short sha, or why there is none.

    `failed` tells a commit that was tried and refused by git (a hook, a missing identity)
    from one that was not tried (no git, not a repository, `--no-commit`).
    """

    sha: str | None = None
    reason: str | None = None
    failed: bool = False

    @property
    def committed(self) -> bool:
        return self.sha is not None

    def describe(self) -> str:
        if self.sha:
            return _("committed {sha}").format(sha=self.sha)
        return _("not committed: {reason}").format(reason=self.reason)


class _GitFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class _Work:
    """Where the git repository holding a record repository is: its work tree and git folder."""

    top: Path
    git_dir: Path

    def relative(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.top).as_posix()


def _run(cwd: Path, *args: str) -> str:
    """Run `git ARGS` in `cwd`; its stdout, or _GitFailed with git's own words."""
    return _output(cwd, *args).decode("utf-8", "replace")


def _output(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    """Run `git ARGS` in `cwd` with `data` on its stdin; its stdout as bytes, or _GitFailed."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=env, input=data, capture_output=True, check=False)
    except OSError as exc:
        raise _GitFailed(_("cannot run git ({error})").format(error=exc.strerror)) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).decode("utf-8", "replace")
        exited = _("git {command} exited with {code}").format(command=args[0], code=done.returncode)
        raise _GitFailed(" ".join(said.split()) or exited)
    return done.stdout


def _work(root: Path) -> _Work | None:
    """The git work tree holding `root`, or None without git or outside a repository."""
    if shutil.which("git") is None:
        return None
    try:
        out = _run(root, "rev-parse", "--show-toplevel", "--absolute-git-dir").splitlines()
    except _GitFailed:
        return None
    if len(out) < 2:
        return None  # a bare repository or a .git folder: no work tree to commit from
    return _Work(top=Path(out[0]).resolve(), git_dir=Path(out[1]))


def commit_blocker(root: Path) -> str | None:
    """Why a commit in the repository of `root` cannot be made now, or None.

    Checked before anything is written, so that a command does not leave a file behind that
    it then cannot commit. No git and no repository are not blockers (the write goes ahead
    uncommitted); a detached HEAD and an unfinished merge, rebase, cherry-pick or revert are.
    """
    work = _work(root)
    return None if work is None else _blocker(work)


def _blocker(work: _Work) -> str | None:
    for marker, what, finish in (
        ("MERGE_HEAD", N_("a merge"), N_("git commit, or git merge --abort")),
        ("rebase-merge", N_("a rebase"), N_("git rebase --continue, or git rebase --abort")),
        ("rebase-apply", N_("a rebase or git am"), N_("git rebase --continue, or git rebase --abort")),
        ("CHERRY_PICK_HEAD", N_("a cherry-pick"), N_("git cherry-pick --continue, or --abort")),
        ("REVERT_HEAD", N_("a revert"), N_("git revert --continue, or --abort")),
    ):
        if (work.git_dir / marker).exists():
            return _(
                "the git repository {top} is in the middle of {what}; "
                "finish it first ({finish}), or run again with --no-commit"
            ).format(top=work.top, what=_(what), finish=_(finish))
    try:
        _run(work.top, "symbolic-ref", "-q", "HEAD")
    except _GitFailed:
        return _(
            "the git repository {top} has a detached HEAD (no branch is checked out); "
            "check out a branch (git switch NAME), or run again with --no-commit"
        ).format(top=work.top)
    return None


def commit_files(root: Path, paths: Sequence[Path], message: str) -> CommitOutcome:
    """Commit exactly `paths` (absolute, inside `root`) with `message`, as the user.

    Never raises for git's own failures: they come back as a failed outcome with git's
    message, because the files are already written and the caller must say so. Callers that
    may run concurrently hold the repository lock of `lpsc_cli.store` around this.
    """
    if shutil.which("git") is None:
        return CommitOutcome(reason=_("git is not installed"))
    work = _work(root)
    if work is None:
        return CommitOutcome(reason=_("{root} is not in a git repository").format(root=root))
    blocker = _blocker(work)
    if blocker is not None:
        return CommitOutcome(reason=blocker, failed=True)
    relative = [work.relative(p) for p in paths]
    try:
        _with_retry(lambda: _run(work.top, "add", "--", *relative))
        _with_retry(lambda: _run(work.top, "commit", "--only", "--quiet", "-m", message, "--", *relative))
        sha = _run(work.top, "rev-parse", "--short", "HEAD").strip()
    except _GitFailed as exc:
        return CommitOutcome(reason=_("git commit failed: {error}").format(error=exc.message), failed=True)
    return CommitOutcome(sha=sha)


def _with_retry(action: Any) -> Any:
    """Run a git command, waiting out another git process's `index.lock` for a few seconds."""
    for attempt in range(_RETRIES):
        try:
            return action()
        except _GitFailed as exc:
            if "index.lock" not in exc.message or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None


# --- reading history ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit that touched a record's file."""

    commit: str
    date: str
    author: str
    email: str
    message: str
    path: str


def file_log(root: Path, path: Path) -> list[LogEntry] | None:
    """Every commit that touched the file at `path`, newest first, following renames.

    None when there is no git or no repository (the caller says so); an empty list when the
    file was never committed.
    """
    work = _work(root)
    if work is None:
        return None
    relative = work.relative(path)
    fields = _FIELD.join(("%H", "%ad", "%an", "%ae", "%s"))
    try:
        _run(work.top, "rev-parse", "-q", "--verify", "HEAD")
    except _GitFailed:
        return []  # no commit yet
    try:
        out = _run(
            work.top, "log", "--follow", "--date=format:%Y-%m-%d %H:%M", f"--format={fields}", "--name-only",
            "--", relative,
        )  # fmt: skip
    except _GitFailed as exc:
        raise UsageError(_("git log failed: {error}").format(error=exc.message)) from None
    entries: list[LogEntry] = []
    lines = [line for line in out.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if _FIELD not in line:
            continue
        sha, date, author, email, subject = [*line.split(_FIELD), "", "", "", "", ""][:5]
        name = lines[index + 1] if index + 1 < len(lines) and _FIELD not in lines[index + 1] else relative
        entries.append(LogEntry(commit=sha, date=date, author=author, email=email, message=subject, path=name))
    return entries


def walked_names(root: Path, folder: Path) -> set[str] | None:
    """The names of every file that was ever committed in `folder`, on any branch (ids used once
    are never used again, even after their file was deleted); None when history could not be
    walked (no git, outside the work tree, a repository without commits, or git failing)."""
    work = _work(root)
    if work is None:
        return None
    try:
        relative = work.relative(folder)
        out = _run(work.top, "log", "--all", "--format=", "--name-only", "--no-renames", "--", relative or ".")
    except (ValueError, _GitFailed):
        return None
    return {line.rsplit("/", 1)[-1] for line in out.splitlines() if line.strip()}


# --- every file version ever committed (the history leak scan) ---------------------------------


class GitUnavailable(Exception):
    """Git is not installed, or the folder is not in a git repository."""


@dataclass(frozen=True, slots=True)
class Introduced:
    """Where a file version (blob) first appears in history: the commit, its day and subject, the path."""

    commit: str
    day: str
    subject: str
    path: str


def introduced_blobs(root: Path) -> dict[str, Introduced]:
    """Every file version (blob id) under `root` in any commit of any branch, with the oldest
    commit that added it; paths are relative to `root`. Empty for a repository without commits."""
    if shutil.which("git") is None:
        raise GitUnavailable(_("git is not installed"))
    try:
        top = Path(_run(root, "rev-parse", "--show-toplevel").strip()).resolve()
        prefix = root.resolve().relative_to(top).as_posix()
    except (_GitFailed, ValueError) as exc:
        raise GitUnavailable(str(exc)) from None
    prefix = "" if prefix == "." else prefix + "/"
    try:
        log = _run(
            root, "-c", "core.quotepath=off", "log", "--all", "--raw", "--no-abbrev", "--no-renames", "--root", "-m",
            "--format=%x01%H %cs %s", "--", ".",
        )  # fmt: skip
    except _GitFailed as exc:
        if "does not have any commits" in exc.message or "bad default revision" in exc.message:
            return {}
        raise GitUnavailable(exc.message) from None
    found: dict[str, Introduced] = {}
    commit = day = subject = ""
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit, day, subject = ([*line[1:].split(" ", 2), "", ""])[:3]
        elif line.startswith(":"):
            meta, _tab, path = line.partition("\t")
            fields = meta.split()
            if len(fields) < 5 or set(fields[3]) == {"0"} or fields[4].startswith("D"):
                continue
            path = path.strip('"')
            rel = path[len(prefix) :] if prefix and path.startswith(prefix) else path
            # The log runs newest first: the last sighting of a blob is the commit that added it.
            found[fields[3]] = Introduced(commit, day, subject, rel)
    return found


def read_blobs(root: Path, blobs: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """(blob id, content) for each blob, read through one `git cat-file --batch`."""
    if not blobs:
        return
    try:
        out = _output(root, "cat-file", "--batch", data=("\n".join(blobs) + "\n").encode())
    except _GitFailed as exc:
        raise GitUnavailable(exc.message) from None
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        yield header[0].decode(), out[position : position + size]
        position += size + 1


def commit_messages(root: Path) -> Iterator[tuple[Introduced, str]]:
    """(the commit, its whole message) of every commit of any branch that touches `root`."""
    if shutil.which("git") is None:
        raise GitUnavailable(_("git is not installed"))
    try:
        log = _run(root, "log", "--all", "--format=%x01%H %cs %s%x02%B", "--", ".")
    except _GitFailed as exc:
        if "does not have any commits" in exc.message or "bad default revision" in exc.message:
            return
        raise GitUnavailable(exc.message) from None
    for entry in log.split("\x01")[1:]:
        head, _sep, message = entry.partition("\x02")
        commit, day, subject = ([*head.split(" ", 2), "", ""])[:3]
        yield Introduced(commit, day, subject, ""), message


def tracked(root: Path, rel: str) -> bool:
    """Whether git tracks anything at `rel` (a file or a folder) under `root`; False without git."""
    work = _work(root)
    if work is None:
        return False
    try:
        return bool(_run(root, "ls-files", "-z", "--", rel).strip("\0"))
    except _GitFailed:
        return False


def uncommitted(root: Path, path: Path) -> bool:
    """Whether the file at `path` has changes that git has not committed (staged or not)."""
    work = _work(root)
    if work is None:
        return False
    try:
        return bool(_run(work.top, "status", "--porcelain", "--untracked-files=no", "--", work.relative(path)).strip())
    except (ValueError, _GitFailed):
        return False


# --- the files of the last commit (what a commit changes, for `lpsc check --introduced`) ----------


def head_files(root: Path) -> dict[str, bytes]:
    """Every file under `root` as the last commit (HEAD) holds it: path relative to `root` ->
    content, read from git's objects without touching the work tree. Empty when there is no
    commit yet; `GitUnavailable` without git or outside a repository."""
    if shutil.which("git") is None:
        raise GitUnavailable(_("git is not installed"))
    try:
        _run(root, "rev-parse", "--show-toplevel")
    except _GitFailed as exc:
        raise GitUnavailable(exc.message) from None
    try:
        _run(root, "rev-parse", "-q", "--verify", "HEAD")
    except _GitFailed:
        return {}  # no commit yet: the commit being made introduces everything
    try:
        # run in `root`, ls-tree gives paths relative to it (a record repository in a subfolder)
        listing = _output(root, "-c", "core.quotepath=off", "ls-tree", "-r", "-z", "HEAD", "--", ".")
    except _GitFailed as exc:
        raise GitUnavailable(exc.message) from None
    names: dict[str, list[str]] = {}
    for entry in listing.decode("utf-8", "replace").split("\0"):
        meta, _tab, path = entry.partition("\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == "blob":
            names.setdefault(fields[2], []).append(path)
    return {path: content for blob, content in read_blobs(root, list(names)) for path in names.get(blob, ())}


# --- signed commits (git's SSH signing, for `lpsc check --signatures`) ----------------------------


@dataclass(frozen=True, slots=True)
class SignedCommit:
    """One commit as git's own signature verification sees it.

    `status` is git's `%G?`: `G` a good signature by a principal of the allowed signers file
    (valid on the commit's date), `U` a good signature by a key the file does not allow then,
    `N` no signature, `B` a bad one, `E` one git could not check. `signer` is the principal
    (`%GS`, a member id), `key` the fingerprint of the signing key (`%GK`, `SHA256:...`).
    `time` is the committer date (ISO 8601), which git verifies the key's validity at.
    """

    commit: str
    time: str
    status: str
    signer: str
    key: str
    subject: str
    files: tuple[str, ...] = ()


def signed_commits(
    root: Path, allowed_signers: Path, *, pathspec: str = ".", revisions: Sequence[str] = ()
) -> list[SignedCommit]:
    """The commits of HEAD (or of `revisions`, each on its own) that touch `pathspec` under
    `root`, newest first, verified by git against `allowed_signers`; files relative to `root`.

    Empty for a repository without commits; `GitUnavailable` without git or outside a repository.
    """
    if shutil.which("git") is None:
        raise GitUnavailable(_("git is not installed"))
    fields = "%x00".join(("%H", "%G?", "%GS", "%GK", "%cI", "%s"))
    if revisions:
        args = ["show", "--name-only", "--relative", *revisions, "--"]
    else:
        try:
            _run(root, "rev-parse", "-q", "--verify", "HEAD")
        except _GitFailed as exc:
            if "not a git repository" in exc.message.lower():
                raise GitUnavailable(exc.message) from None
            return []  # no commit yet
        # --full-history: a commit on a merged branch is judged even when the merge left its change out
        args = ["log", "--full-history", "--name-only", "--relative", "HEAD", "--", pathspec]
    try:
        out = _run(
            root, "-c", f"gpg.ssh.allowedSignersFile={allowed_signers}", "-c", "core.quotepath=off",
            *args[:1], f"--format=%x01{fields}", *args[1:],
        )  # fmt: skip
    except _GitFailed as exc:
        raise GitUnavailable(exc.message) from None
    found: list[SignedCommit] = []
    for entry in out.split("\x01")[1:]:
        head, _sep, names = entry.partition("\n")
        commit, status, signer, key, time, subject = [*head.split("\x00"), "", "", "", "", "", ""][:6]
        files = tuple(line for line in names.splitlines() if line.strip())
        found.append(SignedCommit(commit, time, status, signer, key, subject, files))
    return found


def file_versions(root: Path, path: Path) -> list[tuple[str, bytes]]:
    """(commit, content) of every committed version of the file at `path`, newest first; a
    commit that deleted it is left out. Empty without git, outside a repository or history."""
    work = _work(root)
    if work is None:
        return []
    try:
        _run(work.top, "rev-parse", "-q", "--verify", "HEAD")
        log = _run(
            work.top, "log", "--raw", "--no-abbrev", "--no-renames", "--format=%x01%H", "--", work.relative(path)
        )
    except (ValueError, _GitFailed):
        return []
    versions: list[tuple[str, str]] = []
    for entry in log.split("\x01")[1:]:
        commit, _sep, raw = entry.partition("\n")
        for line in raw.splitlines():
            fields = line.partition("\t")[0].split()
            if line.startswith(":") and len(fields) >= 5 and set(fields[3]) != {"0"}:
                versions.append((commit.strip(), fields[3]))
    contents = dict(read_blobs(work.top, sorted({blob for _commit, blob in versions})))
    return [(commit, contents[blob]) for commit, blob in versions if blob in contents]


def work_tree(root: Path) -> Path | None:
    """The top of the git work tree holding `root`; None without git or outside a repository."""
    work = _work(root)
    return None if work is None else work.top


def git_path(root: Path, name: str) -> Path | None:
    """Where `name` lives inside the git folder of the repository holding `root` (never in
    the work tree, so never committed); None without git or outside a repository."""
    work = _work(root)
    if work is None:
        return None
    return work.git_dir / name


def configure_signing(root: Path, *, key: Path, allowed_signers: Path) -> Path:
    """Make git sign every commit in the repository of `root` with the SSH key `key` (a private
    key file, or a public one whose private half an ssh-agent holds), and verify signatures
    with `allowed_signers`: `gpg.format ssh`, `user.signingkey`, `commit.gpgsign true` and
    `gpg.ssh.allowedSignersFile`, in the repository's own configuration. Returns the work tree."""
    work = _work(root)
    if work is None:
        raise UsageError(_("{root} is not in a git repository (or git is not installed)").format(root=root))
    try:
        for name, value in (
            ("gpg.format", "ssh"),
            ("user.signingkey", str(key)),
            ("commit.gpgsign", "true"),
            ("gpg.ssh.allowedSignersFile", str(allowed_signers)),
        ):
            _run(work.top, "config", "--local", name, value)
    except _GitFailed as exc:
        raise UsageError(_("git config failed: {error}").format(error=exc.message)) from None
    return work.top


def configured_signing_key(root: Path) -> str | None:
    """The SSH key git signs commits with in the repository of `root`, when signing is on."""
    work = _work(root)
    if work is None:
        return None
    try:
        if _run(work.top, "config", "--get", "gpg.format").strip() != "ssh":
            return None
        if _run(work.top, "config", "--type=bool", "--get", "commit.gpgsign").strip() != "true":
            return None
        return _run(work.top, "config", "--get", "user.signingkey").strip() or None
    except _GitFailed:
        return None
