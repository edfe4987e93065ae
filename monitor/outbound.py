"""Outbound HTTP for alerts (webhooks, Apprise stays its own): the same address guard as the
fetcher, so a subscription cannot point deliveries at private or loopback addresses unless
``MONITOR_ALLOW_PRIVATE_NETWORKS`` allows it."""

from __future__ import annotations

import httpx

from alerts.errors import DeliveryError
from monitor.errors import BlockedAddressError, FetchError
from monitor.fetch.address import AddressGuard
from monitor.fetch.target import parse_target


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
            raise DeliveryError(f"cannot reach {target.host_header}: {exc}") from exc
        request.url = target.pinned(address)
        request.headers["Host"] = target.host_header
        if target.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": target.host}
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
