"""`--changed-since REV`: the revision is validated before git sees it, and deleted files count."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.errors import UsageError
from lpsc_cli.history import changed_files, changes_since


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
        check=True,
        capture_output=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def committed(make_repo: Any) -> Any:
    builder = make_repo()
    builder.add("institution", {"id": "muni", "name": "Muni", "sector": "local-government"})
    builder.add("institution", {"id": "police", "name": "Police", "sector": "police"})
    git(builder.root, "init", "-q")
    git(builder.root, "add", "-A")
    git(builder.root, "commit", "-qm", "start")
    return builder


@pytest.mark.parametrize("revision", ["--output={out}", "-p", "--", "", "no-such-branch", "HEAD~5", "HEAD:lpsc.yaml"])
def test_a_bad_revision_is_a_usage_error_naming_it(committed: Any, revision: str, tmp_path: Path) -> None:
    out = tmp_path / "written-by-git"
    revision = revision.format(out=out)
    with pytest.raises(UsageError) as caught:
        changed_files(committed.root, revision)
    assert f"'{revision}' is not a commit of this git repository" in str(caught.value)
    assert caught.value.exit_code == 2
    assert not out.exists()


def test_an_option_as_revision_writes_nothing_through_the_cli(
    committed: Any, runner: Any, app: Any, tmp_path: Path
) -> None:
    target = tmp_path / "written-by-git"
    result = runner.invoke(app, ["check", "--repo", str(committed.root), f"--changed-since=--output={target}"])
    assert result.exit_code == 2, result.output
    assert f"'--output={target}' is not a commit" in result.output
    assert not target.exists()


def test_deleted_files_are_returned_apart(committed: Any) -> None:
    git(committed.root, "rm", "-q", "institutions/police.yaml")
    git(committed.root, "commit", "-qm", "remove police")
    committed.add("institution", {"id": "school", "name": "School", "sector": "education"})
    (committed.root / "institutions" / "muni.yaml").write_text("id: muni\nname: Muni 2\nsector: police\n")
    changes = changes_since(committed.root, "HEAD~1")
    assert changes.deleted == ("institutions/police.yaml",)
    assert changes.changed == ("institutions/muni.yaml", "institutions/school.yaml")
    assert changed_files(committed.root, "HEAD~1") == (
        "institutions/muni.yaml",
        "institutions/police.yaml",
        "institutions/school.yaml",
    )


def test_a_rename_is_a_deletion_and_an_addition(committed: Any) -> None:
    git(committed.root, "mv", "institutions/police.yaml", "institutions/state-police.yaml")
    changes = changes_since(committed.root, "HEAD")
    assert changes.deleted == ("institutions/police.yaml",)
    assert changes.changed == ("institutions/state-police.yaml",)


def test_a_commit_id_and_a_branch_name_are_accepted(committed: Any) -> None:
    head = subprocess.run(
        ["git", "-C", str(committed.root), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert changed_files(committed.root, head.stdout.strip()) == ()
    git(committed.root, "branch", "base")
    assert changed_files(committed.root, "base") == ()


def test_a_member_of_a_deleted_institution_is_reported_by_changed_since(committed: Any, runner: Any, app: Any) -> None:
    """`git rm` of an institution breaks the member that names it without touching its file."""
    committed.add("member", {"id": "member-ana", "name": "Ana Test", "institution": "police"})
    git(committed.root, "add", "-A")
    git(committed.root, "commit", "-qm", "a member")
    git(committed.root, "rm", "-q", "institutions/police.yaml")
    git(committed.root, "commit", "-qm", "remove police")
    args = ["check", "--repo", str(committed.root), "--as-of", "2025-06-30", "--changed-since", "HEAD~1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "members/member-ana.yaml" in result.output and "reference" in result.output
