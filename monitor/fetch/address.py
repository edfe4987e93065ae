"""The SSRF guard: resolve a host ourselves, refuse non-public addresses, pin the result.

The fetcher connects to the address vetted here, never to a name resolved again later, so a
DNS answer that changes between the check and the connect (rebinding) cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable

from monitor.errors import BlockedAddressError, TransportError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]

# Prefixes that carry an IPv4 address inside IPv6 (NAT64 and 6to4), vetted by the embedded one.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the event loop's ``getaddrinfo`` (TCP addresses only)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TransportError(f"cannot resolve host {host!r}: {exc}") from exc
    return [str(info[4][0]) for info in infos]


class CachedResolver:
    """A resolver that keeps each answer for ``ttl`` seconds (the system resolver gives no
    record TTL; glibc caches nothing): a host's pages, feed and robots.txt cost one look-up a
    minute, not one each, and no thread hop each.  Failures are not kept.  At most ``size``
    names are kept, the least recently used dropped first.  Rebinding stays closed: the guard
    still vets, and the fetcher connects to, exactly the addresses returned."""

    def __init__(
        self,
        resolver: Resolver = system_resolver,
        *,
        ttl: float = 60.0,
        size: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._resolver = resolver
        self._ttl = ttl
        self._size = size
        self._clock = clock
        self._answers: OrderedDict[tuple[str, int], tuple[float, list[str]]] = OrderedDict()

    async def __call__(self, host: str, port: int) -> list[str]:
        key = (host.lower(), port)
        kept = self._answers.get(key)
        now = self._clock()
        if kept is not None and kept[0] > now:
            self._answers.move_to_end(key)
            return list(kept[1])
        answers = await self._resolver(host, port)
        self._answers[key] = (self._clock() + self._ttl, list(answers))
        self._answers.move_to_end(key)
        while len(self._answers) > self._size:
            self._answers.popitem(last=False)
        return answers


def block_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched (e.g. ``"loopback"``), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return block_reason(embedded)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("not globally routable", not address.is_global),
    )
    for reason, applies in checks:
        if applies:
            return reason
    return None


def parse_networks(networks: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDR strings to networks; a bad entry raises ValueError naming it."""
    parsed: list[IPNetwork] = []
    for text in networks:
        try:
            parsed.append(ipaddress.ip_network(text, strict=False))
        except ValueError as exc:
            raise ValueError(f"allowed_networks: {text!r} is not a CIDR block: {exc}") from exc
    return tuple(parsed)


def literal_address(host: str) -> IPAddress | None:
    """The address when ``host`` is an IP literal (brackets and zone index tolerated)."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return None


class AddressGuard:
    """Resolves hosts and returns one vetted address to connect to (by default with the
    system resolver behind a :class:`CachedResolver`)."""

    def __init__(
        self,
        *,
        allow_private: bool,
        allowed_networks: Iterable[str] = (),
        resolver: Resolver | None = None,
    ) -> None:
        self._allow_private = allow_private
        self._allowed = parse_networks(allowed_networks)
        self._resolver: Resolver = resolver or CachedResolver(system_resolver)

    async def vet(self, host: str, port: int) -> str:
        """Resolve ``host`` and return the address to connect to.

        Every address the name resolves to must pass: one private answer among public ones is
        refused, since the name's owner chose to point it inward.
        """
        literal = literal_address(host)
        if literal is not None:
            addresses = [literal]
        else:
            addresses = await self._resolve(host, port)
        for address in addresses:
            self._check(host, address)
        return str(addresses[0])

    async def _resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            answers = await self._resolver(host, port)
        except OSError as exc:
            raise TransportError(f"cannot resolve host {host!r}: {exc}") from exc
        addresses: list[IPAddress] = []
        for answer in answers:
            parsed = literal_address(answer)
            if parsed is None:
                raise TransportError(f"resolver returned a non-address {answer!r} for {host!r}")
            addresses.append(parsed)
        if not addresses:
            raise TransportError(f"host {host!r} resolved to no address")
        return addresses

    def check(self, host: str, address: str) -> None:
        """Refuse ``address`` (one answer for ``host``, already resolved by someone else, e.g.
        ``socket.getaddrinfo`` inside a library) as :meth:`vet` would."""
        parsed = literal_address(address)
        if parsed is None:
            raise TransportError(f"resolver returned a non-address {address!r} for {host!r}")
        self._check(host, parsed)

    def _check(self, host: str, address: IPAddress) -> None:
        if self._allow_private:
            return
        if any(address.version == net.version and address in net for net in self._allowed):
            return
        reason = block_reason(address)
        if reason is not None:
            raise BlockedAddressError(f"refusing {host!r}: {address} is {reason}")
