"""Delivery channels: webhook, email, Apprise and log, chosen by the target's type.

Every channel implements :class:`Channel` (``send`` and ``send_digest``), returns a
:class:`~alerts.model.Receipt` only when the receiver accepted the message, and raises
:class:`~alerts.errors.DeliveryError` otherwise (``permanent``, ``retry_after``, ``status``).
A subscription's sealed target (:class:`~alerts.model.SealedTarget`) is opened with the
registry's secrets key by :class:`Unsealing` just before the send; a target that cannot be
opened fails permanently (:class:`~alerts.secrets.SecretUnavailableError`).
Atom and server-sent events are read by the subscriber, not pushed: they have no channel here
(see :mod:`alerts.atom`); asking the registry for one raises :class:`NoChannelError`
(a permanent ``DeliveryError``) unless the caller registered one.

Exception added to the tree::

    DeliveryError
    └── NoChannelError     no channel registered for the target's type (permanent)
"""

from __future__ import annotations

import httpx

from alerts.channels.apprise_channel import AppriseChannel
from alerts.channels.base import (
    Channel,
    ChannelRegistry,
    NoChannelError,
    Unsealing,
    retry_after_seconds,
)
from alerts.channels.email import EmailChannel, SmtpSettings, message_id_for
from alerts.channels.log import LogChannel
from alerts.channels.webhook import WebhookChannel
from alerts.secrets import Keyring

__all__ = [
    "AppriseChannel",
    "Channel",
    "ChannelRegistry",
    "EmailChannel",
    "LogChannel",
    "NoChannelError",
    "SmtpSettings",
    "Unsealing",
    "WebhookChannel",
    "build_registry",
    "message_id_for",
    "retry_after_seconds",
]


def build_registry(
    *,
    http_client: httpx.AsyncClient,
    smtp: SmtpSettings | None = None,
    webhook_timeout: float = 10.0,
    apprise_timeout: float = 15.0,
    secrets: Keyring | None = None,
) -> ChannelRegistry:
    """The standard registry: webhook, Apprise, log, and email when ``smtp`` is configured;
    ``secrets`` opens the sealed targets of subscriptions (:mod:`alerts.secrets`)."""
    registry = ChannelRegistry(
        {
            "webhook": WebhookChannel(http_client, timeout=webhook_timeout),
            "apprise": AppriseChannel(timeout=apprise_timeout),
            "log": LogChannel(),
        },
        secrets=secrets,
    )
    if smtp is not None:
        registry.register("email", EmailChannel(smtp))
    return registry
