"""The README's first two commands are real: CI runs the second verbatim, and both work."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.support.repos import PROJECT
from tests.support.source import imported, modules


def readme_commands() -> list[str]:
    """The shell commands of the README's first two code blocks, in order."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S)
    return [block.strip() for block in blocks[:2]]


def test_readme_opens_with_the_two_commands() -> None:
    head = (PROJECT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    commands = readme_commands()
    assert len(commands) == 2
    assert all(command in head for command in commands), "both commands come before the first section"
    assert "lpsc check --repo examples/elbasan" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


VENV_STEP = "python3 -m venv .venv"
#: Commands of the running environment that a fresh `.venv` would get from `pip install`.
LAUNCHED = ("pip", "pytest")


def after_venv(command: str) -> str:
    """`command` without its first step, which must be exactly `python3 -m venv .venv`."""
    step, _, rest = command.partition(" && ")
    assert step == VENV_STEP, f"the README's command starts with {step!r}, not {VENV_STEP!r}"
    assert rest.startswith(". .venv/bin/activate && "), rest
    return rest


def make_venv(folder: Path) -> None:
    """A virtual environment that sees the packages installed here, and installs into itself."""
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True, timeout=600, stdin=subprocess.DEVNULL,
    ).stdout.strip()  # fmt: skip
    outer = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    (Path(purelib) / "zz_running_environment.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    for name in LAUNCHED:
        script = folder / "bin" / name
        script.write_text(
            f"#!{python}\n"
            "import sys\n"
            "from importlib.metadata import entry_points\n"
            f"(found,) = entry_points(group='console_scripts', name={name!r})\n"
            "sys.exit(found.load()())\n",
            encoding="utf-8",
        )
        script.chmod(0o755)


@pytest.mark.slow
def test_both_commands_work_on_a_fresh_copy(tmp_path: Path) -> None:
    """Run the README's commands in a clean copy of the project (the tests narrowed to one file).

    Each command runs verbatim after its first step, `python3 -m venv .venv`: that step is checked
    word for word and replaced by a virtual environment that sees the packages of the running one
    (so nothing is downloaded or reinstalled); `pip install` still builds and installs the copy.
    """
    copy = tmp_path / "lpsc"
    ignore = shutil.ignore_patterns(
        ".venv", "venv", ".git", "__pycache__", ".lpsc-cache", "*.egg-info", ".pytest_cache"
    )
    shutil.copytree(PROJECT, copy, ignore=ignore)
    make_venv(copy / ".venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST", "LPSC_"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if "venv" not in p)
    env["PYTEST_ADDOPTS"] = "-p no:cacheprovider tests/test_repository.py"
    first, second = (after_venv(command) for command in readme_commands())

    main = subprocess.run(
        ["bash", "-c", first], cwd=copy, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL
    )
    assert main.returncode == 0, main.stdout + main.stderr
    assert "në rregull: asnjë gjetje" in main.stdout  # the example council speaks Albanian
    installed = subprocess.run(
        [str(copy / ".venv" / "bin" / "python"), "-c", "import lpsc_cli; print(lpsc_cli.__file__)"],
        capture_output=True, text=True, check=True, env=env, cwd=tmp_path, timeout=600, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert Path(installed.stdout.strip()).is_relative_to(copy / ".venv"), "the copy is installed in its .venv"

    tests = subprocess.run(
        ["bash", "-c", second], cwd=copy, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert re.search(r"\d+ passed", tests.stdout), tests.stdout


def test_every_package_the_code_imports_is_a_declared_dependency() -> None:
    """What the fresh environment of the test above borrows from this one, `pip install .` must bring."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {canonical(requirement) for requirement in project["dependencies"]}
    distributions = packages_distributions()
    outside = set().union(*map(imported, modules().values())) - set(sys.stdlib_module_names) - {"lpsc_cli"}
    undeclared = sorted(
        name for name in outside if not any(canonical(dist) in declared for dist in distributions.get(name, [name]))
    )
    assert undeclared == []


def canonical(requirement: str) -> str:
    """The normalised name of a distribution, or of the one a requirement names."""
    name = re.split(r"[^A-Za-z0-9._-]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_readme_walkthrough_is_the_tested_script() -> None:
    script = (PROJECT / "tests" / "walkthrough" / "walkthrough.sh").read_text(encoding="utf-8")
    assert f"```sh\n{script}```" in (PROJECT / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_command() -> None:
    import typer.main

    from lpsc_cli.cli.app import app

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None) or {"": None}
        for sub in subcommands:
            words = f"lpsc {name} {sub}".strip()
            if words not in readme and not re.search(rf"lpsc {name} [a-z|-]*\b{sub}\b", readme):
                missing.append(words)
    assert not missing, f"commands not in the README: {missing}"
