"""``subscriptions edit ID [options]``: change a subscription's name, filter, channel or
delivery, with the options of ``subscribe``; only what is given changes.

A filter option replaces that field of the stored filter and keeps the others; a channel
option replaces the whole target (sealed again when it carries secrets); ``--digest`` /
``--instant`` / ``--timezone`` / ``--send-empty`` the delivery.  What is given is checked at the
door as ``subscribe`` checks it, and appended as ``subscription.changed`` at the stream's version
as read (a change made meanwhile refuses this one).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click
from click.core import ParameterSource

from alerts.errors import SubscriptionError
from alerts.redaction import has_secret
from alerts.subscriptions import (
    SUBSCRIPTIONS,
    Subscription,
    changed_event,
    load_subscriptions,
    validate_spec,
)
from monitor.commands import fail, settings_or_exit
from monitor.commands.subscriptions import (
    FILTER_KEYS,
    delivery_of,
    filter_of,
    subscription_options,
    target_of,
    vet,
)
from monitor.delivery.outbound import check_target_sync
from monitor.delivery.secret_keys import sealing_keyring_for
from monitor.events import subscription_stream
from monitor.readmodels.prefixes import IdError, resolve_prefix
from monitor.settings import Settings
from monitor.wiring import open_current_store
from store import ConcurrencyError, Metadata
from store.sql import SqlEventLog

FILTER_OPTIONS = {*FILTER_KEYS, "topic_mentions", "new_meetings_only", "no_articles",
                  "source_health", "failed_for", "silent_for"}  # fmt: skip
TARGET_OPTIONS = {"webhook", "secret", "secret_file", "secret_env", "email", "apprise",
                  "apprise_file", "apprise_env", "atom", "sse", "to_log", "target", "target_file",
                  "target_env"}  # fmt: skip
DELIVERY_OPTIONS = {"cron", "timezone", "send_empty", "instant"}


def given_parts(given: set[str]) -> list[str]:
    """Which parts of a subscription the given options change."""
    parts = [("name", {"name"}), ("filter", FILTER_OPTIONS), ("target", TARGET_OPTIONS),
             ("delivery", DELIVERY_OPTIONS)]  # fmt: skip
    return [part for part, options in parts if given & options]


def merged_spec(current: Subscription, options: dict[str, Any], parts: list[str]) -> Any:
    """The subscription as it will be: the stored parts, with the given ones replaced."""
    stored = current.filter.model_dump(mode="json")
    raw: dict[str, Any] = {
        "name": options["name"] if "name" in parts else current.name,
        "filter": stored,
        "target": target_of(options) if "target" in parts else {"type": "log"},
        "delivery": current.delivery.model_dump(mode="json"),
    }
    if "filter" in parts:
        wanted = filter_of(options)
        given = options["_given"]
        raw["filter"] = {**stored, **{k: v for k, v in wanted.items() if _given_field(k, given)}}
    if "delivery" in parts:
        raw["delivery"] = _delivery(raw["delivery"], options)
    return validate_spec(raw)


def _given_field(field: str, given: set[str]) -> bool:
    sources = {"articles": {"no_articles"}, "health": {"source_health", "failed_for", "silent_for"}}
    return bool(sources.get(field, {field}) & given)


def _delivery(stored: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    if options["instant"]:
        return {**stored, "mode": "instant", "cron": None}
    given = options["_given"]
    changed = {k: v for k, v in delivery_of(options).items() if _delivery_field(k) & given}
    return {**stored, **changed, **({"mode": "digest"} if options["cron"] else {})}


def _delivery_field(field: str) -> set[str]:
    return {"mode": {"cron"}, "cron": {"cron"}}.get(field, {field})


@click.command()
@click.argument("subscription_id")
@click.option("--instant", is_flag=True, help="Send each alert at once (no more digest).")
@subscription_options
def edit(subscription_id: str, **options: Any) -> None:
    """Change a subscription (its id or a unique prefix): only the options given change."""
    context = click.get_current_context()
    given = {n for n in options if context.get_parameter_source(n) != ParameterSource.DEFAULT}
    parts = given_parts(given)
    if not parts:
        fail("nothing to change: give a name, a filter, a channel or a delivery option", 2)
    settings = settings_or_exit()
    log = open_current_store(settings)
    try:
        current, version = _current(log, subscription_id)
        try:
            spec = merged_spec(current, {**options, "_given": given}, parts)
        except SubscriptionError as exc:
            fail(str(exc), 2)
            return
        _check(spec, settings, parts, bool(options["email"]))
        _append(log, settings, current.subscription_id, spec, parts, version)
    finally:
        log.close()
    click.echo(f"changed {current.subscription_id} ({spec.name}): {', '.join(parts)}")


def _current(log: SqlEventLog, given: str) -> tuple[Subscription, int]:
    with log.reader.connect() as conn:
        try:
            full = resolve_prefix(conn, SUBSCRIPTIONS.c.subscription_id, given, "subscription")
        except IdError as exc:
            fail(str(exc), 2)
            raise
        found = [s for s in load_subscriptions(conn) if s.subscription_id == full]
    if not found or found[0].status == "deleted":
        fail(f"no subscription {given!r} (see `asean-monitor subscriptions list`)", 2)
    return found[0], log.stream_version(subscription_stream(full))


def _check(spec: Any, settings: Settings, parts: list[str], email_option: bool) -> None:
    vet(spec, settings, email_option=email_option, parts=parts)
    if "target" in parts:
        try:
            check_target_sync(spec.target, settings)
        except SubscriptionError as exc:
            fail(str(exc), 2)


def _append(
    log: SqlEventLog, settings: Settings, sid: str, spec: Any, parts: list[str], version: int
) -> None:
    target = spec.target.model_dump(mode="json")
    keyring = (
        sealing_keyring_for(settings, log) if "target" in parts and has_secret(target) else None
    )
    event = changed_event(sid, spec, parts, datetime.now(UTC), keyring=keyring)
    try:
        log.append(subscription_stream(sid), [event], expected_version=version,
                   metadata=Metadata(causation_id="cli"))  # fmt: skip
    except ConcurrencyError:
        fail(f"subscription {sid} changed meanwhile; look again and repeat the edit", 1)
