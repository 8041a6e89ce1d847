"""Writing files atomically and never clobbering: the one place lpsc puts bytes on disk.

Bytes go to a temporary file in the target's folder, are flushed and fsynced, then moved into
place, so a reader (or a crash) sees the old file or the new one, never half of one. New files
are linked into place (`os.link` refuses an existing name, so two writers can never both
create the same file); changed files are replaced only if the file on disk still holds the
bytes the change was computed from. Editing the YAML itself is `lpsc_cli.roundtrip`'s; the
repository's write lock is `lpsc_cli.cache`'s.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from lpsc_cli.errors import LpscError, RecordError

#: Mode of files only their owner may read (decrypted case data).
_PRIVATE = 0o600


def write_atomic(
    path: Path, data: bytes, *, overwrite: bool, make_parents: bool = False, private: bool = False
) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then moved
    into place: with `os.replace` when `overwrite`, else with `os.link`, which fails if the
    target exists — so two writers can never both create the same file.

    `make_parents` creates missing folders: only for record files, whose folders lpsc manages
    (`cases/2026/`); for anything else a missing folder is an error that names it, so a typo in
    `-o` never creates folders. `private` gives the file mode 0600 (owner only), also when it
    replaces a file that had another mode: for output that holds sealed data in clear.
    """
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise LpscError(f"cannot write {path}: the folder {path.parent} does not exist (create it first)")
    mode = _PRIVATE if private else _file_mode(path) if overwrite else _new_file_mode()
    tmp = _temporary_copy(path, data, mode=mode)
    try:
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise RecordError(f"{path}: already exists; refusing to overwrite it") from None
            finally:
                tmp.unlink(missing_ok=True)
        _sync_folder(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_unchanged(path: Path, data: bytes, *, original: bytes) -> None:
    """Replace the file at `path` with `data`, but only if it still holds `original`.

    A change is computed from the bytes a command read; if someone saved the file in between,
    writing would silently drop their edit. The comparison happens after the new bytes are
    safely on disk in the temporary file, immediately before the rename.
    """
    tmp = _temporary_copy(path, data, mode=_file_mode(path))
    try:
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            raise RecordError(
                f"{path}: the file was removed while the change was prepared; nothing was written"
            ) from None
        if digest(current) != digest(original):
            raise RecordError(
                f"{path}: the file changed on disk while the change was prepared; nothing was written "
                "(run the command again to apply it to the new version)"
            )
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _temporary_copy(path: Path, data: bytes, *, mode: int) -> Path:
    """`data` in a durable temporary file beside `path` (same file system, so a rename is atomic)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _new_file_mode() -> int:
    """The mode an ordinary new file gets (mkstemp's own 0600 would hide records from the group)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return _new_file_mode()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no folder handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
