"""Terminal escapes in records and file names are never printed raw (issue 12, item 12)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from lpsc_cli.cli.common import TerminalSafeText
from lpsc_cli.controls import one_line, strip_controls
from tests.support.commands_in_code_page import run_batch
from tests.support.repos import EXAMPLE

CLEAR = "\x1b[2J\x1b[H"
LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
TITLE = "\x1b]0;owned\x07"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"Alma{CLEAR} Deda", "Alma Deda"),
        (f"see {LINK} here", "see click here"),
        (f"{TITLE}title", "title"),
        ("\x9b31mred\x9b0m", "31mred0m"),  # 8-bit CSI: only the control goes (no text is eaten)
        ('{"a": "\x9b"}', '{"a": ""}'),  # so JSON stays JSON
        ("\x9d8;;https://x\x9clink", "8;;https://xlink"),
        ("reset\x1bc!", "reset!"),  # a two-character escape
        ("bell\x07 back\x08space del\x7f", "bell backspace del"),
        ("over\rwrite", "overwrite"),  # a lone carriage return rewrites the line
        ("a,b\r\nc,d\r\n", "a,b\r\nc,d\r\n"),  # CSV and iCalendar line ends stay
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("Përfaqësuese ≥ 4 ✓ ─ “quotes”", "Përfaqësuese ≥ 4 ✓ ─ “quotes”"),
        ("cut \x1b[", "cut "),  # an unfinished sequence: what is left does nothing
        ("cut \x1b]8;;https://x", "cut 8;;https://x"),
    ],
)
def test_strip_controls(raw: str, shown: str) -> None:
    assert strip_controls(raw) == shown


def test_one_line_escapes_a_file_name_visibly() -> None:
    assert one_line("members/a\nb\x1b[2J.yaml") == "members/a\\nb\\x1b[2J.yaml"
    assert one_line("members/ëë.yaml") == "members/ëë.yaml"


def test_the_safe_stream_strips_text_and_refuses_bytes() -> None:
    target = io.StringIO()
    stream = TerminalSafeText(target)
    assert stream.write(f"a{CLEAR}b\n") == len(f"a{CLEAR}b\n")
    stream.writelines([LINK, "\n"])
    assert target.getvalue() == "ab\nclick\n"
    with pytest.raises(TypeError):
        stream.write(b"bytes")  # type: ignore[arg-type]
    assert stream.getvalue() == target.getvalue()  # everything else is the wrapped stream's


def test_on_windows_no_library_gets_around_the_safe_stream(monkeypatch) -> None:
    """Click writes to a Windows console handle itself when it finds one through `fileno`."""
    import sys

    stream = TerminalSafeText(sys.__stderr__)  # type: ignore[arg-type]
    assert stream.fileno() == sys.__stderr__.fileno()  # type: ignore[union-attr]
    monkeypatch.setattr(TerminalSafeText, "hide_fileno", True)
    with pytest.raises(io.UnsupportedOperation):
        stream.fileno()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the batch runner forks (POSIX)")
def test_planted_escapes_never_reach_the_terminal(tmp_path: Path) -> None:
    council = tmp_path / "council"
    shutil.copytree(EXAMPLE, council)
    member = council / "members" / "member-alma-deda.yaml"
    text = member.read_text(encoding="utf-8")
    member.write_text(
        text.replace(
            "name: Alma Deda", 'name: "Alma\\e[2J\\e[H Deda\\e]8;;https://evil.example/\\e\\\\!\\e]8;;\\e\\\\"'
        ),
        encoding="utf-8",
    )
    meeting = council / "meetings" / "2025" / "lpsc-2025-12-17.yaml"
    text = meeting.read_text(encoding="utf-8")
    hall = "  en: Municipal Council Hall, Municipality of Elbasan"
    meeting.write_text(text.replace(hall, '  en: "Hall\\e]0;owned\\a\\e[31m"', 1), encoding="utf-8")
    (council / "institutions" / "evil\x1b[2J\x1b]8;;https:evil.example\x07.yaml").write_text(
        "id: evil\n", encoding="utf-8"
    )
    ran = run_batch(
        [
            ["member", "list"],
            ["member", "show", "member-alma-deda"],
            ["meeting", "show", "lpsc-2025-12-17"],
            ["render", "invitation", "lpsc-2025-12-17", "--lang", "en"],
            ["check", "--as-of", "2026-01-15"],
        ],
        cwd=council,
        work=tmp_path / "out",
    )
    for done in ran:
        for output in (done.stdout, done.stderr):
            text = output.decode("utf-8")
            assert not {"\x1b", "\x07", "\x9b", "\x9d"} & set(text), (done.args, text)
        assert b"internal error" not in done.stderr, done.args
    member_list, member_show, meeting_show, invitation, check = ran
    assert "Alma Deda" in member_list.stdout.decode("utf-8")  # what is left of a cut sequence is text
    assert "Alma" in member_show.stdout.decode("utf-8")
    assert "Hall" in meeting_show.stdout.decode("utf-8") and "Hall" in invitation.stdout.decode("utf-8")
    assert check.code == 1 and "evil" in check.stdout.decode("utf-8") + check.stderr.decode("utf-8")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the batch runner forks (POSIX)")
def test_revealed_sealed_text_is_printed_without_controls(runner, app, make_repo, tmp_path: Path) -> None:
    """Anyone with a reader's public key can seal text: `case show --reveal` must not trust it."""
    from tests.support.records import git_init
    from tests.support.sealing import case, council, make_identity

    identity, public = make_identity(tmp_path / "keys", "member-arta")
    repo = make_repo()
    council(repo, {"member-arta": public})
    repo.add("case", case())
    git_init(repo.root)
    note = f"Visit{CLEAR} at home {LINK}{TITLE}."
    added = runner.invoke(
        app,
        ["case", "note", "case-2025-001", "--text", note, "--date", "2025-03-20", "--by", "member-arta",
         "--identity", str(identity), "--repo", str(repo.root)],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    (shown,) = run_batch(
        [["case", "show", "case-2025-001", "--reveal", "--identity", str(identity)]], cwd=repo.root, work=tmp_path / "o"
    )
    text = shown.stdout.decode("utf-8")
    assert shown.code == 0, shown.stderr
    assert "Visit at home click." in text
    assert not {"\x1b", "\x07"} & set(text + shown.stderr.decode("utf-8"))


def test_json_output_escapes_every_control_so_nothing_is_removed() -> None:
    import json

    from lpsc_cli.cli.common import dump_json

    value = {"name": f"a{CLEAR}\x9b31m\x7f\x85b"}
    text = dump_json(value)
    assert strip_controls(text) == text
    assert json.loads(text) == value
