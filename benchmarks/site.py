"""Measure `lpsc site` against its targets (issue 15), in one run.

`python benchmarks/site.py` times, each the best of `--repeat` runs of the installed command
(what a user sees, start-up included):

- the example council's site (`examples/elbasan`): target under 2 s;
- on a generated repository of `--cases` cases (10,000 by default, made with
  `benchmarks/generate.py` in a temporary folder, or the folder given with `--repo`):
  `lpsc kpi --year Y --set all` and `lpsc site --as-of D`; target: the site within 1.5x the kpi.

Both commands run with a warm record cache (one untimed run first), so the ratio compares the
work each does on the records, not the parsing they share; the site also finds its charts and
templates kept by that first run (docs/site.md, "Charts kept between runs"). The two commands
run in turn (kpi, site, kpi, site, ...), so that both see the same load of a busy machine; kpi
runs on a copy of the repository, because its JSON is written in English and the site in the
council's language, and lpsc keeps the records it parsed in the language of the run: on one
folder each would find the other's records and parse every file again. `--drawn` adds a
third figure: the site with no kept chart or template (both folders emptied before each run),
as after a change of every chart's figures. It prints wall and CPU seconds
(CPU time of the child processes: steadier than wall time on a busy machine) and PASS/FAIL,
or JSON with `--json`. It reports; it exits 0 unless a command fails.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - the generator beside this script
from run import installed_env  # noqa: E402 - the environment the figures of run.py are taken in

from lpsc_cli.cache import Cache, user_cache_dir  # noqa: E402
from lpsc_cli.charts import DRAWINGS_FOLDER  # noqa: E402
from lpsc_cli.site.render import TEMPLATES_FOLDER  # noqa: E402

EXAMPLE_SECONDS = 2.0
KPI_RATIO = 1.5


@dataclass(frozen=True)
class Timing:
    name: str
    wall: float
    cpu: float


def lpsc() -> list[str]:
    found = shutil.which("lpsc", path=str(Path(sys.executable).parent)) or shutil.which("lpsc")
    return [found] if found else [sys.executable, "-m", "lpsc_cli"]


def forget_drawings() -> None:
    """Empty the folders of kept charts and compiled templates (the record cache stays)."""
    for folder in (DRAWINGS_FOLDER, TEMPLATES_FOLDER):
        shutil.rmtree(user_cache_dir() / folder, ignore_errors=True)


def timed(args: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `lpsc args`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*lpsc(), *args], check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_turn(commands: dict[str, Sequence[str]], repeat: int, *, drawn: bool = False) -> dict[str, Timing]:
    """The best wall and CPU time of `repeat` runs of each of `commands` (`lpsc args` by name),
    run in turn after one untimed run of each; `drawn`: with no chart or template kept from an
    earlier run."""
    env = installed_env()
    for args in commands.values():
        subprocess.run([*lpsc(), *args], check=True, capture_output=True, env=env)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, args in commands.items():
            if drawn:
                forget_drawings()
            runs[name].append(timed(args, env))
    return {
        name: Timing(name, min(wall for wall, _ in found), min(cpu for _, cpu in found)) for name, found in runs.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in the generated repository")
    parser.add_argument("--repo", type=Path, help="use this repository instead of generating one")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (best counts)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--drawn", action="store_true", help="also time the site drawing every chart")
    options = parser.parse_args(argv)
    as_of = generate.DEFAULT_AS_OF
    with tempfile.TemporaryDirectory(prefix="lpsc-site-bench-") as scratch:
        folder = Path(scratch)
        repo = options.repo
        if repo is None:
            repo = folder / "repo"
            generate.generate(repo, cases=options.cases, as_of=as_of)
        example = in_turn(
            {"example site": ["site", "-o", str(folder / "example-site"), "--repo",
                              str(PROJECT / "examples" / "elbasan"), "--as-of", "2025-12-31"]},
            options.repeat,
        )["example site"]  # fmt: skip
        kpi_repo = folder / "kpi-repo"
        shutil.copytree(repo, kpi_repo, symlinks=True)
        paired = in_turn(
            {
                "kpi --set all": ["kpi", "--repo", str(kpi_repo), "--year", str(as_of.year), "--as-of",
                                  as_of.isoformat(), "--set", "all", "--format", "json"],
                "site": ["site", "-o", str(folder / "site"), "--repo", str(repo), "--as-of", as_of.isoformat()],
            },
            options.repeat,
        )  # fmt: skip
        kpi, site = paired["kpi --set all"], paired["site"]
        drawn = (
            in_turn({"site (drawn)": ["site", "-o", str(folder / "drawn"), "--repo", str(repo), "--as-of",
                     as_of.isoformat()]}, options.repeat, drawn=True)["site (drawn)"]
            if options.drawn
            else None
        )  # fmt: skip
        # the cache folders of the repositories made here (45 MB each for 10,000 cases) go with them
        for made in (kpi_repo, *(() if options.repo else (repo,))):
            shutil.rmtree(Cache.of(made).folder, ignore_errors=True)
    results = {
        "example": {**asdict(example), "target_seconds": EXAMPLE_SECONDS, "passed": example.wall < EXAMPLE_SECONDS},
        "kpi": asdict(kpi),
        "site": {
            **asdict(site),
            "ratio": site.wall / kpi.wall,
            "cpu_ratio": site.cpu / kpi.cpu if kpi.cpu else None,
            "target_ratio": KPI_RATIO,
            "passed": site.wall <= KPI_RATIO * kpi.wall,
        },
        "cases": options.cases if options.repo is None else None,
    }
    if drawn is not None:
        results["site_drawn"] = {**asdict(drawn), "ratio": drawn.wall / kpi.wall, "cpu_ratio": drawn.cpu / kpi.cpu}
    if options.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'measure':<16}{'wall s':>9}{'cpu s':>9}  target / result")
    verdict = "PASS" if results["example"]["passed"] else "FAIL"
    print(f"{example.name:<16}{example.wall:>9.2f}{example.cpu:>9.2f}  < {EXAMPLE_SECONDS} s: {verdict}")
    print(f"{kpi.name:<16}{kpi.wall:>9.2f}{kpi.cpu:>9.2f}")
    ratio, cpu_ratio = results["site"]["ratio"], results["site"]["cpu_ratio"]
    verdict = "PASS" if results["site"]["passed"] else "FAIL"
    print(
        f"{site.name:<16}{site.wall:>9.2f}{site.cpu:>9.2f}  ≤ {KPI_RATIO}x kpi: {ratio:.2f}x wall, "
        f"{cpu_ratio or 0:.2f}x cpu: {verdict}"
    )
    if drawn is not None:
        print(
            f"{drawn.name:<16}{drawn.wall:>9.2f}{drawn.cpu:>9.2f}  {drawn.wall / kpi.wall:.2f}x wall, "
            f"{drawn.cpu / kpi.cpu:.2f}x cpu"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
