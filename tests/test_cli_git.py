"""How record commands meet git: exactly the touched file, the user's work left alone, no git at all."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import lpsc
from tests.support.records import committed_files, git, seeded, subjects

NEW_CASE = ["case", "new", "--received", "2025-02-10T09:30", "--referred-by", "community", "--concern", "other"]
CASE_FILE = "cases/2025/case-2025-001.yaml"


def test_the_users_staged_and_unstaged_changes_are_not_committed(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    member = repo.root / "members/member-besa-rama.yaml"
    member.write_text(member.read_text() + "email: b.rama@example.invalid\n", encoding="utf-8")
    git(repo.root, "add", "members/member-besa-rama.yaml")
    config = repo.root / "lpsc.yaml"
    config.write_text(config.read_text() + "# a note being written\n", encoding="utf-8")
    result = lpsc(runner, app, repo.root, *NEW_CASE)
    assert result.exit_code == 0, result.output
    assert committed_files(repo.root) == [CASE_FILE]
    assert subjects(repo.root)[0] == "case: new case-2025-001"
    assert git(repo.root, "status", "--porcelain").splitlines() == [" M lpsc.yaml", "M  members/member-besa-rama.yaml"]


def test_no_commit_writes_and_says_so(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    result = lpsc(runner, app, repo.root, *NEW_CASE, "--no-commit")
    assert result.output == f"created case-2025-001: {CASE_FILE}\nnot committed: --no-commit\n"
    assert git(repo.root, "status", "--porcelain").splitlines() == ["?? cases/"]


def test_outside_a_git_repository_the_file_is_written_uncommitted(runner, app, make_repo) -> None:
    repo = seeded(make_repo, in_git=False)
    result = lpsc(runner, app, repo.root, *NEW_CASE)
    assert result.exit_code == 0
    assert result.output == (
        f"created case-2025-001: {CASE_FILE}\nnot committed: {repo.root} is not in a git repository\n"
    )
    assert (repo.root / CASE_FILE).is_file()
    screened = lpsc(runner, app, repo.root, "case", "screen", "case-2025-001", "--date", "2025-02-12", "--outcome",
                    "eligible")  # fmt: skip
    assert screened.output.splitlines()[1] == f"not committed: {repo.root} is not in a git repository"
    log = lpsc(runner, app, repo.root, "log", "case-2025-001")
    assert log.output == f"{CASE_FILE}: no history (the repository is not in git)\n"


def test_a_failed_commit_leaves_the_file_written_and_says_so(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    hook = repo.root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'lpsc-check: failed' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    result = lpsc(runner, app, repo.root, *NEW_CASE)
    assert result.exit_code == 1
    assert result.stdout == f"created case-2025-001: {CASE_FILE}\n"
    assert result.stderr == f"lpsc: {CASE_FILE} was written but not committed: git commit failed: lpsc-check: failed\n"
    assert (repo.root / CASE_FILE).is_file()
    assert subjects(repo.root)[0] == "start"


def test_a_detached_head_stops_the_command_before_it_writes(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    git(repo.root, "checkout", "-q", "--detach")
    result = lpsc(runner, app, repo.root, *NEW_CASE)
    assert result.exit_code == 1
    assert result.output == (
        f"lpsc: nothing was written: the git repository {repo.root} has a detached HEAD (no branch is checked out); "
        "check out a branch (git switch NAME), or run again with --no-commit\n"
    )
    assert not (repo.root / "cases").exists()
    assert lpsc(runner, app, repo.root, *NEW_CASE, "--no-commit").exit_code == 0


def test_a_merge_in_progress_stops_the_command(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    (repo.root / ".git/MERGE_HEAD").write_text(git(repo.root, "rev-parse", "HEAD"), encoding="utf-8")
    result = lpsc(runner, app, repo.root, *NEW_CASE)
    assert result.exit_code == 1
    assert "is in the middle of a merge; finish it first (git commit, or git merge --abort)" in result.output
    assert not (repo.root / "cases").exists()


def test_log_lists_date_author_and_message_of_each_commit(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *NEW_CASE)
    lpsc(runner, app, repo.root, "case", "screen", "case-2025-001", "--date", "2025-02-12", "--outcome", "eligible")
    text = lpsc(runner, app, repo.root, "log", "case-2025-001").output.splitlines()
    assert [line.split("  ", 3)[2:] for line in text] == [
        ["Test Secretary", "case: screen case-2025-001"],
        ["Test Secretary", "case: new case-2025-001"],
    ]
    assert all(len(line.split("  ")[0]) == len("2025-01-01 10:00") for line in text)
    member = lpsc(runner, app, repo.root, "log", "member:member-arta-kola", "--format", "json")
    import json

    report = json.loads(member.output)
    assert (report["kind"], report["file"], [c["message"] for c in report["commits"]]) == (
        "member",
        "members/member-arta-kola.yaml",
        ["start"],
    )
    assert lpsc(runner, app, repo.root, "log", "case-2099-001").output == (
        "lpsc: there is no record with the id 'case-2099-001'\n"
    )


@pytest.mark.parametrize("refresh", ["quiet", None])
def test_without_a_git_program_the_write_still_happens(make_repo, tmp_path, refresh) -> None:
    repo = seeded(make_repo)
    bare_path = tmp_path / "bin"
    bare_path.mkdir()
    env = {**os.environ, "PATH": str(bare_path)}
    for name in ("LPSC_REPO", "GIT_PYTHON_REFRESH", "GIT_PYTHON_GIT_EXECUTABLE"):
        env.pop(name, None)
    if refresh:
        env["GIT_PYTHON_REFRESH"] = refresh
    done = subprocess.run(
        [sys.executable, "-m", "lpsc_cli", *NEW_CASE, "--repo", str(repo.root)],
        capture_output=True, text=True, env=env, timeout=120, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"created case-2025-001: {CASE_FILE}\nnot committed: git is not installed\n"
    assert Path(repo.root / CASE_FILE).is_file()
