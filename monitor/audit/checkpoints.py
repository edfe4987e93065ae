"""Signed checkpoints of the log's head, written outside the database (CLI and daemon).

Two rules hold for every caller:

- A signing key is made only when asked (``create_key=True``; the CLI's ``audit keygen``, or
  the daemon's first run through :func:`daemon_signer`).  A missing key is otherwise a
  :class:`CheckpointSigningError` naming the file and the command that makes one.
- A checkpoint file is never overwritten (:func:`store.checkpoints.write` links a fsynced
  temporary file to its name), so an existing checkpoint keeps its bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from monitor.errors import MonitorError
from store import checkpoints
from store.errors import CheckpointError
from store.log import EventLog

PATTERN = "checkpoint-*.json"


class CheckpointSigningError(MonitorError):
    """A checkpoint could not be written; the message names the file and what was expected."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class CheckpointExistsError(CheckpointSigningError):
    """The checkpoint file exists already; it was left as it is."""


def checkpoint_path(directory: Path, position: int) -> Path:
    return directory / f"checkpoint-{position:012d}.json"


def has_checkpoints(directory: Path) -> bool:
    """Whether ``directory`` holds any checkpoint file (a missing directory holds none)."""
    return directory.is_dir() and any(directory.glob(PATTERN))


def missing_key(key: Path) -> CheckpointSigningError:
    return CheckpointSigningError(
        f"{key}: no signing key there; make one with `asean-monitor audit keygen` "
        "(or point MONITOR_SIGNING_KEY or --key at the existing key)",
        key,
    )


def signing_key(key: Path, *, create: bool = False) -> Ed25519PrivateKey:
    """The private key at ``key``, made there first only when ``create`` and it is missing."""
    if not key.exists():
        if not create:
            raise missing_key(key)
        try:
            return checkpoints.generate_key(key)
        except OSError as exc:
            raise CheckpointSigningError(
                f"{key}: cannot write a new signing key: {exc.strerror}", key
            ) from exc
    try:
        return checkpoints.load_private_key(key)
    except CheckpointError as exc:
        raise CheckpointSigningError(str(exc), key) from exc


def sign_checkpoint(
    log: EventLog,
    key: Path,
    directory: Path,
    now: datetime,
    *,
    out: Path | None = None,
    only_if_new: bool = False,
    create_key: bool = False,
) -> Path | None:
    """Sign the current head with ``key`` and write the checkpoint file; return its path.

    ``key`` is made only with ``create_key``; otherwise a missing or bad key raises
    :class:`CheckpointSigningError`.  An existing target raises :class:`CheckpointExistsError`,
    or with ``only_if_new`` returns None (as does an empty log): nothing is ever overwritten."""
    head = log.head()
    target = out or checkpoint_path(directory, head.position)
    if only_if_new and (head.position == 0 or target.exists()):
        return None
    private = signing_key(key, create=create_key)
    document = checkpoints.sign(head.position, head.hash, now, private)
    try:
        checkpoints.write(target, document)
    except FileExistsError as exc:
        if only_if_new:
            return None
        raise CheckpointExistsError(
            f"{target}: a checkpoint file exists there already; it is left unchanged", target
        ) from exc
    except OSError as exc:
        raise CheckpointSigningError(
            f"{target}: cannot write the checkpoint: {exc.strerror}", target
        ) from exc
    return target


def daemon_signer(
    log: EventLog, key: Path, directory: Path, clock: Callable[[], datetime]
) -> Callable[[], Path | None]:
    """The daemon's periodic signer: a new checkpoint when the head moved, else None.

    The key is made only on a first run: when neither the key file nor any checkpoint in
    ``directory`` exists.  Once checkpoints exist, a missing key raises
    :class:`CheckpointSigningError` (a new key would sign checkpoints that the old public key
    cannot verify).  Logs nothing."""

    def signer() -> Path | None:
        if key.exists():
            return sign_checkpoint(log, key, directory, clock(), only_if_new=True)
        if has_checkpoints(directory):
            raise missing_key(key)
        return sign_checkpoint(log, key, directory, clock(), only_if_new=True, create_key=True)

    return signer
