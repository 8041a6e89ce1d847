"""A copy of the example council whose caches are really used, for tests of what is kept."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from lpsc_cli import repository
from tests.support.repos import EXAMPLE


def cached_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example council copied into `tmp_path`, a cache folder of its own (`tmp_path/cache`)
    and no racy window: the files written a moment ago are trusted by their stat, so the stat
    cache is really used (the worst case)."""
    root = tmp_path / "council"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(repository, "RACY_NS", 0)
    time.sleep(0.05)  # a few ticks of the file system's clock: the copies are older than the runs
    return root
