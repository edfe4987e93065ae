"""The meeting recorder: judged articles → one stream per meeting (``meeting-<key>``).

A processor, like the alert router: it follows ``article.matched`` and, for each meeting of
the judgement that has an identity (:mod:`monitor.matching.identity`), appends what the
meeting's stream does not hold yet:

- ``meeting.identified`` the first time the meeting is named;
- ``meeting.reported`` once per article that names it;
- ``meeting.fact_recorded`` for each date, host, chair or outcome document not recorded before.

Crash safety: the appends run in the transaction that moves the recorder's position
(``log.transaction_on``), so a process killed at any line leaves both the events and the new
position, or neither, and after a restart the recorder takes the same article again.  Event
ids are derived from (key, article, fact), so taking it again adds nothing twice.  Several
replicas: the recorder runs where the ``projections`` role is held, and the position row is
locked while a page is applied, so one replica records at a time; an append that finds a
meeting's stream moved under it (``ConcurrencyError``) aborts the page, which is applied
again.  Planning (:func:`plan_meeting_events`) is pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy import Connection

from monitor.events import (
    ArticleMatched,
    MeetingFactRecorded,
    MeetingIdentified,
    MeetingReported,
    meeting_stream,
)
from monitor.matching.identity import key_of, place_of, year_of
from monitor.readmodels.article_state import ArticleState, fold
from store import Event, Metadata
from store.clock import parse_time
from store.log import NO_STREAM, AppendTransaction
from store.projections import Projection
from store.records import RecordedEvent
from store.sql import SqlEventLog

NAMESPACE = uuid5(NAMESPACE_URL, "https://github.com/asean-monitor/asean-monitor/meetings")
FACTS = ("date", "host", "chair")


def event_id(key: str, article_id: str, what: str) -> UUID:
    return uuid5(NAMESPACE, f"{key}\n{article_id}\n{what}")


def stated_facts(meeting: dict[str, Any]) -> list[tuple[str, str]]:
    """(fact, value) pairs a judgement's meeting states, in a fixed order."""
    facts = [(fact, meeting[fact]) for fact in FACTS if meeting.get(fact)]
    documents = [f"{d['kind']}: {d['quote']}" for d in meeting.get("documents") or ()]
    return facts + [("document", d) for d in dict.fromkeys(documents)]


def reported_meetings(verdict: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The meetings an article reports on, by key: those with an identity whose dialogue the
    article is relevant to (a meeting named in passing is not reported on); the first mention
    of a key stands for it."""
    relevant = {d["id"] for d in verdict.get("dialogues") or () if d.get("relevant")}
    keyed: dict[str, dict[str, Any]] = {}
    for meeting in verdict.get("meetings") or ():
        key = key_of(meeting)
        if key is not None and meeting.get("dialogue") in relevant:
            keyed.setdefault(key, meeting)
    return keyed


def _identified(key: str, meeting: dict[str, Any], article_id: str, now: datetime) -> Event:
    ordinal = meeting.get("ordinal")
    return MeetingIdentified(
        event_id=event_id(key, article_id, "identified"),
        occurred_at=now,
        key=key,
        dialogue=meeting["dialogue"],
        mechanism=meeting["mechanism"],
        ordinal=ordinal,
        year=None if ordinal is not None else year_of(meeting.get("date")),
        place=None if ordinal is not None else place_of(meeting.get("host")),
        name=meeting["name"],
        article_id=article_id,
    )


def _reported(key: str, meeting: dict[str, Any], article: ArticleState, now: datetime) -> Event:
    published = parse_time(article.published_at) if article.published_at else None
    return MeetingReported(
        event_id=event_id(key, article.article_id, "reported"),
        occurred_at=now,
        key=key,
        article_id=article.article_id,
        story_id=article.story_id or article.article_id,
        name=meeting["name"],
        title=article.headline or None,
        url=article.url,
        source_id=article.source_id,
        published_at=published,
    )


def plan_meeting_events(
    key: str,
    meeting: dict[str, Any],
    article: ArticleState,
    stream: Sequence[RecordedEvent],
    now: datetime,
) -> list[Event]:
    """What to append to the meeting's stream for this article, given what it holds (pure)."""
    held = [e.data_dict() | {"type": e.type} for e in stream]
    planned: list[Event] = []
    if not held:
        planned.append(_identified(key, meeting, article.article_id, now))
    reporters = {h["article_id"] for h in held if h["type"] == MeetingReported.type_name}
    if article.article_id not in reporters:
        planned.append(_reported(key, meeting, article, now))
    known = {(h["fact"], h["value"]) for h in held if h["type"] == MeetingFactRecorded.type_name}
    for fact, value in stated_facts(meeting):
        if (fact, value) not in known:
            planned.append(
                MeetingFactRecorded(
                    event_id=event_id(key, article.article_id, f"{fact}\n{value}"),
                    occurred_at=now,
                    key=key,
                    fact=fact,
                    value=value,
                    article_id=article.article_id,
                )
            )
    return planned


class MeetingRecorder(Projection):
    """``meeting_recorder``: writes meeting streams (a processor, not a read model)."""

    name = "meeting_recorder"
    version = 1
    types = (ArticleMatched.type_name,)
    writes_events = True

    def __init__(self, log: SqlEventLog, clock: Callable[[], datetime]) -> None:
        self.log = log
        self.clock = clock

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        keyed = reported_meetings(event.data_dict())
        if not keyed:
            return
        with self.log.transaction_on(conn) as tx:
            article = fold(tx.stream(event.stream_id))
            meta = Metadata(
                causation_id=event.event_id,
                correlation_id=event.metadata_dict().get("correlation_id"),
            )
            for key, meeting in keyed.items():
                self._record(tx, key, meeting, article, meta)

    def _record(
        self,
        tx: AppendTransaction,
        key: str,
        meeting: dict[str, Any],
        article: ArticleState,
        meta: Metadata,
    ) -> None:
        stream_id = meeting_stream(key)
        stream = tx.stream(stream_id)
        planned = plan_meeting_events(key, meeting, article, stream, self.clock())
        if planned:
            tx.append(stream_id, planned, expected_version=len(stream) or NO_STREAM, metadata=meta)
