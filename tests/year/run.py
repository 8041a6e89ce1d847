"""Running the year's steps through the CLI in-process, and building variants of a built year.

`Year.build(steps, root)` runs every step's command line through Typer's CliRunner on one Click
command built once, and keeps, per step, the commit it made and the file it wrote. A variant
(`Year.variant`) is the same year with some steps dropped or replaced: rather than replaying the
whole year, it copies the built repository, puts back the files those steps wrote as they were
before the first changed step (one commit, `git checkout <commit> -- FILE`), and replays only the
variant's steps on those files. The other records are the year's own, as a full replay would
leave them: every step writes one file, so steps on other files are unaffected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from year.scenario import FILES, Step

if typing.TYPE_CHECKING:
    from typer.testing import Result

IDENTITY = {
    "GIT_AUTHOR_NAME": "Elda Muça",
    "GIT_AUTHOR_EMAIL": "e.muca@librazhd.invalid",
    "GIT_COMMITTER_NAME": "Elda Muça",
    "GIT_COMMITTER_EMAIL": "e.muca@librazhd.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "COLUMNS": "100",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "LPSC_REPO": None,
}


class Lpsc:
    """`lpsc ARGS` in-process: Typer's CliRunner on one Click command built once."""

    def __init__(self) -> None:
        from typer.main import get_command
        from typer.testing import CliRunner

        from lpsc_cli.cli.app import app

        self.app = app
        self.command = get_command(app)
        self.runner = CliRunner(env=IDENTITY)

    def __call__(self, *args: str) -> Result:
        # Typer's runner rebuilds the whole command tree on every call; hand it the one built here.
        with mock.patch("typer.testing._get_command", lambda _app: self.command):
            return self.runner.invoke(self.app, list(args))

    def at(self, root: Path, *args: str) -> Result:
        """`lpsc ARGS --repo ROOT`."""
        return self(*args, "--repo", str(root))


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **{k: v for k, v in IDENTITY.items() if v is not None}}
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True).stdout


@dataclass
class Year:
    """A year built in `root`: its steps, and per step the commit after it and the file it wrote."""

    root: Path
    files: Path
    steps: tuple[Step, ...]
    commits: list[str] = field(default_factory=list)
    written: list[str | None] = field(default_factory=list)

    @classmethod
    def build(cls, lpsc: Lpsc, steps: Sequence[Step], root: Path) -> Year:
        files = root.parent / f"{root.name}-files"
        files.mkdir(parents=True, exist_ok=True)
        for name, content in FILES.items():
            (files / name).write_text(content, encoding="utf-8")
        year = cls(root, files, tuple(steps))
        for one in steps:
            year._run(lpsc, one)
        return year

    def _args(self, one: Step) -> list[str]:
        args = [a.replace("{files}", str(self.files)).replace("{root}", str(self.root)) for a in one.args]
        return args if args[0] == "init" else [*args, "--repo", str(self.root)]

    def _run(self, lpsc: Lpsc, one: Step) -> None:
        done = lpsc(*self._args(one))
        assert done.exit_code == 0, f"step {one.name}: lpsc {' '.join(one.args)}\n{done.output}"
        assert "committed " in done.output, f"step {one.name} made no commit:\n{done.output}"
        self.written.append(_written(done.output))
        self.commits.append(git(self.root, "rev-parse", "HEAD").strip())

    def variant(self, lpsc: Lpsc, steps: Sequence[Step], root: Path) -> Year:
        """This year with `steps` instead of its own (some dropped or replaced), built in `root`."""
        steps = tuple(steps)
        first = next(i for i, (mine, theirs) in enumerate(zip(self.steps, steps, strict=False)) if mine != theirs)
        kept = {s.name for s in steps}
        changed = [s for s in self.steps if s.name not in kept or s not in steps]
        files = {self.written[self.steps.index(s)] for s in changed} - {None}
        shutil.copytree(self.root, root)
        shutil.copytree(self.files, root.parent / f"{root.name}-files", dirs_exist_ok=True)
        before = self.commits[first - 1]
        for rel in sorted(str(f) for f in files):
            if git(root, "ls-tree", before, "--", rel).strip():
                git(root, "checkout", before, "--", rel)
            else:
                git(root, "rm", "-q", "--", rel)
        git(root, "commit", "-q", "-m", "variant: files as before the changed step")
        year = Year(root, root.parent / f"{root.name}-files", steps)
        mine = {s.name: self.written[i] for i, s in enumerate(self.steps)}
        for one in steps[first:]:
            if mine.get(one.name) in files:
                year._run(lpsc, one)
        return year


def _written(output: str) -> str | None:
    """The file a write reports (`created ID: FILE` / `changed ID: FILE`)."""
    for line in output.splitlines():
        verb, _, rest = line.partition(" ")
        if verb in ("created", "changed") and ": " in rest:
            return rest.split(": ", 1)[1].strip()
    return None


def names(steps: Iterable[Step]) -> list[str]:
    return [s.name for s in steps]
