"""Signed checkpoints of the log's head, written outside the database (CLI and daemon)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from store import checkpoints
from store.log import EventLog


def checkpoint_path(directory: Path, position: int) -> Path:
    return directory / f"checkpoint-{position:012d}.json"


def seal(
    log: EventLog,
    key: Path,
    directory: Path,
    now: datetime,
    *,
    out: Path | None = None,
    only_if_new: bool = False,
) -> Path | None:
    """Sign the current head with ``key`` (made if missing) and write the checkpoint file.

    With ``only_if_new`` nothing is written when the head has a checkpoint already."""
    head = log.head()
    target = out or checkpoint_path(directory, head.position)
    if only_if_new and (head.position == 0 or target.exists()):
        return None
    if not key.exists():
        checkpoints.generate_key(key)
    document = checkpoints.sign(head.position, head.hash, now, checkpoints.load_private_key(key))
    checkpoints.write(target, document)
    return target
