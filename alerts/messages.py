"""What the channels are handed (pure): an outbox row as an :class:`~alerts.model.AlertMessage`,
and the identity of a digest.

Every id on the alert path is derived, never drawn at random, so a resend carries the same
one: an alert's idempotency key is ``alert-<alert id>`` (the alert id derives from its
subscription and story, :mod:`alerts.routing`); a digest's id, which is its idempotency key
too, derives from its subscription and the end of its period (:func:`digest_id`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from alerts.model import AlertMessage, DialogueHit, Evidence
from store.clock import format_time, parse_time

DIGESTS = uuid.UUID("5b0f7f1e-58c4-4c53-9d55-3d3c2f6a9e10")
"""The namespace of digest ids (uuid5)."""


def alert_key(alert_id: str) -> str:
    """An alert's idempotency key, the same on every attempt."""
    return f"alert-{alert_id}"


def digest_id(subscription_id: str, period_end: datetime) -> str:
    """``digest-<32 hex>``: the id of the subscription's digest whose period ends at
    ``period_end``, and its idempotency key (webhook ``Idempotency-Key``, e-mail
    ``Message-ID``).  The same digest has the same id, resent after a crash or not: the start
    of a period is where the previous digest ended, so the end names the period."""
    name = f"{subscription_id}|{format_time(period_end)}"
    return f"digest-{uuid.uuid5(DIGESTS, name).hex}"


def digest_subscription(messages: Sequence[AlertMessage], given: str | None = None) -> str:
    """Whose digest it is: ``given``, else the one subscription of ``messages`` ("" when they
    name none or several: a digest made outside the daemon)."""
    if given:
        return given
    found = {m.subscription_id for m in messages}
    return found.pop() if len(found) == 1 else ""


def to_message(row: Any, subscription_name: str) -> AlertMessage:
    data: dict[str, Any] = json.loads(row.payload)
    published, discovered = data.get("published_at"), data.get("discovered_at")
    return AlertMessage(
        alert_id=row.alert_id,
        idempotency_key=alert_key(row.alert_id),
        subscription_id=row.subscription_id,
        subscription_name=subscription_name,
        kind=row.kind,
        title=row.title,
        url=row.url,
        raised_at=parse_time(row.raised_at),
        reason=data.get("reason", ""),
        source_id=data.get("source_id"),
        published_at=parse_time(published) if published else None,
        discovered_at=parse_time(discovered) if discovered else None,
        summary=data.get("summary", ""),
        dialogues=tuple(_hit(d) for d in data.get("dialogues", [])),
        meetings=tuple(data.get("meetings", [])),
        topics=tuple(data.get("topics", [])),
        follows=row.follows,
        article_id=row.article_id,
        extra={k: data[k] for k in ("source_id", "documents") if k in data},
    )


def _hit(dialogue: dict[str, Any]) -> DialogueHit:
    evidence = tuple(
        Evidence(e["quote"], e["start"], e["end"]) for e in dialogue.get("evidence", [])[:5]
    )
    return DialogueHit(
        dialogue["id"],
        dialogue.get("name", dialogue["id"]),
        float(dialogue.get("score", 0.0)),
        evidence,
    )
