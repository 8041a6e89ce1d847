"""Git: committing the files a command wrote, reading a record's history. The only GitPython user."""

from __future__ import annotations

from pathlib import Path

from lpsc_cli.errors import UsageError


def _repo(root: Path):  # type: ignore[no-untyped-def]
    """The git repository at `root`, or None when git or the repository is missing."""
    try:
        import git
    except ImportError:  # GitPython raises ImportError when no git executable is found
        return None
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def changed_files(root: Path, since: str) -> tuple[str, ...]:
    """Files changed since revision `since` (committed, staged or not), relative to `root`."""
    import git

    repo = _repo(root)
    if repo is None:
        raise UsageError(f"--changed-since: {root} is not in a git repository")
    try:
        names = repo.git.diff("--name-only", "--relative", since, "--", ".", with_extended_output=False)
        untracked = repo.untracked_files
    except git.GitCommandError as exc:
        raise UsageError(f"--changed-since: unknown revision '{since}' ({exc.stderr.strip()})") from None
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(top).as_posix() if root.resolve() != top else ""
    extra = [u[len(prefix) + 1 :] if prefix and u.startswith(prefix + "/") else u for u in untracked]
    return tuple(sorted({*names.splitlines(), *extra}))


def initial_commit(root: Path, message: str) -> str | None:
    """Make `root` a git repository and commit everything in it; None when git is missing."""
    try:
        import git
    except ImportError:
        return None
    repo = git.Repo.init(root)
    repo.git.add("--all")
    try:
        repo.git.commit("-m", message, "--no-verify")
    except git.GitCommandError as exc:
        raise UsageError(f"git commit failed: {exc.stderr.strip() or exc}") from None
    return repo.head.commit.hexsha[:12]
