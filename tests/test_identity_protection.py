"""`key new`: never into a record repository, even through a link; its protection reported
truthfully (issue 12, item 13; issue 18: the 0600 promise on Windows)."""

from __future__ import annotations

import stat
from datetime import datetime
from pathlib import Path

import pytest

import lpsc_cli.privacy as privacy
from lpsc_cli.errors import UsageError
from lpsc_cli.sealing.keys import write_identity


@pytest.fixture
def linked_into_a_repository(make_repo, tmp_path: Path) -> tuple[Path, Path]:
    """A record repository, and a folder outside it that is a link to a folder inside it."""
    repo = make_repo()
    inside = repo.root / "keys"
    inside.mkdir()
    link = tmp_path / "my-keys"
    link.symlink_to(inside, target_is_directory=True)
    return repo.root, link


def test_an_identity_through_a_linked_folder_never_enters_the_repository(linked_into_a_repository) -> None:
    root, link = linked_into_a_repository
    with pytest.raises(UsageError, match="inside the record repository"):
        write_identity(link / "identity.txt", created=datetime(2026, 1, 1))
    assert list((root / "keys").iterdir()) == []


def test_key_new_through_a_linked_folder_is_refused(runner, app, linked_into_a_repository) -> None:
    root, link = linked_into_a_repository
    result = runner.invoke(app, ["key", "new", "--identity", str(link / "identity.txt")])
    assert result.exit_code == 2
    assert "inside the record repository" in result.output
    assert list((root / "keys").iterdir()) == []


def test_key_new_says_readable_by_you_only_when_it_is(runner, app, tmp_path: Path) -> None:
    if privacy.WINDOWS:
        pytest.skip("POSIX modes")
    path = tmp_path / "config" / "identity.txt"
    result = runner.invoke(app, ["key", "new", "--identity", str(path)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "readable by you only" in result.output


def test_key_new_never_claims_a_protection_it_could_not_set(runner, app, tmp_path: Path, monkeypatch) -> None:
    """Windows without icacls (or a FAT stick): the output says the file may be read by others."""
    monkeypatch.setattr(privacy, "WINDOWS", True)
    monkeypatch.setattr(privacy.shutil, "which", lambda name: None)
    path = tmp_path / "config" / "identity.txt"
    result = runner.invoke(app, ["key", "new", "--identity", str(path)])
    assert result.exit_code == 0, result.output
    assert path.is_file()
    assert "0600" not in result.output and "readable by you only" not in result.output
    assert "other users of this computer may be able to read it" in result.output


def test_a_file_system_that_ignores_chmod_is_reported(tmp_path: Path, monkeypatch) -> None:
    if privacy.WINDOWS:
        pytest.skip("POSIX modes")
    monkeypatch.setattr(privacy.os, "chmod", lambda *_, **__: None)  # vfat mounted with `quiet`
    target = tmp_path / "readable.txt"
    target.write_text("x")
    target.chmod(0o644)
    assert privacy.restrict_to_owner(target) is False
