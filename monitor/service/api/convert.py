"""Rows and events into response models (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alerts.redaction import redact_text
from alerts.secrets import redact_event_data
from monitor.audit.trail import Trail
from monitor.events import AlertDelivered, AlertDeliveryFailed
from monitor.matching.judgement import judged_text
from monitor.readmodels.article_state import fold
from monitor.readmodels.search import split
from monitor.service.api.schemas import (
    AlertSummary,
    ArticleSummary,
    AttemptOut,
    DialogueOut,
    MatchOut,
    MeetingOut,
    TopicOut,
    TrailOut,
    TrailStepOut,
)
from store.records import RecordedEvent


def article_summary(row: Any) -> ArticleSummary:
    meetings = [m for m in (row.meetings or "").split(",") if m]
    return ArticleSummary(
        article_id=row.article_id,
        title=row.title,
        url=row.url,
        canonical_url=row.canonical_url,
        source_id=row.source_id,
        language=row.language,
        published_at=row.published_at,
        discovered_at=row.discovered_at,
        status=row.status,
        story_id=row.story_id,
        relevant=row.relevant,
        dialogues=split(row.dialogues),
        topics=split(row.topics),
        meetings=meetings,
        ruleset=row.ruleset,
    )


def alert_summary(row: Any) -> AlertSummary:
    values = {name: getattr(row, name) for name in AlertSummary.model_fields}
    if values.get("last_error"):
        values["last_error"] = redact_text(values["last_error"])
    return AlertSummary(**values)


def match_out(events: Sequence[RecordedEvent], text: str | None) -> MatchOut | None:
    """The latest judgement of an article, with the text its offsets refer to."""
    state = fold(events)
    data = state.verdict
    if data is None:
        return None
    title = state.title if state.discovered_at is not None else None
    body = text or ""
    shown = title if title is not None and title not in body[:500] else None
    return MatchOut(
        ruleset=data["ruleset"],
        relevant=data["relevant"],
        judged_at=state.judged_at,
        dialogues=[DialogueOut.model_validate(d) for d in data["dialogues"]],
        meetings=[MeetingOut.model_validate(m) for m in data["meetings"]],
        topics=[TopicOut.model_validate(t) for t in data["topics"]],
        judged_text=judged_text(body, shown),
    )


def _delivered(event: RecordedEvent, data: dict[str, Any]) -> AttemptOut:
    return AttemptOut(
        attempt=data["attempt"],
        at=event.occurred_at,
        channel=data["channel"],
        delivered=True,
        status=data.get("status"),
        message_id=data.get("message_id"),
        detail=data.get("detail", ""),
    )


def _failed(event: RecordedEvent, data: dict[str, Any]) -> AttemptOut:
    return AttemptOut(
        attempt=data["attempt"],
        at=event.occurred_at,
        channel=data["channel"],
        delivered=False,
        status=data.get("status"),
        error=data.get("error"),
        next_attempt_at=data.get("next_attempt_at"),
        dead=data.get("dead", False),
    )


def attempts(events: Sequence[RecordedEvent]) -> list[AttemptOut]:
    """Every delivery attempt in an alert's stream, with the receiver's answer."""
    makers = {AlertDelivered.type_name: _delivered, AlertDeliveryFailed.type_name: _failed}
    return [
        makers[e.type](e, redact_event_data(e.type, e.data_dict()))
        for e in events
        if e.type in makers
    ]


def trail_out(trail: Trail) -> TrailOut:
    return TrailOut(
        subject=trail.subject,
        kind=trail.kind,
        steps=[
            TrailStepOut(at=s.at, what=s.what, detail=s.detail, position=s.position, facts=s.facts)
            for s in trail.steps
        ],
    )
