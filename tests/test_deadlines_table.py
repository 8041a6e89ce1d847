"""The deadlines table is laid out row by row as Rich's own table lays it out.

`reporters.deadlines._table_lines` writes the rows itself (Rich measured and rendered every
cell of a whole table, three quarters of `lpsc deadlines` on thousands of obligations); Rich's
table with the same columns is the reference it must equal, line for line, for any texts and
widths where the fixed columns fit.
"""

from __future__ import annotations

import io

from hypothesis import assume, given
from hypothesis import strategies as st
from rich.console import Console

from lpsc_cli.reporters.deadlines import _rich_table, _table_lines

WORD = st.text(alphabet="abcdëçefghijklmnopqrstuvwxyzABCË0123456789-.:'", min_size=1, max_size=24)
PHRASE = st.lists(WORD, min_size=1, max_size=14).map(" ".join)
SHORT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzë-0123456789", min_size=1, max_size=12)
ROW = st.tuples(SHORT, SHORT, SHORT, SHORT, SHORT, PHRASE)
HEADER = ("Due", "Days", "Status", "Rule", "Record", "Obligation")


def console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False, soft_wrap=False)


def by_rich(rows: list[tuple[str, ...]], width: int) -> list[str]:
    screen = console(width)
    screen.print(_rich_table(HEADER, rows))
    return [line.rstrip() for line in screen.file.getvalue().splitlines()]  # type: ignore[attr-defined]


@given(rows=st.lists(ROW, min_size=1, max_size=6), width=st.integers(min_value=40, max_value=160))
def test_rows_laid_out_as_rich_lays_them_out(rows: list[tuple[str, ...]], width: int) -> None:
    lines = _table_lines(console(width), HEADER, rows)
    assume(lines is not None)  # else the fixed columns leave no room, and Rich's table is used
    assert lines is not None and [line.rstrip() for line in lines] == by_rich(rows, width)


def test_a_long_obligation_wraps_under_its_column() -> None:
    rows = [("2025-03-14", "-5 wd", "overdue", "invitation-notice", "lpsc-2025-03-12", "word " * 30)]
    lines = _table_lines(console(80), HEADER, rows)
    assert lines is not None and len(lines) > 2
    column = lines[0].index("Obligation")
    assert all(line[:column].strip() == "" for line in lines[2:])
    assert [line.rstrip() for line in lines] == by_rich(rows, 80)


def test_no_room_left_is_left_to_rich() -> None:
    rows = [("2025-03-14", "-5 wd", "overdue", "a-rule-with-a-very-long-name-indeed", "x" * 40, "owed")]
    assert _table_lines(console(60), HEADER, rows) is None
