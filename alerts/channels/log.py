"""Log channel: each alert (or digest) is one structlog event, a JSON line once configured.

Always a delivery; useful as a default target and for audits of what would have been sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog

from alerts.channels.port import ChannelKind
from alerts.model import AlertMessage, LogTarget, Receipt
from alerts.payloads import alert_payload, digest_payload


class LogChannel:
    """Writes alerts through a structlog logger (injected; default ``alerts.delivery``)."""

    def __init__(self, logger: Any | None = None) -> None:
        self._log = logger if logger is not None else structlog.get_logger("alerts.delivery")

    async def send(self, message: AlertMessage, target: LogTarget) -> Receipt:
        self._log.info("alert", **alert_payload(message))
        return Receipt(None, message.alert_id, detail="logged")

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: LogTarget,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
        subscription_id: str | None = None,
    ) -> Receipt:
        payload = digest_payload(
            messages,
            subscription_name=subscription_name,
            period_start=period_start,
            period_end=period_end,
            subscription_id=subscription_id,
        )
        self._log.info("alert_digest", **payload)
        return Receipt(None, payload["digest_id"], detail="logged")


CHANNEL = ChannelKind(
    "log", LogTarget, lambda context: LogChannel(), "one JSON line in the daemon's log"
)
