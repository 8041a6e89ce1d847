"""Shell completion: the scripts for each shell, and case ids offered for `lpsc case <verb> <TAB>`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lpsc_cli.cli.completion import record_ids, repository_root
from tests.support.repos import EXAMPLE

CASE_IDS = sorted(p.stem for p in EXAMPLE.glob("cases/*/*.yaml"))


def lpsc(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lpsc", path=str(Path(sys.executable).parent)) or "lpsc"
    environment = {k: v for k, v in os.environ.items() if k != "LPSC_REPO" and not k.startswith("_LPSC")}
    # Typer detects the shell from the process tree unless told not to; tests name it instead.
    environment.update(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1", **env)
    return subprocess.run(
        [command, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        check=False,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _lpsc_completion lpsc"),
        ("zsh", "#compdef lpsc"),
        ("fish", "complete --command lpsc"),
        ("powershell", "Register-ArgumentCompleter"),
        ("pwsh", "Register-ArgumentCompleter"),
    ],
)
def test_completion_script_for_each_shell(shell: str, marker: str, tmp_path: Path) -> None:
    done = lpsc("--show-completion", shell, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout
    assert "_LPSC_COMPLETE" in done.stdout


def test_bash_completes_case_ids_from_file_names(tmp_path: Path) -> None:
    done = lpsc(
        cwd=EXAMPLE,
        _LPSC_COMPLETE="complete_bash",
        COMP_WORDS="lpsc case screen case-2025-00",
        COMP_CWORD="3",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [i for i in CASE_IDS if i.startswith("case-2025-00")]
    assert CASE_IDS


def test_zsh_completes_case_ids_of_the_repo_option(tmp_path: Path) -> None:
    done = lpsc(
        cwd=tmp_path,  # not inside a repository: the ids come from --repo
        _LPSC_COMPLETE="complete_zsh",
        _TYPER_COMPLETE_ARGS=f"lpsc case show --repo {EXAMPLE} ",
    )
    assert done.returncode == 0, done.stderr
    for case_id in CASE_IDS:
        assert f'"{case_id}"' in done.stdout


def test_no_repository_offers_nothing(tmp_path: Path) -> None:
    done = lpsc(cwd=tmp_path, _LPSC_COMPLETE="complete_bash", COMP_WORDS="lpsc case screen ", COMP_CWORD="3")
    assert done.returncode == 0
    assert done.stdout.strip() == ""


def test_record_ids_read_file_names_only(tmp_path: Path) -> None:
    (tmp_path / "lpsc.yaml").write_text("council: x\n")
    year = tmp_path / "cases" / "2024"
    year.mkdir(parents=True)
    (year / "case-2024-001.yaml").write_text(": not yaml at all [")  # never parsed
    (year / "notes.txt").write_text("")
    root = repository_root(None, cwd=year)
    assert root == tmp_path
    assert record_ids(root, "case") == ["case-2024-001"]
    assert record_ids(root, "case", "case-2025") == []
