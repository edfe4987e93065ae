"""The API's response models (what OpenAPI documents and clients can rely on)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class EvidenceOut(BaseModel):
    quote: str
    start: int
    end: int


class DialogueOut(BaseModel):
    id: str
    score: float
    relevant: bool
    evidence: list[EvidenceOut] = []


class MeetingOut(BaseModel):
    name: str
    key: str | None = Field(
        None,
        description="the meeting's identity (dialogue/mechanism/ordinal, else "
        "dialogue/mechanism/year[/place]); null when the text gives neither an ordinal nor a year",
    )
    mechanism: str | None = None
    dialogue: str | None = None
    ordinal: int | None = None
    date: str | None = None
    chair: str | None = None
    host: str | None = None


class RetryOut(BaseModel):
    """An alert sent back to the outbox, due now."""

    alert_id: str
    was: Literal["dead", "failed"]
    status: Literal["pending"]


class MeetingSummaryOut(BaseModel):
    """A meeting as an identity, with the first report of each fact (``/api/meetings``)."""

    key: str
    dialogue: str
    mechanism: str
    ordinal: int | None = None
    year: int | None = None
    place: str | None = None
    title: str = Field(
        description='its English title, made from the key: "13th ASEAN-United States Summit"'
    )
    name: str = Field(description="the name it was first seen under (in its article's language)")
    date: str | None = None
    host: str | None = None
    chair: str | None = None
    documents: list[str] = Field(description='outcome documents, as "kind: name"')
    reports: int = Field(description="how many articles report on it")
    last_published_at: str | None = None


class MeetingReportOut(BaseModel):
    article_id: str
    story_id: str
    name: str = Field(description="the meeting's name as this article wrote it")
    title: str | None = None
    url: str | None = None
    source_id: str | None = None
    published_at: str | None = None


class MeetingDetailOut(MeetingSummaryOut):
    articles: list[MeetingReportOut]


class TopicOut(BaseModel):
    id: str
    role: Literal["primary", "mentioned"] = Field(
        "primary",
        description="primary: the article is about it; mentioned: named only (judgements made "
        "before topics had a role count every topic as primary)",
    )
    weight: float | None = Field(None, description="The topic's share of all topics found")
    evidence: list[EvidenceOut] = []


class ArticleSummary(BaseModel):
    """One article as lists show it."""

    article_id: str
    title: str
    url: str
    canonical_url: str
    source_id: str
    language: str | None
    published_at: str | None
    discovered_at: str
    status: str = Field(description="discovered, extracted or extraction_failed")
    story_id: str
    relevant: bool | None = Field(description="None until judged")
    dialogues: list[str] = Field(description="Relevant dialogue ids")
    topics: list[str] = []
    meetings: list[str] = []
    ruleset: str | None = Field(description="Content hash of the ruleset that judged it")


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; None: last")


class EventOut(BaseModel):
    """An event exactly as the audit export writes it."""

    position: int
    stream: str
    version: int
    type: str
    schema_version: int
    occurred_at: str
    recorded_at: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    hash: str


class MatchOut(BaseModel):
    ruleset: str
    relevant: bool
    judged_at: str
    dialogues: list[DialogueOut]
    meetings: list[MeetingOut]
    topics: list[TopicOut]
    judged_text: str = Field(description="The text the evidence offsets refer to")


class TrailStepOut(BaseModel):
    at: str
    what: str
    detail: str
    position: int | None = None
    facts: dict[str, Any] = {}


class TrailOut(BaseModel):
    """Where an item came from, how it was judged, who was alerted, every delivery attempt."""

    subject: str
    kind: str = Field(description="article or alert")
    steps: list[TrailStepOut]


class AlertSummary(BaseModel):
    alert_id: str
    subscription_id: str
    kind: str
    story_id: str
    article_id: str | None
    title: str
    url: str | None
    raised_at: str
    digest: bool
    status: str = Field(description="pending, held, failed, dead or delivered")
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    last_status: int | None
    delivered_at: str | None


class AttemptOut(BaseModel):
    """One delivery attempt and what the receiver answered (its receipt)."""

    attempt: int
    at: str
    channel: str
    delivered: bool
    status: int | None = None
    message_id: str | None = None
    detail: str = ""
    error: str | None = None
    next_attempt_at: str | None = None
    dead: bool = False


class AlertDetail(AlertSummary):
    reason: str
    payload: dict[str, Any]
    delivery_attempts: list[AttemptOut]
    events: list[EventOut]


class AlertPage(BaseModel):
    items: list[AlertSummary]
    next_cursor: str | None


class ArticleDetail(ArticleSummary):
    summary: str
    text: str | None = Field(description="Extracted text (or the feed's fallback text)")
    text_sha256: str | None
    match: MatchOut | None
    alerts: list[AlertSummary]
    events: list[EventOut] = Field(description="The article's whole stream: its audit trail")
    trail: TrailOut


class SourceOut(BaseModel):
    source_id: str
    url: str
    failing: bool = Field(description="The last poll failed")
    polls: int
    failures: int
    consecutive_failures: int
    last_polled_at: str | None
    last_success_at: str | None
    last_status: int | None
    failing_since: str | None
    last_error_at: str | None
    last_error_reason: str | None
    last_error: str | None
    next_check_at: str | None
    next_check_reason: str | None
    items_new_total: int
    last_new_at: str | None


class SubscriptionOut(BaseModel):
    """A subscription; a webhook's secret is never returned (``has_secret`` says it is set)."""

    subscription_id: str
    name: str
    status: str = Field(description="active, paused or deleted")
    filter: dict[str, Any]
    target: dict[str, Any]
    delivery: dict[str, Any]
    has_secret: bool
    created_at: str | None = None
    updated_at: str | None = None
    state: str | None = Field(
        None,
        description="how its deliveries are going: failing (each of its latest settled alerts "
        "failed), degraded (some did), active, paused or deleted (lists and reads only)",
    )
    state_text: str | None = Field(
        None, description='e.g. "failing: 5 of the last 5 alerts failed"'
    )


class SubscriptionCreate(BaseModel):
    """What ``POST /api/subscriptions`` takes: a name, a filter, a target and a delivery."""

    name: str = Field(min_length=1, max_length=200)
    filter: dict[str, Any] = {}
    target: dict[str, Any]
    delivery: dict[str, Any] = {}


class SubscriptionPatch(BaseModel):
    """Only the parts given change; each given part replaces the stored one."""

    name: str | None = Field(None, min_length=1, max_length=200)
    filter: dict[str, Any] | None = None
    target: dict[str, Any] | None = None
    delivery: dict[str, Any] | None = None
