"""The lines of the record-writing commands and the repository's own errors, in Albanian and English.

`lpsc --lang sq institution add ...` says what it created (or, with `--dry-run`, that it wrote
nothing) in Albanian, `--lang en` in English; a missing option without a terminal, a folder
that is not there and a broken `lpsc.yaml` are refused in the language asked; the YAML a dry
run prints is the same in both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ADD = ["institution", "add", "school-testville", "--name", "Shkolla Testville", "--sector", "education"]


@pytest.fixture
def council(example_copy: Any) -> Path:
    return example_copy()


def lpsc(runner: Any, app: Any, language: str, *args: str) -> Any:
    return runner.invoke(app, ["--lang", language, *args])


def test_a_write_says_what_it_created_in_the_language_asked(runner: Any, app: Any, council: Path) -> None:
    albanian = lpsc(runner, app, "sq", *ADD, "--no-commit", "--repo", str(council))
    assert albanian.exit_code == 0, albanian.output
    assert "u krijua school-testville: institutions/school-testville.yaml" in albanian.stdout
    assert "created" not in albanian.stdout
    (council / "institutions" / "school-testville.yaml").unlink()
    english = lpsc(runner, app, "en", *ADD, "--no-commit", "--repo", str(council))
    assert "created school-testville: institutions/school-testville.yaml" in english.stdout


def test_a_dry_run_says_so_and_prints_the_same_yaml(runner: Any, app: Any, council: Path) -> None:
    albanian = lpsc(runner, app, "sq", *ADD, "--dry-run", "--repo", str(council))
    english = lpsc(runner, app, "en", *ADD, "--dry-run", "--repo", str(council))
    assert albanian.exit_code == english.exit_code == 0, albanian.output
    assert "provë pa shkruar: institutions/school-testville.yaml nuk u shkrua" in albanian.stderr
    assert "dry run" not in albanian.stderr
    assert "dry run: institutions/school-testville.yaml was not written" in english.stderr
    assert albanian.stdout == english.stdout  # the record as written: never translated


def test_a_missing_option_without_a_terminal_is_refused_in_the_language_asked(
    runner: Any, app: Any, council: Path
) -> None:
    args = ["institution", "add", "school-testville", "--sector", "education", "--repo", str(council)]
    albanian, english = lpsc(runner, app, "sq", *args), lpsc(runner, app, "en", *args)
    assert albanian.exit_code == english.exit_code == 2
    assert "mungon opsioni --name" in albanian.output
    assert "missing option" not in albanian.output
    assert "missing option --name" in english.output


def test_the_repository_errors_speak_the_language_asked(runner: Any, app: Any, tmp_path: Path, council: Path) -> None:
    nowhere = str(tmp_path / "nowhere")
    albanian, english = (lpsc(runner, app, lang, "check", "--repo", nowhere) for lang in ("sq", "en"))
    assert "kjo dosje nuk ekziston" in albanian.output and "no such folder" not in albanian.output
    assert "no such folder" in english.output
    empty = tmp_path / "empty"
    empty.mkdir()
    albanian = lpsc(runner, app, "sq", "check", "--repo", str(empty))
    assert "nuk është depozitë lpsc (nuk ka lpsc.yaml" in albanian.output
    config = council / "lpsc.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "no_such_setting: 1\n", encoding="utf-8")
    albanian, english = (lpsc(runner, app, lang, "check", "--repo", str(council)) for lang in ("sq", "en"))
    assert albanian.exit_code == english.exit_code == 2
    assert "konfigurimi i KVSP-së nuk është i vlefshëm:" in albanian.output
    assert "the council configuration is not valid:" in english.output
