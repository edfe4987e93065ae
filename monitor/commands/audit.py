"""``asean-monitor audit``: signed checkpoints and verification of the hash chain."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from monitor.audit.checkpoints import (
    CheckpointExistsError,
    CheckpointSigningError,
    sign_checkpoint,
    signing_key,
)
from monitor.commands import fail, settings_or_exit
from monitor.commands.audit_trail import trail
from monitor.wiring import open_store
from store import checkpoints
from store.audit import verify_log
from store.errors import CheckpointError, IntegrityError
from store.log import Head


@click.group()
def audit() -> None:
    """Prove the event log was not rewritten, and trace why an alert fired."""


audit.add_command(trail)


@audit.command()
@click.option("--key", type=click.Path(path_type=Path), help="Private key (default: setting).")
def keygen(key: Path | None) -> None:
    """Make a new Ed25519 signing key for checkpoints."""
    path = key or settings_or_exit().signing_key
    if path.exists():
        fail(f"{path} exists already; refusing to overwrite a signing key", 2)
    try:
        checkpoints.generate_key(path)
    except OSError as exc:
        fail(f"{path}: cannot write the signing key: {exc.strerror}", 2)
    click.echo(f"wrote signing key {path} (keep it private; share `audit public-key`)")


@audit.command("public-key")
@click.option("--key", type=click.Path(path_type=Path), help="Private key (default: setting).")
def public_key(key: Path | None) -> None:
    """Print the public key that verifies this installation's checkpoints."""
    path = key or settings_or_exit().signing_key
    click.echo(checkpoints.public_pem(_signing_key(path).public_key()).decode(), nl=False)


@audit.command()
@click.option("--key", type=click.Path(path_type=Path), help="Private key (default: setting).")
@click.option("--out", type=click.Path(path_type=Path), help="Checkpoint file to write (new).")
def checkpoint(key: Path | None, out: Path | None) -> None:
    """Sign the log's current head and write it to a new file outside the database.

    Never makes a key (see `audit keygen`) and never overwrites a file: when the head's
    checkpoint exists already it is reported and left as it is (exit 0 if this key signed
    it, 1 if not); an existing --out is refused (exit 2)."""
    settings = settings_or_exit()
    path = key or settings.signing_key
    _signing_key(path)  # a missing or bad key is reported before the store is opened
    log = open_store(settings)
    try:
        target = sign_checkpoint(log, path, settings.checkpoint_dir, datetime.now(UTC), out=out)
    except CheckpointExistsError as exc:
        if out is not None:
            fail(f"{exc}; choose another --out", 2)
        _report_existing(exc.path, path, log.head())
        return
    except CheckpointSigningError as exc:
        fail(str(exc), 2)
        return
    finally:
        log.close()
    if target is not None:  # always: only only_if_new returns None
        position = checkpoints.load(target).body["position"]
        click.echo(f"checkpoint at position {position} written to {target}")


def _signing_key(path: Path) -> Ed25519PrivateKey:
    """The private key at ``path``, or exit 2 with one line naming it (never made here)."""
    try:
        return signing_key(path)
    except CheckpointSigningError as exc:
        fail(str(exc), 2)
        raise


def _report_existing(target: Path, key: Path, head: Head) -> None:
    """The head's checkpoint exists: say so, or exit 1 if it is not this key's or this log's."""
    try:
        existing = checkpoints.read(target, checkpoints.load_public_key(key))
    except CheckpointError as exc:
        fail(f"FAILED: {target} exists already and is left unchanged, but: {exc}", 1)
        return
    if existing.position == head.position and existing.hash != head.hash:
        fail(
            f"FAILED: {target} exists already and is left unchanged, but the log's hash at "
            f"position {head.position} differs from it; run `asean-monitor audit verify "
            f"--checkpoint {target}`",
            1,
        )
    click.echo(
        f"checkpoint at position {existing.position} exists already at {target} "
        f"(signed {existing.created_at} by key {existing.key_id}); left unchanged"
    )


@audit.command()
@click.option(
    "--checkpoint",
    "checkpoint_file",
    type=click.Path(path_type=Path),
    help="A signed checkpoint the log must agree with.",
)
@click.option(
    "--public-key",
    type=click.Path(path_type=Path),
    help="Trusted key for the checkpoint (default: the signing key's public half).",
)
def verify(checkpoint_file: Path | None, public_key: Path | None) -> None:
    """Re-hash the whole log; exit 1 naming the first bad position.

    An unusable --public-key or --checkpoint file (unreadable, not a key or not a checkpoint)
    is a usage error (exit 2); a checkpoint not signed by the trusted key, or one the log
    disagrees with, fails the verification (exit 1)."""
    settings = settings_or_exit()
    given = None
    if checkpoint_file is not None:
        trusted = _public_key(public_key or settings.signing_key, hint=public_key is None)
        given = (_load_checkpoint(checkpoint_file), trusted)
    log = open_store(settings)
    try:
        mark = checkpoints.check(*given) if given is not None else None
        report = verify_log(log, mark)
    except IntegrityError as exc:
        fail(f"FAILED: {exc}")
        return
    finally:
        log.close()
    against = f"; agrees with the checkpoint at {mark.position}" if mark else ""
    click.echo(
        f"OK: {report.count} events verified, head {report.last_position} "
        f"hash {report.last_hash}{against}"
    )


def _public_key(path: Path, *, hint: bool = False) -> Ed25519PublicKey:
    """The key at ``path`` (public PEM or private PEM), or exit 2 with one line naming it."""
    try:
        return checkpoints.load_public_key(path)
    except CheckpointError as exc:
        more = " (or give the auditor's public key with --public-key)" if hint else ""
        fail(f"{exc}{more}", 2)
        raise


def _load_checkpoint(path: Path) -> checkpoints.SignedDocument:
    try:
        return checkpoints.load(path)
    except CheckpointError as exc:
        fail(str(exc), 2)
        raise
