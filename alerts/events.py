"""The alerts' events.  Streams: ``subscription-<id>`` and ``alert-<first alert id>`` (one per
subscription and story: the first alert, its follow-ups and every delivery attempt)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alerts.secrets import redact_target
from store import Event, default_registry, event_type


def subscription_stream(subscription_id: str) -> str:
    return f"subscription-{subscription_id}"


def alert_stream(first_alert_id: str) -> str:
    return f"alert-{first_alert_id}"


@event_type("subscription.created", version=2)
class SubscriptionCreated(Event):
    """A subscription.  ``target`` is shown redacted; when it carries secrets (a webhook's
    HMAC key, an Apprise URL, credentials in an URL) the whole clear target is in ``sealed``,
    encrypted with the secrets key (:mod:`alerts.secrets`).  Version 1 held the target in
    clear (see :func:`_seal_nothing_new`)."""

    subscription_id: str
    name: str
    filter: dict[str, Any]
    target: dict[str, Any]
    delivery: dict[str, Any]
    sealed: dict[str, str] | None = None


@event_type("subscription.changed", version=2)
class SubscriptionChanged(Event):
    """Only the parts given change; a new target comes with its ``sealed`` copy, as in
    :class:`SubscriptionCreated`."""

    subscription_id: str
    name: str | None = None
    filter: dict[str, Any] | None = None
    target: dict[str, Any] | None = None
    delivery: dict[str, Any] | None = None
    sealed: dict[str, str] | None = None


@default_registry.upcaster("subscription.created", from_version=1)
@default_registry.upcaster("subscription.changed", from_version=1)
def _seal_nothing_new(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 held the target in clear.  Read as version 2 it is redacted and has no sealed
    copy: a typed reader never sees an old secret.  (The subscriptions projection reads the
    stored data and keeps a version-1 target, so subscriptions made before sealing still
    deliver until they are rotated: docs/security.md.)"""
    target = data.get("target")
    shown = redact_target(target) if isinstance(target, dict) else target
    return {**data, "target": shown, "sealed": None}


@event_type("subscription.paused")
class SubscriptionPaused(Event):
    subscription_id: str


@event_type("subscription.resumed")
class SubscriptionResumed(Event):
    subscription_id: str


@event_type("subscription.deleted")
class SubscriptionDeleted(Event):
    subscription_id: str


@event_type("alert.raised")
class AlertRaised(Event):
    """An alert is owed to a subscriber.  ``kind``: article, follow_up, source_failing,
    source_silent, source_recovered.  ``digest``: held for the subscription's next digest."""

    alert_id: str
    subscription_id: str
    kind: str
    story_id: str
    article_id: str | None = None
    follows: str | None = None
    title: str
    url: str | None = None
    source_id: str | None = None
    published_at: datetime | None = None
    summary: str = ""
    reason: str
    dialogues: list[dict[str, Any]] = []  # noqa: RUF012 - pydantic copies defaults
    meetings: list[dict[str, Any]] = []  # noqa: RUF012
    topics: list[str] = []  # noqa: RUF012
    documents: list[str] = []  # noqa: RUF012
    digest: bool = False
    matched_position: int | None = None


@event_type("alert.delivered")
class AlertDelivered(Event):
    alert_id: str
    attempt: int
    channel: str
    status: int | None
    message_id: str | None = None
    detail: str = ""
    digest_id: str | None = None


@event_type("alert.delivery_failed")
class AlertDeliveryFailed(Event):
    """A failed attempt.  ``next_attempt_at`` is None when the alert went to the dead letters."""

    alert_id: str
    attempt: int
    channel: str
    error: str
    status: int | None = None
    permanent: bool = False
    retry_after_s: float | None = None
    next_attempt_at: datetime | None = None
    dead: bool = False


@event_type("alert.requeued")
class AlertRequeued(Event):
    """A dead letter was sent back to the outbox by a person."""

    alert_id: str
    requested_by: str = "cli"


@event_type("digest.sent")
class DigestSent(Event):
    subscription_id: str
    digest_id: str
    period_start: datetime
    period_end: datetime
    alert_ids: list[str]
    channel: str
    status: int | None = None
    message_id: str | None = None
