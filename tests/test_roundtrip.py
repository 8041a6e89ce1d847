"""Golden round trips: a command that changes a hand-written file keeps everything else as written.

Each folder of tests/golden/roundtrip/ holds `before.yaml` (a file as a person wrote it: comments,
quoting, blank lines, their own indentation, CRLF or a byte-order mark), `command.txt` (where the
file lives, then the `lpsc` command) and `after.yaml` (the file after the command, reviewed by
hand). Set LPSC_UPDATE_GOLDEN=1 to rewrite `after.yaml` from the current behaviour, then review it.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from tests.support.cli import lpsc
from tests.support.records import committed_files, git, seeded, subjects

GOLDEN = Path(__file__).parent / "golden" / "roundtrip"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "command.txt").is_file())


@pytest.mark.parametrize("name", CASES)
def test_round_trip_keeps_what_a_person_wrote(name, runner, app, make_repo) -> None:
    folder = GOLDEN / name
    where, command = (folder / "command.txt").read_text(encoding="utf-8").splitlines()[:2]
    rel = where.removeprefix("file: ").strip()
    args = shlex.split(command)[1:]
    repo = seeded(make_repo)
    repo.write(rel, (folder / "before.yaml").read_bytes())
    git(repo.root, "add", "--all")
    git(repo.root, "commit", "-q", "-m", f"hand-written {rel}")
    result = lpsc(runner, app, repo.root, *args)
    assert result.exit_code == 0, result.output
    after = (repo.root / rel).read_bytes()
    expected = folder / "after.yaml"
    if os.environ.get("LPSC_UPDATE_GOLDEN"):
        expected.write_bytes(after)
    assert after == expected.read_bytes()
    assert committed_files(repo.root) == [rel]
    assert subjects(repo.root)[0].startswith(f"{args[0]}: {args[1]} ")


def test_every_golden_case_is_complete() -> None:
    assert CASES, "no golden round-trip cases"
    for name in CASES:
        assert {p.name for p in (GOLDEN / name).iterdir()} == {"before.yaml", "command.txt", "after.yaml"}, name
