"""One implementation of each shared question, used everywhere it is asked; git only in history.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lpsc_cli import history, model
from lpsc_cli.checks import composition, leaks, obligations, references
from lpsc_cli.documents import builders
from lpsc_cli.editing import people
from lpsc_cli.rules import members, plan
from lpsc_cli.sealing import access


def test_member_in_term_is_one_function() -> None:
    for module in (access, builders, members, plan, composition, people):
        assert module.is_current is model.is_current, module.__name__
    assert not hasattr(people, "serving")
    assert not hasattr(access, "in_term") and not hasattr(builders, "in_term") and not hasattr(members, "term")


def test_walking_a_path_with_list_items_is_one_function() -> None:
    assert leaks.values_at is references.values_at


def test_the_leak_scan_runs_no_git_and_reads_no_clock() -> None:
    assert "subprocess" not in vars(leaks) and "time" not in vars(leaks)
    assert leaks.introduced_blobs is history.introduced_blobs and not hasattr(leaks, "_git")


def test_the_history_scan_gets_its_file_versions_from_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lpsc_cli.schemas import SchemaSet

    def unavailable(root: Path) -> Any:
        raise history.GitUnavailable(f"no history at {root.name}")

    monkeypatch.setattr(leaks, "introduced_blobs", unavailable)
    found = leaks.history_leaks(tmp_path, SchemaSet())
    assert [(i.code, i.message) for i in found] == [
        ("history-unavailable", f"the history was not scanned: no history at {tmp_path.name}")
    ]


def test_the_obligations_check_cites_its_sources() -> None:
    text = " ".join((obligations.__doc__ or "").split())
    for citation in ("R art. 7.2, 7.4, 7.8", "R art. 11.1, 11.3", "A §3.5", "A Annex 3 I–IX"):
        assert citation in text
