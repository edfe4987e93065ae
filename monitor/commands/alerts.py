"""``alerts list|retry|test|dispatch``: the alerts in the outbox, and a test alert."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from alerts.outbox import ALERTS
from alerts.probe import ProbeOutcome, send_probe, tested_event
from alerts.redaction import redact_text
from alerts.subscriptions import SUBSCRIPTIONS, Subscription, load_subscriptions
from monitor.commands import as_daemon, fail, settings_or_exit
from monitor.delivery.requeue import RequeueRefusedError, requeue_alert
from monitor.events import subscription_stream
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


@alerts.command("test")
@click.argument("subscription_id")
def test_alert(subscription_id: str) -> None:
    """Send a test alert through a subscription's channel now (the id or a unique prefix);
    the outcome is recorded as subscription.tested.  Exit 1 when the receiver refused it."""
    settings = settings_or_exit()

    async def once(log: SqlEventLog) -> tuple[Subscription, ProbeOutcome]:
        async with assemble_alerting(settings, leases_for(log, settings)) as alerting:
            subscription = _subscription(log, subscription_id)
            now = datetime.now(UTC)
            outcome = await send_probe(alerting.registry, subscription, now)
            event = tested_event(subscription, outcome, now, "cli")
            stream = subscription_stream(subscription.subscription_id)
            await asyncio.to_thread(log.append, stream, [event])
            return subscription, outcome

    subscription, outcome = as_daemon(settings, "asean-monitor alerts test", once)
    name = f"{subscription.name} ({subscription.subscription_id})"
    if not outcome.delivered:
        fail(f"test alert to {name} failed on {outcome.channel}: {outcome.detail}", 1)
    status = f" (status {outcome.status})" if outcome.status is not None else ""
    click.echo(f"test alert to {name} delivered by {outcome.channel}{status}")


def _subscription(log: SqlEventLog, given: str) -> Subscription:
    with log.reader.connect() as conn:
        try:
            full = resolve_prefix(conn, SUBSCRIPTIONS.c.subscription_id, given, "subscription")
        except IdError as exc:
            fail(str(exc), 2)
            raise
        return next(s for s in load_subscriptions(conn) if s.subscription_id == full)


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
