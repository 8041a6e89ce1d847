"""CSV that spreadsheets open safely (formula cells neutralised), and the rows reporters of the list commands."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.indicators.report import CouncilKpis, KpiReport, kpi_report
from lpsc_cli.reporters.kpi import REPORTERS as KPI_REPORTERS
from lpsc_cli.reporters.kpi import KpiView
from lpsc_cli.reporters.rows import REPORTERS as ROW_REPORTERS
from lpsc_cli.reporters.rows import RowsView
from lpsc_cli.reporters.spreadsheet import csv_text, neutralise
from lpsc_cli.repository import load_repository

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_gets_a_quote(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Council Hall", "1+1", "a=b", "", "'quoted", "5 %"])
def test_other_cells_are_left_as_they_are(value: str) -> None:
    assert neutralise(value) == value


def test_numbers_stay_numbers_and_text_that_looks_like_one_is_neutralised() -> None:
    assert cells(csv_text(["n", "x", "t"], [[-3, -2.5, "-3"]])) == [["n", "x", "t"], ["-3", "-2.5", "'-3"]]


def test_rows_csv_neutralises_after_collapsing_whitespace() -> None:
    rows = [{"id": "t-1", "topic": '\t=HYPERLINK("http://example.invalid")', "hours": 4, "note": "  @SUM(A1)\n"}]
    out = ROW_REPORTERS["csv"](rows, view=RowsView())
    assert isinstance(out, str)
    assert cells(out)[1] == ["t-1", '\'=HYPERLINK("http://example.invalid")', "4", "'@SUM(A1)"]
    # the text table shows the value as it is: only spreadsheets evaluate formulas
    assert '=HYPERLINK("http://example.invalid")' in str(ROW_REPORTERS["text"](rows, view=RowsView()))


def test_rows_reporters_keep_their_shapes() -> None:
    rows = [{"id": "a", "on": True, "score": 1.5, "tags": ["x", "y"], "none": None}]
    view = RowsView(empty="no things")
    assert ROW_REPORTERS["text"](rows, view=view) == "id  on   score  tags  none\na   yes  1.5    x,y\n"
    assert json.loads(str(ROW_REPORTERS["json"](rows, view=view))) == rows
    assert ROW_REPORTERS["csv"](rows, view=view) == 'id,on,score,tags,none\na,yes,1.5,"x,y",\n'
    assert ROW_REPORTERS["text"]([], view=view) == "no things\n"
    assert ROW_REPORTERS["csv"]([], view=view) == ""


def test_kpi_csv_neutralises_text_cells() -> None:
    repository = load_repository(EXAMPLE)
    report = kpi_report([repository], start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=date(2025, 12, 31))
    hostile = KpiReport(
        start=report.start,
        end=report.end,
        as_of=report.as_of,
        lang=report.lang,
        councils=(CouncilKpis("=cmd|' /C calc'!A0", report.councils[0].results),),
    )
    table = cells(str(KPI_REPORTERS["csv"](hostile, view=KpiView())))
    assert table[0][-1] == "'=cmd|' /C calc'!A0"
    assert table[1][0] == "lpsc-meetings" and table[1][-1] == "4"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example whose first training's topic is a spreadsheet formula."""
    root = tmp_path_factory.mktemp("csv") / "elbasan"
    shutil.copytree(EXAMPLE, root)
    training = root / "trainings" / "training-2025-03-20.yaml"
    text = training.read_text(encoding="utf-8")
    start = text.index("topic:")
    end = text.index("hours:")
    training.write_text(text[:start] + "topic: '\t=1+1'\n" + text[end:], encoding="utf-8")
    return root


def test_training_list_csv_is_safe_to_open(runner: Any, app: Any, example: Path, tmp_path: Path) -> None:
    target = tmp_path / "trainings.csv"
    result = runner.invoke(app, ["training", "list", "--repo", str(example), "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    first = cells(target.read_text(encoding="utf-8"))[1]
    assert first[:4] == ["training-2025-03-20", "2025-03-20", "introductory", "'=1+1"]


LISTS = [
    ["member", "list"],
    ["meeting", "list"],
    ["case", "list"],
    ["plan", "list"],
    ["training", "list"],
    ["report", "list"],
]


@pytest.mark.parametrize("command", LISTS, ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_every_list_writes_to_a_file_what_it_prints(
    runner: Any, app: Any, tmp_path: Path, command: list[str], fmt: str
) -> None:
    args = [*command, "--repo", str(EXAMPLE), "--format", fmt]
    printed = runner.invoke(app, args)
    assert printed.exit_code == 0, printed.output
    target = tmp_path / f"{command[0]}.{fmt}"
    written = runner.invoke(app, [*args, "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == printed.stdout != ""


def test_every_list_format_is_a_registry_name() -> None:
    from lpsc_cli.cli.writing import ListFormat

    assert [f.value for f in ListFormat] == list(ROW_REPORTERS)


def test_every_kpi_format_is_a_registry_name() -> None:
    from lpsc_cli.cli.kpi import KpiFormat

    assert [f.value for f in KpiFormat] == list(KPI_REPORTERS)
