"""What an alert says (``AlertMessage``), where it goes (targets), and what came back.

Channels render and send these; they never read the log or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl


@dataclass(frozen=True)
class Evidence:
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class DialogueHit:
    id: str
    name: str
    score: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class AlertMessage:
    """One alert, everything a channel needs to tell a person why it fired.

    ``kind``: ``article`` (a new story), ``follow_up`` (a material update of a story already
    alerted: ``follows`` names the first alert), ``source_failing`` / ``source_silent`` /
    ``source_recovered`` (source health).  ``idempotency_key`` is stable across retries.
    """

    alert_id: str
    idempotency_key: str
    subscription_id: str
    subscription_name: str
    kind: str
    title: str
    url: str | None
    raised_at: datetime
    reason: str
    source_id: str | None = None
    published_at: datetime | None = None
    """The article's publication time, as its source gives it (None: not given)."""
    discovered_at: datetime | None = None
    """When the monitor first saw the article."""
    summary: str = ""
    dialogues: tuple[DialogueHit, ...] = ()
    meetings: tuple[dict[str, Any], ...] = ()
    topics: tuple[str, ...] = ()
    follows: str | None = None
    article_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    outlets: tuple[dict[str, Any], ...] = ()
    """The story's other reports when the alert was sent: source_id, url, title, language,
    published_at (``monitor.delivery.outlets``)."""


@dataclass(frozen=True)
class Receipt:
    """What the receiver answered: HTTP status or SMTP reply, and its message id if any."""

    status: int | None
    message_id: str | None = None
    detail: str = ""


class ClearTarget(BaseModel):
    """A target as given (to ``subscribe`` or the API) and as a channel needs it: secrets in
    clear.  Every kind of channel has its own subclass, whose ``type`` is ``Literal`` its
    name; which subclass a target is follows from its ``type`` and the registered kinds
    (:func:`alerts.channels.kinds.parse_target`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str


class WebhookTarget(ClearTarget):
    type: Literal["webhook"] = "webhook"
    url: HttpUrl
    secret: str = Field(min_length=8, description="HMAC-SHA256 key shared with the receiver")


class EmailTarget(ClearTarget):
    type: Literal["email"] = "email"
    to: tuple[str, ...] = Field(min_length=1)


class AppriseTarget(ClearTarget):
    type: Literal["apprise"] = "apprise"
    url: str = Field(min_length=3, description="An Apprise URL: slack://…, tgram://…, ntfy://…")


class AtomTarget(ClearTarget):
    type: Literal["atom"] = "atom"


class SseTarget(ClearTarget):
    type: Literal["sse"] = "sse"


class LogTarget(ClearTarget):
    type: Literal["log"] = "log"


class Sealed(BaseModel):
    """A target encrypted with the secrets key (see :mod:`alerts.secrets`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(description="Id of the secrets key that sealed it (12 hex digits)")
    token: str = Field(description="The Fernet token")


class SealedTarget(BaseModel):
    """A target whose secrets are sealed: what a subscription holds since schema version 2.

    ``type`` is the channel's (``webhook``, ``apprise``); ``shown`` is the target redacted;
    the channel registry opens ``sealed`` with the secrets key just before a delivery.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    subscription_id: str
    shown: dict[str, Any]
    sealed: Sealed


Target = ClearTarget | SealedTarget
"""What a subscription's target is: clear (no secret, or written before sealing) or sealed."""
