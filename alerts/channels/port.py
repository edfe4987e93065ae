"""The port every delivery channel implements, and the record that registers a kind of channel.

A **channel** (:class:`Channel`) sends one alert, or one digest, to a target and answers with a
:class:`~alerts.model.Receipt` only when the receiver accepted it; every failure raises
:class:`~alerts.errors.DeliveryError` (``permanent`` when retrying cannot help, ``retry_after``
when the receiver asked for a delay).  It never reads the log or the database.

A **channel kind** (:class:`ChannelKind`) is all the rest of asean-monitor knows of one kind
of target: its ``type``, the pydantic model of its targets, how to build its channel from what
the daemon has (:class:`ChannelContext`), and what to vet when someone subscribes.  Kinds are
registered in one place (:mod:`alerts.channels.kinds`); see docs/alerts-channels.md, "Adding a
channel".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import httpx

from alerts.errors import SubscriptionError
from alerts.model import AlertMessage, ClearTarget, Receipt

if TYPE_CHECKING:
    from alerts.channels.email import SmtpSettings


@runtime_checkable
class Channel(Protocol):
    """Sends alerts to one kind of target.  Implementations raise ``DeliveryError`` on failure.

    ``send_digest``: ``subscription_id`` names whose digest it is (the digest's id and
    idempotency key derive from it and the end of the period: :func:`alerts.messages.digest_id`);
    without it, the messages' subscription."""

    async def send(self, message: AlertMessage, target: Any) -> Receipt: ...

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: Any,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
        subscription_id: str | None = None,
    ) -> Receipt: ...


class ConnectionGuard(Protocol):
    """What a channel needs of the daemon's outbound guard (``monitor.delivery.outbound``)."""

    async def vet(self, host: str, port: int) -> None:
        """Resolve ``host`` and vet it; raise ``DeliveryError`` (permanent when refused)."""

    def guarding(self) -> AbstractContextManager[list[str]]:
        """Inside, every name resolution of this context is vetted; the list collects the
        reasons of what was refused."""


@dataclass(frozen=True)
class ChannelContext:
    """What the daemon hands to each kind's ``build``.

    ``http_client``: the shared client (in the daemon it sends through the address guard, so
    an HTTP channel should use it); ``guard``: the outbound guard, for code that opens its own
    connections (None in tests and embeddings: nothing is vetted); ``smtp``: the operator's
    SMTP relay, if configured; ``timeouts``: seconds by kind name; ``settings``: the daemon's
    ``monitor.settings.Settings`` (None outside the daemon), for a kind's own options."""

    http_client: httpx.AsyncClient | None = None
    guard: ConnectionGuard | None = None
    smtp: SmtpSettings | None = None
    timeouts: Mapping[str, float] = field(default_factory=dict)
    settings: Any = None

    def timeout(self, kind: str, default: float) -> float:
        return float(self.timeouts.get(kind, default))

    def client(self, kind: str) -> httpx.AsyncClient:
        """The shared HTTP client; a kind that needs one and was given none cannot be built."""
        if self.http_client is None:
            raise ValueError(f"the {kind} channel needs an http_client in its ChannelContext")
        return self.http_client


Build = Callable[[ChannelContext], Channel | None]
"""Makes a kind's channel; None when it cannot work here (e-mail without an SMTP relay): its
targets are still valid, and an attempt to send to one fails permanently (NoChannelError)."""
Vet = Callable[[Any, ConnectionGuard], Awaitable[None]]
"""Refuses, at subscribe time, a target the channel would refuse to send to: raises
:class:`~alerts.errors.SubscriptionError` naming the field."""


@dataclass(frozen=True)
class ChannelKind:
    """One kind of channel: ``name`` is its targets' ``type``; ``target`` their model (a
    subclass of :class:`~alerts.model.ClearTarget` whose ``type`` is ``Literal[name]``)."""

    name: str
    target: type[ClearTarget]
    build: Build
    summary: str
    vet: Vet | None = None

    def __post_init__(self) -> None:
        declared = self.target.model_fields.get("type")
        if declared is None or declared.default != self.name:
            raise ValueError(
                f"channel kind {self.name!r}: {self.target.__name__}.type must default to "
                f"{self.name!r}"
            )

    def parse(self, raw: Mapping[str, Any]) -> ClearTarget:
        """A target of this kind from plain data (pydantic's ``ValidationError`` when bad)."""
        return self.target.model_validate(dict(raw))


def vet_error(field_name: str, reason: object) -> SubscriptionError:
    """The subscribe-time refusal of ``field_name`` (``target.url: refusing …``)."""
    return SubscriptionError(f"{field_name}: {reason}")
