"""Shared fixtures: small inline repositories, and a CLI runner with a fixed, colourless console."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.support.cli import Runner
from tests.support.documents import planted_council
from tests.support.repos import BASE_CONFIG, EXAMPLE, RepoBuilder

# Caches live in the user's cache folder: keep the tests' own (and their subprocesses') apart.
os.environ.setdefault("LPSC_CACHE_DIR", tempfile.mkdtemp(prefix="lpsc-test-cache-"))
# Messages in English unless a test asks for a language (tests/test_i18n.py): the example
# repositories say `language: sq`, which a run would otherwise speak.
os.environ["LPSC_LANG"] = "en"

# The CI machine is shared and small: time limits per example would only make tests flaky.
settings.register_profile("lpsc", deadline=None)
settings.load_profile("lpsc")


@pytest.fixture
def example_copy(tmp_path: Path) -> Callable[..., Path]:
    """A factory of copies of the example council: `example_copy()`, `example_copy("other")`."""

    def copy(name: str = "council") -> Path:
        return Path(shutil.copytree(EXAMPLE, tmp_path / name))

    return copy


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., RepoBuilder]:
    """A factory of repositories: `make_repo()` or `make_repo(config={...})`."""
    counter = iter(range(1000))

    def factory(config: Mapping[str, Any] | None = None) -> RepoBuilder:
        return RepoBuilder(tmp_path / f"repo{next(counter)}", config or BASE_CONFIG)

    return factory


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Typer's CliRunner on a command built once, a fixed-width colourless console, no LPSC_REPO."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("LPSC_REPO", raising=False)
    return Runner()


@pytest.fixture
def app() -> Any:
    from lpsc_cli.cli.app import app as typer_app

    return typer_app


@pytest.fixture(scope="module")
def planted_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, tuple[str, ...]]]:
    """A council with a canary in every non-public free-text field (documents, site, export tests)."""
    return planted_council(tmp_path_factory.mktemp("canary"))
