"""Files and directories the daemon makes are its own: ``0600`` files, ``0700`` directories.

The event log (SQLite file, its ``-wal``/``-shm`` and lock files), the signing and secrets keys
and the checkpoints are made through these helpers, whatever the process's umask.  Only what is
made here gets these modes: a directory or file that exists already keeps the modes its owner
gave it (``data/`` may be shared on purpose; see docs/security.md to tighten an old one).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PRIVATE_DIR", "PRIVATE_FILE", "private_dir", "private_file"]

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> None:
    """Make ``path`` and each missing parent with mode ``0700``; existing ones are left as
    they are."""
    missing: list[Path] = []
    current = Path(path)
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs to keep
        os.chmod(directory, PRIVATE_DIR)  # mkdir's mode passes through the umask


def private_file(path: Path) -> None:
    """Make ``path`` empty with mode ``0600`` if it does not exist (in a private directory
    made as needed); an existing file is left as it is."""
    private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    try:
        os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)
