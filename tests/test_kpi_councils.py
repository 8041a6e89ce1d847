"""`lpsc kpi` over several councils reads them one at a time: the national view (61 councils)
holds one council's records in memory, not all of them."""

from __future__ import annotations

import gc
import json
import weakref
from typing import Any

import pytest

import lpsc_cli.repository
from tests.support.cli import Runner


def test_each_council_is_let_go_before_the_next_is_loaded(
    example_copy: Any, monkeypatch: pytest.MonkeyPatch, app: Any
) -> None:
    roots = [example_copy(name) for name in ("one", "two", "three")]
    load = lpsc_cli.repository.load_repository
    loaded: list[weakref.ref[Any]] = []
    alive_at_load: list[int] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        gc.collect()
        alive_at_load.append(sum(1 for ref in loaded if ref() is not None))
        repository = load(*args, **kwargs)
        loaded.append(weakref.ref(repository))
        return repository

    monkeypatch.setattr(lpsc_cli.repository, "load_repository", watched)
    args = ["kpi", *(a for root in roots for a in ("--repo", str(root))), "--year", "2025", "--format", "json"]
    result = Runner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert alive_at_load == [0, 0, 0]  # no council is still held when the next one is read
    report = json.loads(result.stdout)
    assert len(report["councils"]) == 3
    assert report["councils"][0]["kpis"] == report["councils"][2]["kpis"]  # same records, same figures
