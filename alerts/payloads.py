"""The JSON payloads of one alert and of a digest (webhooks, the log channel, file drops):
versioned (``schema``), with the exact bytes that get signed (:func:`to_json_bytes`).  Pure."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from alerts.messages import digest_id, digest_subscription
from alerts.model import AlertMessage
from alerts.render import group_digest

ALERT_SCHEMA = "asean-monitor.alert/1"
DIGEST_SCHEMA = "asean-monitor.digest/1"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def alert_payload(message: AlertMessage) -> dict[str, Any]:
    """The webhook/log payload of one alert (``schema``: ``asean-monitor.alert/1``)."""
    m = message
    return {
        "schema": ALERT_SCHEMA,
        "alert_id": m.alert_id,
        "idempotency_key": m.idempotency_key,
        "kind": m.kind,
        "follows": m.follows,
        "raised_at": _iso(m.raised_at),
        "subscription": {"id": m.subscription_id, "name": m.subscription_name},
        "reason": m.reason,
        "article": {
            "id": m.article_id,
            "title": m.title,
            "url": m.url,
            "source_id": m.source_id,
            "published_at": _iso(m.published_at),
            "discovered_at": _iso(m.discovered_at),
            "summary": m.summary,
        },
        "dialogues": [
            {
                "id": h.id,
                "name": h.name,
                "score": h.score,
                "evidence": [
                    {"quote": e.quote, "start": e.start, "end": e.end} for e in h.evidence
                ],
            }
            for h in m.dialogues
        ],
        "meetings": [dict(meeting) for meeting in m.meetings],
        "outlets": [dict(outlet) for outlet in m.outlets],
        "topics": list(m.topics),
        "links": {"article": m.url},
        "extra": dict(m.extra),
    }


def digest_key(
    messages: Sequence[AlertMessage], period_end: datetime, subscription_id: str | None = None
) -> str:
    """The digest's id and idempotency key (:func:`alerts.messages.digest_id`) for the
    subscription ``subscription_id`` (default: the messages')."""
    return digest_id(digest_subscription(messages, subscription_id), period_end)


def digest_payload(
    messages: Sequence[AlertMessage],
    *,
    subscription_name: str,
    period_start: datetime,
    period_end: datetime,
    subscription_id: str | None = None,
) -> dict[str, Any]:
    """The webhook payload of a digest (``schema``: ``asean-monitor.digest/1``);
    ``digest_id`` is its idempotency key too."""
    owner = digest_subscription(messages, subscription_id)
    return {
        "schema": DIGEST_SCHEMA,
        "digest_id": digest_id(owner, period_end),
        "kind": "digest",
        "subscription": {"id": owner or None, "name": subscription_name},
        "period": {"start": _iso(period_start), "end": _iso(period_end)},
        "count": len(messages),
        "groups": [
            {
                "dialogue": {"id": g.dialogue_id, "name": g.dialogue_name},
                "alerts": [alert_payload(m) for m in g.messages],
            }
            for g in group_digest(messages)
        ],
    }


def to_json_bytes(payload: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON, keys sorted, no insignificant whitespace (the exact bytes that get signed)."""
    text = json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return text.encode("utf-8")
