"""What `lpsc site` says in Albanian and in English (docs/translations.md): the line naming the
site written, the files left out, and its usage errors. The site's pages follow the site's own
`site --lang` (templates/site/words.yaml), not these catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.records import seeded


@pytest.fixture
def council(make_repo: Any) -> Path:
    builder = seeded(make_repo, in_git=False)
    builder.write("members/member-broken.yaml", "")  # a file with an error: left out of the site
    root: Path = builder.root
    return root


def site(runner: Any, app: Any, language: str, out: Path, *repos: Path) -> Any:
    repo_args = [arg for repo in repos for arg in ("--repo", str(repo))]
    return runner.invoke(app, ["--lang", language, "site", "-o", str(out), *repo_args, "--as-of", "2025-12-31"])


def test_the_written_line_and_the_files_left_out_in_the_language_asked(
    runner: Any, app: Any, council: Path, tmp_path: Path
) -> None:
    english = site(runner, app, "en", tmp_path / "en", council)
    albanian = site(runner, app, "sq", tmp_path / "sq", council)
    assert english.exit_code == albanian.exit_code == 0, english.output
    assert f"lpsc: wrote 6 pages to {tmp_path / 'en'}/index.html" in english.output
    assert "1 file with errors left out (run `lpsc check`)" in english.output
    assert f"lpsc: u shkruan 6 faqe në {tmp_path / 'sq'}/index.html" in albanian.output
    assert "1 skedar me gabime u la jashtë (ekzekutoni `lpsc check`)" in albanian.output
    for in_english in ("wrote", "pages to", "with errors left out", "run `lpsc"):
        assert in_english not in albanian.output, in_english


#: (what is wrong, English message, Albanian message) of the usage errors of `lpsc site`.
ERRORS: list[tuple[str, str, str]] = [
    ("not ours", "exists and is not a site lpsc wrote; choose another folder (or --force)",
     "ekziston dhe nuk është faqe interneti e shkruar nga lpsc; zgjidhni një dosje tjetër (ose --force)"),
    ("inside", "inside the record repository", "brenda depozitës së regjistrimeve"),
    ("twice", "the same council twice: testville (council ids must differ)",
     "i njëjti këshill dy herë: testville (id-të e këshillave duhet të ndryshojnë)"),
    ("no council", "neither a record repository nor a folder holding some",
     "nuk është as depozitë regjistrimesh, as dosje që mban depozita të tilla"),
]  # fmt: skip


@pytest.mark.parametrize(("wrong", "in_english", "in_albanian"), ERRORS, ids=[e[0] for e in ERRORS])
def test_usage_errors_in_the_language_asked(
    runner: Any, app: Any, council: Path, tmp_path: Path, wrong: str, in_english: str, in_albanian: str
) -> None:
    out, repos = tmp_path / "out", [council]
    if wrong == "not ours":
        out.mkdir()
        (out / "letter.txt").write_text("keep me", encoding="utf-8")
    elif wrong == "inside":
        out = council / "site"
    elif wrong == "twice":
        repos = [council, council]
    else:
        empty = tmp_path / "empty"
        empty.mkdir()
        repos = [empty]
    english, albanian = site(runner, app, "en", out, *repos), site(runner, app, "sq", out, *repos)
    assert english.exit_code == albanian.exit_code == 2, english.output
    assert in_english in english.output
    assert in_albanian in albanian.output
    assert in_english not in albanian.output
