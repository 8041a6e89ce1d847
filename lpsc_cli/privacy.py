"""Files only their owner may read: mode 0600 on POSIX, a cut-down access list on Windows.

Decrypted case data and private keys must not be readable by the other users of a computer.
On POSIX that is the file's mode. Windows has no such mode (`os.chmod` only sets the read-only
flag): there the file's access list is reduced to the current user with `icacls`, which ships
with Windows. Whether the restriction holds is returned, never assumed, so that a command
never claims a protection it could not set (a FAT/exFAT stick has no permissions at all).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

#: Whether files are protected with access lists (Windows) rather than modes; a test may patch it.
WINDOWS = os.name == "nt"
#: The mode of a file only its owner may read and write.
OWNER_ONLY = 0o600


def restrict_to_owner(path: Path) -> bool:
    """Make `path` readable and writable by the current user only; whether that now holds."""
    if WINDOWS:
        return _restrict_access_list(path)
    try:
        os.chmod(path, OWNER_ONLY)
        # Some file systems (vfat mounted with `quiet`) accept chmod and ignore it: look again.
        return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
    except OSError:
        return False


def _restrict_access_list(path: Path) -> bool:
    """Windows: drop inherited entries and grant the current user alone full control."""
    icacls = shutil.which("icacls")
    user = os.environ.get("USERNAME")
    if icacls is None or not user:
        return False
    domain = os.environ.get("USERDOMAIN")
    account = f"{domain}\\{user}" if domain else user
    try:
        done = subprocess.run(
            [icacls, str(path), "/inheritance:r", "/grant:r", f"{account}:F"],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
