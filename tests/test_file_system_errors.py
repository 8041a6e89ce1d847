"""Files on Windows-like and unkind file systems: no hard links, read-only folders, full disks,
devices and pipes named with `-o`; what the computer refuses is exit 2 naming the path, and a
bug is exit 3."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

import lpsc_cli.privacy as privacy
from lpsc_cli.cli.common import Written, privacy_note, write_file
from lpsc_cli.errors import INTERNAL_ERROR_EXIT, FileSystemError, RecordError
from lpsc_cli.store import write_atomic


def _no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """`os.link` as on FAT/exFAT and some network shares."""

    def refuse(*_: Any, **__: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_records_are_created_without_hard_links_and_never_clobbered(tmp_path: Path, monkeypatch) -> None:
    _no_hard_links(monkeypatch)
    target = tmp_path / "cases" / "2026" / "case-2026-001.yaml"
    write_atomic(target, b"id: case-2026-001\n", overwrite=False, make_parents=True)
    assert target.read_bytes() == b"id: case-2026-001\n"
    assert stat.S_IMODE(target.stat().st_mode) != 0o600  # an ordinary file, not the claim's mode
    with pytest.raises(RecordError, match="already exists"):
        write_atomic(target, b"id: other\n", overwrite=False)
    assert target.read_bytes() == b"id: case-2026-001\n"
    assert _leftovers(target.parent) == []


def test_the_record_commands_work_without_hard_links(runner, app, make_repo, monkeypatch) -> None:
    _no_hard_links(monkeypatch)
    repo = make_repo()
    repo.add("institution", {"id": "police", "name": "Police", "sector": "police"})
    args = ["institution", "add", "--repo", str(repo.root), "--no-commit"]
    first = runner.invoke(app, [*args, "school", "--name", "School", "--sector", "education"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, [*args, "school", "--name", "Other", "--sector", "education"])
    assert again.exit_code != 0
    assert "School" in (repo.root / "institutions" / "school.yaml").read_text(encoding="utf-8")


def test_without_hard_links_one_of_many_concurrent_writers_creates_the_file(tmp_path: Path, monkeypatch) -> None:
    _no_hard_links(monkeypatch)
    target = tmp_path / "case-2026-001.yaml"
    outcomes: dict[int, str] = {}
    start = threading.Barrier(8)

    def writer(number: int) -> None:
        start.wait()
        try:
            write_atomic(target, f"writer: {number}\n".encode(), overwrite=False)
            outcomes[number] = "created"
        except RecordError:
            outcomes[number] = "refused"

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [n for n, outcome in outcomes.items() if outcome == "created"]
    assert len(outcomes) == 8 and len(winners) == 1
    assert target.read_text() == f"writer: {winners[0]}\n"
    assert _leftovers(tmp_path) == []


def test_a_claimed_name_written_by_another_program_is_left_alone(tmp_path: Path, monkeypatch) -> None:
    """Between the exclusive create and the rename, someone writes the new file: it is kept."""
    _no_hard_links(monkeypatch)
    target = tmp_path / "theirs.yaml"
    real_open = os.open

    def open_then_race(path: Any, flags: int, *rest: Any, **kw: Any) -> int:
        fd = real_open(path, flags, *rest, **kw)
        if Path(path) == target and flags & os.O_EXCL:
            with open(target, "wb") as other:
                other.write(b"their words\n")
        return fd

    monkeypatch.setattr(os, "open", open_then_race)
    with pytest.raises(RecordError, match="another program"):
        write_atomic(target, b"mine\n", overwrite=False)
    assert target.read_bytes() == b"their words\n"
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_leaves_no_placeholder(tmp_path: Path, monkeypatch) -> None:
    _no_hard_links(monkeypatch)

    def refuse(*_: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "new.yaml"
    with pytest.raises(FileSystemError, match=str(target)):
        write_atomic(target, b"data\n", overwrite=False)
    assert not target.exists()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EACCES, "may not write there"),
        (errno.EROFS, "read-only"),
        (errno.EPERM, "immutable"),  # chattr +i
    ],
)
def test_a_refused_write_names_the_file_and_keeps_the_old_one(tmp_path: Path, monkeypatch, number, words) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old\n")

    def fail(*_: Any) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(FileSystemError) as caught:
        write_atomic(target, b"new\n", overwrite=True)
    assert str(target) in str(caught.value) and words in str(caught.value)
    assert caught.value.exit_code == 2
    assert target.read_bytes() == b"old\n"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_under_o_is_exit_2_naming_the_file(runner, app, tmp_path: Path, monkeypatch) -> None:
    def full(*_: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "list.txt"
    result = runner.invoke(app, ["kpi", "--repo", str(_example(tmp_path)), "--as-of", "2026-01-15", "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"cannot write {target}" in result.output and "disk is full" in result.output
    assert "internal error" not in result.output and "bug" not in result.output


def _example(tmp_path: Path) -> Path:
    import shutil

    from tests.support.repos import EXAMPLE

    copy = tmp_path / "elbasan"
    if not copy.exists():
        shutil.copytree(EXAMPLE, copy)
    return copy


def test_a_read_only_o_folder_is_exit_2_naming_the_file(runner, app, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.name != "posix" or os.access(folder, os.W_OK):  # root writes anywhere: refuse as the OS would

        def refused(*_: Any, dir: Any = None, **__: Any) -> None:
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))

        monkeypatch.setattr(tempfile, "mkstemp", refused)
    try:
        result = runner.invoke(app, ["kpi", "--repo", str(_example(tmp_path)), "-o", str(folder / "kpi.txt")])
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 2, result.output
    assert f"cannot write {folder / 'kpi.txt'}" in result.output and "may not write there" in result.output
    assert "internal error" not in result.output and not (folder / "kpi.txt").exists()


def test_a_read_only_file_is_not_replaced(runner, app, tmp_path: Path) -> None:
    target = tmp_path / "kpi.txt"
    target.write_text("kept\n")
    target.chmod(0o444)
    result = runner.invoke(app, ["kpi", "--repo", str(_example(tmp_path)), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"cannot write {target}: the file is read-only" in result.output
    assert target.read_text() == "kept\n"


def test_a_file_open_in_another_program_is_exit_2(runner, app, tmp_path: Path, monkeypatch) -> None:
    """On Windows a `.docx` open in Word cannot be replaced: PermissionError on the rename."""

    def locked(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    target = tmp_path / "annual.md"
    target.write_text("open in Word\n")
    result = runner.invoke(app, ["kpi", "--repo", str(_example(tmp_path)), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert str(target) in result.output and "internal error" not in result.output
    assert target.read_text() == "open in Word\n"


# --- -o never replaces devices, pipes or links --------------------------------------------------


def test_o_writes_through_a_character_device(runner, app, tmp_path: Path) -> None:
    before = os.stat(os.devnull)
    assert write_file(Path(os.devnull), b"nothing") == Written(Path(os.devnull), through=True, owner_only=False)
    result = runner.invoke(app, ["kpi", "--repo", str(_example(tmp_path)), "-o", os.devnull])
    assert result.exit_code == 0, result.output
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_mode == before.st_mode and after.st_ino == before.st_ino


def test_o_dev_stdout_stays_a_link(tmp_path: Path) -> None:
    """`-o /dev/stdout` (here: a link to a pipe) writes into the pipe; the link stays."""
    if not Path("/dev/stdout").is_symlink():
        pytest.skip("needs /dev/stdout as a link")
    import subprocess

    code = (
        "from pathlib import Path; from lpsc_cli.cli.common import write_file; write_file(Path('/dev/stdout'), b'ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, timeout=600, stdin=subprocess.DEVNULL
    )
    assert done.stdout == b"ok"
    assert Path("/dev/stdout").is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_o_writes_into_a_named_pipe_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    written = write_file(fifo, b"sealed data in clear\n", private=True)
    reader.join(timeout=30)
    assert received == [b"sealed data in clear\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert written.through and not written.owner_only
    assert "pipe" in privacy_note(written.owner_only, through=written.through)


def test_o_through_a_link_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    written = write_file(link, b"new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert written.path == real


def test_write_atomic_refuses_to_replace_what_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(FileSystemError, match="not a regular file"):
        write_atomic(Path(os.devnull), b"x", overwrite=True)
    with pytest.raises(FileSystemError, match="is a folder"):
        write_atomic(tmp_path, b"x", overwrite=True)


# --- files only their owner may read ------------------------------------------------------------


def test_private_on_windows_restricts_the_access_list_with_icacls(tmp_path: Path, monkeypatch) -> None:
    calls: list[list[str]] = []

    class Done:
        returncode = 0

    monkeypatch.setattr(privacy, "WINDOWS", True)
    monkeypatch.setattr(privacy.shutil, "which", lambda name: "C:/Windows/System32/icacls.exe")
    monkeypatch.setattr(privacy.subprocess, "run", lambda args, **_: calls.append(args) or Done())
    monkeypatch.setenv("USERNAME", "arta")
    monkeypatch.setenv("USERDOMAIN", "BASHKIA")
    assert write_atomic(tmp_path / "referral.md", b"clear", overwrite=True, private=True)
    assert calls and calls[0][2:] == ["/inheritance:r", "/grant:r", "BASHKIA\\arta:F"]
    assert calls[0][1].endswith(".tmp")  # restricted before it takes its name


def test_private_on_windows_without_icacls_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(privacy, "WINDOWS", True)
    monkeypatch.setattr(privacy.shutil, "which", lambda name: None)
    assert not write_atomic(tmp_path / "referral.md", b"clear", overwrite=True, private=True)
    note = privacy_note(False)
    assert "0600" not in note and "other users" in note


def test_private_on_posix_is_0600_and_reported(tmp_path: Path) -> None:
    if privacy.WINDOWS:
        pytest.skip("POSIX modes")
    target = tmp_path / "referral.md"
    assert write_atomic(target, b"clear", overwrite=True, private=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert privacy_note(True) == "readable by you only"


# --- exit codes of the entry point -------------------------------------------------------------


def _main_exit(monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> tuple[int, str]:
    import io

    import lpsc_cli.cli.app as app_module
    from lpsc_cli.cli.main import main

    def crash(**_: Any) -> None:
        raise failure

    err = io.StringIO()
    monkeypatch.setattr(app_module, "app", crash)
    monkeypatch.setattr(sys, "argv", ["lpsc", "kpi"])
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.delenv("LPSC_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0), err.getvalue()


def test_an_os_error_anywhere_is_exit_2_naming_the_path(monkeypatch) -> None:
    code, message = _main_exit(monkeypatch, PermissionError(errno.EACCES, "Permission denied", "C:/x/annual.docx"))
    assert code == 2
    assert message.startswith("lpsc: C:/x/annual.docx: Permission denied") and "bug" not in message


def test_a_bug_is_exit_3(monkeypatch) -> None:
    code, message = _main_exit(monkeypatch, ZeroDivisionError("division by zero"))
    assert code == INTERNAL_ERROR_EXIT == 3
    assert "internal error: ZeroDivisionError" in message and "LPSC_DEBUG=1" in message
