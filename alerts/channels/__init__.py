"""Delivery channels: webhook, email, Apprise, log, Atom and SSE, chosen by the target's type.

Every channel implements the port :class:`Channel` (``send`` and ``send_digest``), returns a
:class:`~alerts.model.Receipt` only when the receiver accepted the message, and raises
:class:`~alerts.errors.DeliveryError` otherwise (``permanent``, ``retry_after``, ``status``).
Each kind of channel is a :class:`ChannelKind` registered in one place
(:mod:`alerts.channels.kinds`: the built-in kinds and plugins' entry points alike); the registry
the dispatcher uses (:func:`build_registry`) has a channel for every kind that can be built.
A subscription's sealed target (:class:`~alerts.model.SealedTarget`) is opened with the
registry's secrets key by :class:`Unsealing` just before the send; a target that cannot be
opened fails permanently (:class:`~alerts.secrets.SecretUnavailableError`).
Atom and server-sent events are read by the subscriber, not pushed: their channel
(:class:`alerts.published.PublishedChannel`) only records that the alert is published.

Exception added to the tree::

    AlertsError
    ├── ChannelKindError   a registration names no channel kind, or one registered twice
    └── DeliveryError
        └── NoChannelError     no channel for the target's type (permanent)
"""

from __future__ import annotations

import httpx

from alerts.channels.apprise_channel import AppriseChannel
from alerts.channels.base import ChannelRegistry, NoChannelError, Unsealing
from alerts.channels.email import EmailChannel, SmtpSettings, message_id_for
from alerts.channels.kinds import ChannelKindError, kind_for, parse_target
from alerts.channels.log import LogChannel
from alerts.channels.port import Channel, ChannelContext, ChannelKind, ConnectionGuard
from alerts.channels.webhook import WebhookChannel
from alerts.secrets import Keyring

__all__ = [
    "AppriseChannel",
    "Channel",
    "ChannelContext",
    "ChannelKind",
    "ChannelKindError",
    "ChannelRegistry",
    "ConnectionGuard",
    "EmailChannel",
    "LogChannel",
    "NoChannelError",
    "SmtpSettings",
    "Unsealing",
    "WebhookChannel",
    "build_registry",
    "kind_for",
    "message_id_for",
    "parse_target",
]


def build_registry(
    *,
    http_client: httpx.AsyncClient,
    smtp: SmtpSettings | None = None,
    webhook_timeout: float = 10.0,
    apprise_timeout: float = 15.0,
    secrets: Keyring | None = None,
    guard: ConnectionGuard | None = None,
) -> ChannelRegistry:
    """A channel for every registered kind: webhook, Apprise, log, Atom, SSE, and e-mail when
    ``smtp`` is configured (plus the plugins'); ``secrets`` opens the sealed targets of
    subscriptions (:mod:`alerts.secrets`); ``guard`` vets what Apprise connects to."""
    context = ChannelContext(
        http_client=http_client,
        guard=guard,
        smtp=smtp,
        timeouts={"webhook": webhook_timeout, "apprise": apprise_timeout},
    )
    return ChannelRegistry.from_kinds(context, secrets=secrets)
