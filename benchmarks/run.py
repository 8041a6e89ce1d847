"""Measure lpsc against its speed targets (SPEC §8 and the "fast where people wait" targets), in one run.

`python benchmarks/run.py` generates a 10,000-case repository in a temporary folder (or reuses
it with `--keep`), then times, each the best of `--repeat` runs:

- floor: reading and parsing every file lpsc reads with PyYAML's `CSafeLoader`;
- check, cold: as a subprocess (every core: worker processes) and in-process in one process;
- check, nothing changed; check, `deadlines` and `kpi` after one case file changed;
- a copy of the repository where every case has findings: a cold check in one process, and a
  check after one file changed;
- reads on a warm cache (`kpi --set all`, `deadlines`, `case list --format json`, `case show`)
  and one record command of each family (`institution add`, `member add`, `meeting new`, `case new`,
  `case contact`, `plan progress`, `training add`, `report add`; `--dry-run`, in CPU seconds);
- peak memory of a cold check against the growth of parsing every file into dicts;
- `lpsc --version`, `lpsc --help`, `lpsc check --help` wall time (best of 5);
- with `--councils N`, `lpsc kpi` over N generated councils of `--council-cases` cases each at
  once, and its peak memory against that of one council.

It prints a table of seconds, ratio to the floor, target, PASS/FAIL and the ratio in CPU time,
or JSON with `--json`. The CPU ratio decides PASS/FAIL (the wall time of a shared machine moves
with its load), except for the run in worker processes, whose CPU is not counted. It exits 0:
it reports, it does not gate; 1 only when a command fails (an exit code other than 0 or 1, or
an internal error). `--profile` adds where the time of an in-process cold check goes: per stage
and per check, and cProfile's top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - the generator beside this script

CONFIG_FILE = "lpsc.yaml"
CHECK_RATIO = 1.0
PARALLEL_RATIO = 0.6
READ_RATIO = 0.3
WRITE_CPU = 0.5
MEMORY_RATIO = 1.3
COUNCILS_RATIO = 1.3
COUNCILS_MEMORY_RATIO = 1.5
SUBHELP_SECONDS = 0.35
WARM_RATIO = 0.3
KPI_RATIO = 1.3
FINDINGS_RATIO = 1.0
INCREMENTAL_RATIO = 0.1
VERSION_SECONDS = 0.1
HELP_SECONDS = 0.3


class CommandFailed(RuntimeError):
    """An lpsc command ended with an exit code other than 0 or 1."""


@dataclass(frozen=True)
class Measurement:
    """One row of the table: best wall time, its ratio to the floor, the target it is held to.

    `cpu_ratio` is the same ratio in CPU seconds (this process and its children): on a busy
    machine it moves much less than the wall time, so it tells noise from a real change.
    """

    name: str
    seconds: float | None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""
    cpu_seconds: float | None = None
    cpu_ratio: float | None = None


@dataclass(frozen=True)
class Timing:
    """The best wall time and the best CPU time of repeated runs."""

    wall: float
    cpu: float


# ---------------------------------------------------------------------------------------------
# What lpsc reads, and the floor


def record_files(root: Path) -> list[Path]:
    """`lpsc.yaml` and every YAML file under the record folders: the files lpsc reads."""
    from lpsc_cli.model import FOLDERS

    files = [root / CONFIG_FILE]
    for folder in sorted(FOLDERS.values()):
        base = root / folder
        if base.is_dir():
            files.extend(sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
    return files


def parse_floor(files: Sequence[Path]) -> int:
    """Read and parse every file with libyaml; the number of documents that parsed."""
    loader = yaml.CSafeLoader
    parsed = 0
    for path in files:
        data = yaml.load(path.read_bytes(), Loader=loader)
        parsed += data is not None
    return parsed


def cpu_time() -> float:
    """CPU seconds used so far by this process and its finished children."""
    try:
        import resource
    except ImportError:  # Windows: no accounting of children
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_of(run: Callable[[], Any], *, repeat: int, before: Callable[[], None] | None = None) -> Timing:
    """The shortest wall and CPU times of `repeat` runs of `run`; `before` runs untimed before each."""
    wall = cpu = float("inf")
    for _ in range(max(repeat, 1)):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), cpu_time()
        run()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, cpu_time() - started_cpu)
    return Timing(wall, cpu)


def clear_cache(root: Path) -> None:
    from lpsc_cli.cache import Cache

    shutil.rmtree(Cache.of(root).folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# lpsc, in-process and as a subprocess


def check_in_process(root: Path, as_of: date, *, workers: int | None = None) -> dict[str, int]:
    """`lpsc check` through the library, as the command runs it; the counts of findings.

    That is `check_root` (stored results reused while no file changes) where lpsc has it, else
    `load_repository` (with the per-file cache) and `check_repository`.
    """
    from lpsc_cli import checks
    from lpsc_cli.repository import load_repository

    options = checks.CheckOptions(as_of=as_of)
    check_root = getattr(checks, "check_root", None)
    if check_root is not None and workers is None:
        return dict(check_root(root, options).counts)
    repository = load_repository(root, cache=True, workers=workers)
    return dict(checks.check_repository(repository, options).counts)


def lpsc_command() -> list[str]:
    """The installed `lpsc` beside this Python, else the one on PATH, else `python -m lpsc_cli`."""
    beside = Path(sys.executable).with_name("lpsc")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("lpsc")
    return [found] if found else [sys.executable, "-m", "lpsc_cli"]


def installed_env() -> dict[str, str]:
    """The environment of a measured command: as an installed lpsc runs, with its modules'
    bytecode kept (a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every
    lpsc module on every run of an editable install: a third of a second of each figure)."""
    skipped = {"LPSC_REPO", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in skipped}
    env.update(NO_COLOR="1", COLUMNS="100")
    return env


def run_lpsc(args: Sequence[str], *, ok: Sequence[int] = (0, 1)) -> subprocess.CompletedProcess[str]:
    """Run lpsc with `args`; raise CommandFailed on an exit code outside `ok` or an internal error."""
    env = installed_env()
    done = subprocess.run(
        [*lpsc_command(), *args], capture_output=True, text=True, env=env, cwd=tempfile.gettempdir(), check=False
    )
    crashed = "internal error" in done.stderr or "Traceback (most recent call last)" in done.stderr
    if done.returncode not in ok or crashed:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise CommandFailed(f"lpsc {' '.join(args)} exited {done.returncode}: " + " | ".join(detail))
    return done


def has_command(name: str) -> bool:
    """Whether lpsc has a top-level command `name` (one still being written is skipped)."""
    import typer.main

    from lpsc_cli.cli.app import app

    group = typer.main.get_command(app)
    return name in getattr(group, "commands", {})


def summary_line(output: str) -> str:
    """The last non-empty line of a command's output (`lpsc check` ends with its summary)."""
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


# ---------------------------------------------------------------------------------------------
# The run


@dataclass(frozen=True, kw_only=True)
class Settings:
    cases: int = 10_000
    seed: int = 2025
    as_of: date = generate.DEFAULT_AS_OF
    year: int = generate.DEFAULT_AS_OF.year
    repeat: int = 3
    command_repeat: int = 5
    keep: bool = False
    repo: Path | None = None
    councils: int = 0
    council_cases: int = 1000


def prepare(settings: Settings) -> tuple[Path, bool]:
    """The repository to measure, and whether to delete it afterwards."""
    if settings.repo is not None:
        return settings.repo.resolve(), False
    if not settings.keep:
        root = Path(tempfile.mkdtemp(prefix="lpsc-bench-"))
        generate.generate(root, cases=settings.cases, seed=settings.seed, as_of=settings.as_of)
        return root, True
    root = Path(tempfile.gettempdir()) / f"lpsc-bench-{settings.cases}-{settings.seed}-{settings.as_of}"
    return kept_generated(root, cases=settings.cases, seed=settings.seed, as_of=settings.as_of), False


def kept_generated(root: Path, *, cases: int, seed: int, as_of: date) -> Path:
    """The generated repository kept at `root`, made again when the generator that made it has
    changed since (its digest is kept beside it, in `<root>.stamp`)."""
    stamp = root.with_name(root.name + ".stamp")
    version = hashlib.blake2b(Path(generate.__file__).read_bytes(), digest_size=8).hexdigest()
    if (root / CONFIG_FILE).is_file() and stamp.is_file() and stamp.read_text() == version:
        return root
    shutil.rmtree(root, ignore_errors=True)
    generate.generate(root, cases=cases, seed=seed, as_of=as_of)
    stamp.write_text(version)
    return root


def with_findings(root: Path) -> Path:
    """A copy of the repository beside it where every case has findings (made once per repository).

    Each case is referred by an institution that does not exist and managed by a member who
    does not exist: two `reference` errors per case, found across records (the lines come from
    the loader), as after a new rule or in an old archive.
    """
    copy = root.with_name(root.name + "-findings")
    stamp = copy.with_name(copy.name + ".stamp")
    made_from = str((root / CONFIG_FILE).stat().st_mtime_ns)
    if (copy / CONFIG_FILE).is_file() and stamp.is_file() and stamp.read_text() == made_from:
        return copy
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    for path in sorted((copy / "cases").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("referred_by: ", "referred_by: gone-", 1).replace("{member: ", "{member: gone-", 1)
        path.write_text(text, encoding="utf-8")
    stamp.write_text(made_from)
    return copy


class OneChange:
    """Changes one case file before each run (a new comment each time) and puts it back after."""

    def __init__(self, root: Path) -> None:
        self.path = sorted((root / "cases").rglob("*.yaml"))[len(list((root / "cases").rglob("*.yaml"))) // 2]
        self.original = self.path.read_bytes()
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        self.path.write_bytes(self.original + f"# edited {self.count} {time.time_ns()}\n".encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def _ratio(value: float, floor: float) -> float | None:
    return value / floor if floor > 0 else None


def kept_repository_lock(settings: Settings) -> AbstractContextManager[object]:
    """With `--keep`, one run at a time on the shared repository: another run clearing or filling
    its cache in the middle of a measurement would make the figures meaningless."""
    if not settings.keep or settings.repo is not None:
        return nullcontext()
    from filelock import FileLock

    name = f"lpsc-bench-{settings.cases}-{settings.seed}-{settings.as_of}.lock"
    return FileLock(str(Path(tempfile.gettempdir()) / name))


def ratio_row(
    name: str, timing: Timing, floor: Timing, limit: float, note: str = "", *, by_wall: bool = False
) -> Measurement:
    """A row held to `limit` times the floor. The CPU ratio decides PASS/FAIL (the wall time of a
    shared machine moves with its load); `by_wall` for a run in worker processes, whose CPU time
    is not counted here (they are not this process's children), and then no CPU ratio is shown."""
    ratio, cpu_ratio = _ratio(timing.wall, floor.wall), _ratio(timing.cpu, floor.cpu)
    decisive = ratio if by_wall else cpu_ratio
    passed = None if decisive is None else decisive <= limit
    target = f"<= {limit}x floor" + (" (wall)" if by_wall else "")
    shown_cpu = None if by_wall else cpu_ratio
    return Measurement(name, timing.wall, ratio, target, passed, note, None if by_wall else timing.cpu, shown_cpu)


def seconds_row(name: str, timing: Timing, limit: float, floor: Timing) -> Measurement:
    """A row held to `limit` seconds of wall time."""
    ratio, cpu_ratio = _ratio(timing.wall, floor.wall), _ratio(timing.cpu, floor.cpu)
    return Measurement(name, timing.wall, ratio, f"< {limit} s", timing.wall < limit, "", timing.cpu, cpu_ratio)


def cpu_row(name: str, timing: Timing, limit: float, floor: Timing) -> Measurement:
    """A row held to `limit` seconds of CPU time (steadier than wall time for a short command)."""
    ratio, cpu_ratio = _ratio(timing.wall, floor.wall), _ratio(timing.cpu, floor.cpu)
    return Measurement(name, timing.wall, ratio, f"<= {limit} s CPU", timing.cpu <= limit, "", timing.cpu, cpu_ratio)


_MEMORY_SCRIPT = """
import gc, resource, sys
from pathlib import Path
import yaml
from datetime import date
from lpsc_cli.checks import CheckOptions, check_repository
from lpsc_cli.repository import load_repository
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
gc.collect()
try:  # the resident memory now, after the imports (Linux); else the peak so far
    before = int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()
except OSError:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
if sys.argv[1] == "dicts":
    kept = [yaml.load(Path(p).read_bytes(), Loader=yaml.CSafeLoader) for p in sys.argv[3:]]
else:
    repo = load_repository(sys.argv[2], cache=False, workers=1)
    check_repository(repo, CheckOptions(as_of=date.fromisoformat(sys.argv[3])))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale - before)
"""


def peak_memory(what: str, root: Path, extra: Sequence[str]) -> int:
    """Bytes the peak resident memory of a fresh process grows by: parsing `extra` files into dicts
    (`dicts`) or a cold one-process check (`check`), over the same imports."""
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, what, str(root), *extra],
        capture_output=True, text=True, check=False, env={**os.environ, "LPSC_CACHE_DIR": tempfile.mkdtemp()},
    )  # fmt: skip
    if done.returncode != 0:
        raise CommandFailed(f"memory of {what}: " + done.stderr.strip()[-300:])
    return int(done.stdout.strip().splitlines()[-1])


def memory_row(root: Path, files: Sequence[Path], day: str) -> Measurement:
    """Peak memory of a cold check against the parsed dicts' own footprint (target 6)."""
    dicts = peak_memory("dicts", root, [str(p) for p in files])
    check = peak_memory("check", root, [day])
    ratio = check / dicts if dicts > 0 else None
    note = f"{check / 1e6:.0f} MB for the check, {dicts / 1e6:.0f} MB for the parsed dicts (growth over imports)"
    passed = None if ratio is None else ratio <= MEMORY_RATIO
    return Measurement("memory: cold check / parsed dicts", None, ratio, f"<= {MEMORY_RATIO}x dicts", passed, note)


def councils_rows(settings: Settings, floor_of: Callable[[Sequence[Path]], Timing]) -> list[Measurement]:
    """`lpsc kpi` over `settings.councils` generated councils of `settings.council_cases` cases each,
    at once (target 7): its time against the floor of all their files, and its peak memory against
    that of `lpsc kpi` on one of them (the councils are read one at a time)."""
    per_council = settings.council_cases
    base = Path(tempfile.gettempdir()) / f"lpsc-bench-councils-{settings.councils}-{per_council}-{settings.seed}"
    roots = [
        kept_generated(base / f"council-{index:02d}", cases=per_council, seed=settings.seed + index,
                       as_of=settings.as_of)
        for index in range(settings.councils)
    ]  # fmt: skip
    files = [path for root in roots for path in record_files(root)]
    floor = floor_of(files)

    def kpi_args(chosen: Sequence[Path]) -> list[str]:
        return ["kpi", *(a for root in chosen for a in ("--repo", str(root))), "--year", str(settings.year)]

    def cold() -> None:
        for root in roots:
            clear_cache(root)

    kpi = best_of(lambda: run_lpsc(kpi_args(roots)), repeat=1, before=cold)
    note = f"{settings.councils} councils, {len(files)} files, cold; floor {floor.wall:.1f} s"
    rows = [ratio_row(f"kpi, {settings.councils} councils at once", kpi, floor, COUNCILS_RATIO, note)]
    cold()
    one = peak_rss(kpi_args(roots[:1]))
    cold()
    every = peak_rss(kpi_args(roots))
    ratio = every / one if one > 0 else None
    note = f"{every / 1e6:.0f} MB for {settings.councils} councils, {one / 1e6:.0f} MB for one (cold)"
    passed = None if ratio is None else ratio <= COUNCILS_MEMORY_RATIO
    rows.append(Measurement(f"memory: kpi of {settings.councils} councils / of one", None, ratio,
                            f"<= {COUNCILS_MEMORY_RATIO}x one council", passed, note))  # fmt: skip
    return rows


#: Runs one command and prints its peak resident memory. A small process of its own starts the
#: command: on Linux a child's peak counts the memory of the process it was forked from, and
#: this one, before starting, holds the floor's parsed files.
_PEAK_SCRIPT = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(done.stderr)
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale)
"""


def peak_rss(args: Sequence[str]) -> int:
    """Peak resident memory, in bytes, of one run of the lpsc command with `args` (Linux, macOS)."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT, *lpsc_command(), *args], capture_output=True, text=True,
        env=installed_env(), cwd=tempfile.gettempdir(), stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    code, peak = (int(word) for word in done.stdout.split()[-2:])
    if code not in (0, 1) or done.returncode != 0:
        raise CommandFailed(f"lpsc {' '.join(args[:1])}: exit {code}: {done.stderr.strip()[-300:]}")
    return peak


def cold_in_one_process(root: Path, settings: Settings) -> tuple[Timing, str]:
    """A cold in-process check in one process (no worker processes), and what it found."""
    counts: list[dict[str, int]] = []
    timing = best_of(
        lambda: counts.append(check_in_process(root, settings.as_of, workers=1)),
        repeat=settings.repeat,
        before=lambda: clear_cache(root),
    )
    return timing, ", ".join(f"{n} {severity}s" for severity, n in counts[-1].items())


def measure(root: Path, settings: Settings) -> list[Measurement]:
    """Every measurement of SPEC §8 and issue 14 on the repository at `root`."""
    repeat = settings.repeat
    day = settings.as_of.isoformat()
    files = record_files(root)
    parse_floor(files)  # warm the page cache: every row reads the same files from memory
    floor = best_of(lambda: parse_floor(files), repeat=repeat)
    rows = [Measurement("floor (CSafeLoader parse)", floor.wall, 1.0, "", None, f"{len(files)} files", floor.cpu, 1.0)]

    def lpsc(args: Sequence[str]) -> Callable[[], object]:
        return lambda: run_lpsc(args)

    check_args = ["check", "--repo", str(root), "--as-of", day]
    outputs: list[str] = []

    def check_subprocess() -> None:
        outputs.append(summary_line(run_lpsc(check_args).stdout))

    cold = best_of(check_subprocess, repeat=repeat, before=lambda: clear_cache(root))
    rows.append(
        ratio_row("check (subprocess, cold, every core)", cold, floor, PARALLEL_RATIO, outputs[-1], by_wall=True)
    )
    inproc, found = cold_in_one_process(root, settings)
    rows.append(ratio_row("check (in-process, cold, one process)", inproc, floor, CHECK_RATIO, found))

    warm = best_of(check_subprocess, repeat=repeat)  # the cold runs above left the cache in place
    rows.append(ratio_row("check-warm (subprocess)", warm, floor, WARM_RATIO))
    warm_inproc = best_of(lambda: check_in_process(root, settings.as_of), repeat=repeat)
    rows.append(ratio_row("check-warm (in-process)", warm_inproc, floor, WARM_RATIO))

    kpi_args = ["kpi", "--repo", str(root), "--year", str(settings.year), "--set", "all"]
    deadlines_args = ["deadlines", "--repo", str(root), "--as-of", day]
    change = OneChange(root)
    try:
        check_subprocess()  # the cache holds the tree as it is
        one = best_of(check_subprocess, repeat=repeat, before=change)
        rows.append(ratio_row("check, one file changed (subprocess)", one, floor, INCREMENTAL_RATIO))
        one_inproc = best_of(lambda: check_in_process(root, settings.as_of), repeat=repeat, before=change)
        rows.append(ratio_row("check, one file changed (in-process)", one_inproc, floor, INCREMENTAL_RATIO))
        for name, args in (("deadlines", deadlines_args), ("kpi --set all", kpi_args)):
            run_lpsc(args)
            timing = best_of(lpsc(args), repeat=repeat, before=change)
            rows.append(ratio_row(f"{name}, one file changed", timing, floor, INCREMENTAL_RATIO))
    finally:
        change.restore()

    findings = with_findings(root)
    findings_args = ["check", "--repo", str(findings), "--as-of", day]
    findings_out: list[str] = []

    def check_findings() -> None:
        findings_out.append(summary_line(run_lpsc(findings_args).stdout))

    cold_findings, found = cold_in_one_process(findings, settings)
    rows.append(ratio_row("check, every case with findings (cold, one process)", cold_findings, floor,
                          FINDINGS_RATIO, found))  # fmt: skip
    change = OneChange(findings)
    try:
        check_findings()  # the cache holds the tree as it is
        one_findings = best_of(check_findings, repeat=repeat, before=change)
        rows.append(ratio_row("check, findings, one file changed", one_findings, floor, INCREMENTAL_RATIO))
    finally:
        change.restore()

    kpi_cold = best_of(lpsc(kpi_args), repeat=repeat, before=lambda: clear_cache(root))
    # cold, `lpsc kpi` parses in worker processes (every core), whose CPU is not counted: wall time
    rows.append(ratio_row("kpi --set all (cold, every core)", kpi_cold, floor, KPI_RATIO, by_wall=True))
    case = OneChange(root).path.stem
    reads = (
        ("kpi --set all", kpi_args),
        ("deadlines", deadlines_args),
        ("case list --format json", ["case", "list", "--repo", str(root), "--format", "json"]),
        ("case show", ["case", "show", case, "--repo", str(root)]),
    )
    for name, args in reads:
        run_lpsc(args)  # the cache in place
        rows.append(ratio_row(f"{name} (warm)", best_of(lpsc(args), repeat=repeat), floor, READ_RATIO))

    for name, args in write_commands(root, settings.as_of):
        write_args = [*args, "--dry-run", "--repo", str(root)]
        run_lpsc(write_args, ok=(0,))  # it must pass (a refusal is quicker), and the cache is in place
        rows.append(cpu_row(f"{name} --dry-run (warm)", best_of(lpsc(write_args), repeat=repeat), WRITE_CPU, floor))

    rows.append(memory_row(root, files, day))

    version = best_of(lambda: run_lpsc(["--version"], ok=(0,)), repeat=settings.command_repeat)
    rows.append(seconds_row("lpsc --version", version, VERSION_SECONDS, floor))
    help_time = best_of(lambda: run_lpsc(["--help"], ok=(0,)), repeat=settings.command_repeat)
    rows.append(seconds_row("lpsc --help", help_time, HELP_SECONDS, floor))
    sub_help = best_of(lambda: run_lpsc(["check", "--help"], ok=(0,)), repeat=settings.command_repeat)
    rows.append(seconds_row("lpsc check --help", sub_help, SUBHELP_SECONDS, floor))

    if settings.councils:
        rows.extend(councils_rows(settings, lambda paths: best_of(lambda: parse_floor(paths), repeat=1)))
    else:
        rows.append(Measurement("kpi, 61 councils at once", None, None, f"<= {COUNCILS_RATIO}x floor", None,
                                "skipped: run with --councils 61"))  # fmt: skip
    return rows


def write_commands(root: Path, as_of: date) -> list[tuple[str, list[str]]]:
    """One record command of each family, to run with `--dry-run` (nothing is written, so the
    repository stays as generated): the ids it names are read from the repository."""
    day = as_of.isoformat()
    institution = sorted((root / "institutions").glob("*.yaml"))[0].stem
    member = sorted((root / "members").glob("*.yaml"))[0].stem
    active = (path for path in sorted((root / "cases").rglob("*.yaml"), reverse=True)
              if "\nstatus: active" in path.read_text(encoding="utf-8"))  # fmt: skip
    case = next(active).stem
    plan_file = sorted((root / "plans").glob("*.yaml"))[-1]
    plan = yaml.load(plan_file.read_bytes(), Loader=yaml.CSafeLoader)
    activity = str(plan["items"][0]["activities"][0]["number"])
    return [
        ("institution add", ["institution", "add", "bench-institution", "--name", "Bench", "--sector", "police"]),
        ("member add", ["member", "add", "--id", "bench-member", "--name", "Bench Person", "--institution",
                        institution, "--role", "invited", "--position", "Officer"]),
        ("meeting new", ["meeting", "new", "--id", "bench-meeting", "--type", "ad-hoc", "--date", day, "--time",
                         "10:00", "--location", "Hall", "--mode", "in-person", "--chair", member]),
        ("case new", ["case", "new", "--received", f"{day}T10:00", "--referred-by", institution, "--concern",
                      "domestic-violence", "--channel", "phone", "--form-complete"]),
        ("case contact", ["case", "contact", case, "--date", day, "--kind", "phone", "--by", member]),
        ("plan progress", ["plan", "progress", plan["id"], activity, "--date", day, "--percent", "50"]),
        ("training add", ["training", "add", "--id", "bench-training", "--date", day, "--kind", "refresher",
                          "--topic", "Bench", "--participant", f"{member}:50:80"]),
        ("report add", ["report", "add", "--id", "bench-report", "--kind", "prefect-monthly", "--period",
                        f"{as_of.year}-{as_of.month:02d}", "--submitted", day, "--to", "prefect"]),
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Where the time goes


def stage_times(root: Path, as_of: date) -> list[tuple[str, float]]:
    """Seconds of each stage of a cold in-process check: load, each check, line lookups."""
    from lpsc_cli.checks import CheckOptions, registry
    from lpsc_cli.repository import load_repository

    clear_cache(root)
    stages: list[tuple[str, float]] = []
    started = time.perf_counter()
    repository = load_repository(root, cache=True)
    stages.append(("load (cold, writes the cache)", time.perf_counter() - started))
    started = time.perf_counter()
    load_repository(root, cache=True)
    stages.append(("load (warm)", time.perf_counter() - started))
    options = CheckOptions(as_of=as_of)
    issues = list(repository.issues)
    for name, run in registry():
        started = time.perf_counter()
        issues.extend(run(repository, options))
        stages.append((f"check: {name}", time.perf_counter() - started))
    started = time.perf_counter()
    repository.with_lines(issues)
    stages.append((f"line lookups ({len(issues)} findings)", time.perf_counter() - started))
    return stages


def profile_check(root: Path, as_of: date, *, top: int = 25) -> str:
    """cProfile of a cold in-process check: the top functions by own time and by cumulative time."""
    from lpsc_cli.checks import CheckOptions, check_repository
    from lpsc_cli.repository import load_repository

    clear_cache(root)
    profiler = cProfile.Profile()
    profiler.enable()
    check_repository(load_repository(root, cache=True), CheckOptions(as_of=as_of))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Output


def table(rows: Sequence[Measurement]) -> str:
    """The measurements as a plain-text table (wall seconds and ratio, then the CPU ratio)."""
    header = ("measurement", "seconds", "ratio", "target", "result", "cpu ratio", "note")
    cells = [header]
    for row in rows:
        result = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        cells.append(
            (
                row.name,
                "-" if row.seconds is None else f"{row.seconds:.3f}",
                "" if row.ratio is None else f"{row.ratio:.2f}x",
                row.target,
                result,
                "" if row.cpu_ratio is None else f"{row.cpu_ratio:.2f}x",
                row.note,
            )
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(header) - 1)]
    lines = []
    for line in cells:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)) + "  " + line[-1])
    lines.insert(1, "-" * len(lines[0].rstrip()))
    return "\n".join(line.rstrip() for line in lines)


def describe(root: Path) -> dict[str, Any]:
    files = record_files(root)
    return {"repository": str(root), "files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in the generated repository")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the generator")
    parser.add_argument("--as-of", default=generate.DEFAULT_AS_OF.isoformat(), help="the day checks judge time by")
    parser.add_argument("--year", type=int, help="year of `lpsc kpi` (default: the year of --as-of)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--keep", action="store_true", help="keep the repository in the temp folder and reuse it")
    parser.add_argument("--repo", type=Path, help="measure this repository instead of generating one")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--councils", type=int, default=0, metavar="N",
                        help="also time `lpsc kpi` over N generated councils at once (61: national)")  # fmt: skip
    parser.add_argument("--council-cases", type=int, default=1000, metavar="N",
                        help="cases in each council of --councils (default 1000: 61,000 cases for 61 councils)")  # fmt: skip
    parser.add_argument(
        "--profile",
        type=int,
        nargs="?",
        const=25,
        metavar="N",
        help="also show where a cold in-process check spends its time (top N functions)",
    )
    args = parser.parse_args(argv)
    as_of = date.fromisoformat(args.as_of)
    settings = Settings(
        cases=args.cases,
        seed=args.seed,
        as_of=as_of,
        year=args.year or as_of.year,
        repeat=args.repeat,
        keep=args.keep,
        repo=args.repo,
        councils=args.councils,
        council_cases=args.council_cases,
    )
    with kept_repository_lock(settings):
        started = time.perf_counter()
        root, remove = prepare(settings)
        generated = time.perf_counter() - started
        try:
            info = describe(root)
            rows = measure(root, settings)
            stages = stage_times(root, as_of) if args.profile else []
            profile = profile_check(root, as_of, top=args.profile) if args.profile else ""
        except CommandFailed as exc:
            print(f"benchmark: {exc}", file=sys.stderr)
            return 1
        finally:
            if remove:
                shutil.rmtree(root, ignore_errors=True)
    if args.json:
        result = {
            **info,
            "cases": settings.cases,
            "as_of": as_of.isoformat(),
            "measurements": [asdict(row) for row in rows],
        }
        if stages:
            result["stages"] = [{"stage": name, "seconds": seconds} for name, seconds in stages]
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"repository: {info['repository']}{'' if remove else ' (kept)'}: {info['files']} files, "
        f"{info['bytes'] / 1e6:.1f} MB, {settings.cases} cases; prepared in {generated:.1f} s; "
        f"as of {as_of}; best of {settings.repeat}"
    )
    print(table(rows))
    if stages:
        print("\nstages of a cold in-process check:")
        total = sum(seconds for name, seconds in stages if name != "load (warm)")
        for name, seconds in stages:
            print(f"  {name:<45} {seconds:8.3f} s  {100 * seconds / total:5.1f} %")
        print(profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
