"""One guard for every outbound request of the alert side: webhooks, Apprise (HTTP and SMTP
alike), digests.  Each refuses private, loopback and link-local addresses, exactly as the
fetcher does, unless ``MONITOR_ALLOW_PRIVATE_NETWORKS`` allows them.

- Webhooks go through :class:`GuardedTransport`: it resolves, vets and pins each request's host
  (the connection goes to the vetted address; Host header and TLS SNI keep the name).
- Apprise runs third-party code (``requests``, ``smtplib``) in a worker thread, so its
  connections are vetted where those libraries resolve names: :class:`OutboundGuard` wraps
  ``socket.getaddrinfo`` for the code that runs inside :meth:`OutboundGuard.guarding` (a
  context variable gates it; Apprise copies the context into its own worker threads).  The
  libraries connect to the addresses ``getaddrinfo`` returned, so what was vetted is what is
  connected to, and a redirect or a second connection is vetted again.  Code outside a guarded
  block is not affected.
- At subscribe time :func:`check_target` vets what a subscription names (the webhook's host,
  the Apprise scheme against the allow-list and the host the user named), so a refused target
  is a clear error then rather than a dead letter later; the send-time checks stay, because
  DNS answers change.

The operator's own SMTP relay (``MONITOR_SMTP_HOST``) is not vetted: the operator chose it, and
a relay on 127.0.0.1 or on the private network is the common case.  No subscription can name an
SMTP host except through Apprise's ``mailto://``, which is vetted like everything else.
"""

from __future__ import annotations

import asyncio
import contextvars
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from alerts.channels.kinds import kind_for
from alerts.errors import DeliveryError
from alerts.model import Target
from monitor.errors import BlockedAddressError, FetchError
from monitor.fetch.address import AddressGuard
from monitor.fetch.target import parse_target
from monitor.settings import Settings

__all__ = [
    "GuardedTransport",
    "OutboundGuard",
    "check_target",
    "check_target_sync",
    "outbound_guard",
]

AddrInfo = list[tuple[Any, ...]]
GetAddrInfo = Callable[..., AddrInfo]
"""``socket.getaddrinfo``'s signature: (host, port, family=0, type=0, proto=0, flags=0)."""

PRIVATE_HINT = "set MONITOR_ALLOW_PRIVATE_NETWORKS=1 to allow private addresses"


class GuardedTransport(httpx.AsyncBaseTransport):
    """Resolves, vets and pins each request's host before sending it."""

    def __init__(self, guard: AddressGuard, inner: httpx.AsyncBaseTransport | None = None):
        self._guard = guard
        self._inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            target = parse_target(str(request.url))
            address = await self._guard.vet(target.host, target.port)
        except BlockedAddressError as exc:
            raise DeliveryError(f"refused: {exc}", permanent=True) from exc
        except FetchError as exc:
            raise DeliveryError(f"cannot reach {request.url.host}: {exc}") from exc
        request.url = target.pinned(address)
        request.headers["Host"] = target.host_header
        if target.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": target.host}
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


# --------------------------------------------------------------------------- getaddrinfo guard

_SYSTEM_GETADDRINFO: GetAddrInfo = socket.getaddrinfo
_ACTIVE: contextvars.ContextVar[_Session | None] = contextvars.ContextVar(
    "asean_monitor_outbound_guard", default=None
)
_INSTALL_LOCK = threading.Lock()


class RefusedAddressError(socket.gaierror):
    """Raised inside a guarded block where ``getaddrinfo`` answered a refused address; the
    library that asked sees a failed name resolution."""


class _Session:
    """One guarded block: the guard to ask, and what it refused (shared by the threads the
    block's context was copied into)."""

    def __init__(self, guard: OutboundGuard) -> None:
        self.guard = guard
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def resolve(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> AddrInfo:
        name = host.decode("idna") if isinstance(host, bytes) else str(host)
        outside = _ACTIVE.set(None)  # a resolver that calls socket.getaddrinfo gets the system's
        try:
            answers = self.guard.getaddrinfo(host, port, *args, **kwargs)
        finally:
            _ACTIVE.reset(outside)
        for answer in answers:
            address = str(answer[4][0])
            try:
                self.guard.address_guard.check(name, address)
            except FetchError as exc:
                reason = (
                    f"{exc}; {PRIVATE_HINT}" if isinstance(exc, BlockedAddressError) else str(exc)
                )
                with self._lock:
                    self.refused.append(reason)
                raise RefusedAddressError(socket.EAI_NONAME, reason) from None
        return answers


def _guarded_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> AddrInfo:
    session = _ACTIVE.get()
    if session is None:
        return _SYSTEM_GETADDRINFO(host, port, *args, **kwargs)
    return session.resolve(host, port, *args, **kwargs)


def _install() -> None:
    """Put the gated ``getaddrinfo`` in the ``socket`` module (once; idempotent).  Outside a
    guarded block it calls the system's, unchanged."""
    with _INSTALL_LOCK:
        if socket.getaddrinfo is not _guarded_getaddrinfo:
            socket.getaddrinfo = _guarded_getaddrinfo


class OutboundGuard:
    """The alert side's guard for code it does not control (Apprise's plugins).

    ``allow_private``: ``MONITOR_ALLOW_PRIVATE_NETWORKS``.  ``getaddrinfo`` resolves names
    inside guarded blocks (the system's by default; tests map names to loopback endpoints).
    """

    def __init__(
        self,
        *,
        allow_private: bool,
        allowed_networks: Iterable[str] = (),
        getaddrinfo: GetAddrInfo | None = None,
    ) -> None:
        self.getaddrinfo: GetAddrInfo = getaddrinfo or _SYSTEM_GETADDRINFO
        self.address_guard = AddressGuard(
            allow_private=allow_private,
            allowed_networks=allowed_networks,
            resolver=self._resolve,
        )
        _install()

    async def _resolve(self, host: str, port: int) -> list[str]:
        answers = await asyncio.to_thread(self.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        return [str(answer[4][0]) for answer in answers]

    async def vet(self, host: str, port: int) -> None:
        """Resolve ``host`` and refuse it as a webhook's would be: a permanent
        ``DeliveryError`` when refused, a temporary one when it does not resolve."""
        try:
            await self.address_guard.vet(host, port)
        except BlockedAddressError as exc:
            raise DeliveryError(f"{exc}; {PRIVATE_HINT}", permanent=True) from exc
        except FetchError as exc:
            raise DeliveryError(f"cannot reach {host}: {exc}") from exc
        except OSError as exc:
            raise DeliveryError(f"cannot resolve {host}: {exc}") from exc

    @contextmanager
    def guarding(self) -> Iterator[list[str]]:
        """Inside, every ``socket.getaddrinfo`` of this context (and of the threads it is
        copied into) is vetted; the list yielded collects the refusals."""
        session = _Session(self)
        token = _ACTIVE.set(session)
        try:
            yield session.refused
        finally:
            _ACTIVE.reset(token)


def outbound_guard(settings: Settings) -> OutboundGuard:
    return OutboundGuard(allow_private=settings.allow_private_networks)


# --------------------------------------------------------------------------- subscribe time


async def check_target(target: Target, guard: OutboundGuard) -> None:
    """Refuse a target the daemon would refuse to send to, with the reason: its kind's
    subscribe-time check (:attr:`alerts.channels.ChannelKind.vet`: a webhook URL whose host
    is refused, an Apprise URL outside the allow-list or naming a refused host).  Raises
    :class:`~alerts.errors.SubscriptionError`.  A host that does not resolve now is refused too (a
    subscription that cannot be delivered is better corrected now)."""
    kind = kind_for(target.type)
    if kind.vet is not None:
        await kind.vet(target, guard)


def check_target_sync(target: Target, settings: Settings) -> None:
    """:func:`check_target` for the command line (no event loop running)."""
    asyncio.run(check_target(target, outbound_guard(settings)))
