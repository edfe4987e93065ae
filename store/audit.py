"""Verification of the hash chain, with or without a signed checkpoint.

``verify`` reads every stored row in position order, re-hashes its exact stored text and
compares it with the stored hash.  It stops at the first problem and names its position in
words a person can act on.  A checkpoint signed outside the database also catches a log that
was rewritten and re-hashed from some point on, or cut short at its end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from store.checkpoints import Checkpoint
from store.codec import GENESIS_HASH
from store.errors import CheckpointError, IntegrityError
from store.log import EventLog

_RESTORE = (
    "Events from there on cannot be trusted: keep this database for investigation, restore "
    "the log from a backup or a replica, and compare the two with `asean-monitor events`."
)


@dataclass(frozen=True, slots=True)
class VerifyReport:
    count: int
    last_position: int
    last_hash: str
    checkpoint_position: int | None = None


def verify_rows(
    rows: Iterable[tuple[Any, ...]], checkpoint: Checkpoint | None = None
) -> VerifyReport:
    """Check the chain over ``rows`` (tuples in :data:`store.sql.COLUMNS` order).

    Raises :class:`IntegrityError` (or :class:`CheckpointError`) naming the first bad position.
    """
    previous = bytes(32)
    expected = 1
    sha256 = hashlib.sha256
    seen_checkpoint = False
    for row in rows:
        position = row[0]
        if position != expected:
            raise _gap(expected, position)
        body = "\x1f".join([str(v) for v in row[:10]]).encode("utf-8")
        digest = sha256(previous + body).digest()
        if digest.hex() != row[10]:
            raise IntegrityError(
                f"position {position}: the stored event does not match its hash. It was changed "
                f"after it was written, or rows were swapped. {_RESTORE}",
                position,
            )
        if checkpoint is not None and position == checkpoint.position:
            _compare(checkpoint, row[10])
            seen_checkpoint = True
        previous = digest
        expected += 1
    if checkpoint is not None and not seen_checkpoint and checkpoint.position > 0:
        raise CheckpointError(
            f"position {expected}: the log ends at position {expected - 1} but the signed "
            f"checkpoint of {checkpoint.created_at} covers up to position {checkpoint.position}. "
            f"Events at the end of the log were removed. {_RESTORE}",
            expected,
        )
    last_hash = previous.hex() if expected > 1 else GENESIS_HASH
    return VerifyReport(
        expected - 1, expected - 1, last_hash, checkpoint.position if checkpoint else None
    )


def _gap(expected: int, found: int) -> IntegrityError:
    if found > expected:
        return IntegrityError(
            f"position {expected}: the event is missing (the next stored position is {found}). "
            f"A row was deleted from the log. {_RESTORE}",
            expected,
        )
    return IntegrityError(
        f"position {expected}: found position {found} out of order. Rows were moved or "
        f"renumbered. {_RESTORE}",
        expected,
    )


def _compare(checkpoint: Checkpoint, stored_hash: str) -> None:
    if stored_hash != checkpoint.hash:
        raise CheckpointError(
            f"position {checkpoint.position}: the log differs from the signed checkpoint of "
            f"{checkpoint.created_at}. History up to that position was rewritten and re-hashed. "
            f"{_RESTORE}",
            checkpoint.position,
        )


def verify_log(log: EventLog, checkpoint: Checkpoint | None = None) -> VerifyReport:
    """Verify every event of ``log`` (see :func:`verify_rows`)."""
    return verify_rows(log.raw_rows(), checkpoint)
