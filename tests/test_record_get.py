"""`Record.get` follows keys into a record's data, as rules, checks and indicators read it."""

from __future__ import annotations

from typing import Any

import pytest

from lpsc_cli.model import Record

DATA = {"a": {"b": [10, None, {"c": "x"}], "n": None, "z": 0}, "s": "text"}


def _by_hand(data: Any, keys: tuple[Any, ...], default: Any) -> Any:
    value = data
    for key in keys:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return default
    return default if value is None else value


@pytest.mark.parametrize(
    "keys",
    [("a",), ("a", "b", 0), ("a", "b", 1), ("a", "b", 2, "c"), ("a", "b", 5), ("a", "n"), ("a", "n", "deeper"),
     ("a", "z"), ("s", 0), ("s", "x"), ("missing",), ("a", "b", "c"), ()],
)  # fmt: skip
def test_get_reads_as_indexing_step_by_step(keys: tuple[Any, ...]) -> None:
    record = Record("case", "case-2025-001", "cases/2025/case-2025-001.yaml", DATA)
    assert record.get(*keys, default="-") == _by_hand(DATA, keys, "-")
