"""The examples of docs/api.md run as doctests, and the API is importable from `lpsc_cli`."""

from __future__ import annotations

import doctest
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lpsc_cli
from tests.support.repos import EXAMPLE, PROJECT

API_DOC = PROJECT / "docs" / "api.md"


def test_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "elbasan")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LPSC_REPO", raising=False)
    failures, tried = doctest.testfile(str(API_DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried > 20
    assert failures == 0
    assert (tmp_path / "annual-2025.docx").is_file() and (tmp_path / "elbasan.db").is_file()


def test_every_public_name_resolves_and_is_documented() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    assert set(lpsc_cli.__all__) == {"__version__", *lpsc_cli._LAZY}
    for name in lpsc_cli.__all__:
        assert getattr(lpsc_cli, name) is not None, name
        if name != "__version__":
            assert f"`{name}" in text or name in text, f"{name} is not in docs/api.md"
    with pytest.raises(AttributeError):
        _ = lpsc_cli.no_such_name


def test_the_package_docstring_names_only_real_functions() -> None:
    doc = lpsc_cli.__doc__ or ""
    for name in ("load_repository", "check", "obligations", "compute_indicators", "render_document", "export_records"):
        assert f"`{name}(" in doc
        assert callable(getattr(lpsc_cli, name))


def test_importing_the_package_stays_lazy() -> None:
    code = "import sys, lpsc_cli; print(sorted(m for m in sys.modules if m.startswith('lpsc_cli')))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600, stdin=subprocess.DEVNULL
    )
    assert done.stdout.strip() == "['lpsc_cli']"
