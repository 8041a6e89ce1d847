"""Several family members in one case: `case subject add`, codes and roles in clear, identities sealed."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import yaml

from lpsc_cli.checks import CheckOptions, check_repository
from lpsc_cli.checks.leaks import check as leak_check
from lpsc_cli.schemas import SchemaSet
from tests.support.records import subjects
from tests.support.sealing import PLANTED_NAME, case, council, git_init, git_objects, make_identity
from tests.support.tools import require

AS_OF = date(2025, 6, 30)

CASE_FILE = "cases/2025/case-2025-001.yaml"
SIBLING = "Bardh Qendresa-Plantuar"
MOTHER = "Mira Qendresa-Plantuar"


def _council(make_repo, tmp_path: Path):
    repo = make_repo()
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    keys = {name: make_identity(keys_dir, name) for name in ("arta", "besa", "cera")}
    council(repo, {f"member-{name}": public for name, (_, public) in keys.items()})
    git_init(repo.root)
    return repo, {name: path for name, (path, _) in keys.items()}


def _run(runner, app, repo, *args: str, input: str | None = None):
    return runner.invoke(app, [*args, "--repo", str(repo.root)], input=input)


def _opened(runner, app, repo, keys):
    """A case sealed to the secretariat (besa), then managed by arta: its readers are arta and besa."""
    new = _run(runner, app, repo, "case", "new", "--received", "2025-02-10T09:30", "--referred-by", "community",
               "--concern", "child-protection", "--code", "D.Q.", "--name", PLANTED_NAME)  # fmt: skip
    assert new.exit_code == 0, new.output
    assigned = _run(runner, app, repo, "case", "assign", "case-2025-001", "--manager", "member-arta",
                    "--assigned", "2025-03-07", "--identity", str(keys["besa"]))  # fmt: skip
    assert assigned.exit_code == 0, assigned.output


def _data(repo) -> dict:
    return yaml.safe_load((repo.root / CASE_FILE).read_text(encoding="utf-8"))


def test_add_show_and_reveal_family_members(runner, app, make_repo, tmp_path: Path) -> None:
    repo, keys = _council(make_repo, tmp_path)
    _opened(runner, app, repo, keys)
    added = _run(runner, app, repo, "case", "subject", "add", "case-2025-001", "--code", "B.Q.", "--role", "sibling",
                 "--age-band", "6-12", "--name", SIBLING, "--identity", str(keys["arta"]))  # fmt: skip
    assert added.exit_code == 0, added.output
    mother = _run(runner, app, repo, "case", "subject", "add", "case-2025-001", "--code", "M.Q.", "--role", "parent",
                  "--name", "-", "--identity", str(keys["besa"]), input=MOTHER)  # fmt: skip
    assert mother.exit_code == 0, mother.output
    assert subjects(repo.root)[:2] == ["case: subject case-2025-001", "case: subject case-2025-001"]
    data = _data(repo)
    people = data["subjects"]
    assert [(p["code"], p["role"]) for p in people] == [("B.Q.", "sibling"), ("M.Q.", "parent")]
    assert people[0]["age_band"] == "6-12"
    for person in people:
        assert person["sealed"]["readers"] == data["sealed"]["readers"] == ["member-arta", "member-besa"]
        assert person["sealed"]["parts"] == ["identity"]
    raw = (repo.root / CASE_FILE).read_bytes()
    for planted in (PLANTED_NAME, SIBLING, MOTHER):
        assert planted.encode() not in raw and planted.encode() not in git_objects(repo.root)

    shown = _run(runner, app, repo, "case", "show", "case-2025-001")
    assert shown.exit_code == 0 and "B.Q." in shown.output and "sibling" in shown.output
    assert SIBLING not in shown.output
    revealed = _run(runner, app, repo, "case", "show", "case-2025-001", "--reveal", "--identity", str(keys["arta"]))
    assert revealed.exit_code == 0, revealed.output
    assert PLANTED_NAME in revealed.output and SIBLING in revealed.output and MOTHER in revealed.output
    as_json = _run(runner, app, repo, "case", "show", "case-2025-001", "--reveal", "--format", "json",
                   "--identity", str(keys["besa"]))  # fmt: skip
    assert json.loads(as_json.output)["subjects_sealed_content"]["B.Q."]["identity"]["name"] == SIBLING
    refused = _run(runner, app, repo, "case", "show", "case-2025-001", "--reveal", "--identity", str(keys["cera"]))
    assert refused.exit_code == 1 and SIBLING not in refused.output and "member-besa" in refused.output

    age = require("age")  # the person's block is plain age armour, as the case's own
    done = subprocess.run([age, "-d", "-i", str(keys["arta"])], input=people[0]["sealed"]["age"].encode(),
                          capture_output=True, check=True, timeout=30)  # fmt: skip
    assert f"name: {SIBLING}" in done.stdout.decode()

    checked = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-03-08", "--format", "json"])
    codes = {i["code"] for i in json.loads(checked.output)["issues"]}
    assert not codes & {"clear-text", "sealed-armour", "sealed-manager", "code-looks-like-name", "reference"}


def test_a_new_manager_reads_every_family_member(runner, app, make_repo, tmp_path: Path) -> None:
    repo, keys = _council(make_repo, tmp_path)
    _opened(runner, app, repo, keys)
    _run(runner, app, repo, "case", "subject", "add", "case-2025-001", "--code", "B.Q.", "--role", "sibling",
         "--name", SIBLING, "--identity", str(keys["arta"]))  # fmt: skip
    moved = _run(runner, app, repo, "case", "assign", "case-2025-001", "--manager", "member-cera",
                 "--assigned", "2025-04-01", "--identity", str(keys["besa"]))  # fmt: skip
    assert moved.exit_code == 0, moved.output
    data = _data(repo)
    assert data["subjects"][0]["sealed"]["readers"] == data["sealed"]["readers"] == ["member-cera", "member-besa"]
    revealed = _run(runner, app, repo, "case", "show", "case-2025-001", "--reveal", "--identity", str(keys["cera"]))
    assert SIBLING in revealed.output
    resealed = _run(runner, app, repo, "reseal", "--case", "case-2025-001", "--identity", str(keys["cera"]))
    assert resealed.exit_code == 0, resealed.output


def test_codes_are_unique_in_a_case_and_roles_come_from_the_schema(runner, app, make_repo, tmp_path: Path) -> None:
    repo, keys = _council(make_repo, tmp_path)
    _opened(runner, app, repo, keys)
    again = _run(runner, app, repo, "case", "subject", "add", "case-2025-001", "--code", "D.Q.", "--role", "sibling")
    assert again.exit_code == 1 and "already has a person with the code D.Q." in again.output
    role = _run(runner, app, repo, "case", "subject", "add", "case-2025-001", "--code", "B.Q.", "--role", "aunt")
    assert role.exit_code == 2 and "sibling" in role.output
    plain = _run(runner, app, repo, "case", "subject", "add", "case-2025-001", "--code", "B.Q.", "--role", "other")
    assert plain.exit_code == 0, plain.output
    assert _data(repo)["subjects"] == [{"code": "B.Q.", "role": "other"}]


def test_the_schema_takes_further_people_and_refuses_names_and_unknown_roles() -> None:
    schemas = SchemaSet()
    person = {"code": "B.K.", "role": "child", "age_band": "0-5", "sex": "M"}
    assert schemas.validate("case", case(subjects=[person])) == []
    assert schemas.validate("case", case()) == []  # a case without further people stays valid
    problems = dict(schemas.validate("case", case(subjects=[{"code": "B.K.", "role": "aunt", "name": "Besa Kola"}])))
    assert set(problems) == {("subjects", 0, "role"), ("subjects", 0, "name")}
    assert schemas.validate("case", case(subjects=[{"role": "child"}]))  # a code is required


def _findings(builder) -> list[tuple[str, str | None, tuple]]:
    result = check_repository(builder.load(), CheckOptions(as_of=AS_OF), checks=[("sealing", leak_check)])
    return [(i.code, i.message, i.path) for i in result.issues if i.code != "schema"]


def test_the_leak_scan_treats_a_second_person_as_the_first(make_repo) -> None:
    builder = make_repo()
    council(builder, {})
    people = [{"code": "B.Q.", "role": "sibling"}, {"code": "Besa", "role": "parent", "name": "Besa Kola"}]
    builder.add("case", case(subjects=people))
    found = _findings(builder)
    assert [(code, path) for code, _, path in found] == [("clear-text", ("subjects", 1, "name"))]
    assert "Besa" not in found[0][1]
    builder.add("case", case(subjects=[{"code": "B.Q.", "role": "sibling"}, {"code": "Besa", "role": "parent"}]))
    assert _findings(builder) == [
        (
            "code-looks-like-name",
            "subjects.1.code looks like a name (it holds a capitalised word); a case code is initials or a number "
            "(A.G., C-07)",
            ("subjects", 1, "code"),
        )
    ]


def test_a_person_s_sealed_block_is_checked_like_the_case_s(make_repo, tmp_path: Path) -> None:
    builder = make_repo()
    keys = {name: make_identity(tmp_path, name) for name in ("member-arta", "member-besa")}
    council(builder, {m: public for m, (_, public) in keys.items()})
    bad = {"readers": ["member-besa"], "parts": ["identity"], "age": "-----BEGIN AGE ENCRYPTED FILE-----\nBesa\n"}
    builder.add("case", case(subjects=[{"code": "B.Q.", "role": "sibling", "sealed": bad}]))
    found = sorted((code, path) for code, _, path in _findings(builder))
    assert found == [
        ("sealed-armour", ("subjects", 0, "sealed", "age")),
        ("sealed-manager", ("subjects", 0, "sealed", "readers")),
    ]
