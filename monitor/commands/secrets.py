"""``asean-monitor secrets keygen|check``: the key that seals subscription secrets in the log."""

from __future__ import annotations

from pathlib import Path

import click
from cryptography.fernet import Fernet

from alerts.errors import DeliveryError
from alerts.model import SealedTarget
from alerts.redaction import has_secret
from alerts.secrets import SecretsKeyError, key_id, write_key_file
from alerts.subscriptions import load_subscriptions
from monitor.commands import fail, settings_or_exit
from monitor.delivery.secret_keys import keyring
from monitor.wiring import open_current_store


@click.group()
def secrets() -> None:
    """The secrets key: webhook secrets and Apprise URLs are sealed with it in the log."""


@secrets.command()
@click.option("--key", type=click.Path(path_type=Path), help="Key file (default: setting).")
@click.option(
    "--print",
    "to_stdout",
    is_flag=True,
    help="Print a new key for MONITOR_SECRETS_KEY instead of writing a file.",
)
def keygen(key: Path | None, to_stdout: bool) -> None:
    """Make a new secrets key (a file readable by its owner only; never overwritten)."""
    if to_stdout:
        made = Fernet.generate_key()
        click.echo(made.decode("ascii"))
        click.echo(f"key {key_id(made)}: keep it private, apart from the database", err=True)
        return
    path = key or settings_or_exit().secrets_key_file
    if path.exists():
        fail(f"{path} exists already; refusing to overwrite a secrets key", 2)
    try:
        made_ring = write_key_file(path)
    except FileExistsError:
        fail(f"{path} exists already; refusing to overwrite a secrets key", 2)
        return
    except OSError as exc:
        fail(f"{path}: cannot write the secrets key: {exc.strerror}", 2)
        return
    click.echo(
        f"wrote secrets key {path} (key {made_ring.ids[0]}); back it up apart from the "
        "database: without it the secrets sealed with it cannot be read"
    )


@secrets.command()
def check() -> None:
    """Say, for each subscription, whether its secrets can be opened with the key at hand.

    Exit 1 when one cannot (its deliveries fail) or was written in clear before sealing
    (rotate it: docs/security.md)."""
    settings = settings_or_exit()
    try:
        ring = keyring(settings)
    except SecretsKeyError as exc:
        fail(str(exc), 2)
        return
    log = open_current_store(settings)
    try:
        with log.reader.connect() as conn:
            found = load_subscriptions(conn)
    finally:
        log.close()
    click.echo(f"secrets keys: {', '.join(ring.ids) or 'none'} ({ring.where})")
    problems = 0
    for s in found:
        if isinstance(s.target, SealedTarget):
            try:
                ring.open(s.subscription_id, s.target.sealed.model_dump())
            except DeliveryError as exc:
                problems += 1
                click.echo(f"{s.subscription_id}  {s.name}: CANNOT OPEN: {exc}")
                continue
            click.echo(f"{s.subscription_id}  {s.name}: sealed with key {s.target.sealed.key}, ok")
        elif has_secret(s.target.model_dump()):
            problems += 1
            click.echo(
                f"{s.subscription_id}  {s.name}: IN CLEAR in the log (written before sealing): "
                "make it again with a new secret, then delete it (docs/security.md)"
            )
    if problems:
        raise SystemExit(1)
