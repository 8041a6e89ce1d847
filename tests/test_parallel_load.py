"""A cold load in worker processes gives exactly what the load in one process gives."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from lpsc_cli.checks import CheckOptions, check_repository
from lpsc_cli.repository import load_repository

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"


def test_workers_give_the_serial_result(tmp_path: Path) -> None:
    root = tmp_path / "council"
    shutil.copytree(EXAMPLE, root)
    member = root / "members" / "member-alma-deda.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace("roles: [permanent]", "roles: [permanen7]"))
    (root / "members" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    serial = load_repository(root, cache=False, workers=1)
    parallel = load_repository(root, cache=False, workers=2)
    assert parallel.records == serial.records
    assert parallel.ids == serial.ids
    assert parallel.issues == serial.issues and len(serial.issues) >= 2
    assert parallel.positions == serial.positions
    options = CheckOptions(as_of=date(2025, 12, 31))
    assert check_repository(parallel, options).issues == check_repository(serial, options).issues


def test_worker_processes_can_start_here() -> None:
    from lpsc_cli.repository import can_start_workers

    assert can_start_workers()
