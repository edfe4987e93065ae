"""Apprise channel: one notification (title and plain-text body) to an Apprise URL.

Apprise speaks to Slack, Telegram, ntfy, Matrix, Discord, JSON/form endpoints and many more
(``AppriseTarget.url``).  Its ``notify`` blocks, so it runs in a worker thread.  An URL Apprise
cannot parse is a permanent failure; a notification Apprise reports as not sent is temporary
(Apprise does not tell a 404 from a 500).  Persistent storage is kept in memory: nothing is
written to disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

import anyio.to_thread
import apprise

from alerts.errors import DeliveryError
from alerts.model import AlertMessage, AppriseTarget, Receipt
from alerts.render import Rendering, digest_key, render_alert, render_digest


def redact(url: str) -> str:
    """The URL's scheme only: Apprise URLs carry tokens and passwords."""
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://…" if sep else "(not an URL)"


class AppriseChannel:
    """Notifies through Apprise; ``timeout`` bounds each service call (seconds)."""

    def __init__(self, *, timeout: float = 15.0) -> None:
        self._timeout = timeout

    async def send(self, message: AlertMessage, target: AppriseTarget) -> Receipt:
        return await self._notify(render_alert(message), target, message.idempotency_key)

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: AppriseTarget,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
    ) -> Receipt:
        rendering = render_digest(
            messages,
            subscription_name=subscription_name,
            period_start=period_start,
            period_end=period_end,
        )
        return await self._notify(rendering, target, digest_key(messages, period_start, period_end))

    async def _notify(self, rendering: Rendering, target: AppriseTarget, key: str) -> Receipt:
        notify = partial(_notify_blocking, target.url, rendering, self._timeout)
        await anyio.to_thread.run_sync(notify)
        return Receipt(None, key, detail=f"apprise {redact(target.url)}")


def _notify_blocking(url: str, rendering: Rendering, timeout: float) -> None:
    asset = apprise.AppriseAsset(
        storage_mode=apprise.PersistentStoreMode.MEMORY, service_timeout=timeout
    )
    sender = apprise.Apprise(asset=asset)
    if not sender.add(url):
        raise DeliveryError(
            f"apprise {redact(url)}: Apprise cannot use this URL (unknown service or bad syntax)",
            permanent=True,
        )
    try:
        result = sender.notify(
            title=rendering.subject, body=rendering.text, body_format=apprise.NotifyFormat.TEXT
        )
    except Exception as exc:  # Apprise plugins may raise anything; translate at the boundary
        raise DeliveryError(f"apprise {redact(url)}: {type(exc).__name__}: {exc}") from exc
    if not result:
        status = getattr(getattr(result, "status", None), "name", "failed")
        raise DeliveryError(f"apprise {redact(url)}: notification not sent ({status})")
