"""The audit trail of an article or an alert: where it came from, how it was judged, who was
alerted, and every delivery attempt with its receipt.

The trail is pure over events (:func:`article_trail`, :func:`alert_trail`); :func:`load_trail`
reads the streams it needs from the log and the outbox read model; :func:`render_trail` gives
the lines ``asean-monitor audit trail`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import inspect, select

from alerts.outbox import ALERTS
from alerts.secrets import redact_event_data
from alerts.subscriptions import SUBSCRIPTIONS
from monitor.errors import MonitorError
from monitor.events import (
    AlertDelivered,
    AlertDeliveryFailed,
    AlertRaised,
    AlertRequeued,
    ArticleExtracted,
    ArticleExtractionFailed,
    ArticleLinked,
    ArticleMatched,
    ItemDiscovered,
    SourcePolled,
    SourcePollFailed,
)
from monitor.readmodels.article_state import fold
from monitor.readmodels.articles import ARTICLES
from monitor.readmodels.prefixes import AmbiguousIdError, IdError, resolve_prefix
from store.records import RecordedEvent
from store.sql import SqlEventLog


class TrailNotFoundError(MonitorError):
    """No article or alert has that id."""


@dataclass(frozen=True)
class Step:
    at: str
    what: str
    detail: str
    position: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Trail:
    subject: str
    kind: str
    steps: tuple[Step, ...]


def _discovered(e: RecordedEvent, d: dict[str, Any]) -> Step:
    facts = {k: d.get(k) for k in ("source_id", "url", "canonical_url", "guid", "title")}
    facts["correlation_id"] = e.metadata_dict().get("correlation_id")
    detail = f"found in source {d['source_id']} as {d['url']} (poll {facts['correlation_id']})"
    return Step(e.occurred_at, "discovered", detail, e.position, facts)


def _extracted(e: RecordedEvent, d: dict[str, Any]) -> Step:
    facts = {k: d.get(k) for k in ("final_url", "text_sha256", "html_sha256", "language")}
    detail = f"text extracted from {d['final_url']}: sha256 {d['text_sha256']}"
    return Step(e.occurred_at, "extracted", detail, e.position, facts)


def _extraction_failed(e: RecordedEvent, d: dict[str, Any]) -> Step:
    detail = f"extraction failed ({d['reason']}): {d['detail']}; the feed's summary stands in"
    return Step(e.occurred_at, "extraction failed", detail, e.position, {"reason": d["reason"]})


def _linked(e: RecordedEvent, d: dict[str, Any]) -> Step:
    detail = f"same story as {d['story_id']} (by {d['reason']})"
    return Step(e.occurred_at, "linked", detail, e.position, dict(d))


def _matched(e: RecordedEvent, d: dict[str, Any]) -> Step:
    hits = [x for x in d["dialogues"] if x.get("relevant")]
    quotes = {x["id"]: [q["quote"] for q in x.get("evidence", [])[:3]] for x in hits}
    meetings = [m["name"] for m in d.get("meetings", [])]
    said = "; ".join(f"{k} ({', '.join(repr(q) for q in v)})" for k, v in quotes.items())
    verdict = f"relevant: {said}" if d["relevant"] else "judged not relevant"
    facts = {"ruleset": d["ruleset"], "relevant": d["relevant"], "evidence": quotes}
    facts["meetings"] = meetings
    detail = f"ruleset {d['ruleset'][:12]}… {verdict}"
    if meetings:
        detail += f"; meetings: {', '.join(meetings)}"
    return Step(e.occurred_at, "matched", detail, e.position, facts)


def _polled(e: RecordedEvent, d: dict[str, Any]) -> Step:
    ok = e.type == SourcePolled.type_name
    facts = {"source_id": d["source_id"], "feed_url": d["url"], "status": d.get("status")}
    facts["correlation_id"] = e.metadata_dict().get("correlation_id")
    state = f"HTTP {d.get('status')}" if ok else f"failed: {d.get('detail')}"
    detail = f"poll {facts['correlation_id']} of {d['url']} ({d['source_id']}): {state}"
    return Step(e.occurred_at, "polled", detail, e.position, facts)


def _raised(e: RecordedEvent, d: dict[str, Any]) -> Step:
    facts = {k: d.get(k) for k in ("alert_id", "subscription_id", "kind", "article_id")}
    facts["reason"] = d.get("reason", "")
    detail = f"alert {d['alert_id']} for subscription {d['subscription_id']}: {d.get('reason')}"
    return Step(e.occurred_at, "alert raised", detail, e.position, facts)


def _delivered(e: RecordedEvent, d: dict[str, Any]) -> Step:
    facts = {k: d.get(k) for k in ("alert_id", "attempt", "channel", "status", "message_id")}
    receipt = f"status {d.get('status')}, message id {d.get('message_id')}"
    detail = (
        f"attempt {d['attempt']} by {d['channel']}: delivered ({receipt}) {d.get('detail', '')}"
    )
    return Step(e.occurred_at, "delivered", detail.strip(), e.position, facts)


def _failed(e: RecordedEvent, d: dict[str, Any]) -> Step:
    facts = {k: d.get(k) for k in ("alert_id", "attempt", "channel", "status", "error", "dead")}
    then = "dead letter" if d.get("dead") else f"retry at {d.get('next_attempt_at')}"
    detail = f"attempt {d['attempt']} by {d['channel']}: failed ({d['error']}); {then}"
    return Step(e.occurred_at, "delivery failed", detail, e.position, facts)


def _requeued(e: RecordedEvent, d: dict[str, Any]) -> Step:
    detail = f"sent back to the outbox by {d.get('requested_by', 'someone')}"
    return Step(e.occurred_at, "requeued", detail, e.position, dict(d))


_STEPS: dict[str, Callable[[RecordedEvent, dict[str, Any]], Step]] = {
    ItemDiscovered.type_name: _discovered,
    ArticleExtracted.type_name: _extracted,
    ArticleExtractionFailed.type_name: _extraction_failed,
    ArticleLinked.type_name: _linked,
    ArticleMatched.type_name: _matched,
    SourcePolled.type_name: _polled,
    SourcePollFailed.type_name: _polled,
    AlertRaised.type_name: _raised,
    AlertDelivered.type_name: _delivered,
    AlertDeliveryFailed.type_name: _failed,
    AlertRequeued.type_name: _requeued,
}


def steps(events: Sequence[RecordedEvent]) -> list[Step]:
    """One step per event the trail knows (others are left out); every event's data is read
    through :func:`alerts.secrets.redact_event_data`, so no step carries a credential."""
    return [
        _STEPS[e.type](e, redact_event_data(e.type, e.data_dict()))
        for e in events
        if e.type in _STEPS
    ]


def poll_of(
    article: Sequence[RecordedEvent], source_events: Sequence[RecordedEvent]
) -> list[RecordedEvent]:
    """The poll (same correlation id) that discovered the article."""
    correlation = fold(article).correlation_id
    polls = (SourcePolled.type_name, SourcePollFailed.type_name)
    return [
        e
        for e in source_events
        if e.type in polls
        and correlation is not None
        and e.metadata_dict().get("correlation_id") == correlation
    ][:1]


def article_trail(
    subject: str,
    article: Sequence[RecordedEvent],
    polls: Sequence[RecordedEvent],
    alert_streams: Sequence[Sequence[RecordedEvent]],
) -> Trail:
    """Poll, discovery, extraction, links, judgements; then each alert and its attempts."""
    found = steps(polls) + steps(article)
    for stream in alert_streams:
        found += steps(stream)
    return Trail(subject, "article", tuple(found))


def alert_trail(subject: str, alert: Sequence[RecordedEvent], article: Trail | None) -> Trail:
    """The alerted article's own trail (without other alerts), then this alert's stream."""
    before = (
        [s for s in article.steps if not s.what.startswith(("alert", "deliver", "requeue"))]
        if article
        else []
    )
    return Trail(subject, "alert", tuple(before + steps(alert)))


def with_names(trail: Trail, names: Mapping[str, str]) -> Trail:
    """The trail with each alerted subscription's name beside its id."""
    return replace(trail, steps=tuple(_named(step, names) for step in trail.steps))


def _named(step: Step, names: Mapping[str, str]) -> Step:
    sid = str(step.facts.get("subscription_id"))
    if step.what != "alert raised" or sid not in names:
        return step
    detail = step.detail.replace(f"subscription {sid}", f"subscription {sid} ({names[sid]})")
    return replace(step, detail=detail, facts={**step.facts, "subscription": names[sid]})


def render_trail(trail: Trail) -> list[str]:
    """The trail as lines of text, one per step."""
    lines = [f"audit trail of {trail.kind} {trail.subject}"]
    for step in trail.steps:
        where = f"#{step.position}" if step.position is not None else ""
        lines.append(f"{step.at}  {where:>7}  {step.what:<17} {step.detail}")
    return lines


def load_trail(log: SqlEventLog, subject: str) -> Trail:
    """The trail of an article (``article-…``) or an alert (its id or ``alert-…``); a unique
    prefix of either stands for it."""
    subject = _full_id(log, subject)
    if subject.startswith("article-"):
        return with_names(_load_article(log, subject, with_alerts=True), _names(log))
    stream = _alert_stream(log, subject)
    events = log.read_stream(stream)
    if not events:
        raise TrailNotFoundError(
            f"no article or alert {subject!r} (ids look like article-… or a UUID)"
        )
    article_id = events[0].data_dict().get("article_id")
    article = _load_article(log, article_id, with_alerts=False) if article_id else None
    return with_names(alert_trail(subject, events, article), _names(log))


def _load_article(log: SqlEventLog, article_id: str, *, with_alerts: bool) -> Trail:
    events = log.read_stream(article_id)
    if not events:
        raise TrailNotFoundError(f"no article {article_id!r} in the log")
    source_id = events[0].data_dict().get("source_id")
    polls = poll_of(events, log.read_stream(f"source-{source_id}")) if source_id else []
    streams = _alert_streams(log, article_id) if with_alerts else []
    return article_trail(article_id, events, polls, [log.read_stream(s) for s in streams])


def _full_id(log: SqlEventLog, subject: str) -> str:
    """The id a prefix stands for (:mod:`monitor.readmodels.prefixes`); the subject itself when
    no read model knows it (the log is asked next)."""
    article = subject.startswith("article-")
    if subject.startswith("alert-") or (article and log.read_stream(subject)):
        return subject
    table, noun = (ARTICLES, "article") if article else (ALERTS, "alert")
    if not _has_table(log, table.name):
        return subject
    column = table.c.article_id if article else table.c.alert_id
    try:
        with log.reader.connect() as conn:
            return resolve_prefix(conn, column, subject, noun)
    except AmbiguousIdError as exc:
        raise TrailNotFoundError(str(exc)) from exc
    except IdError:
        return subject


def _has_table(log: SqlEventLog, name: str) -> bool:
    with log.reader.connect() as conn:
        return inspect(conn).has_table(name)


def _has_outbox(log: SqlEventLog) -> bool:
    return _has_table(log, ALERTS.name)


def _names(log: SqlEventLog) -> dict[str, str]:
    if not _has_table(log, SUBSCRIPTIONS.name):
        return {}
    query = select(SUBSCRIPTIONS.c.subscription_id, SUBSCRIPTIONS.c.name)
    with log.reader.connect() as conn:
        return {row[0]: row[1] for row in conn.execute(query)}


def _alert_streams(log: SqlEventLog, article_id: str) -> list[str]:
    if not _has_outbox(log):
        return []
    query = select(ALERTS.c.stream_id).where(ALERTS.c.article_id == article_id)
    with log.reader.connect() as conn:
        found = [r[0] for r in conn.execute(query.order_by(ALERTS.c.raised_at))]
    return list(dict.fromkeys(found))


def _alert_stream(log: SqlEventLog, subject: str) -> str:
    if subject.startswith("alert-"):
        return subject
    if _has_outbox(log):
        query = select(ALERTS.c.stream_id).where(ALERTS.c.alert_id == subject)
        with log.reader.connect() as conn:
            found = conn.execute(query).scalar()
        if found:
            return str(found)
    return f"alert-{subject}"
