"""``subscribe``, ``subscriptions list|pause|resume|delete`` and ``alerts list|retry``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from alerts.errors import SubscriptionError
from alerts.events import (
    AlertRequeued,
    SubscriptionDeleted,
    SubscriptionPaused,
    SubscriptionResumed,
    subscription_stream,
)
from alerts.outbox import ALERTS
from alerts.subscriptions import created_event, load_subscriptions, validate_spec
from monitor.commands import as_daemon, fail, settings_or_exit
from monitor.config import parse_duration
from monitor.wiring import assemble_alerting, leases_for, open_current_store, open_store
from store import NO_STREAM, Metadata
from store.sql import SqlEventLog


def _target(
    webhook: str | None,
    secret: str | None,
    email: tuple[str, ...],
    apprise: str | None,
    atom: bool,
    sse: bool,
    to_log: bool,
) -> dict[str, Any]:
    chosen = [webhook is not None, bool(email), apprise is not None, atom, sse, to_log]
    if sum(chosen) != 1:
        raise click.UsageError(
            "choose one channel: --webhook, --email, --apprise, --atom, --sse or --log"
        )
    if webhook is not None:
        if not secret:
            raise click.UsageError("--webhook needs --secret (the HMAC key shared with it)")
        return {"type": "webhook", "url": webhook, "secret": secret}
    if email:
        return {"type": "email", "to": list(email)}
    if apprise is not None:
        return {"type": "apprise", "url": apprise}
    return {"type": "atom" if atom else "sse" if sse else "log"}


def _health(
    source_health: bool,
    failed_for: str | None,
    silent_for: str | None,
) -> dict[str, Any] | None:
    if not (source_health or failed_for or silent_for):
        return None
    try:
        return {
            "failed_for": parse_duration(failed_for or "6h").total_seconds(),
            "silent_for": parse_duration(silent_for).total_seconds() if silent_for else None,
        }
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--failed-for/--silent-for") from exc


@click.command()
@click.option("--name", help="A name people recognise (default: from the filter).")
@click.option("--dialogue", "dialogues", multiple=True, help="e.g. asean-us (repeatable).")
@click.option("--mechanism", "mechanisms", multiple=True, help="Only these meetings (summit…).")
@click.option("--topic", "topics", multiple=True, help="e.g. south-china-sea (repeatable).")
@click.option("--source", "sources", multiple=True, help="Only from these sources.")
@click.option("--language", "languages", multiple=True, help="Only in these languages (en, vi…).")
@click.option("--min-score", type=float, default=0.0, show_default=True)
@click.option("--query", help='Keywords: "joint statement" AND (summit OR ministers) NOT sports')
@click.option("--new-meetings-only", is_flag=True, help="One alert per meeting, not per story.")
@click.option("--webhook", help="POST alerts here (signed with --secret).")
@click.option("--secret", help="HMAC-SHA256 key for the webhook signature.")
@click.option("--email", multiple=True, help="Send e-mail to this address (repeatable).")
@click.option("--apprise", help="An Apprise URL (slack://…, tgram://…, ntfy://…).")
@click.option("--atom", is_flag=True, help="Publish in an Atom feed for this subscription.")
@click.option("--sse", is_flag=True, help="Publish on the server-sent events stream.")
@click.option("--log", "to_log", is_flag=True, help="Write alerts to the daemon's log.")
@click.option("--digest", "cron", help="Send a digest on this cron schedule, e.g. '0 8 * * *'.")
@click.option("--timezone", default="UTC", show_default=True, help="Time zone of the schedule.")
@click.option("--send-empty", is_flag=True, help="Send a digest even when the period is empty.")
@click.option("--source-health", is_flag=True, help="Also alert on failing or silent sources.")
@click.option("--failed-for", help="…failing longer than this (default 6h).")
@click.option("--silent-for", help="…silent (no new items) longer than this, e.g. 2d.")
@click.option("--no-articles", is_flag=True, help="Only source-health alerts.")
def subscribe(**options: Any) -> None:
    """Subscribe to alerts: a filter and a channel, instant or as a digest."""
    target = _target(
        options["webhook"],
        options["secret"],
        options["email"],
        options["apprise"],
        options["atom"],
        options["sse"],
        options["to_log"],
    )
    rule = {
        key: options[key]
        for key in (
            "dialogues",
            "mechanisms",
            "topics",
            "sources",
            "languages",
            "min_score",
            "query",
        )
    }
    rule.update(
        new_meetings_only=options["new_meetings_only"],
        articles=not options["no_articles"],
        health=_health(options["source_health"], options["failed_for"], options["silent_for"]),
    )
    delivery = {
        "mode": "digest" if options["cron"] else "instant",
        "cron": options["cron"],
        "timezone": options["timezone"],
        "send_empty": options["send_empty"],
    }
    name = options["name"] or ", ".join(options["dialogues"]) or "everything relevant"
    try:
        spec = validate_spec({"name": name, "filter": rule, "target": target, "delivery": delivery})
    except SubscriptionError as exc:
        fail(str(exc), 2)
        return
    subscription_id = uuid.uuid4().hex[:12]
    log = open_store(settings_or_exit())
    log.append(
        subscription_stream(subscription_id),
        [created_event(subscription_id, spec, datetime.now(UTC))],
        expected_version=NO_STREAM,
        metadata=Metadata(causation_id="cli"),
    )
    log.close()
    click.echo(f"subscribed {subscription_id}: {name} → {target['type']}")


@click.group()
def subscriptions() -> None:
    """List, pause, resume or delete subscriptions."""


@subscriptions.command("list")
def list_subscriptions() -> None:
    log = open_current_store(settings_or_exit())
    with log.reader.connect() as conn:
        found = load_subscriptions(conn)
    log.close()
    table = Table()
    for column in ("id", "name", "status", "channel", "delivery", "filter"):
        table.add_column(column)
    for s in found:
        rule = s.filter.model_dump(exclude_defaults=True, mode="json")
        delivery = (
            f"digest {s.delivery.cron} {s.delivery.timezone}"
            if s.delivery.mode == "digest"
            else "instant"
        )
        table.add_row(s.subscription_id, s.name, s.status, s.target.type, delivery, str(rule))
    Console(width=160).print(table)


def _change(
    subscription_id: str,
    event_type: type[SubscriptionPaused | SubscriptionResumed | SubscriptionDeleted],
    wanted: set[str],
) -> None:
    log = open_current_store(settings_or_exit())
    try:
        with log.reader.connect() as conn:
            found = {s.subscription_id: s for s in load_subscriptions(conn)}
        current = found.get(subscription_id)
        if current is None:
            fail(f"no subscription {subscription_id!r} (see `asean-monitor subscriptions list`)", 2)
            return
        if current.status not in wanted:
            fail(f"subscription {subscription_id} is {current.status}", 1)
        event = event_type(occurred_at=datetime.now(UTC), subscription_id=subscription_id)
        log.append(
            subscription_stream(subscription_id), [event], metadata=Metadata(causation_id="cli")
        )
        click.echo(f"{subscription_id}: {event.type_name}")
    finally:
        log.close()


@subscriptions.command()
@click.argument("subscription_id")
def pause(subscription_id: str) -> None:
    _change(subscription_id, SubscriptionPaused, {"active"})


@subscriptions.command()
@click.argument("subscription_id")
def resume(subscription_id: str) -> None:
    _change(subscription_id, SubscriptionResumed, {"paused"})


@subscriptions.command()
@click.argument("subscription_id")
def delete(subscription_id: str) -> None:
    _change(subscription_id, SubscriptionDeleted, {"active", "paused"})


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
            (r.last_error or "")[:60],
        )
    Console(width=200).print(table)


@alerts.command()
@click.argument("alert_id")
def retry(alert_id: str) -> None:
    """Send a dead letter again (give the full id or a unique prefix)."""
    log = open_current_store(settings_or_exit())
    try:
        with log.reader.connect() as conn:
            rows = conn.execute(select(ALERTS).where(ALERTS.c.alert_id.startswith(alert_id))).all()
        if len(rows) != 1:
            fail(f"{alert_id!r} names {len(rows)} alerts; give more of the id", 2)
            return
        row = rows[0]
        if row.status != "dead":
            fail(f"alert {row.alert_id} is {row.status}, not dead: nothing to retry", 1)
        event = AlertRequeued(occurred_at=datetime.now(UTC), alert_id=row.alert_id)
        log.append(row.stream_id, [event], metadata=Metadata(causation_id="cli"))
        click.echo(f"alert {row.alert_id} requeued")
    finally:
        log.close()


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
