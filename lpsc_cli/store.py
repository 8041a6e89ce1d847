"""Writing files atomically and never clobbering: the one place lpsc puts bytes on disk.

Bytes go to a temporary file in the target's folder, are flushed and fsynced, then moved into
place, so a reader (or a crash) sees the old file or the new one, never half of one. A new
file never replaces an existing one (`write_atomic` says how, with and without hard links);
a changed file is replaced only if the file on disk still holds the bytes the change was
computed from. Editing the YAML itself is `lpsc_cli.roundtrip`'s; the
repository's write lock is `lpsc_cli.cache`'s.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

from lpsc_cli.errors import FileSystemError, LpscError, RecordError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.privacy import restrict_to_owner


def write_atomic(
    path: Path, data: bytes, *, overwrite: bool, make_parents: bool = False, private: bool = False
) -> bool:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then moved
    into place. With `overwrite` that is `os.replace`. Without it, the file must not exist and
    two writers must never both create it ("never clobber"):

    - where the file system has hard links, `os.link` puts the temporary file in place; it
      fails if the name exists, and a reader sees no file or the whole file;
    - where it has none (FAT/exFAT sticks, some network shares: `os.link` fails), the name is
      first claimed with an exclusive create (`O_CREAT|O_EXCL`, which fails if it exists), and
      the complete temporary file is renamed over that empty placeholder only while it is still
      the placeholder (same file, still empty). Between the two steps a reader may see an empty
      file, and a crash in that instant leaves one; never a half-written file, and never a
      file of someone else's replaced.

    Only regular files are replaced, and not when marked read-only: a folder, device, pipe or
    socket at `path` is refused (`-o` writes through devices and pipes itself, see
    `lpsc_cli.cli.common.write_file`).
    What the computer refuses (a read-only folder, a file open in another program, a full
    disk) is a `FileSystemError` naming the path.

    `make_parents` creates missing folders: only for record files, whose folders lpsc manages
    (`cases/2026/`); for anything else a missing folder is an error that names it, so a typo in
    `-o` never creates folders. `private` makes the file readable by its owner only (mode 0600;
    on Windows an access list for the current user), set on the temporary file before it is
    moved into place, also when it replaces a file that was readable by others. Returns whether
    the file is readable by its owner only (False when `private` was not asked or could not be
    set, as on a file system without permissions).
    """
    try:
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise LpscError(
                _("cannot write {path}: the folder {folder} does not exist (create it first)").format(
                    path=path, folder=path.parent
                )
            )
        _refuse_special(path)
        mode = _file_mode(path) if overwrite else _new_file_mode()
        tmp, owner_only = _temporary_copy(path, data, mode=mode, private=private)
        try:
            if overwrite:
                os.replace(tmp, path)
            else:
                _create_from(tmp, path)
            _sync_folder(path.parent)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise FileSystemError(
            _("cannot write {path}: {reason}").format(path=path, reason=describe_os_error(exc))
        ) from exc
    return owner_only


def describe_os_error(exc: OSError) -> str:
    """Why the computer refused, in words a person can act on (the path is named by the caller)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _OS_ERROR_HINTS.get(exc.errno or 0, "")
    if isinstance(exc, PermissionError) and os.name == "nt":
        hint = _WINDOWS_PERMISSION_HINT
    return f"{reason} ({_(hint)})" if hint else reason


_WINDOWS_PERMISSION_HINT = N_("is the file open in another program (Word, Excel), read-only, or in a protected folder?")


_OS_ERROR_HINTS = {
    errno.ENOSPC: N_("the disk is full: free some space and run the command again"),
    errno.EDQUOT: N_("your disk quota is used up"),
    errno.EROFS: N_("the disk or share is mounted read-only"),
    errno.EACCES: N_("you may not write there: check the permissions of the file and its folder"),
    errno.EPERM: N_("the file or folder may be read-only or immutable"),
    errno.ENAMETOOLONG: N_("the name is too long for this file system"),
}


def _refuse_special(path: Path) -> None:
    """Refuse to replace anything but a regular file (a folder, a device, a pipe, a socket), and
    a file marked read-only: a rename would replace it on POSIX, where Windows refuses."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISDIR(status.st_mode):
        raise FileSystemError(_("cannot write {path}: it is a folder").format(path=path))
    if not stat.S_ISREG(status.st_mode):
        raise FileSystemError(
            _("cannot write {path}: it is not a regular file (a device, pipe or socket)").format(path=path)
        )
    if not status.st_mode & 0o222:
        raise FileSystemError(
            _("cannot write {path}: the file is read-only (make it writable, or choose another name)").format(path=path)
        )


def _create_from(tmp: Path, path: Path) -> None:
    """Move the complete file `tmp` to the new name `path`, never replacing an existing file."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise _exists(path) from None
    except OSError:
        pass  # no hard links on this file system: claim the name, then rename over the claim
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise _exists(path) from None
    try:
        claim = os.fstat(fd)
    finally:
        os.close(fd)
    try:
        if not _is_claim(path, claim):
            raise RecordError(
                _("{path}: another program wrote the file meanwhile; refusing to overwrite it").format(path=path)
            )
        os.replace(tmp, path)
    except BaseException:
        if _is_claim(path, claim):
            path.unlink(missing_ok=True)
        raise


def _exists(path: Path) -> RecordError:
    return RecordError(_("{path}: already exists; refusing to overwrite it").format(path=path))


def _is_claim(path: Path, claim: os.stat_result) -> bool:
    """Whether `path` is still the empty placeholder created as `claim`."""
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (claim.st_dev, claim.st_ino) and now.st_size == 0


def replace_unchanged(path: Path, data: bytes, *, original: bytes) -> None:
    """Replace the file at `path` with `data`, but only if it still holds `original`.

    A change is computed from the bytes a command read; if someone saved the file in between,
    writing would silently drop their edit. The comparison happens after the new bytes are
    safely on disk in the temporary file, immediately before the rename.
    """
    tmp, _owner_only = _temporary_copy(path, data, mode=_file_mode(path))
    try:
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            raise RecordError(
                _("{path}: the file was removed while the change was prepared; nothing was written").format(path=path)
            ) from None
        if digest(current) != digest(original):
            raise RecordError(
                _(
                    "{path}: the file changed on disk while the change was prepared; nothing was written "
                    "(run the command again to apply it to the new version)"
                ).format(path=path)
            )
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _temporary_copy(path: Path, data: bytes, *, mode: int, private: bool = False) -> tuple[Path, bool]:
    """`data` in a durable temporary file beside `path` (same file system, so a rename is atomic).

    Returns the file and whether it is readable by its owner only (see `write_atomic`).
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        owner_only = restrict_to_owner(tmp) if private else False
        if os.name == "posix" and not private:
            os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, owner_only


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
