"""Every event type of the product, in one module: past-tense facts with stable dotted names
and schema versions.  ``monitor`` and ``alerts`` both import them from here; no other module
spells an event type as a string (use ``SomeEvent.type_name``).

Streams: ``source-<id>`` per source, ``article-<hash of canonical URL>`` per article
(:func:`monitor.ingest.urls.article_stream_id`).  Times are UTC; the raw values sources wrote are
kept beside the parsed ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alerts.redaction import redact_target
from store import Event, default_registry, event_type


def source_stream(source_id: str) -> str:
    return f"source-{source_id}"


@event_type("source.polled")
class SourcePolled(Event):
    """A source answered.  ``not_modified``: a 304, or a body identical to the last one (then
    nothing was parsed).  Counts are of items in the document and of new stories."""

    source_id: str
    url: str
    final_url: str
    status: int
    not_modified: bool
    body_sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    format: str | None = None
    items_seen: int = 0
    items_new: int = 0
    problems: tuple[str, ...] = ()
    duration_ms: int
    next_check_at: datetime
    next_check_reason: str


@event_type("source.poll_failed")
class SourcePollFailed(Event):
    """A poll failed; the source is retried later (never given up)."""

    source_id: str
    url: str
    reason: str
    detail: str
    status: int | None = None
    attempt: int
    retry_after_s: float | None = None
    duration_ms: int
    next_check_at: datetime
    next_check_reason: str


SOURCES_CONFIG_STREAM = "config-sources"


@event_type("sources.reloaded")
class SourcesReloaded(Event):
    """A daemon read ``sources.yaml`` again (SIGHUP or a change of the file) and uses it now."""

    path: str
    sha256: str
    owner: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()


@event_type("sources.reload_failed")
class SourcesReloadFailed(Event):
    """``sources.yaml`` changed but is not valid; the daemon keeps the sources it had.
    ``problems``: each with file, line, field and what was expected."""

    path: str
    sha256: str
    owner: str
    problems: tuple[str, ...]


@event_type("item.discovered")
class ItemDiscovered(Event):
    """A new story appeared in a source (first sighting of its canonical URL)."""

    source_id: str
    url: str
    canonical_url: str
    guid: str
    title: str
    summary: str = ""
    published_at: datetime | None = None
    published_raw: str | None = None
    updated_at: datetime | None = None
    author: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()


@event_type("article.extracted")
class ArticleExtracted(Event):
    """The article's page was fetched and its text extracted."""

    url: str
    final_url: str
    canonical_url: str
    title: str | None
    text: str
    text_sha256: str
    fingerprint: str
    author: str | None = None
    published: str | None = None
    language: str | None = None
    site_name: str | None = None
    html_sha256: str
    duration_ms: int


@event_type("article.extraction_failed", version=2)
class ArticleExtractionFailed(Event):
    """The page could not be fetched or had no article text.

    ``gave_up``: this was the last try and the feed's summary (``fallback_text``) stands in;
    otherwise the page is tried again at ``next_attempt_at`` (try number ``attempt + 1``)."""

    url: str
    reason: str
    detail: str
    fallback_text: str
    fingerprint: str | None = None
    status: int | None = None
    attempt: int = 1
    next_attempt_at: datetime | None = None
    gave_up: bool = True


@default_registry.upcaster("article.extraction_failed", from_version=1)
def _first_try_was_the_last(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 never retried: its one failure was final."""
    return {**data, "status": None, "attempt": 1, "next_attempt_at": None, "gave_up": True}


@event_type("article.linked")
class ArticleLinked(Event):
    """This article is the same story as an earlier one (another URL or another source)."""

    story_id: str
    reason: str
    """``fingerprint`` (same text) or ``canonical_url`` (the page named the other's URL)."""
    distance: int = 0


@event_type("article.matched")
class ArticleMatched(Event):
    """The article was judged by a ruleset; also recorded when nothing matched."""

    ruleset: str
    relevant: bool
    dialogues: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    topics: list[dict[str, Any]]


# Meetings: one stream per identity (:mod:`monitor.matching.identity`), written by the meeting
# recorder (:mod:`monitor.readmodels.meeting_recorder`) from ``article.matched``.


def meeting_stream(key: str) -> str:
    return f"meeting-{key}"


@event_type("meeting.identified")
class MeetingIdentified(Event):
    """A meeting was first named with an identity: its key, what the key is made of, and the
    name and article it was first seen in."""

    key: str
    dialogue: str
    mechanism: str
    ordinal: int | None = None
    year: int | None = None
    place: str | None = None
    name: str
    article_id: str


@event_type("meeting.reported")
class MeetingReported(Event):
    """An article reports on the meeting (once per article), with the name it used."""

    key: str
    article_id: str
    story_id: str
    name: str
    title: str | None = None
    url: str | None = None
    source_id: str | None = None
    published_at: datetime | None = None


@event_type("meeting.fact_recorded")
class MeetingFactRecorded(Event):
    """An article stated a fact of the meeting not recorded before: ``fact`` is ``date``,
    ``host``, ``chair`` or ``document`` (``value`` its kind and name).  Reports that differ
    are each recorded, the first one first."""

    key: str
    fact: str
    value: str
    article_id: str


# The alert side: subscriptions, alerts, their deliveries and digests.


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


@event_type("subscription.tested")
class SubscriptionTested(Event):
    """A person sent a test alert through the subscription's channel (:mod:`alerts.probe`):
    whether the receiver took it, its status, and the receipt's id or the redacted error."""

    subscription_id: str
    channel: str
    delivered: bool
    status: int | None = None
    detail: str = ""
    requested_by: str = "cli"


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
    """When the source says the article was published (None: it does not say)."""
    discovered_at: datetime | None = None
    """When the monitor first saw the article."""
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
    """A dead or failing alert was sent back to the outbox, due now, by a person
    (``requested_by``: ``cli`` or ``api:<token name>``)."""

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


# API tokens (only their hash is stored).
def token_stream(token_id: str) -> str:
    return f"token-{token_id}"


@event_type("token.created")
class TokenCreated(Event):
    token_id: str
    name: str
    scope: str
    sha256: str


@event_type("token.revoked")
class TokenRevoked(Event):
    token_id: str
