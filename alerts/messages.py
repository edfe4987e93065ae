"""An outbox row as the channels' :class:`~alerts.model.AlertMessage` (pure)."""

from __future__ import annotations

import json
from typing import Any

from alerts.model import AlertMessage, DialogueHit, Evidence
from store.clock import parse_time


def to_message(row: Any, subscription_name: str) -> AlertMessage:
    data: dict[str, Any] = json.loads(row.payload)
    published = data.get("published_at")
    return AlertMessage(
        alert_id=row.alert_id,
        idempotency_key=f"alert-{row.alert_id}",
        subscription_id=row.subscription_id,
        subscription_name=subscription_name,
        kind=row.kind,
        title=row.title,
        url=row.url,
        raised_at=parse_time(row.raised_at),
        reason=data.get("reason", ""),
        source_id=data.get("source_id"),
        published_at=parse_time(published) if published else None,
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
