"""Every command that prints, run with its output redirected in a Windows code page (cp1252,
cp1250: the `PYTHONIOENCODING` of a console or a redirection on Windows): the same exit code as
under UTF-8, and output that decodes as UTF-8 (`≥`, `✓`, `─`, `ë` used to end in "internal
error: UnicodeEncodeError").

The commands of one encoding run from one process started with that encoding, which forks a
child per command (`tests/support/commands_in_code_page.py`): the imports are paid once, not
once per command. A last test runs `lpsc` itself as a process into a real pipe.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.commands_in_code_page import run_batch
from tests.support.repos import EXAMPLE

AS_OF = ["--as-of", "2026-01-15"]
#: (arguments, exit code): the exit codes are those the commands give under UTF-8.
COMMANDS: list[tuple[list[str], int]] = [
    (["--help"], 0),
    (["kpi", *AS_OF], 0),
    (["kpi", "--format", "csv", *AS_OF], 0),
    (["kpi", "--explain", "lpsc-meetings", *AS_OF], 0),
    (["check", *AS_OF], 0),
    (["deadlines", *AS_OF], 0),
    (["member", "list"], 0),
    (["member", "show", "member-alma-deda"], 0),
    (["meeting", "list"], 0),
    (["meeting", "show", "lpsc-2025-12-17"], 0),
    (["case", "list", *AS_OF], 0),
    (["case", "show", "case-2025-001"], 0),
    (["plan", "list", *AS_OF], 0),
    (["plan", "show", "plan-2025", *AS_OF], 0),
    (["training", "list"], 0),
    (["report", "list"], 0),
    (["report", "annual", "--year", "2025", *AS_OF], 0),
    (["report", "monitoring", "--period", "2025-H2", *AS_OF], 0),
    (["report", "prefect", "--period", "2025-12", *AS_OF], 0),
    (["render", "annual", "2025", *AS_OF], 0),
    (["render", "minutes", "lpsc-2025-12-17", "--format", "html", *AS_OF], 0),
    (["render", "--list"], 0),
    (["access", *AS_OF], 0),
    (["log", "lpsc-2025-12-17"], 0),
    (["key", "show", "--identity", "no-such-identity.txt"], 2),
]


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of the example repository (for `log`), made once per worker."""
    root = tmp_path_factory.mktemp("windows") / "elbasan"
    shutil.copytree(EXAMPLE, root)
    git = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    subprocess.run([*git, "add", "-A"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    subprocess.run([*git, "commit", "-qm", "records"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    return root


#: The commands the fault was reported with, run again through the other Windows code page.
REPORTED = [c for c in COMMANDS if c[0][0] in {"kpi", "report", "render"} and "--list" not in c[0]]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the batch runner forks (POSIX)")
@pytest.mark.parametrize(
    ("encoding", "commands"),
    [("cp1252", COMMANDS[:12]), ("cp1252", COMMANDS[12:]), ("cp1250", REPORTED)],  # halves for two workers
)
def test_every_command_prints_utf8_in_a_windows_code_page(
    council: Path, tmp_path: Path, encoding: str, commands: list[tuple[list[str], int]]
) -> None:
    ran = run_batch([args for args, _ in commands], cwd=council, work=tmp_path, encoding=encoding)
    problems = []
    for (args, expected), done in zip(commands, ran, strict=True):
        stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
        if done.code != expected or "internal error" in stderr or not (stdout.strip() if expected == 0 else stderr):
            problems.append(f"lpsc {' '.join(args)}: exit {done.code} (expected {expected})\n{stderr}")
    assert not problems, "\n".join(problems)


def run_lpsc(args: list[str], *, cwd: Path, encoding: str) -> subprocess.CompletedProcess[bytes]:
    """`lpsc ARGS` as a process whose stdout and stderr are pipes in `encoding`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LPSC_", "PYTHONUTF8"))}
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "lpsc_cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_the_example_output_holds_what_a_windows_code_page_cannot_encode(council: Path) -> None:
    """The test above can fail: kpi's table holds characters outside cp1252."""
    done = run_lpsc(["kpi", *AS_OF], cwd=council, encoding="cp1252")
    text = done.stdout.decode("utf-8")
    with pytest.raises(UnicodeEncodeError):
        text.encode("cp1252")
