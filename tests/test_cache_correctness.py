"""The caches never make a broken repository check clean: each case is compared with `--no-cache`.

Edits that keep a file's size and modification time, a changed `lpsc.yaml`, other schemas (an
upgraded lpsc), switching git branches, a cache deleted in the middle of a run, and two checks
at once: each time the cached check must say exactly what a check without any cache says. The
references kept per record and the obligations kept per case (`lpsc_cli.rules.PER_CASE`) follow
the records they depend on, the day judged, the settings and the language.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import pyrage
import pytest
import yaml

import lpsc_cli.checks.runner
from lpsc_cli import i18n, repository
from lpsc_cli.cache import Cache
from lpsc_cli.checks import CheckOptions, CheckResult, check_root
from lpsc_cli.repository import load_repository, snapshot
from lpsc_cli.rules import MISSED, Deadline, run_rules
from lpsc_cli.schemas import SchemaSet, schema_dir
from lpsc_cli.sealing.envelope import seal
from tests.support.caches import trusted_copy

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"
DAY = date(2025, 12, 31)
MEMBER = "members/member-alma-deda.yaml"


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example council whose files the stat cache trusts (`trusted_copy`)."""
    return trusted_copy(tmp_path, monkeypatch)


def cached(root: Path) -> CheckResult:
    return check_root(root, CheckOptions(as_of=DAY))


def uncached(root: Path) -> CheckResult:
    return check_root(root, CheckOptions(as_of=DAY, cache=False))


def assert_same(root: Path) -> CheckResult:
    expected = uncached(root)
    assert cached(root).issues == expected.issues
    assert cached(root).issues == expected.issues  # and again, from what the first run stored
    return expected


def codes(result: CheckResult) -> set[str]:
    return {issue.code for issue in result.issues}


def test_the_stat_cache_is_used_once_the_files_are_known(council: Path) -> None:
    assert cached(council).ok
    files = snapshot(council, cache=True)
    assert files.records and all(record.known is not None for record in files.records)


def test_an_edit_that_keeps_size_and_modification_time_is_seen(council: Path) -> None:
    assert cached(council).ok
    path = council / MEMBER
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    broken = text.replace("roles: [permanent]", "roles: [permanen7]")
    assert broken != text and len(broken) == len(text)
    path.write_text(broken, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    result = assert_same(council)
    assert "schema" in codes(result)


def test_an_edit_within_the_racy_window_is_read_again(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "RACY_NS", 60 * 10**9)
    assert cached(council).ok
    assert all(record.known is None for record in snapshot(council, cache=True).records)
    path = council / MEMBER
    path.write_text(path.read_text(encoding="utf-8").replace("roles: [permanent]", "roles: [permanen7]"))
    assert "schema" in codes(assert_same(council))


def test_an_edited_configuration_is_seen(council: Path) -> None:
    assert cached(council).ok
    config = council / "lpsc.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("profile: normative-act", "profile: elbasan-regulation")
    )
    result = assert_same(council)
    assert not result.ok or result.issues, "the other composition profile should change the findings"


def test_other_schemas_drop_what_was_cached(council: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cached(council).ok
    stricter = tmp_path / "schemas"
    shutil.copytree(schema_dir(), stricter)
    member = stricter / "member.schema.json"
    document = json.loads(member.read_text(encoding="utf-8"))
    document["properties"]["name"]["maxLength"] = 3
    member.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(lpsc_cli.checks.runner, "SchemaSet", lambda: SchemaSet(stricter))
    result = assert_same(council)
    assert "schema" in codes(result)


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, env=env, timeout=600, stdin=subprocess.DEVNULL
    )


def test_switching_git_branches_is_seen(council: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(council, "init", "-q", "-b", "main")
    _git(council, "add", "-A")
    _git(council, "commit", "-q", "-m", "records")
    _git(council, "checkout", "-q", "-b", "broken")
    path = council / MEMBER
    path.write_text(path.read_text(encoding="utf-8").replace("roles: [permanent]", "roles: [permanen7]"))
    _git(council, "commit", "-q", "-am", "a broken member")
    assert "schema" in codes(assert_same(council))
    _git(council, "checkout", "-q", "main")
    assert assert_same(council).ok
    _git(council, "checkout", "-q", "broken")
    assert "schema" in codes(assert_same(council))


def test_a_cache_deleted_in_the_middle_of_a_run(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cached(council).ok
    path = council / MEMBER
    path.write_text(path.read_text(encoding="utf-8").replace("roles: [permanent]", "roles: [permanen7]"))
    real_load = lpsc_cli.checks.runner.load_repository

    def load_after_deleting(*args: object, **kwargs: object) -> repository.Repository:
        shutil.rmtree(Cache.of(council).folder)  # after the stat cache was read, before the file cache
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lpsc_cli.checks.runner, "load_repository", load_after_deleting)
    result = cached(council)
    monkeypatch.setattr(lpsc_cli.checks.runner, "load_repository", real_load)
    assert result.issues == uncached(council).issues
    assert "schema" in codes(result)
    (Cache.of(council).folder / "records-member-en.marshal").unlink()  # the stats stay, the files go
    assert "schema" in codes(assert_same(council))


def _check_in_another_process(root: str, cache_dir: str) -> list[tuple[object, ...]]:
    os.environ["LPSC_CACHE_DIR"] = cache_dir
    return [issue.to_row() for issue in check_root(root, CheckOptions(as_of=DAY)).issues]


def test_two_checks_at_once(council: Path, tmp_path: Path) -> None:
    path = council / MEMBER
    path.write_text(path.read_text(encoding="utf-8").replace("roles: [permanent]", "roles: [permanen7]"))
    expected = [issue.to_row() for issue in uncached(council).issues]
    cache_dir = os.environ["LPSC_CACHE_DIR"]
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(_check_in_another_process, str(council), cache_dir) for _ in range(2)]
        results = [run.result() for run in runs]
    assert results == [expected, expected]
    assert [issue.to_row() for issue in cached(council).issues] == expected


def test_where_a_stat_cannot_stand_for_the_content_every_file_is_read(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cached(council).ok
    monkeypatch.setattr(repository, "TRUSTED_STAT", False)  # Windows: no change time
    assert all(record.known is None and record.raw is not None for record in snapshot(council, cache=True).records)


def test_references_are_looked_up_again_when_the_record_they_name_goes(council: Path) -> None:
    assert cached(council).ok
    assert (Cache.of(council).folder / "kept-references.marshal").is_file()  # each record's references are kept
    (council / "institutions" / "police-elbasan.yaml").unlink()  # named by members and cases, unchanged
    result = assert_same(council)
    assert "reference" in codes(result)


def _obligations(root: Path, day: date, *, cache: bool, keep: frozenset[str] | None = None) -> list[Deadline]:
    return run_rules(load_repository(root, cache=cache), as_of=day, keep=keep)


def assert_same_obligations(root: Path, day: date = DAY) -> list[Deadline]:
    """The obligations of every status, and the missed ones `lpsc check` asks for: the same with the
    per-case items kept as without, in the same order, twice (the second time from what was kept)."""
    expected = _obligations(root, day, cache=False)
    for _ in range(2):
        assert _obligations(root, day, cache=True) == expected
        assert _obligations(root, day, cache=True, keep=MISSED) == [i for i in expected if i.status in MISSED]
    assert list(Cache.of(root).folder.glob("rules-cases-*.marshal")), "the per-case items were kept"
    return expected


def test_obligations_of_cases_follow_every_record_they_depend_on(council: Path) -> None:
    case = council / "cases" / "2025" / "case-2025-003.yaml"
    before = assert_same_obligations(council)
    assert any(item.rule == "red-flag-reported" and item.record == "case-2025-003" for item in before)
    police = council / "institutions" / "police-elbasan.yaml"
    police.write_text(police.read_text(encoding="utf-8").replace("sector: police", "sector: prefecture"))
    by_prefect = assert_same_obligations(council)  # the referrer, not the case, changed what is owed
    assert [i.message for i in by_prefect if i.record == "case-2025-003"] != [
        i.message for i in before if i.record == "case-2025-003"
    ]
    case.write_text(case.read_text(encoding="utf-8").replace("red_flag: true", "red_flag: false"), encoding="utf-8")
    changed = assert_same_obligations(council)
    assert not any(item.rule == "red-flag-reported" and item.record == "case-2025-003" for item in changed)
    config = council / "lpsc.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "rules:\n  screening-5wd: {working_days: 1}\n")
    assert_same_obligations(council)
    assert_same_obligations(council, date(2025, 7, 1))  # another day judged


def test_obligations_kept_in_one_language_are_not_shown_in_another(council: Path) -> None:
    english = assert_same_obligations(council)
    with i18n.speaking("sq"):
        albanian = assert_same_obligations(council)
    assert [i.obligation for i in albanian] != [i.obligation for i in english]


def _with_finding(root: Path, comment_lines: int) -> None:
    """The member file naming an institution that does not exist (a finding of the references
    check, whose line is looked up afterwards), below `comment_lines` comment lines."""
    path = root / MEMBER
    body = (
        EXAMPLE.joinpath(MEMBER)
        .read_text(encoding="utf-8")
        .replace("institution: child-protection-elbasan", "institution: no-such-institution")
    )
    path.write_text("# note\n" * comment_lines + body, encoding="utf-8")


def test_kept_lines_follow_the_content_of_the_file(council: Path) -> None:
    _with_finding(council, 0)
    first = assert_same(council)
    lines = [i.line for i in first.issues if i.file == MEMBER and i.code == "reference"]
    assert lines == [3]
    assert (Cache.of(council).folder / "lines.marshal").is_file()  # the lines found were kept
    _with_finding(council, 3)  # the same finding, three lines further down
    moved = assert_same(council)
    assert [i.line for i in moved.issues if i.file == MEMBER and i.code == "reference"] == [6]


def test_whole_results_are_kept_one_per_entry(council: Path) -> None:
    """A run reads the one stored result it may reuse: results live in separate entries."""
    for day in range(1, 6):
        check_root(council, CheckOptions(as_of=date(2025, 12, day)))
    entries = sorted(p.name for p in Cache.of(council).folder.glob("checks-*.marshal"))
    assert 1 < len(entries) <= lpsc_cli.checks.runner._RESULTS_KEPT
    for day in range(1, 6):  # each day's result again, reused or not, as without a cache
        options = CheckOptions(as_of=date(2025, 12, day))
        assert check_root(council, options).issues == check_root(council, replace(options, cache=False)).issues


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


CASE = "cases/2025/case-2025-001.yaml"
MANAGER = "members/member-mirela-laci.yaml"


def test_kept_case_findings_follow_the_members_they_depend_on(council: Path) -> None:
    """The sealed-block and case-manager findings are kept per case file; a change to a member
    (a key recorded, a role taken away) judges every case again, with the case files unchanged."""
    armour = seal({"identity": {"name": "Test Person"}}, [str(pyrage.x25519.Identity.generate().to_public())])
    block = {"readers": ["member-elira-shehu"], "parts": ["identity"], "age": armour}
    with (council / CASE).open("a", encoding="utf-8") as case:
        case.write(yaml.safe_dump({"sealed": block}))
    before = assert_same(council)
    assert "sealed-manager" in codes(before)
    assert (Cache.of(council).folder / "kept-leaks.marshal").is_file()
    assert (Cache.of(council).folder / "kept-assignments.marshal").is_file()
    _edit(council, MANAGER, "roles: [", "public_key: age1" + "q" * 58 + "\nroles: [")
    keyed = assert_same(council)
    assert [i.message for i in keyed.issues if i.code == "sealed-manager"] != [
        i.message for i in before.issues if i.code == "sealed-manager"
    ]  # the advice differs once the manager has a key
    _edit(council, MANAGER, "case-manager", "permanent")
    assert "case-manager-role" in codes(assert_same(council))


def test_a_run_in_another_language_between_two_parses_nothing_again(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file results are kept per language (their findings are text in it): `kpi --format
    json` in English between two Albanian runs does not make the next Albanian run parse 10,000
    files again."""
    _with_finding(council, 0)
    with i18n.speaking("sq"):
        albanian = assert_same(council)
    english = assert_same(council)
    assert albanian.issues != english.issues  # the same findings, in two languages

    with i18n.speaking("sq"):
        expected_sq = load_repository(council, cache=False).issues
    expected_en = load_repository(council, cache=False).issues

    def parse_nothing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was parsed again")

    monkeypatch.setattr(repository, "check_file", parse_nothing)
    with i18n.speaking("sq"):
        assert load_repository(council).issues == expected_sq
    assert load_repository(council).issues == expected_en


def test_a_case_status_finding_follows_its_file(council: Path) -> None:
    """A case's status findings are kept by file (they read the case alone)."""
    assert "status" not in codes(assert_same(council))
    assert (Cache.of(council).folder / "kept-consistency.marshal").is_file()
    _edit(council, "cases/2025/case-2025-003.yaml", "status: active", "status: closed")  # with no closure
    assert "status" in codes(assert_same(council))
