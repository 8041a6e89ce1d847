"""Helpers of the record-writing tests: a seeded council repository in git, and reading its log."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

INSTITUTIONS = [
    {"id": "municipality-testville", "name": {"sq": "Bashkia Testville", "en": "Municipality of Testville"},
     "sector": "local-government"},
    {"id": "police-testville", "name": "Testville Local Police Directorate", "sector": "police"},
    {"id": "prosecution-testville", "name": "Testville District Prosecution", "sector": "justice",
     "prosecution": True},
    {"id": "school-testville-1", "name": "Testville School No. 1", "sector": "education"},
    {"id": "social-services-testville", "name": "Testville Social Services", "sector": "social-services"},
]  # fmt: skip
MEMBERS = [
    {"id": "member-ilir-dervishi", "name": "Ilir Dervishi", "institution": "municipality-testville",
     "roles": ["chair", "permanent"], "term": {"from": "2025-01-01"}},
    {"id": "member-arta-kola", "name": "Arta Kola", "institution": "municipality-testville",
     "roles": ["technical-secretariat", "case-manager"], "term": {"from": "2025-01-01"}},
    {"id": "member-besa-rama", "name": "Besa Rama", "institution": "police-testville",
     "roles": ["permanent"], "term": {"from": "2025-01-01"}},
]  # fmt: skip


def git(root: Path, *args: str) -> str:
    """Run git in `root` with a fixed identity; its stdout."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True,
        stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    return done.stdout


def git_init(root: Path) -> None:
    """Make `root` a git repository with a test identity and commit what is in it."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test Secretary")
    git(root, "config", "user.email", "secretary@testville.invalid")
    git(root, "config", "commit.gpgsign", "false")
    (root / ".gitignore").write_text(".lpsc-cache/\n", encoding="utf-8")
    git(root, "add", "--all")
    git(root, "commit", "-q", "-m", "start")


def seeded(make_repo: Any, *, in_git: bool = True) -> Any:
    """A repository with the institutions and members above, committed when `in_git`."""
    repo = make_repo()
    for institution in INSTITUTIONS:
        repo.add("institution", institution)
    for member in MEMBERS:
        repo.add("member", member)
    if in_git:
        git_init(repo.root)
    return repo


def subjects(root: Path) -> list[str]:
    """Commit subjects, newest first."""
    return git(root, "log", "--format=%s").splitlines()


def committed_files(root: Path, rev: str = "HEAD") -> list[str]:
    """The files a commit changed."""
    return git(root, "show", "--name-only", "--format=", rev).split()
