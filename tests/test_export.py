"""`lpsc export`: the example council as SQLite, Excel and CSV tables."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lpsc_cli.export import ExportOptions, Period, build, export
from lpsc_cli.export.sqlite import metadata_path
from lpsc_cli.export.tables import spreadsheet_safe
from lpsc_cli.model import FOLDERS, KINDS
from lpsc_cli.repository import Repository, load_repository
from lpsc_cli.schemas import SchemaSet
from tests.support.repos import EXAMPLE
from tests.support.tools import require

AS_OF = date(2025, 12, 31)
PERIOD = Period(start=date(2025, 1, 1), end=AS_OF, as_of=AS_OF)


def options(fmt: str, output: Path, **changes: Any) -> ExportOptions:
    return ExportOptions(format=fmt, output=output, period=PERIOD, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def repo() -> Repository:
    return load_repository(EXAMPLE, cache=False)


@pytest.fixture(scope="module")
def database(repo: Repository, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "elbasan.db"
    export([repo], options("sqlite", path))
    return path


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_one_row_per_record_in_each_kind_table(repo: Repository, database: Path) -> None:
    for kind in KINDS:
        (count,) = query(database, f"SELECT count(*) FROM {FOLDERS[kind]}")[0]
        assert count == len(repo.of(kind)), kind
    assert len(repo.of("case")) > 0 and len(repo.of("meeting")) > 0


@pytest.mark.parametrize(
    ("table", "kind", "field"),
    [
        ("meetings_attendance", "meeting", "attendance"),
        ("meetings_agenda", "meeting", "agenda"),
        ("meetings_decisions", "meeting", "decisions"),
        ("plans_items", "plan", "items"),
        ("cases_contacts", "case", "contacts"),
        ("cases_reviews", "case", "reviews"),
        ("trainings_participants", "training", "participants"),
    ],
)
def test_one_row_per_list_item_in_child_tables(
    repo: Repository, database: Path, table: str, kind: str, field: str
) -> None:
    expected = sum(len(r.get(field, default=[])) for r in repo.of(kind))
    assert query(database, f"SELECT count(*) FROM {table}")[0][0] == expected
    if expected:
        parents = {row[0] for row in query(database, f"SELECT DISTINCT record_id FROM {table}")}
        assert parents <= {r.id for r in repo.of(kind)}


def test_activities_and_progress_nest_under_plan_items(repo: Repository, database: Path) -> None:
    activities = [
        a for plan in repo.of("plan") for item in plan.get("items", default=[]) for a in item.get("activities", [])
    ]
    assert query(database, "SELECT count(*) FROM plans_items_activities")[0][0] == len(activities)
    progress = sum(len(a.get("progress", [])) for a in activities)
    assert query(database, "SELECT count(*) FROM plans_items_activities_progress")[0][0] == progress


def test_foreign_keys_hold_and_the_columns_are_typed(database: Path) -> None:
    assert query(database, "PRAGMA foreign_key_check") == []
    columns = {row[1]: row[2] for row in query(database, "PRAGMA table_info(cases)")}
    assert columns["registered"] == "DATE"
    assert columns["referral_received"] == "DATETIME"
    assert columns["red_flag"] == "BOOLEAN"
    assert "sealed_age" not in columns  # sealed blocks stay out unless asked for
    references = query(database, "PRAGMA foreign_key_list(plans_items_activities)")
    assert [(r[2], r[3], r[4]) for r in references] == [("plans_items", "_parent", "_row")]
    indexes = {row[1] for row in query(database, "PRAGMA index_list(meetings)")}
    assert {"meetings_council_id", "meetings_date"} <= indexes


def test_translated_text_is_one_column_per_language(repo: Repository, database: Path) -> None:
    meeting = repo.of("meeting")[0]
    row = query(database, f"SELECT summary_sq, summary_en FROM meetings WHERE id = '{meeting.id}'")[0]
    assert row == (meeting.get("summary", "sq"), meeting.get("summary", "en"))


def test_kpi_view_equals_lpsc_kpi_json(runner: Any, app: Any, database: Path) -> None:
    result = runner.invoke(
        app, ["kpi", "--repo", str(EXAMPLE), "--as-of", AS_OF.isoformat(), "--set", "all", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (council,) = json.loads(result.stdout)["councils"]
    expected = {k["id"]: (k["value"], k["target"], k["met"]) for k in council["kpis"]}
    rows = query(database, "SELECT id, value, target, met FROM kpi WHERE council = 'elbasan'")
    got = {i: (v, t, None if m is None else bool(m)) for i, v, t, m in rows}
    assert got.keys() == expected.keys()
    for kpi_id, (value, target, met) in expected.items():
        assert got[kpi_id] == (value, target, met), kpi_id
    assert sum(v is not None for v, _, _ in got.values()) > 5  # real figures, not a table of blanks


def test_obligations_view_has_every_status_sorted_overdue_first(database: Path) -> None:
    statuses = [row[0] for row in query(database, "SELECT status FROM obligations")]
    assert statuses
    order = {"overdue": 0, "due-soon": 1, "upcoming": 2, "met": 3, "met-late": 3}
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)


def test_datasette_metadata_describes_tables_from_the_schemas(repo: Repository, database: Path) -> None:
    meta = json.loads(metadata_path(database).read_text(encoding="utf-8"))
    tables = meta["databases"]["elbasan"]["tables"]
    schema = SchemaSet().document("case")
    assert tables["cases"]["description"] == schema["description"]
    assert (
        tables["cases"]["columns"]["screening_date"]
        == schema["properties"]["screening"]["properties"]["date"]["description"]
    )
    assert "kpi" in tables and "obligations" in tables


def test_the_sqlite3_command_line_tool_reads_the_database(database: Path) -> None:
    tool = require("sqlite3")
    done = subprocess.run(
        [tool, str(database), "PRAGMA integrity_check;", "PRAGMA foreign_key_check;", "SELECT count(*) FROM kpi;"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    lines = done.stdout.split()
    assert lines[0] == "ok"
    assert int(lines[1]) == query(database, "SELECT count(*) FROM kpi_results")[0][0] > 0


def _cell(value: Any) -> Any:
    """A cell as text for comparing: Excel keeps a date as a date-time at midnight."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value}T00:00"
    return spreadsheet_safe(value)


def test_xlsx_has_the_same_rows_dates_as_dates_and_a_frozen_header(
    repo: Repository, database: Path, tmp_path: Path
) -> None:
    path = tmp_path / "elbasan.xlsx"
    export([repo], options("xlsx", path))
    book = openpyxl.load_workbook(path)
    for table in ("members", "meetings", "meetings_attendance", "cases", "cases_contacts", "kpi_results"):
        sheet = book[table]
        assert sheet.freeze_panes == "A2"
        header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        with sqlite3.connect(database) as db:
            cursor = db.execute(f"SELECT * FROM {table} ORDER BY _row")
            expected = [list(r) for r in cursor.fetchall()]
            names = [d[0] for d in cursor.description]
        assert header == names
        assert [[_cell(v) for v in r] for r in rows] == [[_cell(v) for v in r] for r in expected]
    received = book["cases"].cell(row=2, column=[c.value for c in book["cases"][1]].index("referral_received") + 1)
    assert isinstance(received.value, datetime)
    assert book["members"].column_dimensions["C"].width > 10


def test_csv_is_one_file_per_table_with_a_bom_for_excel(repo: Repository, database: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    export([repo], options("csv", out, excel=True))
    raw = (out / "meetings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) - 1 == query(database, "SELECT count(*) FROM meetings")[0][0]
    export([repo], options("csv", out))  # replacing a folder of CSV files is fine
    assert not (out / "meetings.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert {p.stem for p in out.iterdir()} >= {"members", "cases_contacts", "kpi_results", "obligation_results"}


def test_several_repositories_make_one_national_data_set(repo: Repository, tmp_path: Path) -> None:
    other = tmp_path / "peqin"
    shutil.copytree(EXAMPLE, other)
    config = other / "lpsc.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("council: elbasan", "council: peqin"), encoding="utf-8"
    )
    second = load_repository(other, cache=False)
    assert second.council == "peqin"
    path = tmp_path / "national.db"
    export([repo, second], options("sqlite", path))
    assert query(path, "SELECT council, count(*) FROM cases GROUP BY council") == [
        ("elbasan", len(repo.of("case"))),
        ("peqin", len(repo.of("case"))),
    ]
    assert query(path, "PRAGMA foreign_key_check") == []
    assert {row[0] for row in query(path, "SELECT DISTINCT council FROM kpi")} == {"elbasan", "peqin"}


def test_formula_like_text_is_neutralised() -> None:
    for text in ("=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("13-17") == "13-17"
    assert spreadsheet_safe(-5) == -5


def test_public_export_has_public_tables_only(repo: Repository) -> None:
    dataset = build([repo], options("sqlite", Path("unused.db"), public=True))
    names = {t.spec.name for t in dataset.tables}
    assert {"members", "meetings", "meetings_attendance", "plans", "kpi_results"} <= names
    assert not names & {"cases", "cases_contacts", "trainings", "obligation_results"}


def test_bad_options_are_usage_errors(runner: Any, app: Any, tmp_path: Path) -> None:
    base = ["export", "--repo", str(EXAMPLE), "--as-of", AS_OF.isoformat()]
    both = runner.invoke(
        app, [*base, "--format", "sqlite", "-o", str(tmp_path / "x.db"), "--public", "--include-sealed"]
    )
    assert both.exit_code == 2 and "exclude each other" in both.stderr
    missing = runner.invoke(app, [*base, "--format", "sqlite", "-o", str(tmp_path / "no" / "x.db")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    folder = runner.invoke(app, [*base, "--format", "xlsx", "-o", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    refused = runner.invoke(app, [*base, "--format", "csv", "-o", str(tmp_path / "notes")])
    assert refused.exit_code == 2 and (tmp_path / "notes" / "keep.txt").exists()
    done = runner.invoke(app, [*base, "--format", "sqlite", "-o", str(tmp_path / "x.db")])
    assert done.exit_code == 0, done.output
    assert "wrote" in done.stdout and (tmp_path / "x.metadata.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_a_failed_write_leaves_the_old_file(repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lpsc_cli.export import sqlite as writer

    path = tmp_path / "x.db"
    path.write_bytes(b"old")

    def broken(dataset: Any, target: Path) -> None:
        target.write_bytes(b"half")
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(writer, "write_database", broken)
    with pytest.raises(Exception, match="disk full"):
        export([repo], options("sqlite", path))
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.db"]


def test_xlsx_archive_is_valid_zip(repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    export([repo], options("xlsx", path))
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None


def test_files_with_errors_are_left_out_with_a_warning(runner: Any, app: Any, tmp_path: Path) -> None:
    copy = tmp_path / "elbasan"
    shutil.copytree(EXAMPLE, copy)
    member = next((copy / "members").glob("*.yaml"))
    member.write_text(member.read_text(encoding="utf-8") + "nickname: x\n", encoding="utf-8")
    out = tmp_path / "x.db"
    result = runner.invoke(
        app, ["export", "--format", "sqlite", "-o", str(out), "--repo", str(copy), "--as-of", "2025-12-31"]
    )
    assert result.exit_code == 0, result.output
    assert "1 record file could not be read (left out of it" in result.stderr
    members = len(list((EXAMPLE / "members").glob("*.yaml")))
    assert query(out, "SELECT count(*) FROM members")[0][0] == members - 1
