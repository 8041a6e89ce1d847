"""`lpsc check` and `lpsc init` through the CLI: formats, exit codes, paths, composition."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.cache import Cache
from lpsc_cli.model import CONFIG_FILE
from tests.support.cli import command

INSTITUTIONS = [
    {"id": "municipality", "name": "Municipality", "sector": "local-government"},
    {"id": "police", "name": "Police", "sector": "police"},
    {"id": "prosecution", "name": "Prosecution", "sector": "justice", "prosecution": True},
]


def _bad_repo(make_repo):
    repo = make_repo()
    for institution in INSTITUTIONS:
        repo.add("institution", institution)
    repo.add("member", {"id": "arta", "name": "Arta Test", "institution": "nowhere"})
    repo.write("institutions/broken.yaml", "id: broken\nname: [\n")
    return repo


def test_clean_repository_prints_only_the_summary(runner, app, make_repo) -> None:
    repo = make_repo()
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30"])
    assert result.exit_code == 0, result.output
    assert result.output == "ok: no findings\n"


def test_text_output_lists_every_finding_then_a_summary(runner, app, make_repo) -> None:
    repo = _bad_repo(make_repo)
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "institutions/broken.yaml:3: error yaml: cannot parse YAML" in lines[0]
    assert "members/arta.yaml:3: error reference: institution: no institution with id 'nowhere'" in lines
    assert lines[-1].startswith("failed: 2 errors")


def test_json_output_has_the_documented_shape(runner, app, make_repo) -> None:
    repo = _bad_repo(make_repo)
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--format", "json", "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert set(report) == {"ok", "counts", "issues"}
    assert report["ok"] is False and report["counts"]["error"] == 2
    reference = next(i for i in report["issues"] if i["code"] == "reference")
    assert reference == {
        "code": "reference",
        "severity": "error",
        "message": "institution: no institution with id 'nowhere'",
        "file": "members/arta.yaml",
        "line": 3,
        "path": "/institution",
        "record": "arta",
    }


def test_github_annotations(runner, app, make_repo) -> None:
    repo = _bad_repo(make_repo)
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--format", "github", "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    assert (
        "::error file=members/arta.yaml,line=3,title=reference::institution: no institution with id 'nowhere'"
        in result.output.splitlines()
    )


def test_paths_limit_the_report(runner, app, make_repo) -> None:
    repo = _bad_repo(make_repo)
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "members", "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    assert "broken.yaml" not in result.output and "members/arta.yaml" in result.output


def test_a_path_limits_to_that_folder_not_to_names_that_begin_alike(runner, app, make_repo) -> None:
    repo = _bad_repo(make_repo)
    repo.write("members-old/notes.txt", "AGE-SECRET-KEY-1" + "Q" * 58 + "\n")
    everything = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30"])
    assert "members-old/notes.txt:1: error private-key" in everything.output  # the finding exists
    members = runner.invoke(app, ["check", "--repo", str(repo.root), "members", "--as-of", "2025-06-30"])
    assert "members/arta.yaml" in members.output and "members-old" not in members.output


def test_github_annotations_escape_commas_and_colons_in_properties(runner, app, make_repo) -> None:
    repo = make_repo()
    repo.write("members/a,b:c.yaml", "id: broken\nname: [\n")
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--format", "github", "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    annotation = next(line for line in result.output.splitlines() if line.startswith("::error "))
    assert annotation.startswith("::error file=members/a%2Cb%3Ac.yaml,line=3,title=yaml::cannot parse YAML"), annotation


def test_strict_makes_warnings_fail(runner, app, make_repo) -> None:
    repo = make_repo()
    for institution in INSTITUTIONS:
        repo.add("institution", institution)
    repo.add("member", {"id": "arta", "name": "Arta Test", "institution": "municipality", "roles": ["chair"]})
    args = ["check", "--repo", str(repo.root), "--as-of", "2025-06-30", "--format", "json"]
    lenient = runner.invoke(app, args)
    report = json.loads(lenient.output)
    codes = {i["code"] for i in report["issues"]}
    assert {"composition-seat", "composition-secretariat", "composition-technical"} <= codes
    assert lenient.exit_code == 0 and report["ok"] is True
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 1


def test_coordination_secretariat_of_three_from_the_triangle(runner, app, make_repo) -> None:
    repo = make_repo()
    for institution in INSTITUTIONS:
        repo.add("institution", institution)
    roles = ["coordination-secretariat"]
    for member_id, institution in (("m1", "municipality"), ("m2", "police"), ("m3", "prosecution")):
        repo.add("member", {"id": member_id, "name": f"Test {member_id}", "institution": institution, "roles": roles})
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30", "--format", "json"])
    codes = {i["code"] for i in json.loads(result.output)["issues"]}
    assert "composition-secretariat" not in codes
    repo.add("member", {"id": "m3", "name": "Test m3", "institution": "police", "roles": roles})
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30", "--format", "json"])
    messages = [i["message"] for i in json.loads(result.output)["issues"] if i["code"] == "composition-secretariat"]
    assert messages and "m3 (police)" in messages[0]


def test_chair_absent_from_an_lpsc_meeting(runner, app, make_repo) -> None:
    repo = make_repo()
    repo.add("institution", INSTITUTIONS[0])
    repo.add("member", {"id": "chair", "name": "Test Chair", "institution": "municipality", "roles": ["chair"]})
    repo.add(
        "meeting",
        {
            "id": "lpsc-2025-03-12",
            "type": "lpsc",
            "date": "2025-03-12",
            "chair": "chair",
            "attendance": [{"member": "chair", "status": "absent"}],
        },
    )
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30", "--format", "json"])
    absent = [i for i in json.loads(result.output)["issues"] if i["code"] == "chair-absent"]
    assert [(i["file"], i["severity"]) for i in absent] == [("meetings/2025/lpsc-2025-03-12.yaml", "warning")]


def test_missing_configuration_exits_2_without_traceback(runner, app, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--repo", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an lpsc repository" in result.output and "Traceback" not in result.output


def test_bad_as_of_is_a_usage_error(runner, app, make_repo) -> None:
    repo = make_repo()
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-13-01"])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_init_makes_a_repository_that_checks_clean(runner, app, tmp_path: Path) -> None:
    target = tmp_path / "council"
    result = runner.invoke(app, ["init", str(target), "--council", "korca", "--name", "KVSP Korçë", "--lang", "sq"])
    assert result.exit_code == 0, result.output
    assert (target / CONFIG_FILE).is_file() and (target / ".gitignore").is_file()
    assert (target / ".git").is_dir() and "committed" in result.output
    check = runner.invoke(app, ["check", "--repo", str(target), "--as-of", "2025-06-30"])
    assert check.exit_code == 0 and check.output == "ok: no findings\n"
    again = runner.invoke(app, ["init", str(target), "--council", "korca", "--name", "X"])
    assert again.exit_code == 2 and "refusing to overwrite" in again.output


def test_init_refuses_a_bad_council_id(runner, app, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--council", "Korçë!", "--name", "X"])
    assert result.exit_code == 2 and "is not an id" in result.output


def test_entry_point_version_and_module(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "lpsc_cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert out.stdout.startswith("lpsc ")


def command_trails() -> list[tuple[str, ...]]:
    """The words of every command and group of the program, the program itself first."""
    from lpsc_cli.cli.app import app

    def walk(node: Any, trail: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield trail
        for name, sub in getattr(node, "commands", {}).items():
            yield from walk(sub, (*trail, name))

    return list(walk(command(app), ()))


@pytest.mark.parametrize("trail", command_trails(), ids=lambda trail: " ".join(trail) or "lpsc")
def test_every_command_has_help(runner, app, trail: tuple[str, ...]) -> None:
    node = command(app)
    for name in trail:
        node = node.commands[name]
    assert (node.help or "").strip(), f"lpsc {' '.join(trail)} has no help text"
    result = runner.invoke(app, [*trail, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: lpsc {' '.join(trail)}".rstrip() in result.output, result.output
    assert node.help.strip().splitlines()[0].strip() in " ".join(result.output.split())


def test_unknown_kpi_target_is_a_finding(runner, app, make_repo) -> None:
    repo = make_repo()
    repo.config(targets={"lpsc-meetings": 4, "lpsc-meetingz": 4})
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    assert "lpsc.yaml:12: error config-target: targets.lpsc-meetingz: no indicator has this id" in result.output


def test_public_api_is_lazy_and_complete() -> None:
    import lpsc_cli

    for name in lpsc_cli.__all__:
        assert getattr(lpsc_cli, name) is not None
    script = "import sys, lpsc_cli; print(sorted(m for m in sys.modules if m.startswith('lpsc_cli.')))"
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert loaded.stdout.strip() == "[]", "importing the package loads none of its modules"


def test_a_path_that_is_not_in_the_repository_is_a_usage_error(runner, app, make_repo) -> None:
    repo = make_repo()
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "memebrs", "--as-of", "2025-06-30"])
    assert result.exit_code == 2 and "no such file or folder in the repository: memebrs" in result.output


def test_days_outside_the_supported_years_are_usage_errors(runner, app, make_repo) -> None:
    repo = make_repo()
    for day in ("9999-12-31", "0001-01-01"):
        result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", day])
        assert result.exit_code == 2 and "outside the years lpsc works with" in result.output


def test_a_stored_result_is_reused_only_while_nothing_changes(runner, app, make_repo) -> None:
    repo = _bad_repo(make_repo)
    args = ["check", "--repo", str(repo.root), "--as-of", "2025-06-30", "--format", "json"]
    first = runner.invoke(app, args)
    assert list(Cache.of(repo.root).folder.glob("checks-*.marshal"))
    again = runner.invoke(app, args)
    assert again.output == first.output and again.exit_code == first.exit_code == 1
    # any change of any file (a record, or a file outside the record folders) is seen
    repo.add("member", {"id": "arta", "name": "Arta Test", "institution": "municipality"})
    fixed = json.loads(runner.invoke(app, args).output)
    assert not [i for i in fixed["issues"] if i["code"] == "reference"]
    repo.write("notes.txt", "AGE-SECRET-KEY-1" + "Q" * 58 + "\n")
    leaked = json.loads(runner.invoke(app, args).output)
    assert any(i["code"] == "private-key" for i in leaked["issues"])
    # another day is another result
    later = runner.invoke(app, [*args[:4], "2025-07-01", "--format", "json"])
    assert later.exit_code == 1


def test_a_private_key_inside_a_record_file_is_found(runner, app, make_repo) -> None:
    repo = make_repo()
    repo.write(
        "institutions/police.yaml", "id: police\nname: Police\nsector: police\n# AGE-SECRET-KEY-1" + "Q" * 58 + "\n"
    )
    result = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    assert "institutions/police.yaml:4: error private-key" in result.output


def test_changed_since_in_a_record_repository_inside_a_larger_git_work_tree(runner, app, tmp_path: Path) -> None:
    import subprocess

    top = tmp_path / "work"
    council = top / "council"
    assert runner.invoke(app, ["init", str(council), "--council", "x", "--name", "X", "--no-commit"]).exit_code == 0
    (top / "other.txt").write_text("not records\n")
    subprocess.run(["git", "-C", str(top), "init", "-q"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    subprocess.run(["git", "-C", str(top), "add", "-A"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    subprocess.run(["git", "-C", str(top), "-c", "user.name=T", "-c", "user.email=t@example.invalid",
                    "commit", "-qm", "start"], check=True, timeout=600, stdin=subprocess.DEVNULL)  # fmt: skip
    (council / "institutions" / "muni.yaml").write_text("id: muni\nname: Muni\nsector: space\n")
    subprocess.run(["git", "-C", str(top), "add", "-A"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    result = runner.invoke(app, ["check", "--repo", str(council), "--changed-since", "HEAD", "--as-of", "2025-06-30"])
    assert result.exit_code == 1
    assert "institutions/muni.yaml:3: error schema" in result.output
