"""``asean-monitor token create|list|revoke``: API tokens (the log keeps only their hash)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import click
from sqlalchemy import select

from monitor.commands import fail, settings_or_exit
from monitor.events import TokenRevoked, token_stream
from monitor.readmodels.tokens import TOKENS
from monitor.service.tokens import created
from monitor.wiring import open_current_store, open_store
from store import NO_STREAM, Metadata


@click.group()
def token() -> None:
    """API tokens for the HTTP service."""


@token.command()
@click.option("--scope", type=click.Choice(["read", "admin"]), required=True)
@click.option("--name", required=True, help="Who or what uses it (shown in lists and logs).")
def create(scope: Literal["read", "admin"], name: str) -> None:
    """Make a token; it is printed once and only its hash is kept."""
    token_id, secret, event = created(name, scope, datetime.now(UTC))
    log = open_store(settings_or_exit())
    log.append(
        token_stream(token_id),
        [event],
        expected_version=NO_STREAM,
        metadata=Metadata(causation_id="cli"),
    )
    log.close()
    click.echo(f"token {token_id} ({scope}) for {name}:")
    click.echo(secret)


@token.command("list")
def list_tokens() -> None:
    log = open_current_store(settings_or_exit())
    with log.reader.connect() as conn:
        rows = conn.execute(select(TOKENS).order_by(TOKENS.c.created_at)).all()
    log.close()
    for row in rows:
        state = f"revoked {row.revoked_at}" if row.revoked_at else "active"
        click.echo(f"{row.token_id}\t{row.scope}\t{row.name}\t{row.created_at}\t{state}")


@token.command()
@click.argument("token_id")
def revoke(token_id: str) -> None:
    log = open_store(settings_or_exit())
    try:
        if log.stream_version(token_stream(token_id)) == 0:
            fail(f"no token {token_id!r} (see `asean-monitor token list`)", 2)
        log.append(
            token_stream(token_id),
            [TokenRevoked(occurred_at=datetime.now(UTC), token_id=token_id)],
            metadata=Metadata(causation_id="cli"),
        )
        click.echo(f"token {token_id} revoked")
    finally:
        log.close()
