"""Builders of the sealing tests: keys, a small council, and what git and the disk hold."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from tests.support.records import git, git_init

__all__ = ["git", "git_init"]

#: Planted plaintext: must never appear in the repository, its git objects or the temporary folder.
PLANTED_NAME = "Drita Qendresa-Plantuar"
PLANTED_NOTE = "mbjellur-shenim-7731 met the grandmother"


def make_identity(folder: Path, name: str) -> tuple[Path, str]:
    """An identity file written the way `lpsc key new` writes it; (path, public key)."""
    from datetime import datetime

    from lpsc_cli.sealing.keys import create_identity

    path = folder / f"{name}.txt"
    public = create_identity(path, created=datetime(2025, 1, 1, 9, 0))
    return path, public


def council(repo: Any, keys: dict[str, str], *, secretariat_to: str | None = None) -> None:
    """Three members: arta (case manager), besa (technical secretariat), cera (case manager)."""
    repo.add("institution", {"id": "municipality", "name": "Municipality", "sector": "local-government"})
    roles = {"member-arta": ["case-manager"], "member-besa": ["technical-secretariat"], "member-cera": ["case-manager"]}
    for member_id, member_roles in roles.items():
        term = {"from": "2024-01-01"}
        if member_id == "member-besa" and secretariat_to:
            term["to"] = secretariat_to
        data = {
            "id": member_id,
            "name": f"{member_id[7:].title()} Test",
            "institution": "municipality",
            "roles": member_roles,
            "term": term,
        }
        if member_id in keys:
            data["public_key"] = keys[member_id]
        repo.add("member", data)


def case(case_id: str = "case-2025-001", manager: str | None = "member-arta", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": case_id,
        "status": "active",
        "subject": {"code": "D.Q.", "age_band": "13-17", "sex": "F", "groups": ["child"]},
        "referral": {"received": "2025-02-10T09:30", "referred_by": "community"},
    }
    if manager:
        data["case_manager"] = {"member": manager, "assigned": "2025-03-07"}
    data.update(extra)
    return data


def git_objects(root: Path) -> bytes:
    """Every object in the git database, decompressed (`git cat-file --batch-all-objects`)."""
    done = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True,
        check=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


def all_bytes(folder: Path) -> bytes:
    """The bytes of every file under `folder` (git's own files included, compressed or not)."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink())
