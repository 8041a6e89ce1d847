"""Shared fixtures: small inline repositories, and a CLI runner with a fixed, colourless console."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

# Caches live in the user's cache folder: keep the tests' own (and their subprocesses') apart.
os.environ.setdefault("LPSC_CACHE_DIR", tempfile.mkdtemp(prefix="lpsc-test-cache-"))

# The CI machine is shared and small: time limits per example would only make tests flaky.
settings.register_profile("lpsc", deadline=None)
settings.load_profile("lpsc")

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "examples" / "elbasan"

BASE_CONFIG: dict[str, Any] = {
    "council": "testville",
    "name": {"sq": "KVSP Testville", "en": "Testville LPSC"},
    "municipality": {"sq": "Bashkia Testville", "en": "Municipality of Testville"},
    "language": "en",
    "profile": "normative-act",
}


class RepoBuilder:
    """Writes a record repository into a temporary folder, one record at a time.

    `repo.add("case", {...})` writes the record where it belongs (`cases/2025/<id>.yaml`);
    `repo.write("members/x.yaml", "raw: text")` writes raw text for bad-input tests.
    """

    def __init__(self, root: Path, config: Mapping[str, Any]) -> None:
        self.root = root
        self.write("lpsc.yaml", yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=False))

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def add(self, kind: str, data: Mapping[str, Any], *, rel: str | None = None) -> Path:
        from lpsc_cli.model import expected_path

        target = rel or expected_path(kind, str(data["id"]), data)
        assert target is not None, f"cannot place {kind} {data.get('id')}"
        return self.write(target, yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False))

    def config(self, **changes: Any) -> None:
        data = {**BASE_CONFIG, **changes}
        self.write("lpsc.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    def load(self) -> Any:
        from lpsc_cli.repository import load_repository

        return load_repository(self.root, cache=False)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., RepoBuilder]:
    """A factory of repositories: `make_repo()` or `make_repo(config={...})`."""
    counter = iter(range(1000))

    def factory(config: Mapping[str, Any] | None = None) -> RepoBuilder:
        return RepoBuilder(tmp_path / f"repo{next(counter)}", config or BASE_CONFIG)

    return factory


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Typer's CliRunner with a fixed-width, colourless console and no LPSC_REPO leaking in."""
    from typer.testing import CliRunner

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("LPSC_REPO", raising=False)
    return CliRunner()


@pytest.fixture
def app() -> Any:
    from lpsc_cli.cli.app import app as typer_app

    return typer_app
