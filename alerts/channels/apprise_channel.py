"""Apprise channel: one notification (title and plain-text body) to an Apprise URL.

Apprise speaks to Slack, Telegram, ntfy, Matrix, Discord, JSON/form endpoints and many more,
but a subscription may only use the schemes in :data:`ALLOWED_SCHEMES` (see
docs/alerts-channels.md): services whose plugins connect over HTTP(S) or SMTP, through name
resolution the daemon's guard can vet.  Schemes that open raw connections the guard cannot see
(``syslog``, ``rsyslog``, ``xml`` and everything else not listed) are refused, at subscribe
time (:func:`check_url`) and at send time.

Each allowed scheme says whose host it reaches:

- ``named``: a host the user names in the URL (``json://host/…``, ``gotify://host/…``);
- ``smtp``: the SMTP server the user names (``?smtp=``) or Apprise derives from the address;
- ``vendor``: the service's own public host (``hooks.slack.com``, ``api.telegram.org``).

With a ``guard`` (the daemon always passes one, see ``monitor.delivery.outbound``), the named and
SMTP hosts are resolved and vetted before sending, and every connection Apprise's plugin makes
(redirects and vendor hosts included) is vetted where its library resolves the name.  A refusal
is a permanent failure.  Without a guard (tests, embedding) only the scheme allow-list applies.

Apprise's ``notify`` blocks, so it runs in a worker thread.  An URL Apprise cannot parse is a
permanent failure; a notification Apprise reports as not sent is temporary (Apprise does not
tell a 404 from a 500).  Persistent storage is kept in memory: nothing is written to disk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Literal

import anyio.to_thread
import apprise

from alerts.channels.port import ChannelContext, ChannelKind, ConnectionGuard, vet_error
from alerts.errors import DeliveryError, SubscriptionError
from alerts.model import AlertMessage, AppriseTarget, Receipt
from alerts.payloads import digest_key
from alerts.render import Rendering, render_alert, render_digest

Reach = Literal["named", "smtp", "vendor"]


@dataclass(frozen=True)
class Scheme:
    """One allowed Apprise scheme: the service, the plugin Apprise must choose for it, and
    whose host its connections reach."""

    service: str
    plugin: str
    reach: Reach


def _pair(plain: str, secure: str, service: str, plugin: str, reach: Reach) -> dict[str, Scheme]:
    return {plain: Scheme(service, plugin, reach), secure: Scheme(service, plugin, reach)}


ALLOWED_SCHEMES: Mapping[str, Scheme] = {
    **_pair("json", "jsons", "JSON POST to your endpoint", "NotifyJSON", "named"),
    **_pair("form", "forms", "form POST to your endpoint", "NotifyForm", "named"),
    **_pair("ntfy", "ntfys", "ntfy (ntfy.sh or your server)", "NotifyNtfy", "named"),
    **_pair("gotify", "gotifys", "Gotify", "NotifyGotify", "named"),
    **_pair("mmost", "mmosts", "Mattermost", "NotifyMattermost", "named"),
    **_pair("apprise", "apprises", "Apprise API server", "NotifyAppriseAPI", "named"),
    **_pair("mailto", "mailtos", "e-mail through the SMTP server named", "NotifyEmail", "smtp"),
    "slack": Scheme("Slack", "NotifySlack", "vendor"),
    "tgram": Scheme("Telegram", "NotifyTelegram", "vendor"),
    "discord": Scheme("Discord", "NotifyDiscord", "vendor"),
    "pover": Scheme("Pushover", "NotifyPushover", "vendor"),
    "gchat": Scheme("Google Chat", "NotifyGoogleChat", "vendor"),
}
"""The Apprise schemes a subscription may use (lower case).  Anything else is refused."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_BAD_CHARACTERS = re.compile(r"[\s\x00-\x1f\x7f]")


def redact(url: str) -> str:
    """The URL's scheme only: Apprise URLs carry tokens and passwords."""
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://…" if sep else "(not an URL)"


@dataclass(frozen=True)
class AppriseService:
    """An Apprise URL that passed :func:`check_url`."""

    scheme: str
    service: str
    reach: Reach
    hosts: tuple[tuple[str, int], ...]
    """The hosts the user named (with the port Apprise will use): vetted before sending."""
    plugin: Any
    """Apprise's plugin object for the URL (what is sent with: never re-parsed)."""


def allowed_schemes_text() -> str:
    return ", ".join(sorted(ALLOWED_SCHEMES))


def check_url(url: str) -> AppriseService:
    """Check an Apprise URL against the allow-list and let Apprise parse it (one URL, no
    list).  Raises :class:`SubscriptionError` naming the field and the reason; the message
    shows the scheme only (the rest carries tokens)."""
    shown = redact(url)
    matched = _SCHEME.match(url)
    if matched is None:
        raise SubscriptionError(
            f"target.url: {shown} is not an Apprise URL (scheme://…); "
            f"allowed schemes: {allowed_schemes_text()}"
        )
    scheme = matched.group(1).lower()
    rule = ALLOWED_SCHEMES.get(scheme)
    if rule is None:
        raise SubscriptionError(
            f"target.url: the Apprise scheme {scheme!r} is not allowed "
            f"(allowed: {allowed_schemes_text()}; see docs/alerts-channels.md)"
        )
    if _BAD_CHARACTERS.search(url):
        raise SubscriptionError(
            f"target.url: {shown} contains spaces or control characters (one URL only)"
        )
    plugin = apprise.Apprise.instantiate(url, asset=_asset(15.0))
    if plugin is None:
        raise SubscriptionError(
            f"target.url: {shown}: Apprise cannot use this URL (unknown service or bad syntax)"
        )
    if type(plugin).__name__ != rule.plugin:
        raise SubscriptionError(
            f"target.url: {shown}: Apprise reads it as {type(plugin).__name__}, not {rule.service}"
        )
    if rule.plugin == "NotifyNtfy" and not getattr(plugin, "topics", None):
        raise SubscriptionError(
            f"target.url: {shown}: names no ntfy topic (nothing would be sent); write "
            "ntfy://TOPIC for ntfy.sh or ntfy://HOST/TOPIC for your own server"
        )
    return AppriseService(scheme, rule.service, rule.reach, _hosts(rule, plugin), plugin)


def _hosts(rule: Scheme, plugin: Any) -> tuple[tuple[str, int], ...]:
    if rule.reach == "vendor":
        return ()
    if rule.reach == "smtp":
        host = str(getattr(plugin, "smtp_host", "") or plugin.host or "")
        port = plugin.port if isinstance(plugin.port, int) else 25
        return ((_bare(host), port),) if host else ()
    if rule.plugin == "NotifyNtfy" and getattr(plugin, "mode", "") == "cloud":
        return ()  # ntfy://topic goes to ntfy.sh, the service's own host
    host = str(plugin.host or "")
    default = 443 if plugin.secure else 80
    port = plugin.port if isinstance(plugin.port, int) else default
    if not host:
        raise SubscriptionError(f"target.url: {redact(str(plugin.url()))}: the URL names no host")
    return ((_bare(host), port),)


def _bare(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


class AppriseChannel:
    """Notifies through Apprise; ``timeout`` bounds each service call (seconds); ``guard``
    vets every host and connection (None: the scheme allow-list only)."""

    def __init__(self, *, timeout: float = 15.0, guard: ConnectionGuard | None = None) -> None:
        self._timeout = timeout
        self._guard = guard

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
        subscription_id: str | None = None,
    ) -> Receipt:
        rendering = render_digest(
            messages,
            subscription_name=subscription_name,
            period_start=period_start,
            period_end=period_end,
        )
        key = digest_key(messages, period_end, subscription_id)
        return await self._notify(rendering, target, key)

    async def _notify(self, rendering: Rendering, target: AppriseTarget, key: str) -> Receipt:
        shown = redact(target.url)
        try:
            service = check_url(target.url)
        except SubscriptionError as exc:
            message = str(exc).removeprefix("target.url: ").removeprefix(f"{shown}: ")
            raise DeliveryError(f"apprise {shown}: {message}", permanent=True) from exc
        if self._guard is not None:
            for host, port in service.hosts:
                try:
                    await self._guard.vet(host, port)
                except DeliveryError as exc:
                    raise DeliveryError(f"apprise {shown}: {exc}", permanent=exc.permanent) from exc
        notify = partial(_notify_blocking, target.url, rendering, self._timeout, self._guard)
        await anyio.to_thread.run_sync(notify)
        return Receipt(None, key, detail=f"apprise {shown}")


def _asset(timeout: float) -> apprise.AppriseAsset:
    return apprise.AppriseAsset(
        storage_mode=apprise.PersistentStoreMode.MEMORY, service_timeout=timeout
    )


def _notify_blocking(
    url: str, rendering: Rendering, timeout: float, guard: ConnectionGuard | None
) -> None:
    if guard is None:
        _send(url, rendering, timeout, [])
        return
    with guard.guarding() as refused:
        _send(url, rendering, timeout, refused)


def _send(url: str, rendering: Rendering, timeout: float, refused: list[str]) -> None:
    """Send with a plugin made from ``url`` alone (``Apprise.add`` would split a list of URLs
    and add each, past the allow-list)."""
    shown = redact(url)
    plugin = apprise.Apprise.instantiate(url, asset=_asset(timeout))
    if plugin is None:
        raise DeliveryError(
            f"apprise {shown}: Apprise cannot use this URL (unknown service or bad syntax)",
            permanent=True,
        )
    sender = apprise.Apprise(asset=_asset(timeout))
    sender.add(plugin)
    try:
        result = sender.notify(
            title=rendering.subject, body=rendering.text, body_format=apprise.NotifyFormat.TEXT
        )
    except Exception as exc:  # Apprise plugins may raise anything; translate at the boundary
        if refused:
            raise DeliveryError(f"apprise {shown}: {refused[0]}", permanent=True) from exc
        raise DeliveryError(f"apprise {shown}: {type(exc).__name__}: {exc}") from exc
    if refused:
        raise DeliveryError(f"apprise {shown}: {refused[0]}", permanent=True)
    if not result:
        status = getattr(getattr(result, "status", None), "name", "failed")
        raise DeliveryError(f"apprise {shown}: notification not sent ({status})")


async def vet(target: AppriseTarget, guard: ConnectionGuard) -> None:
    """Refuse, at subscribe time, an URL off the allow-list or one Apprise cannot read
    (:func:`check_url`), and a host it names that the guard refuses."""
    for host, port in check_url(target.url).hosts:
        try:
            await guard.vet(host, port)
        except DeliveryError as exc:
            raise vet_error("target.url", exc) from exc


def build(context: ChannelContext) -> AppriseChannel:
    """The allow-list always; with the daemon's guard, every host and connection vetted."""
    return AppriseChannel(timeout=context.timeout("apprise", 15.0), guard=context.guard)


CHANNEL = ChannelKind(
    "apprise",
    AppriseTarget,
    build,
    f"a notification through Apprise (schemes: {allowed_schemes_text()})",
    vet=vet,
)
