"""The secretariat's guides (docs/sq/udhezues.md, docs/en/guide.md) run as written and end clean.

The ```sh blocks of each guide are one script, run in order in an empty folder: each `lpsc ...`
line through the CliRunner (the same parsing as the installed program), `cd` changing the
folder, and `$(lpsc ...)` replaced by what that command prints, as a shell does. Every command
must exit 0, and the last `lpsc check` must find no errors: a guide that no longer matches the
program fails here.

Each guide runs in its own language (`LPSC_LANG`), and is a council's whole day of work from
`lpsc init` to the annual report: everything the commands print in the Albanian guide must be
Albanian, and in the English guide English (issue 18: "an all-Albanian day of work"), ids,
paths, commands and what a person typed apart (tests/support/language.py). Every `--help` is
read the same way by tests/test_i18n_help.py.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from tests.support.language import foreign_lines
from tests.support.tools import require

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDES = {"sq": DOCS / "sq" / "udhezues.md", "en": DOCS / "en" / "guide.md"}
#: Files the guide writes next to the repository: a Word letter, a PDF report, a public site.
WRITTEN = {
    "sq": ("ftesa-2025-02-12.docx", "raporti-vjetor-2025.pdf", "faqja-publike/index.html"),
    "en": ("invitation-2025-02-12.docx", "annual-report-2025.pdf", "public-site/index.html"),
}
#: How the last check of each guide begins: no errors (the warnings left are empty seats).
CLEAN = {"sq": "në rregull: 0 gabime", "en": "ok: 0 errors"}
BLOCK = re.compile(r"^```sh\n(.*?)^```", flags=re.MULTILINE | re.DOTALL)
SUBSTITUTION = re.compile(r"\$\((lpsc [^)]*)\)")


def commands(guide: Path) -> list[str]:
    """The command lines of the guide's ```sh blocks, in order, without comments."""
    lines = [line.strip() for block in BLOCK.findall(guide.read_text(encoding="utf-8")) for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_the_guides_are_twins() -> None:
    """Both guides walk the same year: the same commands in the same order, words apart."""
    shapes = {lang: [shlex.split(line)[:2] for line in commands(path)] for lang, path in GUIDES.items()}
    assert shapes["sq"] == shapes["en"]
    assert len(shapes["sq"]) > 50


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_guide_runs_and_ends_clean(
    runner: Any, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    require("git")  # every record is a commit
    monkeypatch.chdir(tmp_path)
    for variable, value in {"GIT_AUTHOR_NAME": "Mimoza Kurti", "GIT_COMMITTER_NAME": "Mimoza Kurti",
                            "GIT_AUTHOR_EMAIL": "m.kurti@lumeza.invalid",
                            "GIT_COMMITTER_EMAIL": "m.kurti@lumeza.invalid",
                            "XDG_CONFIG_HOME": str(tmp_path / "config")}.items():  # fmt: skip
        monkeypatch.setenv(variable, value)
    monkeypatch.delenv("LPSC_IDENTITY", raising=False)
    monkeypatch.setenv("LPSC_LANG", lang)

    def run(line: str) -> Any:
        result = runner.invoke(app, shlex.split(line)[1:])
        assert result.exit_code == 0, (line, result.output)
        return result

    outputs = []
    for line in commands(GUIDES[lang]):
        line = SUBSTITUTION.sub(lambda match: shlex.quote(run(match.group(1)).stdout.strip()), line)
        words = shlex.split(line)
        if words[0] == "cd":
            monkeypatch.chdir(Path.cwd() / words[1])
            continue
        assert words[0] == "lpsc", line
        outputs.append((line, run(line).output))
    last, report = outputs[-1]
    # no errors; the warnings left are the seats of the composition the example leaves empty
    assert last.startswith("lpsc check --as-of") and report.splitlines()[-1].startswith(CLEAN[lang]), report
    assert "lpsc-2025-10-15" not in report  # the late invitation was acknowledged
    # `lpsc log` lists commit subjects (`case: close case-2025-001`): history, kept as written
    read = [(line, output) for line, output in outputs if not line.startswith("lpsc log")]
    foreign = {line: found for line, output in read if (found := foreign_lines(output, lang))}
    assert not foreign, "\n".join(f"$ {line}\n    " + "\n    ".join(found) for line, found in foreign.items())
    for written in WRITTEN[lang]:
        assert (tmp_path / written).is_file(), written
