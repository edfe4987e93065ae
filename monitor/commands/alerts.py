"""``alerts list|retry|dispatch``: the alerts in the outbox."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from alerts.outbox import ALERTS
from alerts.redaction import redact_text
from monitor.commands import as_daemon, fail, settings_or_exit
from monitor.delivery.requeue import RequeueRefusedError, requeue_alert
from monitor.readmodels.prefixes import IdError, resolve_prefix
from monitor.wiring import assemble_alerting, leases_for, open_current_store
from store.sql import SqlEventLog


@click.group()
def alerts() -> None:
    """Alerts in the outbox: list them, send dead letters again."""


@alerts.command("list")
@click.option("--status", type=click.Choice(["pending", "held", "failed", "dead", "delivered"]))
@click.option("--subscription", help="Only this subscription's alerts.")
@click.option("--limit", default=50, show_default=True)
def list_alerts(status: str | None, subscription: str | None, limit: int) -> None:
    log = open_current_store(settings_or_exit())
    query = select(ALERTS).order_by(ALERTS.c.raised_at.desc()).limit(limit)
    if status:
        query = query.where(ALERTS.c.status == status)
    if subscription:
        query = query.where(ALERTS.c.subscription_id == subscription)
    with log.reader.connect() as conn:
        rows = conn.execute(query).all()
    log.close()
    table = Table()
    for column in (
        "alert",
        "subscription",
        "kind",
        "status",
        "attempts",
        "next try",
        "title",
        "last error",
    ):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r.alert_id[:8],
            r.subscription_id,
            r.kind,
            r.status,
            str(r.attempts),
            r.next_attempt_at or "-",
            r.title[:60],
            redact_text(r.last_error or "")[:60],
        )
    Console(width=200).print(table)


@alerts.command()
@click.argument("alert_id")
def retry(alert_id: str) -> None:
    """Send a dead letter again, or a failing alert now rather than at its next try (the full
    id or a unique prefix of at least 4 characters)."""
    log = open_current_store(settings_or_exit())
    try:
        with log.reader.connect() as conn:
            full = resolve_prefix(conn, ALERTS.c.alert_id, alert_id, "alert")
            stream_id = conn.execute(
                select(ALERTS.c.stream_id).where(ALERTS.c.alert_id == full)
            ).scalar_one()
        done = requeue_alert(log, stream_id, full, datetime.now(UTC), "cli")
    except IdError as exc:
        fail(str(exc), 2)
        return
    except RequeueRefusedError as exc:
        fail(str(exc), 1)
        return
    finally:
        log.close()
    when = "it will be sent at the daemon's next round" if done.was == "dead" else "now"
    click.echo(f"alert {done.alert_id} ({done.was}) requeued: {when}")


@alerts.command()
def dispatch() -> None:
    """Send every alert that is due now (what the daemon does every few seconds)."""

    settings = settings_or_exit()

    async def once(log: SqlEventLog) -> list[Any]:
        async with assemble_alerting(settings, leases_for(log, settings)) as alerting:
            await alerting.watch_health()
            return await alerting.dispatch()

    attempts = as_daemon(settings, "asean-monitor alerts dispatch", once)
    delivered = sum(1 for a in attempts if a.delivered)
    click.echo(f"{delivered} delivered, {len(attempts) - delivered} failed")
