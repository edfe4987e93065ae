"""The DNS answer cache in front of the system resolver: kept for its TTL, never a failure."""

from __future__ import annotations

import pytest

from monitor.errors import BlockedAddressError, TransportError
from monitor.fetch.address import AddressGuard, CachedResolver, system_resolver


class Counting:
    """A resolver that answers from a table and counts what it was asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.table:
            raise TransportError(f"cannot resolve host {host!r}")
        return list(self.table[host])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.anyio
async def test_an_answer_is_kept_for_its_ttl_then_asked_again() -> None:
    upstream, clock = Counting({"asean.org": ["203.0.113.7"]}), Clock()
    cached = CachedResolver(upstream, ttl=60, clock=clock)
    assert await cached("asean.org", 443) == ["203.0.113.7"]
    clock.now += 59
    assert await cached("ASEAN.org", 443) == ["203.0.113.7"]  # names are case-blind
    assert upstream.asked == ["asean.org"]
    upstream.table["asean.org"] = ["203.0.113.8"]
    clock.now += 2
    assert await cached("asean.org", 443) == ["203.0.113.8"]
    assert upstream.asked == ["asean.org", "asean.org"]


@pytest.mark.anyio
async def test_ports_are_kept_apart_and_failures_are_not_kept() -> None:
    upstream = Counting({"asean.org": ["203.0.113.7"]})
    cached = CachedResolver(upstream, clock=Clock())
    await cached("asean.org", 443)
    await cached("asean.org", 80)
    for _ in range(2):
        with pytest.raises(TransportError, match=r"missing\.example"):
            await cached("missing.example", 443)
    assert upstream.asked == ["asean.org", "asean.org", "missing.example", "missing.example"]


@pytest.mark.anyio
async def test_the_least_recently_used_name_goes_first() -> None:
    table = {name: ["203.0.113.1"] for name in ("a.example", "b.example", "c.example")}
    upstream = Counting(table)
    cached = CachedResolver(upstream, size=2, clock=Clock())
    await cached("a.example", 443)
    await cached("b.example", 443)
    await cached("a.example", 443)  # a is now the more recent
    await cached("c.example", 443)  # b goes
    await cached("a.example", 443)
    await cached("b.example", 443)
    assert upstream.asked == ["a.example", "b.example", "c.example", "b.example"]


@pytest.mark.anyio
async def test_a_kept_answer_is_still_vetted_every_time() -> None:
    upstream = Counting({"inward.example": ["10.0.0.5"], "asean.org": ["93.184.215.14"]})
    guard = AddressGuard(allow_private=False, resolver=CachedResolver(upstream, clock=Clock()))
    assert await guard.vet("asean.org", 443) == "93.184.215.14"
    assert await guard.vet("asean.org", 443) == "93.184.215.14"
    for _ in range(2):
        with pytest.raises(BlockedAddressError, match="private"):
            await guard.vet("inward.example", 443)
    assert upstream.asked == ["asean.org", "inward.example"]


@pytest.mark.anyio
async def test_the_system_resolver_behind_the_cache_resolves_localhost() -> None:
    cached = CachedResolver(system_resolver)
    first = await cached("localhost", 80)
    assert set(first) & {"127.0.0.1", "::1"}
    assert await cached("localhost", 80) == first
