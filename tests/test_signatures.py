"""Signed records with real git and ssh-keygen: `check --signatures`, `key signing`, `member set-key --signing`,
`init --signing-key` and who signed a sealed block in `case show --reveal` (lpsc_cli/signatures.py)."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from lpsc_cli.checks import CheckOptions, check_repository
from lpsc_cli.errors import UsageError
from lpsc_cli.model import Record
from lpsc_cli.repository import load_repository
from lpsc_cli.signatures import allowed_signers, fingerprint, parse_signing_key
from tests.support import tools
from tests.support.sealing import council, make_identity

CODES = ("commit-unsigned", "commit-unknown-key", "commit-signer-out-of-term", "commit-bad-signature")


def run_git(root: Path, *args: str, day: str | None = None) -> str:
    """git in `root` with a test identity; commits dated `day` (noon, Tirane) when given."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+01:00"
    done = subprocess.run(
        ["git", "-c", "user.name=Test Secretary", "-c", "user.email=secretary@testville.invalid", *args],
        cwd=root, env=env, capture_output=True, text=True, check=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    return done.stdout


def new_keys(folder: Path, *names: str) -> dict[str, tuple[Path, str]]:
    """Unencrypted ed25519 keys made by ssh-keygen: name -> (private key file, public key line)."""
    tools.require("ssh-keygen")
    folder.mkdir(parents=True, exist_ok=True)
    keys = {}
    for name in names:
        path = folder / name
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test.invalid", "-f", str(path)],
            check=True, capture_output=True, timeout=30, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        keys[name] = (path, path.with_name(name + ".pub").read_text().strip())
    return keys


def commit(root: Path, rel: str, data: dict[str, Any], *, day: str, key: Path | None) -> str:
    """Write a record and commit it on `day`, signed with `key` (or unsigned)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    run_git(root, "add", "--", rel)
    sign = (
        ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}", "commit", "-S"] if key else ["commit", "--no-gpg-sign"]
    )
    run_git(root, *sign, "-q", "-m", f"write {rel}", day=day)
    return run_git(root, "rev-parse", "HEAD").strip()


def case(case_id: str) -> dict[str, Any]:
    return {
        "id": case_id,
        "status": "registered",
        "referral": {"received": "2025-02-10T09:30", "referred_by": "community"},
    }


def member(member_id: str, key: str | None, term: dict[str, str]) -> dict[str, Any]:
    data = {"id": member_id, "name": f"{member_id[7:].title()} Test", "institution": "municipality", "term": term}
    return {**data, "signing_key": parse_signing_key(key)} if key else data


@pytest.fixture(scope="module")
def signed_council(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, str], dict[str, tuple[Path, str]]]:
    """A council whose case commits are signed by a member in term, a former member, an unknown
    key, and nobody; and a member file committed unsigned. (root, case -> commit, keys)."""
    base = tmp_path_factory.mktemp("signed")
    keys = new_keys(base / "keys", "arta", "besa", "stranger")
    root = base / "repo"
    root.mkdir()
    (root / "lpsc.yaml").write_text("council: testville\nname: KVSP Testville\nlanguage: en\n", encoding="utf-8")
    institution = {"id": "municipality", "name": "Municipality", "sector": "local-government"}
    (root / "institutions").mkdir()
    (root / "institutions/municipality.yaml").write_text(yaml.safe_dump(institution), encoding="utf-8")
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", "--all")
    run_git(root, "commit", "--no-gpg-sign", "-q", "-m", "start", day="2024-12-01")
    commit(root, "members/member-arta.yaml", member("member-arta", keys["arta"][1], {"from": "2025-01-01"}),
           day="2024-12-02", key=keys["arta"][0])  # fmt: skip
    commit(root, "members/member-besa.yaml",
           member("member-besa", keys["besa"][1], {"from": "2024-01-01", "to": "2024-12-31"}),
           day="2024-12-03", key=None)  # fmt: skip
    commits = {
        "case-2025-001": commit(root, "cases/2025/case-2025-001.yaml", case("case-2025-001"), day="2025-03-01",
                                key=keys["arta"][0]),
        "case-2025-002": commit(root, "cases/2025/case-2025-002.yaml", case("case-2025-002"), day="2025-03-02",
                                key=keys["besa"][0]),
        "case-2025-003": commit(root, "cases/2025/case-2025-003.yaml", case("case-2025-003"), day="2025-03-03",
                                key=keys["stranger"][0]),
        "case-2025-004": commit(root, "cases/2025/case-2025-004.yaml", case("case-2025-004"), day="2025-03-04",
                                key=None),
    }  # fmt: skip
    return root, commits, keys


def findings(root: Path) -> list[Any]:
    repo = load_repository(root, cache=False)
    result = check_repository(repo, CheckOptions(as_of=date(2025, 3, 20), cache=False, signatures=True))
    return [i for i in result.issues if i.code in CODES]


def by_file(found: list[Any]) -> dict[str | None, tuple[str, str]]:
    return {i.file: (i.code, str(i.severity)) for i in found}


def test_each_case_commit_is_judged_by_its_signer(signed_council) -> None:
    root, commits, keys = signed_council
    found = findings(root)
    assert by_file(found) == {
        # case-2025-001 is signed by member-arta, in term on its day: no finding
        "cases/2025/case-2025-002.yaml": ("commit-signer-out-of-term", "error"),
        "cases/2025/case-2025-003.yaml": ("commit-unknown-key", "error"),
        "cases/2025/case-2025-004.yaml": ("commit-unsigned", "warning"),
    }
    messages = {i.file: i.message for i in found}
    assert commits["case-2025-002"][:12] in messages["cases/2025/case-2025-002.yaml"]
    assert "member-besa" in messages["cases/2025/case-2025-002.yaml"]
    assert fingerprint(keys["stranger"][1]) in messages["cases/2025/case-2025-003.yaml"]
    assert "2025-03-04" in messages["cases/2025/case-2025-004.yaml"]


def test_the_allowed_signers_file_is_generated_inside_git_and_never_committed(signed_council) -> None:
    root, _, keys = signed_council
    findings(root)
    generated = root / ".git" / "lpsc" / "allowed_signers"
    text = generated.read_text()
    assert f'member-arta namespaces="git",valid-after="20241231230000Z" {keys["arta"][1].rsplit(" ", 1)[0]}' in text
    assert 'member-besa namespaces="git",valid-after="20231231230000Z",valid-before="20241231230000Z"' in text
    assert "allowed_signers" not in run_git(root, "log", "--all", "--name-only", "--format=")
    assert run_git(root, "status", "--porcelain") == ""


def test_settings_make_unsigned_an_error_widen_the_scope_and_start_later(signed_council, tmp_path: Path) -> None:
    root, _, _ = signed_council
    config = root / "lpsc.yaml"
    original = config.read_text()
    try:
        config.write_text(original + "signatures: {scope: repository, unsigned: error}\n")
        found = by_file(findings(root))
        assert found["cases/2025/case-2025-004.yaml"] == ("commit-unsigned", "error")
        # the whole repository: the unsigned member file and the unsigned first commit too
        assert found["members/member-besa.yaml"] == ("commit-unsigned", "error")
        assert found["institutions/municipality.yaml"] == ("commit-unsigned", "error")
        config.write_text(original + "signatures: {from: 2025-03-03}\n")
        assert sorted(by_file(findings(root))) == ["cases/2025/case-2025-003.yaml", "cases/2025/case-2025-004.yaml"]
    finally:
        config.write_text(original)


def test_check_signatures_through_the_command(runner, app, signed_council) -> None:
    root, _, _ = signed_council
    done = runner.invoke(app, ["check", "--signatures", "--no-cache", "--format", "json", "--repo", str(root)])
    assert done.exit_code == 1, done.output
    codes = sorted(i["code"] for i in json.loads(done.stdout)["issues"] if i["code"] in CODES)
    assert codes == ["commit-signer-out-of-term", "commit-unknown-key", "commit-unsigned"]
    plain = runner.invoke(app, ["check", "--no-cache", "--format", "json", "--repo", str(root)])
    assert not [i for i in json.loads(plain.stdout)["issues"] if i["code"] in CODES]


def test_signing_keys_are_parsed_and_fingerprinted_as_ssh_keygen_does(tmp_path: Path) -> None:
    keys = new_keys(tmp_path, "arta")
    path, line = keys["arta"]
    assert parse_signing_key(line) == " ".join(line.split()[:2])
    printed = subprocess.run(["ssh-keygen", "-l", "-f", str(path) + ".pub"], capture_output=True, text=True,
                             check=True, timeout=30, stdin=subprocess.DEVNULL).stdout  # fmt: skip
    assert fingerprint(line) == printed.split()[1]
    for bad in ("age1qqqq", "ssh-ed25519 not*base64", "ssh-rsa " + line.split()[1], "ssh-ed25519"):
        with pytest.raises(UsageError):
            parse_signing_key(bad)


def test_allowed_signers_list_the_keyed_members_only(tmp_path: Path) -> None:
    """One line per member with a valid key, in their term; none for no key or a malformed one."""
    line = new_keys(tmp_path / "keys", "arta")["arta"][1]

    def member(ident: str, **fields: Any) -> Record:
        data = {"id": ident, "term": {"from": "2025-07-01", "to": "2026-06-30"}, **fields}
        return Record("member", ident, f"members/{ident}.yaml", data)

    members = [
        member("member-dea"),
        member("member-bad", signing_key="ssh-ed25519 bad"),
        member("member-arta", signing_key=line),
    ]
    lines = allowed_signers(members).splitlines()[1:]
    assert len(lines) == 1 and lines[0].startswith("member-arta ")
    assert lines[0].endswith(" ".join(line.split()[:2])) or lines[0].endswith(line)
    assert 'namespaces="git"' in lines[0] and "valid-after=" in lines[0] and "valid-before=" in lines[0]


def test_member_set_key_signing_records_a_checked_key(runner, app, make_repo, tmp_path: Path) -> None:
    keys = new_keys(tmp_path / "keys", "arta", "besa")
    repo = make_repo()
    council(repo, {})
    base = ["--repo", str(repo.root), "--no-commit"]
    done = runner.invoke(app, ["member", "set-key", "member-arta", "--signing", keys["arta"][1], *base])
    assert done.exit_code == 0, done.output
    data = yaml.safe_load((repo.root / "members/member-arta.yaml").read_text())
    assert data["signing_key"] == " ".join(keys["arta"][1].split()[:2])
    taken = runner.invoke(app, ["member", "set-key", "member-besa", "--signing", keys["arta"][1], *base])
    assert taken.exit_code == 2 and "already member-arta's" in taken.output
    wrong = runner.invoke(app, ["member", "set-key", "member-besa", "--signing", "ssh-ed25519 AAAA%%", *base])
    assert wrong.exit_code == 2 and "not base64" in wrong.output
    neither = runner.invoke(app, ["member", "set-key", "member-besa", *base])
    assert neither.exit_code == 2
    assert [i for i in load_repository(repo.root, cache=False).issues if i.file == "members/member-arta.yaml"] == []


def test_key_signing_makes_lpsc_commits_signed_and_verified(runner, app, make_repo, tmp_path: Path) -> None:
    keys = new_keys(tmp_path / "keys", "arta")
    repo = make_repo()
    council(repo, {})
    run_git(repo.root, "init", "-q", "-b", "main")
    run_git(repo.root, "add", "--all")
    run_git(repo.root, "commit", "--no-gpg-sign", "-q", "-m", "start", day="2024-06-01")
    inside = repo.root / "id_ed25519"
    inside.write_bytes(keys["arta"][0].read_bytes())
    refused = runner.invoke(app, ["key", "signing", "--key", str(inside), "--repo", str(repo.root)])
    assert refused.exit_code == 2 and "inside the repository" in refused.output
    inside.unlink()
    done = runner.invoke(app, ["key", "signing", "--key", str(keys["arta"][0]), "--repo", str(repo.root)])
    assert done.exit_code == 0 and "no member record holds this key" in done.output, done.output
    assert run_git(repo.root, "config", "--get", "gpg.format").strip() == "ssh"
    assert run_git(repo.root, "config", "--get", "commit.gpgsign").strip() == "true"
    # lpsc's own commit (member set-key) is signed by git, and verifies as member-arta's in term
    set_key = runner.invoke(app, ["member", "set-key", "member-arta", "--signing", keys["arta"][1],
                                  "--repo", str(repo.root)])  # fmt: skip
    assert set_key.exit_code == 0, set_key.output
    config = repo.root / "lpsc.yaml"
    config.write_text(config.read_text() + "signatures: {scope: repository, from: 2025-01-01}\n")
    run_git(repo.root, "commit", "-q", "-am", "sign every commit from 2025")  # signed: commit.gpgsign
    assert findings(repo.root) == []
    config.write_text(config.read_text() + "# unsigned\n")
    run_git(repo.root, "-c", "commit.gpgsign=false", "commit", "-q", "-am", "unsigned")
    assert [(i.code, i.file) for i in findings(repo.root)] == [("commit-unsigned", "lpsc.yaml")]


def test_init_signing_key_signs_the_first_commit(runner, app, tmp_path: Path) -> None:
    keys = new_keys(tmp_path / "keys", "arta")
    target = tmp_path / "council"
    done = runner.invoke(app, ["init", str(target), "--council", "testville", "--name", "KVSP Testville",
                               "--signing-key", str(keys["arta"][0])])  # fmt: skip
    assert done.exit_code == 0, done.output
    shown = run_git(target, "log", "-1", "--format=%GK")
    assert shown.strip() == fingerprint(keys["arta"][1])
    assert "allowed_signers" not in run_git(target, "ls-files")
    refused = runner.invoke(app, ["init", str(tmp_path / "other"), "--council", "x", "--name", "X",
                                  "--signing-key", str(keys["arta"][0]), "--no-commit"])  # fmt: skip
    assert refused.exit_code == 2


def test_case_show_reveal_says_who_signed_the_sealed_block(runner, app, make_repo, tmp_path: Path) -> None:
    ssh = new_keys(tmp_path / "ssh", "besa")
    repo = make_repo()
    identity, public = make_identity(tmp_path, "besa")
    council(repo, {"member-besa": public})
    besa_file = repo.root / "members/member-besa.yaml"
    data = yaml.safe_load(besa_file.read_text())
    besa_file.write_text(yaml.safe_dump({**data, "signing_key": parse_signing_key(ssh["besa"][1])}, sort_keys=False))
    run_git(repo.root, "init", "-q", "-b", "main")
    run_git(repo.root, "add", "--all")
    run_git(repo.root, "commit", "--no-gpg-sign", "-q", "-m", "start")
    new = ["case", "new", "--repo", str(repo.root), "--received", "2025-02-10T09:30", "--referred-by", "community",
           "--concern", "child-protection", "--code", "D.Q.", "--name", "Drita Test"]  # fmt: skip
    assert runner.invoke(app, [*new, "--no-commit"]).exit_code == 0
    show = ["case", "show", "case-2025-001", "--reveal", "--identity", str(identity), "--repo", str(repo.root)]
    uncommitted = runner.invoke(app, show)
    assert "warning: the sealed block is not committed: nobody has signed it" in uncommitted.stderr
    run_git(repo.root, "add", "--all")
    run_git(repo.root, "commit", "--no-gpg-sign", "-q", "-m", "case")
    unsigned = runner.invoke(app, show)
    assert "warning: the sealed block was written in commit" in unsigned.stderr
    assert "is not signed: it may be forged" in unsigned.stderr
    # the same block, written again in a signed commit by a member in term
    run_git(repo.root, "-c", "gpg.format=ssh", "-c", f"user.signingkey={ssh['besa'][0]}", "commit", "--amend", "-S",
            "-q", "--no-edit")  # fmt: skip
    signed = runner.invoke(app, show)
    assert signed.exit_code == 0, signed.output
    assert "# the sealed block was written in commit" in signed.stdout
    assert "is signed by member-besa" in signed.stdout and "warning" not in signed.stderr


def test_without_git_signing_and_verifying_are_usage_errors(runner, app, make_repo, tmp_path: Path) -> None:
    keys = new_keys(tmp_path / "keys", "arta")
    repo = make_repo()
    council(repo, {})
    signing = runner.invoke(app, ["key", "signing", "--key", str(keys["arta"][0]), "--repo", str(repo.root)])
    assert signing.exit_code == 2 and "not in a git repository" in signing.output
    checked = runner.invoke(app, ["check", "--signatures", "--no-cache", "--repo", str(repo.root)])
    assert checked.exit_code == 2 and "--signatures: the commits could not be verified" in checked.output
