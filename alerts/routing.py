"""The router: judged articles × subscriptions → ``alert.raised``, once per subscription and
story.

It runs as a projection over ``article.matched`` that appends in the same transaction as its
checkpoint (``log.transaction_on``).  Exactly-once needs no table: the first alert's id and its
stream are derived from (subscription, story), and it is appended with ``expected_version=
NO_STREAM``, so a second sighting of the story (another feed, another URL, a replay of the
router) raises nothing.  A material update (an outcome document or a meeting not yet alerted)
raises a follow-up into the same stream, linked to the first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy import Connection

from alerts.filters import ArticleFacts, Decision, decide
from alerts.subscriptions import Subscription, load_subscriptions
from monitor.events import AlertRaised, ArticleMatched, alert_stream
from monitor.readmodels.article_state import fold
from store import ConcurrencyError, DuplicateEventError, Metadata
from store.clock import parse_time
from store.log import NO_STREAM, AppendTransaction
from store.projections import Projection
from store.records import RecordedEvent
from store.sql import SqlEventLog

NAMESPACE = uuid5(NAMESPACE_URL, "https://github.com/asean-monitor/asean-monitor/alerts")


def alert_id_for(subscription_id: str, key: str) -> str:
    return str(uuid5(NAMESPACE, f"{subscription_id}\n{key}"))


def article_facts(article: Sequence[RecordedEvent], verdict: dict[str, Any]) -> ArticleFacts:
    """What the filters need of an article, from its stream's fold (pure)."""
    state = fold(article)
    return ArticleFacts(
        state.article_id,
        state.story_id,
        verdict=verdict,
        title=state.headline,
        text=state.summary if state.text is None else state.text,
        url=state.url,
        source_id=state.source_id,
        language=state.language,
        summary=state.summary,
        published_at=state.published_at,
        discovered_at=state.discovered_at,
    )


def meeting_key(meeting: dict[str, Any]) -> str:
    """What makes two meetings one for "new meetings only": dialogue, mechanism and ordinal
    (the form alert ids have always been derived from), else the meeting's identity (year and
    place, judgement schema 3), else its name as written (judgements recorded before)."""
    head = f"meeting:{meeting.get('dialogue')}:{meeting.get('mechanism')}:"
    if meeting.get("ordinal"):
        return head + str(meeting["ordinal"])
    return f"meeting:{meeting['key']}" if meeting.get("key") else head + meeting["name"]


def alert_key(subscription: Subscription, facts: ArticleFacts, decision: Decision) -> str:
    """What makes two alerts the same: the story, or with "new meetings only" the meeting."""
    if subscription.filter.new_meetings_only:
        return meeting_key(decision.meetings[0])
    return facts.story_id


def first_alert_id(subscription: Subscription, facts: ArticleFacts, decision: Decision) -> str:
    """The id of the first alert of this subscription about what the article is (its stream's
    name too): derived, so every sighting of the story finds the same alert."""
    return alert_id_for(subscription.subscription_id, alert_key(subscription, facts, decision))


def plan_alert(
    subscription: Subscription,
    facts: ArticleFacts,
    decision: Decision,
    stream: Sequence[RecordedEvent],
    now: datetime,
    position: int,
) -> AlertRaised | None:
    """The alert to raise for this subscription and article, given what its stream holds
    already (pure).  None: nothing new to tell."""
    documents = sorted(
        {f"{m['name']}: {d['kind']}" for m in decision.meetings for d in m.get("documents") or ()}
    )
    meetings = sorted({m["name"] for m in decision.meetings})
    first = first_alert_id(subscription, facts, decision)
    raised = [e.data_dict() for e in stream if e.type == AlertRaised.type_name]
    fields: dict[str, Any] = {
        "occurred_at": now,
        "subscription_id": subscription.subscription_id,
        "story_id": facts.story_id,
        "article_id": facts.article_id,
        "title": facts.title,
        "url": facts.url,
        "source_id": facts.source_id,
        "published_at": parse_time(facts.published_at) if facts.published_at else None,
        "discovered_at": parse_time(facts.discovered_at) if facts.discovered_at else None,
        "summary": facts.summary[:500],
        "dialogues": list(decision.dialogues),
        "meetings": list(decision.meetings),
        "topics": [t["id"] for t in facts.verdict.get("topics", [])],
        "documents": documents,
        "digest": subscription.delivery.mode == "digest",
        "matched_position": position,
    }
    if not raised:
        return AlertRaised(
            event_id=UUID(first), alert_id=first, kind="article", reason=decision.reason, **fields
        )
    if subscription.filter.new_meetings_only:
        return None
    known_docs = {d for r in raised for d in r.get("documents", [])}
    known_meetings = {m["name"] for r in raised for m in r.get("meetings", [])}
    new_docs = sorted(set(documents) - known_docs)
    new_meetings = sorted(set(meetings) - known_meetings)
    if not (new_docs or new_meetings):
        return None
    follow = str(uuid5(NAMESPACE, f"{first}\n{new_docs}\n{new_meetings}"))
    what = ", ".join([*new_docs, *new_meetings])
    return AlertRaised(
        event_id=UUID(follow),
        alert_id=follow,
        kind="follow_up",
        follows=first,
        reason=f"update: {what} — {decision.reason}",
        **fields,
    )


class Router(Projection):
    """``router``: raises alerts for judged articles (a processor, not a read model)."""

    name = "router"
    version = 1
    types = (ArticleMatched.type_name,)
    writes_events = True

    def __init__(self, log: SqlEventLog, clock: Callable[[], datetime]) -> None:
        self.log = log
        self.clock = clock

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        wanted = [
            s
            for s in load_subscriptions(conn)
            if s.active and s.filter.articles and s.created_position < event.position
        ]
        if not wanted:
            return
        with self.log.transaction_on(conn) as tx:
            facts = article_facts(tx.stream(event.stream_id), event.data_dict())
            for subscription in wanted:
                decision = decide(subscription.filter, facts)
                if decision.wanted:
                    self._raise(tx, subscription, facts, decision, event)

    def _raise(
        self,
        tx: AppendTransaction,
        subscription: Subscription,
        facts: ArticleFacts,
        decision: Decision,
        event: RecordedEvent,
    ) -> None:
        stream_id = alert_stream(first_alert_id(subscription, facts, decision))
        stream = tx.stream(stream_id)
        alert = plan_alert(subscription, facts, decision, stream, self.clock(), event.position)
        if alert is None:
            return
        meta = Metadata(
            causation_id=event.event_id, correlation_id=event.metadata_dict().get("correlation_id")
        )
        try:
            tx.append(stream_id, [alert], expected_version=len(stream) or NO_STREAM, metadata=meta)
        except (ConcurrencyError, DuplicateEventError):
            return
