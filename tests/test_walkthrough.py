"""The walk-through of the README (tests/walkthrough/walkthrough.sh) runs as written and checks clean.

Each `lpsc ...` line of the script runs through the CliRunner (the same command-line parsing as
the installed program, without starting thirty interpreters); `cd` lines change the folder.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.support.tools import require

SCRIPT = Path(__file__).parent / "walkthrough" / "walkthrough.sh"


def test_the_walkthrough_runs_and_ends_clean(runner, app, tmp_path, monkeypatch) -> None:
    require("git")  # the walk-through commits
    monkeypatch.chdir(tmp_path)
    for variable, value in {"GIT_AUTHOR_NAME": "Arta Kola", "GIT_COMMITTER_NAME": "Arta Kola",
                            "GIT_AUTHOR_EMAIL": "a.kola@testville.invalid",
                            "GIT_COMMITTER_EMAIL": "a.kola@testville.invalid"}.items():  # fmt: skip
        monkeypatch.setenv(variable, value)
    outputs = []
    commands = [line for line in SCRIPT.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for line in commands:
        words = shlex.split(line)
        if words[0] == "cd":
            monkeypatch.chdir(Path.cwd() / words[1])
            continue
        assert words[0] == "lpsc", line
        result = runner.invoke(app, words[1:])
        assert result.exit_code == 0, (line, result.output)
        outputs.append(result.output)
    assert outputs[-1] == "ok: no findings\n"
    assert "case-2025-001  closed  2025-02-10T09:30  A.G.  child-protection" in outputs[-3]
    log = outputs[-2].splitlines()
    assert [line.split("  ")[-1] for line in log] == [
        f"case: {verb} case-2025-001"
        for verb in ("close", "review", *["contact"] * 6, "assign", "plan", "assess", "screen", "share", "new")
    ]
    assert all("  Arta Kola  " in line for line in log)
    assert sum(1 for line in commands if line.startswith("lpsc ")) == len(outputs)
