"""Source-health alerts: a source failing, or silent, for longer than a subscriber tolerates,
and its recovery.

Once per outage: the alert's id is derived from the subscription, the source and the moment
the outage began, so checking every minute raises it once.  The recovery is a follow-up in
the same stream.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from alerts.outbox import ALERTS
from alerts.routing import alert_id_for
from alerts.subscriptions import Subscription, load_subscriptions
from monitor.events import AlertRaised, alert_stream
from store import ConcurrencyError, DuplicateEventError
from store.clock import parse_time
from store.log import ANY, NO_STREAM
from store.sql import SqlEventLog

SourceRows = Sequence[Any]


@dataclass(frozen=True)
class Planned:
    stream_id: str
    event: AlertRaised
    expected_version: int | None


def _alert(
    subscription: Subscription,
    source: Any,
    kind: str,
    key: str,
    title: str,
    reason: str,
    now: datetime,
    follows: str | None = None,
) -> Planned:
    alert_id = alert_id_for(subscription.subscription_id, key)
    event = AlertRaised(
        event_id=UUID(alert_id),
        occurred_at=now,
        alert_id=alert_id,
        subscription_id=subscription.subscription_id,
        kind=kind,
        story_id=f"source:{source.source_id}",
        title=title,
        url=source.url,
        source_id=source.source_id,
        reason=reason,
        follows=follows,
        digest=subscription.delivery.mode == "digest",
    )
    expected = NO_STREAM if follows is None else ANY
    return Planned(alert_stream(follows or alert_id), event, expected)


def plan(
    subscription: Subscription, sources: SourceRows, open_failures: dict[str, str], now: datetime
) -> list[Planned]:
    """The health alerts owed to ``subscription`` now (pure).  ``open_failures`` maps a source
    to the failing alert not yet followed by a recovery."""
    rule = subscription.filter.health
    if rule is None:
        return []
    planned: list[Planned] = []
    for source in sources:
        if rule.sources and source.source_id not in rule.sources:
            continue
        planned.extend(_for_source(subscription, source, open_failures, now))
    return planned


def _for_source(
    subscription: Subscription, source: Any, open_failures: dict[str, str], now: datetime
) -> list[Planned]:
    rule = subscription.filter.health
    assert rule is not None
    failing_since = parse_time(source.failing_since) if source.failing_since else None
    if source.consecutive_failures and failing_since is not None and rule.failed_for is not None:
        if now - failing_since >= rule.failed_for:
            return [
                _alert(
                    subscription,
                    source,
                    "source_failing",
                    f"failing:{source.source_id}:{source.failing_since}",
                    f"Source {source.source_id} has failed since {source.failing_since}",
                    f"{source.consecutive_failures} polls failed in a row; last error: "
                    f"{source.last_error_reason}: {source.last_error}",
                    now,
                )
            ]
        return []
    if not source.consecutive_failures and source.source_id in open_failures:
        return [
            _alert(
                subscription,
                source,
                "source_recovered",
                f"recovered:{open_failures[source.source_id]}",
                f"Source {source.source_id} has recovered",
                f"polled successfully at {source.last_success_at}",
                now,
                follows=open_failures[source.source_id],
            )
        ]
    quiet_since = source.last_new_at or source.last_success_at
    limit = rule.silent_for
    if (
        limit is not None
        and quiet_since
        and not source.consecutive_failures
        and (now - parse_time(quiet_since) >= limit)
    ):
        return [
            _alert(
                subscription,
                source,
                "source_silent",
                f"silent:{source.source_id}:{quiet_since}",
                f"Source {source.source_id} has published nothing since {quiet_since}",
                "no new items although the source answers",
                now,
            )
        ]
    return []


def watch(
    log: SqlEventLog, sources_table: Any, now: datetime, catch_up: Callable[[], None]
) -> list[AlertRaised]:
    """Raise every health alert owed now; return the ones appended."""
    catch_up()
    with log.reader.connect() as conn:
        subscriptions = [s for s in load_subscriptions(conn) if s.active and s.filter.health]
        sources = conn.execute(select(sources_table)).all()
        failing = conn.execute(
            select(
                ALERTS.c.subscription_id,
                ALERTS.c.alert_id,
                ALERTS.c.url,
                ALERTS.c.kind,
                ALERTS.c.follows,
                ALERTS.c.story_id,
            ).where(ALERTS.c.kind.in_(("source_failing", "source_recovered")))
        ).all()
    raised: list[AlertRaised] = []
    for subscription in subscriptions:
        for item in plan(subscription, sources, _open(failing, subscription.subscription_id), now):
            try:
                log.append(item.stream_id, [item.event], expected_version=item.expected_version)
            except (ConcurrencyError, DuplicateEventError):
                continue
            raised.append(item.event)
    return raised


def _open(rows: Sequence[Any], subscription_id: str) -> dict[str, str]:
    mine = [r for r in rows if r.subscription_id == subscription_id]
    recovered = {r.follows for r in mine if r.kind == "source_recovered"}
    return {
        r.story_id.removeprefix("source:"): r.alert_id
        for r in mine
        if r.kind == "source_failing" and r.alert_id not in recovered
    }
