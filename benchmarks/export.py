"""Measure `lpsc export` against `lpsc check`, both cold, on a generated repository (issue 17).

`python benchmarks/export.py [--cases 10000] [--repo R] [--keep] [--repeat 3]` generates (or
reuses) a repository, then times as subprocesses, with the per-file cache removed before each
run: `lpsc check --repo R --as-of D` and `lpsc export --format sqlite -o X --repo R --as-of D`.
It prints the best wall and CPU times and the ratio export / check (target: at most 1.5).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import run  # benchmarks/run.py: the shared timing helpers and the repository preparation

EXPORT_RATIO = 1.5


def measure(root: Path, settings: run.Settings, formats: Sequence[str]) -> list[tuple[str, run.Timing]]:
    day = settings.as_of.isoformat()
    rows = [
        (
            "check (cold)",
            run.best_of(
                lambda: run.run_lpsc(["check", "--repo", str(root), "--as-of", day]),
                repeat=settings.repeat,
                before=lambda: run.clear_cache(root),
            ),
        )
    ]
    with tempfile.TemporaryDirectory(prefix="lpsc-export-") as out:
        for fmt in formats:
            target = Path(out) / f"export.{'db' if fmt == 'sqlite' else fmt}"
            args = ["export", "--format", fmt, "-o", str(target), "--repo", str(root), "--as-of", day]
            rows.append(
                (
                    f"export --format {fmt} (cold)",
                    run.best_of(
                        lambda a=args: run.run_lpsc(a, ok=(0,)),
                        repeat=settings.repeat,
                        before=lambda: run.clear_cache(root),
                    ),
                )
            )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repo", type=Path, default=None, help="measure this repository instead of generating one")
    parser.add_argument("--keep", action="store_true", help="keep the generated repository for the next run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", action="append", choices=("sqlite", "xlsx", "csv"), dest="formats")
    args = parser.parse_args(argv)
    settings = run.Settings(cases=args.cases, repeat=args.repeat, keep=args.keep, repo=args.repo)
    root, remove = run.prepare(settings)
    try:
        rows = measure(root, settings, args.formats or ["sqlite"])
    finally:
        if remove:
            run.shutil.rmtree(root, ignore_errors=True)
    check = rows[0][1]
    print(f"{'':32} {'wall s':>8} {'cpu s':>8} {'ratio':>6} {'cpu ratio':>9}")
    failed = False
    for name, timing in rows:
        ratio, cpu_ratio = timing.wall / check.wall, timing.cpu / check.cpu
        print(f"{name:32} {timing.wall:8.2f} {timing.cpu:8.2f} {ratio:6.2f} {cpu_ratio:9.2f}")
        failed |= name.startswith("export --format sqlite") and cpu_ratio > EXPORT_RATIO
    print(f"target: export --format sqlite <= {EXPORT_RATIO}x check (cold)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
