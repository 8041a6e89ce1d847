"""Outside tools the tests drive (age, LibreOffice, Chromium, poppler, sqlite3, ...).

A test that needs a tool skips on a developer's machine without it, but fails under CI
(`CI=true`): there `.ci/run` installs every tool, so a missing one is a broken install step,
and a skipped check would pass for a check that was never made.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    """Whether the tests run under CI, where every outside tool must be present."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(*names: str) -> str:
    """The path of the first tool of `names` found on PATH; skip (or fail under CI) without one."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"needs {' or '.join(names)} on PATH (.ci/run installs it)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)
