"""The benchmark's generator and measurement functions, on a small repository (no timing asserts)."""

from __future__ import annotations

import base64
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from lpsc_cli.cache import Cache

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
AS_OF = date(2025, 12, 31)
CASES = 50

# Findings that mean the generator wrote something the record format does not allow; rule
# findings about deadlines are allowed (the generator only keeps them few).
STRUCTURAL = {
    "schema",
    "reference",
    "date-order",
    "status",
    "duplicate-id",
    "file-name",
    "wrong-folder",
    "yaml",
    "yaml-alias",
    "encoding",
    "empty",
    "not-a-mapping",
    "too-large",
    "outside",
    "unreadable",
}


def _module(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"lpsc_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


generate = _module("generate")
bench = _module("run")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "repo"
    generate.generate(root, cases=CASES, as_of=AS_OF)
    return root


def test_generated_repository_has_the_expected_records(repo: Path) -> None:
    per_year = {year: len(list((repo / "cases" / str(year)).glob("*.yaml"))) for year in range(2021, 2026)}
    # weights 1, 1.25, 1.5, 1.75, 2 of 7.5: 6.67 -> 6, 8.33 -> 8, 10, 11.67 -> 11, 13.33 -> 13, +2 to 2025
    assert per_year == {2021: 6, 2022: 8, 2023: 10, 2024: 11, 2025: 15}
    assert len(list((repo / "members").glob("*.yaml"))) == 30
    assert len(list((repo / "institutions").glob("*.yaml"))) == 22
    # per year 2 consultations, 4 LPSC meetings, 12 secretariat meetings
    assert len(list((repo / "meetings").rglob("*.yaml"))) == 5 * 18
    # per year 20 reports; four of 2025 are submitted in 2026, after the as-of day
    assert len(list((repo / "reports").glob("*.yaml"))) == 5 * 20 - 4
    assert sorted(p.name for p in (repo / "plans").iterdir()) == [f"plan-{y}.yaml" for y in range(2021, 2026)]
    assert (repo / "cases" / "2025" / "case-2025-015.yaml").is_file()


def test_generated_repository_checks_without_structural_findings(repo: Path) -> None:
    from lpsc_cli.checks import CheckOptions, check_repository
    from lpsc_cli.repository import load_repository

    repository = load_repository(repo, cache=False)
    assert len(repository.records["case"]) == CASES
    result = check_repository(repository, CheckOptions(as_of=AS_OF))
    bad = [
        f"{i.file}:{i.line}: {i.code}: {i.message}"
        for i in result.issues
        if i.code in STRUCTURAL or i.code.startswith("seal")
    ]
    assert bad == []


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate.generate(first, cases=12, as_of=AS_OF)
    generate.generate(second, cases=12, as_of=AS_OF)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_generator_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(FileExistsError):
        generate.generate(tmp_path, cases=1)


def test_yaml_emitter_round_trips_through_the_lpsc_loader() -> None:
    from lpsc_cli.yamlio import parse

    data: dict[str, Any] = {
        "id": "x-1",
        "start": "10:00",
        "date": "2025-03-12",
        "sent": "2025-03-04T09:00",
        "flag": True,
        "count": 3,
        "yes": "no",
        "number_text": "1.4",
        "location": {"sq": "Salla e mbledhjeve, Bashkia", "en": "Meeting room: Municipality"},
        "items": [{"no": "1.2", "tags": ["a", "b"]}, {"text": {"sq": "Ç ë # x", "en": "[y]"}, "n": 2}],
        "age": "-----BEGIN-----\nAAAA\n-----END-----\n",
    }
    text = generate.to_yaml(data)
    assert 'location: {sq: "Salla e mbledhjeve, Bashkia", en: "Meeting room: Municipality"}\n' in text
    assert "date: 2025-03-12\n" in text and 'start: "10:00"\n' in text
    parsed = parse(text.encode(), "x.yaml")
    assert parsed.issue is None
    assert parsed.data == {**data, "age": "-----BEGIN-----\nAAAA\n-----END-----\n"}


def test_member_keys_are_valid_age_recipients(repo: Path) -> None:
    import pyrage
    import yaml

    member = yaml.safe_load((repo / "members" / "member-arben-bici.yaml").read_text(encoding="utf-8"))
    assert member["public_key"].startswith("age1")
    pyrage.x25519.Recipient.from_str(member["public_key"])  # raises on a bad checksum


def test_sealed_block_is_well_formed_age_armour() -> None:
    import random

    armour = generate._fake_armour(random.Random(1), 100)
    lines = armour.strip().split("\n")
    assert lines[0] == "-----BEGIN AGE ENCRYPTED FILE-----" and lines[-1] == "-----END AGE ENCRYPTED FILE-----"
    assert all(len(line) == 64 for line in lines[1:-2]) and 0 < len(lines[-2]) <= 64
    assert base64.b64decode("".join(lines[1:-1])).startswith(b"age-encryption.org/v1\n-> X25519 ")


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert generate._add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert generate._add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert generate._add_months(date(2025, 1, 15), 6) == date(2025, 7, 15)


def test_floor_reads_every_record_file(repo: Path) -> None:
    files = bench.record_files(repo)
    # lpsc.yaml, 22 institutions, 30 members, 90 meetings, 5 plans, 50 cases, 15 trainings, 96 reports
    assert len(files) == 1 + 22 + 30 + 90 + 5 + CASES + 15 + 96
    assert bench.parse_floor(files) == len(files)


def test_best_of_runs_the_setup_before_every_timed_run() -> None:
    calls: list[str] = []
    timing = bench.best_of(lambda: calls.append("run"), repeat=3, before=lambda: calls.append("before"))
    assert calls == ["before", "run"] * 3
    assert timing.wall >= 0 and timing.cpu >= 0


def test_rows_hold_wall_time_to_the_target_and_report_cpu_too() -> None:
    floor = bench.Timing(wall=10.0, cpu=8.0)
    row = bench.ratio_row("check", bench.Timing(wall=12.0, cpu=10.0), floor, 1.3, "ok")
    assert row == bench.Measurement("check", 12.0, 1.2, "<= 1.3x floor", True, "ok", 10.0, 1.25)
    busy = bench.ratio_row("check", bench.Timing(wall=9.0, cpu=12.0), floor, 1.3)  # CPU decides
    assert (busy.ratio, busy.cpu_ratio, busy.passed) == (0.9, 1.5, False)
    workers = bench.ratio_row("check", bench.Timing(wall=5.0, cpu=1.0), floor, 0.6, by_wall=True)
    assert (workers.target, workers.passed, workers.cpu_ratio) == ("<= 0.6x floor (wall)", True, None)
    slow = bench.seconds_row("lpsc --help", bench.Timing(wall=0.5, cpu=0.4), 0.4, floor)
    assert (slow.target, slow.passed, slow.ratio, slow.cpu_ratio) == ("< 0.4 s", False, 0.05, 0.05)


def test_in_process_check_and_stages(repo: Path) -> None:
    from lpsc_cli.checks import registry

    bench.clear_cache(repo)
    counts = bench.check_in_process(repo, AS_OF)
    assert set(counts) == {"error", "warning"}
    assert (Cache.of(repo).folder / "records-case-en.marshal").is_file()
    names = [name for name, _ in bench.stage_times(repo, AS_OF)]
    assert names[:2] == ["load (cold, writes the cache)", "load (warm)"]
    assert names[2:-1] == [f"check: {name}" for name, _ in registry()]
    assert names[-1].startswith("line lookups (")
    assert "load_repository" in bench.profile_check(repo, AS_OF, top=5)


def test_measure_reports_every_row(repo: Path) -> None:
    settings = bench.Settings(cases=CASES, as_of=AS_OF, repeat=1, command_repeat=1, repo=repo)
    rows = bench.measure(repo, settings)
    names = [row.name for row in rows]
    assert names == [
        "floor (CSafeLoader parse)",
        "check (subprocess, cold, every core)",
        "check (in-process, cold, one process)",
        "check-warm (subprocess)",
        "check-warm (in-process)",
        "check, one file changed (subprocess)",
        "check, one file changed (in-process)",
        "deadlines, one file changed",
        "kpi --set all, one file changed",
        "check, every case with findings (cold, one process)",
        "check, findings, one file changed",
        "kpi --set all (cold, every core)",
        "kpi --set all (warm)",
        "deadlines (warm)",
        "case list --format json (warm)",
        "case show (warm)",
        "institution add --dry-run (warm)",
        "member add --dry-run (warm)",
        "meeting new --dry-run (warm)",
        "case new --dry-run (warm)",
        "case contact --dry-run (warm)",
        "plan progress --dry-run (warm)",
        "training add --dry-run (warm)",
        "report add --dry-run (warm)",
        "memory: cold check / parsed dicts",
        "lpsc --version",
        "lpsc --help",
        "lpsc check --help",
        "kpi, 61 councils at once",
    ]
    assert rows[0].ratio == 1.0 and rows[0].note == "309 files"
    timed = [row for row in rows if row.target.endswith(("floor", " s", "CPU")) and not row.note.startswith("skipped")]
    assert all(row.seconds and row.seconds > 0 for row in timed)
    assert rows[-2].target == "< 0.35 s" and rows[-3].target == "< 0.3 s" and rows[-4].target == "< 0.1 s"
    assert rows[1].target == "<= 0.6x floor (wall)" and rows[3].target == "<= 0.3x floor"
    assert rows[1].note.endswith(("no findings", "warnings"))
    assert "errors" in rows[9].note  # every case has findings in the copy
    memory = rows[-5]
    assert memory.ratio is not None and memory.ratio > 0 and "MB" in memory.note
    assert rows[-1].note.startswith("skipped")


def test_table_lines_up_the_columns() -> None:
    rows = [
        bench.Measurement("floor", 2.0, 1.0, "", None, "10 files", 1.5, 1.0),
        bench.Measurement("check", 2.5, 1.25, "<= 1.3x floor", True, "", 1.8, 1.2),
        bench.Measurement("kpi", None, None, "<= 1.3x floor", None, "skipped"),
        bench.Measurement("lpsc --help", 0.5, 0.25, "< 0.4 s", False, "", 0.3, 0.2),
    ]
    assert bench.table(rows).split("\n") == [
        "measurement  seconds  ratio  target         result  cpu ratio  note",
        "-------------------------------------------------------------------",
        "floor        2.000    1.00x                         1.00x      10 files",
        "check        2.500    1.25x  <= 1.3x floor  PASS    1.20x",
        "kpi          -               <= 1.3x floor                     skipped",
        "lpsc --help  0.500    0.25x  < 0.4 s        FAIL    0.20x",
    ]


def test_kept_repository_is_reused_until_the_generator_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    settings = bench.Settings(cases=3, as_of=AS_OF, keep=True)
    root, remove = bench.prepare(settings)
    assert (root, remove) == (tmp_path / "lpsc-bench-3-2025-2025-12-31", False)
    (root / "cases" / "marker").write_text("still here")
    assert bench.prepare(settings) == (root, False)
    assert (root / "cases" / "marker").is_file()
    (tmp_path / "lpsc-bench-3-2025-2025-12-31.stamp").write_text("another generator")
    assert bench.prepare(settings) == (root, False)
    assert not (root / "cases" / "marker").exists()


def test_councils_rows_time_and_weigh_kpi_over_every_council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench.tempfile, "gettempdir", lambda: str(tmp_path))
    settings = bench.Settings(as_of=AS_OF, repeat=1, councils=2, council_cases=10)
    rows = bench.councils_rows(settings, lambda paths: bench.best_of(lambda: bench.parse_floor(paths), repeat=1))
    assert [row.name for row in rows] == ["kpi, 2 councils at once", "memory: kpi of 2 councils / of one"]
    assert rows[0].seconds and rows[0].seconds > 0 and "2 councils" in rows[0].note
    assert rows[1].ratio is not None and rows[1].ratio > 0 and rows[1].note.endswith("MB for one (cold)")
    assert len(list(tmp_path.glob("lpsc-bench-councils-2-10-*/council-*/lpsc.yaml"))) == 2
