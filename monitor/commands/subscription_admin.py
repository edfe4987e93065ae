"""``subscriptions list|edit|pause|resume|delete``: the subscriptions in the log.  An id may
be given as a unique prefix (:mod:`monitor.readmodels.prefixes`)."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from rich.console import Console
from rich.table import Table

from alerts.delivery_state import delivery_state
from alerts.subscriptions import SUBSCRIPTIONS, load_subscriptions, shown_target
from monitor.commands import fail, settings_or_exit
from monitor.commands.subscription_edit import edit
from monitor.events import (
    SubscriptionDeleted,
    SubscriptionPaused,
    SubscriptionResumed,
    subscription_stream,
)
from monitor.readmodels.prefixes import AmbiguousIdError, IdError, resolve_prefix
from monitor.wiring import open_current_store
from store import Metadata


@click.group()
def subscriptions() -> None:
    """List, edit, pause, resume or delete subscriptions."""


@subscriptions.command("list")
def list_subscriptions() -> None:
    """Every subscription, with how its deliveries are going ("failing: 5 of the last 5
    alerts failed" rather than "active" when they all fail)."""
    log = open_current_store(settings_or_exit())
    with log.reader.connect() as conn:
        found = load_subscriptions(conn)
        states = {s.subscription_id: delivery_state(conn, s.subscription_id, s.status).text
                  for s in found}  # fmt: skip
    log.close()
    table = Table()
    for column in ("id", "name", "state", "channel", "delivery", "filter"):
        table.add_column(column)
    for s in found:
        rule = s.filter.model_dump(exclude_defaults=True, mode="json")
        delivery = (
            f"digest {s.delivery.cron} {s.delivery.timezone}"
            if s.delivery.mode == "digest"
            else "instant"
        )
        shown = shown_target(s.target)
        channel = f"{s.target.type} {shown.get('url') or ''}".strip()
        state = states[s.subscription_id]
        table.add_row(s.subscription_id, s.name, state, channel, delivery, str(rule))
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
            try:
                subscription_id = resolve_prefix(
                    conn, SUBSCRIPTIONS.c.subscription_id, subscription_id, "subscription"
                )
            except AmbiguousIdError as exc:
                fail(str(exc), 2)
            except IdError:
                pass  # named as not found below
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


subscriptions.add_command(edit)
