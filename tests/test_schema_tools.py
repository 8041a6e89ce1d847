"""The schemas with standard tools: `check-jsonschema` without flags or network, editors, `lpsc schema`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.model import CONFIG_FILE, FOLDERS
from lpsc_cli.scaffold import SCHEMA_COPY, VSCODE_SETTINGS, create_repository, record_globs
from lpsc_cli.schemas import schema_dir
from tests.support.repos import EXAMPLE
from tests.support.tools import require

#: Any download attempt goes to a closed local port and fails: the tool must not need one.
NO_NETWORK = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "no_proxy": ""}


def start(schema: Path, *files: Path, cwd: Path) -> subprocess.Popen[str]:
    """Start `check-jsonschema --schemafile SCHEMA FILES...` with no network and no other flag."""
    tool = require("check-jsonschema")
    env = {**os.environ, **NO_NETWORK, "HTTP_PROXY": NO_NETWORK["http_proxy"], "HTTPS_PROXY": NO_NETWORK["https_proxy"]}
    return subprocess.Popen(
        [tool, "--schemafile", str(schema), *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def check_jsonschema(schema: Path, *files: Path, cwd: Path) -> tuple[int, str]:
    process = start(schema, *files, cwd=cwd)
    output, _ = process.communicate(timeout=120)
    return process.returncode, output


def files_by_schema(root: Path) -> dict[str, list[Path]]:
    """Every record file of a repository under the schema file that describes it."""
    found: dict[str, list[Path]] = {}
    for name, patterns in record_globs().items():
        for pattern in patterns:
            found.setdefault(name, []).extend(sorted(root.glob(pattern)))
    return found


def test_check_jsonschema_validates_every_example_file_without_network_or_base_uri(tmp_path: Path) -> None:
    batches = files_by_schema(EXAMPLE)
    assert sum(map(len, batches.values())) == 1 + sum(1 for _ in EXAMPLE.glob("*/**/*.yaml"))
    # Run from elsewhere: relative `$ref`s resolve against the schema file, not the folder.
    running = {name: start(schema_dir() / name, *files, cwd=tmp_path) for name, files in batches.items() if files}
    kept = [folder for folder in FOLDERS.values() if any((EXAMPLE / folder).glob("**/*.yaml"))]
    assert len(running) == len(kept) + 1 and len(kept) >= len(FOLDERS) - 1  # every kind the example keeps
    for name, process in running.items():
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, f"{name}: {output}"


def test_check_jsonschema_reports_an_unknown_key(tmp_path: Path) -> None:
    member = next((EXAMPLE / "members").glob("*.yaml"))
    bad = tmp_path / member.name
    bad.write_text(member.read_text(encoding="utf-8") + "nickname: x\n", encoding="utf-8")
    code, output = check_jsonschema(schema_dir() / "member.schema.json", bad, cwd=tmp_path)
    assert code == 1
    assert "nickname" in output
    assert "Connection" not in output  # failed on the file, not on a download


def test_check_jsonschema_works_on_an_exported_copy(runner: Any, app: Any, tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "export", str(tmp_path / "copy")])
    assert result.exit_code == 0, result.output
    copied = sorted(p.name for p in (tmp_path / "copy").iterdir())
    assert copied == sorted(p.name for p in schema_dir().glob("*.schema.json"))
    code, output = check_jsonschema(
        tmp_path / "copy" / "case.schema.json", *EXAMPLE.glob("cases/*/*.yaml"), cwd=tmp_path
    )
    assert code == 0, output


def test_schema_export_onto_a_file_is_a_clear_error(runner: Any, app: Any, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    result = runner.invoke(app, ["schema", "export", str(tmp_path / "taken")])
    assert result.exit_code == 1
    assert "cannot create" in result.stderr and "Traceback" not in result.output


def test_schema_path_prints_the_installed_folder(runner: Any, app: Any) -> None:
    result = runner.invoke(app, ["schema", "path"])
    assert result.exit_code == 0
    folder = Path(result.stdout.strip())
    assert folder == schema_dir()
    assert (folder / "member.schema.json").is_file()


def test_no_schema_names_a_remote_id() -> None:
    for path in schema_dir().glob("*.schema.json"):
        text = path.read_text(encoding="utf-8")
        assert "lpsc.invalid" not in text, path.name
        assert '"$ref": "http' not in text, path.name


def test_init_sets_up_vs_code_for_every_record_folder(tmp_path: Path) -> None:
    from datetime import date

    root = tmp_path / "council"
    written = create_repository(root, council="testville", name="KVSP Testville", since=date(2025, 1, 1))
    settings = json.loads((root / VSCODE_SETTINGS).read_text(encoding="utf-8"))
    assert root / VSCODE_SETTINGS in written
    mapping = settings["yaml.schemas"]
    assert set(mapping) == {
        f"./{SCHEMA_COPY}/{p.name}" for p in schema_dir().glob("*.schema.json") if p.name != "common.schema.json"
    }
    for schema, patterns in mapping.items():
        assert (root / schema).is_file()  # the copy is in the repository, so clones have it
        for pattern in patterns:
            assert pattern == CONFIG_FILE or pattern.split("/")[0] in FOLDERS.values()
    assert mapping[f"./{SCHEMA_COPY}/meeting.schema.json"] == ["meetings/*/*.yaml"]
    assert (root / SCHEMA_COPY / "common.schema.json").is_file()


def test_init_repository_passes_check_and_its_schema_copy_validates(runner: Any, app: Any, tmp_path: Path) -> None:
    root = tmp_path / "council"
    made = runner.invoke(
        app,
        [
            "init",
            str(root),
            "--council",
            "testville",
            "--name",
            "KVSP Testville",
            "--since",
            "2025-01-01",
            "--no-commit",
        ],
    )
    assert made.exit_code == 0, made.output
    checked = runner.invoke(app, ["check", "--repo", str(root), "--as-of", "2025-01-02"])
    assert checked.exit_code == 0, checked.output
    (root / "members" / "member-a.yaml").write_text("id: member-a\nname: A B\nnickname: x\n", encoding="utf-8")
    code, output = check_jsonschema(
        root / SCHEMA_COPY / "member.schema.json", root / "members" / "member-a.yaml", cwd=root
    )
    assert code == 1 and "nickname" in output


@pytest.mark.parametrize("pattern", ["members/*.yaml", "cases/*/*.yaml", CONFIG_FILE])
def test_globs_match_the_example(pattern: str) -> None:
    assert list(EXAMPLE.glob(pattern))
