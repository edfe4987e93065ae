"""The ``Channel`` protocol, the registry that picks a channel by target type, and helpers.

Contract for every channel: return a :class:`~alerts.model.Receipt` only when the receiver
accepted the message (an HTTP 2xx, an SMTP 250); raise :class:`~alerts.errors.DeliveryError`
for every failure, with ``permanent=True`` when retrying cannot help (HTTP 404 and other 4xx
except 408/425/429, an SMTP 5xx) and ``retry_after`` when the receiver asked for a delay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, runtime_checkable

from alerts.errors import DeliveryError
from alerts.model import AlertMessage, Receipt

USER_AGENT = "asean-monitor/0.1 (alert delivery; +https://github.com/asean-monitor)"


@runtime_checkable
class Channel(Protocol):
    """Sends alerts to one kind of target.  Implementations raise ``DeliveryError`` on failure."""

    async def send(self, message: AlertMessage, target: Any) -> Receipt: ...

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: Any,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
    ) -> Receipt: ...


class NoChannelError(DeliveryError):
    """No channel is registered for a target's type (a configuration fault: permanent)."""

    def __init__(self, target_type: str, known: Sequence[str]) -> None:
        names = ", ".join(sorted(known)) or "none"
        super().__init__(
            f"no delivery channel for target type {target_type!r} (registered: {names})",
            permanent=True,
        )
        self.target_type = target_type


class ChannelRegistry:
    """Channels by target type (``"webhook"``, ``"email"``, ``"apprise"``, ``"log"`` …)."""

    def __init__(self, channels: Mapping[str, Channel] | None = None) -> None:
        self._channels: dict[str, Channel] = dict(channels or {})

    def register(self, target_type: str, channel: Channel) -> None:
        self._channels[target_type] = channel

    def channel_for(self, target: Any) -> Channel:
        """The channel for ``target.type``; :class:`NoChannelError` when there is none."""
        target_type = str(getattr(target, "type", type(target).__name__))
        channel = self._channels.get(target_type)
        if channel is None:
            raise NoChannelError(target_type, list(self._channels))
        return channel


def retry_after_seconds(value: str | None, *, now: datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date; None if absent/bad.

    A date in the past gives 0.  ``now`` must be timezone-aware.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def http_failure(status: int, *, retry_after: float | None, detail: str) -> DeliveryError:
    """The ``DeliveryError`` for a non-2xx answer: temporary for 408/425/429/5xx, else permanent."""
    temporary = status >= 500 or status in (408, 425, 429)
    return DeliveryError(
        f"receiver answered HTTP {status}: {detail}"
        if detail
        else f"receiver answered HTTP {status}",
        status=status,
        retry_after=retry_after,
        permanent=not temporary,
    )
