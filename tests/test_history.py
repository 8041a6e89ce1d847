"""lpsc_cli.history: commits of exactly the written files, blockers, a record's log, ids in history."""

from __future__ import annotations

import stat
from pathlib import Path

from lpsc_cli.history import CommitOutcome, commit_blocker, commit_files, file_log, walked_names
from tests.support.records import git, git_init


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    (root / "members").mkdir(parents=True)
    (root / "members/a.yaml").write_text("id: a\n", encoding="utf-8")
    (root / "members/b.yaml").write_text("id: b\n", encoding="utf-8")
    git_init(root)
    return root


def test_only_the_given_files_are_committed_and_the_users_changes_stay(tmp_path) -> None:
    root = _repo(tmp_path)
    (root / "members/a.yaml").write_text("id: a\nname: staged\n", encoding="utf-8")
    git(root, "add", "members/a.yaml")
    (root / "members/b.yaml").write_text("id: b\nname: unstaged\n", encoding="utf-8")
    (root / "notes.txt").write_text("untracked\n", encoding="utf-8")
    new = root / "members/c.yaml"
    new.write_text("id: c\n", encoding="utf-8")
    outcome = commit_files(root, [new], "member: add c")
    assert outcome.committed and not outcome.failed
    assert outcome.sha == git(root, "rev-parse", "--short", "HEAD").strip()
    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split() == ["member:", "add", "c", "members/c.yaml"]
    assert git(root, "diff", "--cached", "--name-only").split() == ["members/a.yaml"]
    assert git(root, "diff", "--name-only").split() == ["members/b.yaml"]
    assert git(root, "status", "--porcelain").splitlines() == ["M  members/a.yaml", " M members/b.yaml", "?? notes.txt"]
    assert (root / "members/a.yaml").read_text() == "id: a\nname: staged\n"


def test_the_commit_carries_the_users_identity(tmp_path) -> None:
    root = _repo(tmp_path)
    (root / "members/c.yaml").write_text("id: c\n", encoding="utf-8")
    commit_files(root, [root / "members/c.yaml"], "member: add c")
    assert git(root, "log", "-1", "--format=%an <%ae>").strip() == "Test Secretary <secretary@testville.invalid>"


def test_outside_git_nothing_is_committed_and_that_is_said(tmp_path) -> None:
    (tmp_path / "x.yaml").write_text("id: x\n", encoding="utf-8")
    outcome = commit_files(tmp_path, [tmp_path / "x.yaml"], "x")
    assert outcome == CommitOutcome(reason=f"{tmp_path} is not in a git repository")
    assert outcome.describe() == f"not committed: {tmp_path} is not in a git repository"
    assert commit_blocker(tmp_path) is None
    assert file_log(tmp_path, tmp_path / "x.yaml") is None
    assert walked_names(tmp_path, tmp_path) is None


def test_a_refused_commit_is_a_failed_outcome_with_gits_words(tmp_path) -> None:
    root = _repo(tmp_path)
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'records are frozen today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    (root / "members/c.yaml").write_text("id: c\n", encoding="utf-8")
    outcome = commit_files(root, [root / "members/c.yaml"], "member: add c")
    assert outcome.failed and not outcome.committed
    assert outcome.reason == "git commit failed: records are frozen today"


def test_detached_head_and_unfinished_merges_block_commits(tmp_path) -> None:
    root = _repo(tmp_path)
    assert commit_blocker(root) is None
    git(root, "checkout", "-q", "--detach")
    assert "has a detached HEAD (no branch is checked out)" in str(commit_blocker(root))
    git(root, "checkout", "-q", "main")
    (root / ".git/MERGE_HEAD").write_text(git(root, "rev-parse", "HEAD"), encoding="utf-8")
    blocker = str(commit_blocker(root))
    assert "is in the middle of a merge" in blocker and "--no-commit" in blocker
    (root / "members/c.yaml").write_text("id: c\n", encoding="utf-8")
    assert commit_files(root, [root / "members/c.yaml"], "x").failed


def test_the_log_of_a_file_follows_renames(tmp_path) -> None:
    root = _repo(tmp_path)
    git(root, "mv", "members/a.yaml", "members/z.yaml")
    git(root, "commit", "-q", "-m", "member: rename a to z")
    (root / "members/z.yaml").write_text("id: z\n", encoding="utf-8")
    commit_files(root, [root / "members/z.yaml"], "member: fix id of z")
    entries = file_log(root, root / "members/z.yaml")
    assert entries is not None
    assert [e.message for e in entries] == ["member: fix id of z", "member: rename a to z", "start"]
    assert [e.path for e in entries] == ["members/z.yaml", "members/z.yaml", "members/a.yaml"]
    assert {e.author for e in entries} == {"Test Secretary"}
    assert file_log(root, root / "members/never.yaml") == []


def test_names_walked_in_history_keep_deleted_files(tmp_path) -> None:
    root = _repo(tmp_path)
    git(root, "rm", "-q", "members/b.yaml")
    git(root, "commit", "-q", "-m", "remove b")
    assert walked_names(root, root / "members") == {"a.yaml", "b.yaml"}
    assert walked_names(root, root / "cases/2025") == set()
