"""`lpsc institution add`, `lpsc member add|list|show`."""

from __future__ import annotations

import json

from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import seeded


def test_institution_add_writes_a_valid_record(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    result = lpsc(runner, app, repo.root, "institution", "add", "health-testville", "--name",
                  "sq:Drejtoria e Shëndetit", "--name", "en:Health Directorate", "--sector", "health",
                  "--website", "https://example.invalid/health")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (repo.root / "institutions/health-testville.yaml").read_text(encoding="utf-8") == (
        "id: health-testville\n"
        "name: {sq: Drejtoria e Shëndetit, en: Health Directorate}\n"
        "sector: health\n"
        "website: https://example.invalid/health\n"
    )
    bad = lpsc(runner, app, repo.root, "institution", "add", "x", "--name", "X", "--sector", "banking")
    assert bad.exit_code == 2
    assert "--sector: 'banking' is not one of local-government" in bad.output
    mixed = lpsc(
        runner, app, repo.root, "institution", "add", "y", "--name", "Y", "--name", "en:Y", "--sector", "other"
    )
    assert mixed.output == "lpsc: --name: give one plain text, or one text per language as 'sq:...' and 'en:...'\n"


def test_member_add_derives_the_id_from_the_name(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    args = ["member", "add", "--name", "Genti Muça", "--institution", "police-testville", "--role", "permanent",
            "--role", "coordination-secretariat", "--seat", "regional-police", "--term-from", "2025-02-01",
            "--declaration-signed", "2025-02-03", "--delegate", "member-besa-rama", "--note-date", "2025-02-28",
            "--delegate-from", "2025-03-01"]  # fmt: skip
    result = lpsc(runner, app, repo.root, *args)
    assert result.output.splitlines()[0] == "created member-genti-muca: members/member-genti-muca.yaml"
    assert (repo.root / "members/member-genti-muca.yaml").read_text(encoding="utf-8") == (
        "id: member-genti-muca\n"
        "name: Genti Muça\n"
        "institution: police-testville\n"
        "seat: regional-police\n"
        "roles: [permanent, coordination-secretariat]\n"
        "term: {from: 2025-02-01}\n"
        "confidentiality_declaration: {signed: 2025-02-03}\n"
        "delegates:\n"
        "  - {member: member-besa-rama, note_date: 2025-02-28, from: 2025-03-01}\n"
    )
    namesake = lpsc(
        runner, app, repo.root, "member", "add", "--name", "Genti Muca", "--institution", "police-testville"
    )
    assert namesake.output.splitlines()[0] == "created member-genti-muca-2: members/member-genti-muca-2.yaml"


def test_member_add_refuses_a_term_that_ends_before_it_starts(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    result = lpsc(runner, app, repo.root, "member", "add", "--name", "Vera Koci", "--institution", "police-testville",
                  "--term-from", "2025-06-01", "--term-to", "2025-01-31")  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "members/member-vera-koci.yaml:4: error date-order: term.to (2025-01-31) is before term.from (2025-06-01)",
        "lpsc: refused: members/member-vera-koci.yaml would not pass `lpsc check` (1 error); nothing was written",
    ]
    assert not (repo.root / "members/member-vera-koci.yaml").exists()


def test_member_list_filters_and_show(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, "member", "add", "--name", "Old Member", "--institution", "police-testville",
         "--term-from", "2020-01-01", "--term-to", "2024-12-31")  # fmt: skip
    listed = lpsc(runner, app, repo.root, "member", "list", "--role", "case-manager")
    assert listed.output.splitlines() == [
        "id                name       institution             position  roles                               "
        "term_from   term_to  declaration",
        "member-arta-kola  Arta Kola  municipality-testville            technical-secretariat,case-manager  2025-01-01",
    ]
    serving = json.loads(
        lpsc(runner, app, repo.root, "member", "list", "--serving", "--as-of", "2025-06-30", "--format", "json").output
    )
    assert [m["id"] for m in serving] == ["member-arta-kola", "member-besa-rama", "member-ilir-dervishi"]
    police = lpsc(runner, app, repo.root, "member", "list", "--institution", "police-testville", "--format", "csv")
    assert [line.split(",")[0] for line in police.output.splitlines()] == [
        "id",
        "member-besa-rama",
        "member-old-member",
    ]
    shown = json.loads(lpsc(runner, app, repo.root, "member", "show", "member-arta-kola", "--format", "json").output)
    assert shown == parse((repo.root / "members/member-arta-kola.yaml").read_bytes(), "x").data


def test_declaration_delegation_and_term_change_a_member_in_place(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    steps = [
        ["member", "declare", "member-besa-rama", "--signed", "2025-01-20"],
        ["member", "delegate", "member-besa-rama", "--delegate", "member-arta-kola", "--note-date", "2025-02-28",
         "--from", "2025-03-01"],
        ["member", "delegate", "member-besa-rama", "--delegate", "member-arta-kola", "--to", "2025-12-31"],
        ["member", "term", "member-besa-rama", "--to", "2026-06-30"],
    ]  # fmt: skip
    for args in steps:
        result = lpsc(runner, app, repo.root, *args)
        assert result.exit_code == 0, (args, result.output)
    assert parse((repo.root / "members/member-besa-rama.yaml").read_bytes(), "x").data == {
        "id": "member-besa-rama",
        "name": "Besa Rama",
        "institution": "police-testville",
        "roles": ["permanent"],
        "term": {"from": "2025-01-01", "to": "2026-06-30"},
        "confidentiality_declaration": {"signed": "2025-01-20"},
        "delegates": [{"member": "member-arta-kola", "note_date": "2025-02-28", "from": "2025-03-01",
                       "to": "2025-12-31"}],
    }  # fmt: skip
    early = lpsc(runner, app, repo.root, "member", "term", "member-besa-rama", "--to", "2024-12-31")
    assert early.exit_code == 1
    assert "term.to (2024-12-31) is before term.from (2025-01-01)" in early.output


def test_member_list_overdue_finds_missing_declarations(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, "member", "declare", "member-ilir-dervishi", "--signed", "2025-01-03")
    lpsc(runner, app, repo.root, "member", "declare", "member-arta-kola", "--signed", "2025-01-03")
    late = json.loads(
        lpsc(runner, app, repo.root, "member", "list", "--overdue", "--as-of", "2025-06-30", "--format", "json").output
    )
    assert [m["id"] for m in late] == ["member-besa-rama"]
