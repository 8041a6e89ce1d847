"""Eight `lpsc case new` started at once: eight distinct ids, files and commits (real processes,
waiting on each other's lock)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lpsc_cli.yamlio import parse
from tests.support.records import git, seeded

pytestmark = pytest.mark.slow

WRITERS = 8


def test_concurrent_case_creations_get_one_id_file_and_commit_each(make_repo) -> None:
    repo = seeded(make_repo)
    env = {k: v for k, v in os.environ.items() if k != "LPSC_REPO"}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lpsc_cli",
                "case",
                "new",
                "--repo",
                str(repo.root),
                "--received",
                f"2025-03-{n + 1:02d}T10:00",
                "--referred-by",
                "community",
                "--concern",
                "other",
                "--code",
                f"C{n}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        for n in range(WRITERS)
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0] * WRITERS, [err for _, err in outputs if err]
    created = sorted(out.split()[1].rstrip(":") for out, _ in outputs)
    assert created == [f"case-2025-{n:03d}" for n in range(1, WRITERS + 1)]
    files = sorted((repo.root / "cases/2025").glob("*.yaml"))
    assert [f.stem for f in files] == created
    codes = {parse(f.read_bytes(), f.name).data["subject"]["code"] for f in files}
    assert codes == {f"C{n}" for n in range(WRITERS)}
    subjects = git(repo.root, "log", "--format=%s").splitlines()
    assert sorted(s for s in subjects if s.startswith("case: new")) == [f"case: new {c}" for c in created]
    for sha in git(repo.root, "log", "--format=%H", f"-{WRITERS}").split():
        assert len(git(repo.root, "show", "--name-only", "--format=", sha).split()) == 1
    assert git(repo.root, "status", "--porcelain") == ""
