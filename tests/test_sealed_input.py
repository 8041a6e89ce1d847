"""Sealed values given as `-` are read from standard input, never from the shell's history.

`lpsc case new --name -` (and --birth-date, --address, --phone, --guardian, --narrative,
--risk-rationale, --isp-goals, --contact-notes) reads the value from stdin: piped, or typed at a
hidden prompt on a terminal. One value per command may be `-`; it is sealed like any other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.cli import writing
from tests.support.cli import lpsc
from tests.support.sealing import PLANTED_NAME, PLANTED_NOTE, council, make_identity

CASE_FILE = "cases/2025/case-2025-001.yaml"
NEW_CASE = ("case", "new", "--received", "2025-02-10T09:30", "--referred-by", "community", "--concern",
            "child-protection", "--code", "D.Q.", "--no-commit")  # fmt: skip


@pytest.fixture
def sealed_council(make_repo: Any, tmp_path: Path) -> tuple[Any, Path]:
    """A council whose secretariat (member-besa) holds the key at the returned path."""
    repo = make_repo()
    besa, besa_key = make_identity(tmp_path, "besa")
    _arta, arta_key = make_identity(tmp_path, "arta")
    _cera, cera_key = make_identity(tmp_path, "cera")
    council(repo, {"member-arta": arta_key, "member-besa": besa_key, "member-cera": cera_key})
    return repo, besa


def _revealed(runner: Any, app: Any, repo: Any, identity: Path) -> dict[str, Any]:
    shown = lpsc(runner, app, repo.root, "case", "show", "case-2025-001", "--reveal", "--format", "json",
                 "--identity", str(identity))  # fmt: skip
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)["sealed_content"]  # type: ignore[no-any-return]


def test_a_dash_reads_the_value_from_standard_input(runner: Any, app: Any, sealed_council: Any) -> None:
    repo, besa = sealed_council
    result = lpsc(runner, app, repo.root, *NEW_CASE, "--name", "-", "--narrative", "Met at school.",
                  input=PLANTED_NAME + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PLANTED_NAME.encode() not in (repo.root / CASE_FILE).read_bytes()
    content = _revealed(runner, app, repo, besa)
    assert content["identity"]["name"] == PLANTED_NAME  # the final newline is not part of it
    assert content["narrative"] == "Met at school."


def test_free_text_from_stdin_keeps_its_lines(runner: Any, app: Any, sealed_council: Any) -> None:
    repo, besa = sealed_council
    assert lpsc(runner, app, repo.root, *NEW_CASE, "--name", "Test Person").exit_code == 0
    notes = f"{PLANTED_NOTE}\nsecond line\n"
    result = lpsc(runner, app, repo.root, "case", "contact", "case-2025-001", "--date", "2025-03-20", "--kind",
                  "home-visit", "--contact-notes", "-", "--identity", str(besa), "--no-commit", input=notes)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert b"mbjellur" not in (repo.root / CASE_FILE).read_bytes()
    assert _revealed(runner, app, repo, besa)["contact_notes"] == f"{PLANTED_NOTE}\nsecond line"


def test_a_guardian_among_several_may_come_from_stdin(runner: Any, app: Any, sealed_council: Any) -> None:
    repo, besa = sealed_council
    result = lpsc(runner, app, repo.root, *NEW_CASE, "--guardian", "First Guardian", "--guardian", "-",
                  input="Second Guardian\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    guardians = _revealed(runner, app, repo, besa)["identity"]["guardians"]
    assert guardians == ["First Guardian", "Second Guardian"]


def test_only_one_value_may_come_from_stdin(runner: Any, app: Any, sealed_council: Any) -> None:
    repo, _besa = sealed_council
    result = lpsc(runner, app, repo.root, *NEW_CASE, "--name", "-", "--phone", "-", input="x\n")
    assert result.exit_code == 2
    assert result.output == (
        "lpsc: only one sealed value per command can be read from standard input, not --name and --phone\n"
    )
    assert not (repo.root / CASE_FILE).exists()


def test_empty_stdin_is_a_usage_error(runner: Any, app: Any, sealed_council: Any) -> None:
    repo, _besa = sealed_council
    result = lpsc(runner, app, repo.root, *NEW_CASE, "--narrative", "-", input="\n")
    assert (result.exit_code, result.output) == (2, "lpsc: --narrative -: standard input held nothing to seal\n")
    assert not (repo.root / CASE_FILE).exists()


def test_at_a_terminal_the_value_is_typed_at_a_hidden_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, bool, bool]] = []

    def prompt(text: str, *, hide_input: bool = False, err: bool = False, **_: Any) -> str:
        asked.append((text, hide_input, err))
        return "typed secret"

    monkeypatch.setattr(writing, "interactive", lambda: True)
    monkeypatch.setattr(writing.typer, "prompt", prompt)
    values = writing.sealed_values({"--name": "Given Name", "--risk-rationale": "-", "--guardian": ["A", "B"]})
    assert values == {"--name": "Given Name", "--risk-rationale": "typed secret", "--guardian": ["A", "B"]}
    assert asked == [("--risk-rationale (hidden)", True, True)]  # hidden, and on stderr
    assert writing.sealed_value(None, option="--isp-goals") is None
    assert asked == [("--risk-rationale (hidden)", True, True)]  # nothing asked when nothing is '-'
