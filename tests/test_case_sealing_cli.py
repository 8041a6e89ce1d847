"""The case commands seal identity and free text: `case new --name`, the verbs' notes, `show --reveal`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml

from tests.support.sealing import PLANTED_NAME, PLANTED_NOTE, council, git_init, git_objects, make_identity

CASE_FILE = "cases/2025/case-2025-001.yaml"


def _council(make_repo, tmp_path: Path):
    repo = make_repo()
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    arta, arta_key = make_identity(keys_dir, "arta")
    besa, besa_key = make_identity(keys_dir, "besa")
    cera, cera_key = make_identity(keys_dir, "cera")
    council(repo, {"member-arta": arta_key, "member-besa": besa_key, "member-cera": cera_key})
    git_init(repo.root)
    return repo, {"arta": arta, "besa": besa, "cera": cera}


def _new_case(runner, app, repo, *extra: str):
    return runner.invoke(
        app,
        [
            "case", "new", "--repo", str(repo.root), "--received", "2025-02-10T09:30", "--referred-by", "community",
            "--concern", "child-protection", "--code", "D.Q.", "--name", PLANTED_NAME, "--phone", "+355 69 000 0000",
            "--narrative", PLANTED_NOTE, *extra,
        ],
    )  # fmt: skip


def test_new_case_seals_identity_to_the_secretariat(runner, app, make_repo, tmp_path: Path, monkeypatch) -> None:
    repo, keys = _council(make_repo, tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile caches the folder: make it look again
    (tmp_path / "tmp").mkdir()
    result = _new_case(runner, app, repo)
    assert result.exit_code == 0, result.output
    raw = (repo.root / CASE_FILE).read_bytes()
    data = yaml.safe_load(raw)
    assert data["sealed"]["readers"] == ["member-besa"]
    assert sorted(data["sealed"]["parts"]) == ["identity", "narrative"]
    assert data["sealed"]["age"].startswith("-----BEGIN AGE ENCRYPTED FILE-----")
    for planted in (PLANTED_NAME, PLANTED_NOTE, "+355 69"):
        assert planted.encode() not in raw
        assert planted.encode() not in git_objects(repo.root)
        assert not any(planted.encode() in p.read_bytes() for p in (tmp_path / "tmp").rglob("*") if p.is_file())

    shown = runner.invoke(app, ["case", "show", "case-2025-001", "--reveal", "--repo", str(repo.root),
                                "--identity", str(keys["besa"])])  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert PLANTED_NAME in shown.output and PLANTED_NOTE in shown.output

    refused = runner.invoke(app, ["case", "show", "case-2025-001", "--reveal", "--repo", str(repo.root),
                                  "--identity", str(keys["cera"])])  # fmt: skip
    assert refused.exit_code == 1
    assert PLANTED_NAME not in refused.output and "member-besa" in refused.output

    check = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-02-11", "--format", "json"])
    codes = {i["code"] for i in json.loads(check.output)["issues"]}
    assert not codes & {"clear-text", "sealed-armour", "private-key"}


def test_assign_reseals_to_the_new_manager_and_notes_stay_sealed(runner, app, make_repo, tmp_path: Path) -> None:
    repo, keys = _council(make_repo, tmp_path)
    assert _new_case(runner, app, repo).exit_code == 0
    base = ["--repo", str(repo.root), "--identity", str(keys["besa"])]
    assigned = runner.invoke(app, ["case", "assign", "case-2025-001", "--manager", "member-arta",
                                   "--assigned", "2025-03-07", *base])  # fmt: skip
    assert assigned.exit_code == 0, assigned.output
    data = yaml.safe_load((repo.root / CASE_FILE).read_text())
    assert sorted(data["sealed"]["readers"]) == ["member-arta", "member-besa"]

    contact = runner.invoke(app, ["case", "contact", "case-2025-001", "--date", "2025-03-20", "--kind",
                                  "home-visit", "--contact-notes", "grandmother present 4412", *base])  # fmt: skip
    assert contact.exit_code == 0, contact.output
    raw = (repo.root / CASE_FILE).read_bytes()
    assert b"grandmother present 4412" not in raw
    revealed = runner.invoke(app, ["case", "show", "case-2025-001", "--reveal", "--format", "json",
                                   "--repo", str(repo.root), "--identity", str(keys["arta"])])  # fmt: skip
    content = json.loads(revealed.output)["sealed_content"]
    assert content["identity"]["name"] == PLANTED_NAME
    assert content["contact_notes"] == "grandmother present 4412"


def test_assign_by_a_non_reader_still_assigns_and_says_to_reseal(runner, app, make_repo, tmp_path: Path) -> None:
    repo, keys = _council(make_repo, tmp_path)
    assert _new_case(runner, app, repo).exit_code == 0
    result = runner.invoke(app, ["case", "assign", "case-2025-001", "--manager", "member-cera", "--assigned",
                                 "2025-03-07", "--repo", str(repo.root), "--identity", str(keys["cera"])])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "lpsc reseal --case case-2025-001" in result.output
    data = yaml.safe_load((repo.root / CASE_FILE).read_text())
    assert data["case_manager"]["member"] == "member-cera"
    assert data["sealed"]["readers"] == ["member-besa"]
