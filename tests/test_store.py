"""lpsc_cli.store: atomic, never-clobbering writes (even under SIGKILL) and round-trip YAML edits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lpsc_cli.editing.numbers import next_number
from lpsc_cli.errors import RecordError
from lpsc_cli.roundtrip import (
    Layout,
    append_item,
    delete_key,
    dump_roundtrip,
    guess_layout,
    load_roundtrip,
    new_node,
    set_key,
    to_plain,
)
from lpsc_cli.store import replace_unchanged, write_atomic
from lpsc_cli.yamlio import parse


def test_write_atomic_creates_and_refuses_to_overwrite(tmp_path) -> None:
    target = tmp_path / "members" / "a.yaml"
    write_atomic(target, b"id: a\n", overwrite=False, make_parents=True)
    assert target.read_bytes() == b"id: a\n"
    with pytest.raises(RecordError, match="already exists; refusing to overwrite it"):
        write_atomic(target, b"id: b\n", overwrite=False)
    assert target.read_bytes() == b"id: a\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.yaml"]  # no temporary file left behind
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_replace_unchanged_refuses_when_the_file_changed_meanwhile(tmp_path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"id: a\n")
    original = target.read_bytes()
    target.write_bytes(b"id: a\n# edited by a person in the meantime\n")
    with pytest.raises(RecordError, match="changed on disk while the change was prepared; nothing was written"):
        replace_unchanged(target, b"id: a\nname: new\n", original=original)
    assert target.read_bytes() == b"id: a\n# edited by a person in the meantime\n"
    replace_unchanged(target, b"id: a\nname: new\n", original=target.read_bytes())
    assert target.read_bytes() == b"id: a\nname: new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


_WRITER = """
import os, sys, time
sys.path.insert(0, {project!r})
from pathlib import Path
from lpsc_cli.store import write_atomic
slow = sys.argv[2] == "slow"
if slow:
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        print("written", flush=True)
        time.sleep(30)  # killed here: the new bytes are in the temporary file, not yet renamed
    os.fsync = fsync
target = Path(sys.argv[1])
print("ready", flush=True)
turn = 0
while True:
    turn += 1
    payload = (b"B" if turn % 2 else b"A") * (8 * 1024 * 1024)
    write_atomic(target, payload, overwrite=True)
"""


def _writer(tmp_path: Path, target: Path, mode: str) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER.format(project=str(Path(__file__).resolve().parent.parent)), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(target), mode], stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def test_a_writer_killed_between_writing_and_renaming_leaves_the_old_file(tmp_path) -> None:
    target = tmp_path / "case.yaml"
    old = b"id: case-2025-001\nstatus: referred\n"
    target.write_bytes(old)
    process = _writer(tmp_path, target, "slow")
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "written"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert target.read_bytes() == old
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".case.yaml.")]
    assert len(leftovers) == 1 and leftovers[0].stat().st_size == 8 * 1024 * 1024  # the new bytes never landed


def test_a_writer_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path) -> None:
    target = tmp_path / "case.yaml"
    old = b"old\n"
    target.write_bytes(old)
    wholes = {old, b"A" * (8 * 1024 * 1024), b"B" * (8 * 1024 * 1024)}
    seen = set()
    for delay in (0.01, 0.05, 0.12, 0.2, 0.33, 0.5, 2.5):  # the last lets a slow machine finish
        process = _writer(tmp_path, target, "fast")
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        content = target.read_bytes()
        assert content in wholes, f"half-written file after a kill at {delay} s ({len(content)} bytes)"
        seen.add(content[:1])
    assert seen - {b"o"}, "the writer never got a file into place"


def test_guess_layout_reads_the_indentation_a_file_uses() -> None:
    assert guess_layout("a:\n  b: 1\nl:\n  - x\n") == Layout(mapping=2, sequence=4, offset=2)
    assert guess_layout("a:\n    b: 1\nl:\n- x\n") == Layout(mapping=4, sequence=2, offset=0)
    assert guess_layout("attendance:\n- member: x\n  status: y\n") == Layout(mapping=2, sequence=2, offset=0)
    assert guess_layout("id: x\r\nl: [a]\r\n") == Layout(newline="\r\n")


def test_new_values_are_quoted_only_where_yaml_would_misread_them() -> None:
    document = new_node(
        {"id": "x", "start": "10:00", "period": "2025", "number": "1.4", "flag": "true", "day": "2025-03-12",
         "text": "Plain text: with a colon", "empty": "", "count": 3}
    )  # fmt: skip
    document.fa.set_block_style()
    text = dump_roundtrip(document).decode()
    assert text == (
        'id: x\nstart: "10:00"\nperiod: "2025"\nnumber: "1.4"\nflag: "true"\nday: 2025-03-12\n'
        'text: "Plain text: with a colon"\nempty: ""\ncount: 3\n'
    )
    assert parse(text.encode(), "x").data == to_plain(document)


def test_edits_keep_comments_order_quotes_and_blank_lines() -> None:
    before = textwrap.dedent(
        """\
        # Case file kept by the technical secretariat
        id: case-2025-007   # assigned at registration
        status: registered
        subject: {code: 'B.K.', sex: M}

        referral:
          received: "2025-02-10T09:30"
          # the school called first
          referred_by: school-1

        contacts:
          - {date: 2025-03-01, kind: phone}

        notes_kept_elsewhere: true
        """
    )
    document, layout = load_roundtrip(before.encode(), "x")
    order = ("id", "status", "subject", "referral", "registered", "screening", "contacts")
    set_key(document, "status", "assessment", order)
    set_key(document, "screening", {"date": "2025-02-14", "outcome": "eligible"}, order)
    set_key(document["referral"], "emergency", False, ("received", "referred_by", "emergency"))
    append_item(document, "contacts", {"date": "2025-03-20", "kind": "home-visit"})
    assert dump_roundtrip(document, layout).decode() == textwrap.dedent(
        """\
        # Case file kept by the technical secretariat
        id: case-2025-007   # assigned at registration
        status: assessment
        subject: {code: 'B.K.', sex: M}

        referral:
          received: "2025-02-10T09:30"
          # the school called first
          referred_by: school-1
          emergency: false
        screening: {date: 2025-02-14, outcome: eligible}

        contacts:
          - {date: 2025-03-01, kind: phone}
          - {date: 2025-03-20, kind: home-visit}

        notes_kept_elsewhere: true
        """
    )


def test_delete_key_keeps_the_separation_that_followed_it() -> None:
    document, layout = load_roundtrip(b"a: 1\nb: 2\n\nc: 3\n", "x")
    delete_key(document, "b")
    assert dump_roundtrip(document, layout) == b"a: 1\n\nc: 3\n"


def test_crlf_and_byte_order_mark_survive_an_edit() -> None:
    document, layout = load_roundtrip(b"\xef\xbb\xbfid: x\r\nl:\r\n- a\r\n", "x")
    append_item(document, "l", "b")
    assert dump_roundtrip(document, layout) == b"\xef\xbb\xbfid: x\r\nl:\r\n- a\r\n- b\r\n"


def test_files_that_cannot_be_edited_are_named() -> None:
    with pytest.raises(RecordError, match=r"x\.yaml: cannot be edited: it is not valid YAML"):
        load_roundtrip(b"id: [\n", "x.yaml")
    with pytest.raises(RecordError, match=r"x\.yaml: cannot be edited: a record is a YAML mapping"):
        load_roundtrip(b"- a\n", "x.yaml")
    with pytest.raises(RecordError, match=r"x\.yaml: the file is not UTF-8 text"):
        load_roundtrip(b"id: \xff\n", "x.yaml")


def test_next_number_takes_the_highest_used() -> None:
    import re

    pattern = re.compile(r"case-2025-(\d+)\.yaml")
    assert next_number({"case-2025-001.yaml", "case-2025-010.yaml", "case-2024-099.yaml", "x.yaml"}, pattern) == 11
    assert next_number(set(), pattern) == 1
