"""The registry that picks a channel by target type, and the unsealing wrapper.

The contract every channel keeps is the port's (:mod:`alerts.channels.port`): a
:class:`~alerts.model.Receipt` only when the receiver accepted the message (an HTTP 2xx, an
SMTP 250); :class:`~alerts.errors.DeliveryError` for every failure, with ``permanent=True``
when retrying cannot help (HTTP 404 and other 4xx except 408/425/429, an SMTP 5xx) and
``retry_after`` when the receiver asked for a delay.  ``tests/alerts/test_channel_contract.py``
holds every registered kind to it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from alerts.channels.kinds import parse_target, registered
from alerts.channels.port import Channel, ChannelContext
from alerts.errors import DeliveryError
from alerts.model import AlertMessage, Receipt, SealedTarget
from alerts.redaction import REDACTED, redact_text
from alerts.secrets import Keyring

__all__ = ["Channel", "ChannelRegistry", "NoChannelError", "Unsealing"]


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
    """Channels by target type (``"webhook"``, ``"email"``, ``"apprise"``, ``"log"`` …).

    ``secrets`` opens sealed targets (:class:`~alerts.model.SealedTarget`): for one, the
    channel returned is an :class:`Unsealing` wrapper that opens the target just before the
    send; without the key the attempt fails permanently, naming the key it needs."""

    def __init__(
        self, channels: Mapping[str, Channel] | None = None, *, secrets: Keyring | None = None
    ) -> None:
        self._channels: dict[str, Channel] = dict(channels or {})
        self._secrets = secrets

    @classmethod
    def from_kinds(
        cls, context: ChannelContext, *, secrets: Keyring | None = None
    ) -> ChannelRegistry:
        """A channel for every registered kind that can be built with ``context``
        (:mod:`alerts.channels.kinds`: the built-in ones and plugins' alike)."""
        built = {name: kind.build(context) for name, kind in registered().items()}
        return cls({n: c for n, c in built.items() if c is not None}, secrets=secrets)

    def register(self, target_type: str, channel: Channel) -> None:
        """Use ``channel`` for ``target_type`` (a test's or an embedding's own instance)."""
        self._channels[target_type] = channel

    def types(self) -> list[str]:
        return sorted(self._channels)

    def channel_for(self, target: Any) -> Channel:
        """The channel for ``target.type``; :class:`NoChannelError` when there is none."""
        target_type = str(getattr(target, "type", type(target).__name__))
        channel = self._channels.get(target_type)
        if channel is None:
            raise NoChannelError(target_type, list(self._channels))
        if isinstance(target, SealedTarget):
            return Unsealing(channel, self._secrets)
        return channel


class Unsealing:
    """A channel that opens a :class:`~alerts.model.SealedTarget` with the secrets key and
    hands the clear target to ``inner``.  The clear secrets never leave the send: every
    failure's message (and the receipt's detail) is scrubbed of them before it is recorded."""

    def __init__(self, inner: Channel, secrets: Keyring | None) -> None:
        self.inner = inner
        self._secrets = secrets

    def _open(self, target: SealedTarget) -> tuple[Any, list[str]]:
        keyring = self._secrets or Keyring((), "no secrets key was given to the dispatcher")
        clear = keyring.open(target.subscription_id, target.sealed.model_dump())
        try:
            opened = parse_target(clear)
        except ValueError as exc:  # never its text: a ValidationError quotes the input
            why = (
                f"{exc.error_count()} problems"
                if isinstance(exc, ValidationError)
                else "no channel of that type is registered"
            )
            raise DeliveryError(
                f"the opened target of subscription {target.subscription_id} is not a valid "
                f"{target.type} target ({why})",
                permanent=True,
            ) from None
        return opened, _secret_strings(clear)

    async def send(self, message: AlertMessage, target: Any) -> Receipt:
        clear, hidden = self._open(target)
        return await self._scrubbing(target, hidden, self.inner.send(message, clear))

    async def _scrubbing(
        self, target: Any, hidden: list[str], sending: Awaitable[Receipt]
    ) -> Receipt:
        """Await the inner send; its failure or receipt leaves with the secrets scrubbed."""
        try:
            receipt = await sending
        except DeliveryError as exc:
            raise _scrubbed(exc, hidden) from None
        except Exception as exc:  # a channel's own bug: never let its text carry a secret out
            raise DeliveryError(
                _scrub(f"internal error in the {target.type} channel: {exc!r}", hidden)
            ) from None
        return replace(receipt, detail=_scrub(receipt.detail, hidden))

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: Any,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
        subscription_id: str | None = None,
    ) -> Receipt:
        clear, hidden = self._open(target)
        sending = self.inner.send_digest(
            messages,
            clear,
            period_start=period_start,
            period_end=period_end,
            subscription_name=subscription_name,
            subscription_id=subscription_id,
        )
        return await self._scrubbing(target, hidden, sending)


def _secret_strings(target: Mapping[str, Any]) -> list[str]:
    """The clear values to scrub from messages, longest first: every string of the target but
    its type, the user name, password and query values of its URL, and for an Apprise-style
    URL (not http) its host and path parts of 8 characters or more (where tokens sit)."""
    found: set[str] = set()
    for name, value in target.items():
        if name == "type" or not isinstance(value, str):
            continue
        found.add(value)
        if name != "url":
            continue
        scheme, _, rest = value.partition("://")
        rest, _, query = rest.partition("?")
        authority, _, path = rest.partition("/")
        userinfo, at, host = authority.rpartition("@")
        if at:
            found.update(userinfo.split(":"))
        found.update(v for _, _, v in (p.partition("=") for p in query.split("&")))
        if scheme.lower() not in ("http", "https"):
            found.update(p for p in (host, *path.split("/")) if len(p) >= 8)
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)


def _scrub(text: str, hidden: Sequence[str]) -> str:
    text = redact_text(text)
    for value in hidden:
        text = text.replace(value, REDACTED)
    return text


def _scrubbed(exc: DeliveryError, hidden: Sequence[str]) -> DeliveryError:
    return DeliveryError(
        _scrub(str(exc), hidden),
        status=exc.status,
        retry_after=exc.retry_after,
        permanent=exc.permanent,
    )
