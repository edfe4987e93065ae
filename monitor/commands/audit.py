"""``asean-monitor audit``: signed checkpoints and verification of the hash chain."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from monitor.commands import fail, settings_or_exit
from monitor.commands.audit_trail import trail
from monitor.sealing import seal
from monitor.wiring import open_store
from store import checkpoints
from store.audit import verify_log
from store.errors import IntegrityError


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
    checkpoints.generate_key(path)
    click.echo(f"wrote signing key {path} (keep it private; share `audit public-key`)")


@audit.command("public-key")
@click.option("--key", type=click.Path(path_type=Path), help="Private key (default: setting).")
def public_key(key: Path | None) -> None:
    """Print the public key that verifies this installation's checkpoints."""
    path = key or settings_or_exit().signing_key
    click.echo(checkpoints.public_pem(checkpoints.load_public_key(path)).decode(), nl=False)


@audit.command()
@click.option("--key", type=click.Path(path_type=Path), help="Private key (default: setting).")
@click.option("--out", type=click.Path(path_type=Path), help="Checkpoint file to write.")
def checkpoint(key: Path | None, out: Path | None) -> None:
    """Sign the log's current head and write it to a file outside the database."""
    settings = settings_or_exit()
    path = key or settings.signing_key
    if not path.exists():
        click.echo(f"making a new signing key {path}", err=True)
    log = open_store(settings)
    try:
        target = seal(log, path, settings.checkpoint_dir, datetime.now(UTC), out=out)
        position = log.head().position
    finally:
        log.close()
    click.echo(f"checkpoint at position {position} written to {target}")


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
    """Re-hash the whole log; exit 1 naming the first bad position."""
    settings = settings_or_exit()
    log = open_store(settings)
    try:
        mark = None
        if checkpoint_file is not None:
            trusted = checkpoints.load_public_key(public_key or settings.signing_key)
            mark = checkpoints.read(checkpoint_file, trusted)
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
