"""The fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import socket
import threading
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from monitor.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TooManyRedirectsError,
    TransportError,
)
from monitor.fetch import Fetcher, FetcherConfig, UnsupportedURLError, block_reason, body
from monitor.fetch.headers import charset_of, max_age_seconds, retry_after_seconds
from tests.support import httpserver
from tests.support.httpserver import HTTPTestServer, RecordedRequest, Reply

UA = "asean-monitor-test/1.0 (+https://example.invalid/bot)"
LOOPBACK = FetcherConfig(user_agent=UA, allowed_networks=("127.0.0.1/32",))
RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"

pytestmark = pytest.mark.anyio


def fetcher(config: FetcherConfig = LOOPBACK, **kwargs: object) -> Fetcher:
    return Fetcher(config, **kwargs)  # type: ignore[arg-type]


async def test_plain_fetch_returns_body_headers_and_digest(http_server: HTTPTestServer) -> None:
    headers = {
        "Content-Type": "application/rss+xml; charset=UTF-8",
        "Cache-Control": "public, max-age=300",
    }
    http_server.add("/feed.xml", RSS, headers=headers)
    async with fetcher() as client:
        result = await client.fetch(http_server.url("/feed.xml"))
    assert result.status == 200
    assert result.body == RSS
    assert result.charset == "utf-8"
    assert result.content_type == headers["Content-Type"]
    assert result.cache_control_max_age == 300
    assert result.not_modified is False
    assert result.redirects == []
    assert len(result.body_sha256) == 64
    seen = http_server.requests_for("/feed.xml")[0]
    assert seen.headers["user-agent"] == UA
    assert "gzip" in seen.headers["accept-encoding"]
    assert "rss" in seen.headers["accept"]


async def test_etag_gives_not_modified(http_server: HTTPTestServer) -> None:
    http_server.add_etag("/feed.xml", RSS, etag='"v1"')
    async with fetcher() as client:
        first = await client.fetch(http_server.url("/feed.xml"))
        second = await client.fetch(http_server.url("/feed.xml"), etag=first.etag)
    assert first.etag == '"v1"'
    assert first.body == RSS
    assert second.status == 304
    assert second.not_modified is True
    assert second.body == b""
    assert http_server.requests_for("/feed.xml")[1].headers["if-none-match"] == '"v1"'


async def test_last_modified_gives_not_modified(http_server: HTTPTestServer) -> None:
    stamp = "Wed, 01 Jan 2025 08:00:00 GMT"
    http_server.add_last_modified("/feed.xml", RSS, last_modified=stamp)
    async with fetcher() as client:
        first = await client.fetch(http_server.url("/feed.xml"))
        second = await client.fetch(http_server.url("/feed.xml"), last_modified=first.last_modified)
    assert first.last_modified == stamp
    assert not first.not_modified
    assert second.not_modified
    assert http_server.requests_for("/feed.xml")[1].headers["if-modified-since"] == stamp


async def test_changed_content_is_fetched_again(http_server: HTTPTestServer) -> None:
    http_server.add_sequence(
        "/feed.xml", [Reply(200, b"<rss>one</rss>"), Reply(200, b"<rss>two</rss>")]
    )
    async with fetcher() as client:
        first = await client.fetch(http_server.url("/feed.xml"))
        second = await client.fetch(http_server.url("/feed.xml"))
    assert first.body != second.body
    assert first.body_sha256 != second.body_sha256


async def test_429_with_retry_after_seconds_then_success(http_server: HTTPTestServer) -> None:
    http_server.add_sequence(
        "/feed.xml", [Reply(429, b"slow down", {"Retry-After": "120"}), Reply(200, RSS)]
    )
    async with fetcher() as client:
        with pytest.raises(HTTPStatusError) as caught:
            await client.fetch(http_server.url("/feed.xml"))
        result = await client.fetch(http_server.url("/feed.xml"))
    assert caught.value.status == 429
    assert caught.value.retry_after == 120.0
    assert caught.value.reason == "http_status"
    assert result.body == RSS


async def test_503_with_retry_after_http_date(http_server: HTTPTestServer) -> None:
    later = datetime.now(UTC) + timedelta(seconds=90)
    http_server.add("/feed.xml", status=503, headers={"Retry-After": format_datetime(later, True)})
    async with fetcher() as client:
        with pytest.raises(HTTPStatusError) as caught:
            await client.fetch(http_server.url("/feed.xml"))
    assert caught.value.status == 503
    assert caught.value.retry_after is not None
    assert 80 <= caught.value.retry_after <= 91


async def test_500_is_an_http_status_error(http_server: HTTPTestServer) -> None:
    http_server.add("/feed.xml", b"boom", status=500)
    async with fetcher() as client:
        with pytest.raises(HTTPStatusError) as caught:
            await client.fetch(http_server.url("/feed.xml"))
    assert caught.value.status == 500
    assert caught.value.retry_after is None


async def test_slow_response_times_out(http_server: HTTPTestServer) -> None:
    http_server.add("/slow", RSS, delay=2.0)
    config = FetcherConfig(user_agent=UA, allowed_networks=("127.0.0.1/32",), read_timeout=0.3)
    started = time.monotonic()
    async with fetcher(config) as client:
        with pytest.raises(FetchTimeoutError) as caught:
            await client.fetch(http_server.url("/slow"))
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 1.5


async def test_trickling_body_hits_the_total_timeout(http_server: HTTPTestServer) -> None:
    http_server.add("/trickle", lambda: (b"x" for _ in range(100)), chunk_delay=0.1)
    config = FetcherConfig(
        user_agent=UA, allowed_networks=("127.0.0.1/32",), read_timeout=1.0, total_timeout=0.5
    )
    started = time.monotonic()
    async with fetcher(config) as client:
        with pytest.raises(FetchTimeoutError):
            await client.fetch(http_server.url("/trickle"))
    assert time.monotonic() - started < 2.0


async def test_redirects_are_followed_and_listed(http_server: HTTPTestServer) -> None:
    http_server.add_redirect("/old", "/middle", status=301)
    http_server.add_redirect("/middle", http_server.url("/new"), status=307)
    http_server.add("/new", RSS)
    async with fetcher() as client:
        result = await client.fetch(http_server.url("/old"))
    assert result.url == http_server.url("/new")
    assert result.redirects == [http_server.url("/old"), http_server.url("/middle")]
    assert result.body == RSS


async def test_redirect_loop_is_detected(http_server: HTTPTestServer) -> None:
    http_server.add_redirect("/a", "/b")
    http_server.add_redirect("/b", "/a")
    async with fetcher() as client:
        with pytest.raises(TooManyRedirectsError, match="loop"):
            await client.fetch(http_server.url("/a"))
    assert len(http_server.requests) == 2


async def test_redirect_chain_is_bounded(http_server: HTTPTestServer) -> None:
    for hop in range(10):
        http_server.add_redirect(f"/r{hop}", f"/r{hop + 1}")
    config = FetcherConfig(user_agent=UA, allowed_networks=("127.0.0.1/32",), max_redirects=3)
    async with fetcher(config) as client:
        with pytest.raises(TooManyRedirectsError) as caught:
            await client.fetch(http_server.url("/r0"))
    assert caught.value.reason == "too_many_redirects"
    assert len(http_server.requests) == 4


async def test_gzip_and_deflate_bodies_are_decoded(http_server: HTTPTestServer) -> None:
    http_server.add_gzip("/gz", RSS)
    http_server.add("/deflate", zlib.compress(RSS), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    http_server.add(
        "/raw-deflate", raw.compress(RSS) + raw.flush(), headers={"Content-Encoding": "deflate"}
    )
    async with fetcher() as client:
        bodies = [
            await client.fetch(http_server.url(p)) for p in ("/gz", "/deflate", "/raw-deflate")
        ]
    assert [b.body for b in bodies] == [RSS, RSS, RSS]


async def test_gzip_bomb_is_aborted_with_bounded_memory(http_server: HTTPTestServer) -> None:
    inflated = 256 * 2**20
    http_server.add_gzip_bomb("/bomb", inflated_size=inflated)
    cap = 2 * 2**20
    config = FetcherConfig(user_agent=UA, allowed_networks=("127.0.0.1/32",), max_decoded_bytes=cap)
    async with fetcher(config) as client:
        tracemalloc.start()
        try:
            with pytest.raises(TooLargeError, match="decompressed"):
                await client.fetch(http_server.url("/bomb"), kind="page")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # The compressed bomb is ~256 KiB; its full inflation would be 256 MiB.
    assert peak < 8 * cap, f"peak traced allocation {peak} bytes"


async def test_oversized_stream_is_refused(http_server: HTTPTestServer) -> None:
    http_server.add_oversized("/big", size=3 * 2**20)
    config = FetcherConfig(user_agent=UA, allowed_networks=("127.0.0.1/32",), max_body_bytes=2**20)
    async with fetcher(config) as client:
        with pytest.raises(TooLargeError, match="1048576") as caught:
            await client.fetch(http_server.url("/big"))
    assert caught.value.reason == "too_large"


async def test_announced_oversized_length_is_refused_before_reading(
    http_server: HTTPTestServer,
) -> None:
    http_server.add_oversized("/big", size=3 * 2**20, announce_length=True)
    config = FetcherConfig(user_agent=UA, allowed_networks=("127.0.0.1/32",), max_body_bytes=2**20)
    async with fetcher(config) as client:
        with pytest.raises(TooLargeError, match="Content-Length"):
            await client.fetch(http_server.url("/big"))


async def test_wrong_charset_header_keeps_bytes_untouched(http_server: HTTPTestServer) -> None:
    body = "<html><body><p>Hà Nội – Việt Nam</p></body></html>".encode()
    http_server.add("/page", body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    async with fetcher() as client:
        result = await client.fetch(http_server.url("/page"), kind="feed")
    assert result.charset == "iso-8859-1"
    assert result.body == body


async def test_loopback_is_refused_unless_allowed(http_server: HTTPTestServer) -> None:
    http_server.add("/feed.xml", RSS)
    async with fetcher(FetcherConfig(user_agent=UA)) as client:
        with pytest.raises(BlockedAddressError, match="loopback") as caught:
            await client.fetch(http_server.url("/feed.xml"))
    assert caught.value.reason == "blocked_address"
    assert http_server.requests == []
    async with fetcher(FetcherConfig(user_agent=UA, allow_private_networks=True)) as client:
        assert (await client.fetch(http_server.url("/feed.xml"))).body == RSS


async def test_redirect_to_other_loopback_address_is_refused(http_server: HTTPTestServer) -> None:
    http_server.add_redirect("/feed.xml", f"http://127.0.0.2:{http_server.port}/admin")
    async with fetcher() as client:
        with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.2"):
            await client.fetch(http_server.url("/feed.xml"))
    assert [r.path for r in http_server.requests] == ["/feed.xml"]


async def test_redirect_to_name_resolving_private_is_refused(http_server: HTTPTestServer) -> None:
    asked: list[tuple[str, int]] = []

    async def resolver(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return {"intranet.test": ["10.20.30.40"]}[host]

    http_server.add_redirect("/feed.xml", "http://intranet.test/secrets")
    async with fetcher(resolver=resolver) as client:
        with pytest.raises(BlockedAddressError, match=r"10\.20\.30\.40 is private"):
            await client.fetch(http_server.url("/feed.xml"))
    assert asked == [("intranet.test", 80)]


@pytest.mark.parametrize(
    "answers",
    [
        ["192.168.1.10"],
        ["93.184.216.34", "172.16.0.5"],
        ["169.254.169.254"],
        ["::1"],
        ["::ffff:127.0.0.1"],
        ["fe80::1"],
        ["fd00::7"],
        ["0.0.0.0"],
        ["224.0.0.1"],
        ["100.64.0.1"],
        ["64:ff9b::a00:1"],
    ],
)
async def test_private_answers_from_resolver_are_refused(
    http_server: HTTPTestServer, answers: list[str]
) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return answers

    async with fetcher(FetcherConfig(user_agent=UA), resolver=resolver) as client:
        with pytest.raises(BlockedAddressError):
            await client.fetch("http://feeds.example/rss.xml")


async def test_connection_goes_to_the_vetted_address(http_server: HTTPTestServer) -> None:
    """The name is resolved once, by our resolver, and the socket goes to that answer."""
    calls: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    http_server.add("/feed.xml", RSS)
    url = f"http://news.test:{http_server.port}/feed.xml"
    async with fetcher(resolver=resolver) as client:
        result = await client.fetch(url)
    assert result.url == url
    assert calls == ["news.test"]
    assert http_server.requests[0].headers["host"] == f"news.test:{http_server.port}"


async def test_resolution_failure_is_a_transport_error() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return []

    async with fetcher(resolver=resolver) as client:
        with pytest.raises(TransportError, match="no address"):
            await client.fetch("http://nowhere.test/")


async def test_connection_refused_is_a_transport_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with fetcher() as client:
        with pytest.raises(TransportError) as caught:
            await client.fetch(f"http://127.0.0.1:{port}/")
    assert caught.value.reason == "transport"


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "http://"])
async def test_unsupported_urls_are_refused(url: str) -> None:
    async with fetcher() as client:
        with pytest.raises(UnsupportedURLError) as caught:
            await client.fetch(url)
    assert caught.value.reason == "invalid_url"
    assert isinstance(caught.value, FetchError)


async def test_robots_disallow_is_respected_for_pages(http_server: HTTPTestServer) -> None:
    robots = (
        b"User-agent: *\nDisallow: /private/\n\nUser-agent: asean-monitor-test\nDisallow: /x/\n"
    )
    http_server.add("/robots.txt", robots, headers={"Content-Type": "text/plain"})
    for path in ("/private/a.html", "/x/b.html", "/news/c.html"):
        http_server.add(path, b"<html>page</html>")
    async with fetcher() as client:
        with pytest.raises(RobotsDisallowedError) as caught:
            await client.fetch(http_server.url("/x/b.html"), kind="page")
        allowed = await client.fetch(http_server.url("/news/c.html"), kind="page")
        as_feed = await client.fetch(http_server.url("/x/b.html"), kind="feed")
    assert caught.value.reason == "robots_disallowed"
    assert allowed.status == 200
    assert as_feed.status == 200
    assert len(http_server.requests_for("/robots.txt")) == 1
    paths = [r.path for r in http_server.requests]
    assert paths.count("/x/b.html") == 1  # only the feed fetch, which ignores robots


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (500, False)])
async def test_robots_unavailable_or_unreachable(
    http_server: HTTPTestServer, status: int, allowed: bool
) -> None:
    http_server.add("/robots.txt", b"", status=status)
    http_server.add("/page.html", b"<html>page</html>")
    async with fetcher() as client:
        if allowed:
            assert (await client.fetch(http_server.url("/page.html"), kind="page")).status == 200
        else:
            with pytest.raises(RobotsDisallowedError):
                await client.fetch(http_server.url("/page.html"), kind="page")


async def test_per_host_concurrency_is_limited(http_server: HTTPTestServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def handle(request: RecordedRequest) -> Reply:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        return Reply(200, RSS)

    http_server.route("/feed.xml", handle)
    config = FetcherConfig(
        user_agent=UA, allowed_networks=("127.0.0.1/32",), max_connections_per_host=2
    )
    async with fetcher(config) as client:
        results = await asyncio.gather(
            *(client.fetch(http_server.url("/feed.xml")) for _ in range(6))
        )
    assert all(r.body == RSS for r in results)
    assert state["peak"] == 2


def test_block_reason_names_each_class() -> None:
    cases = {
        "127.0.0.1": "loopback",
        "10.0.0.1": "private",
        "169.254.1.1": "link-local",
        "224.0.0.5": "multicast",
        "0.0.0.0": "unspecified",
        "240.0.0.1": "reserved",
        "::ffff:10.0.0.1": "private",
        "2002:7f00:1::": "loopback",
        "93.184.216.34": None,
        "2606:4700::1111": None,
    }
    for text, reason in cases.items():
        assert block_reason(ipaddress.ip_address(text)) == reason, text


def test_header_readers() -> None:
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("30", now=now) == 30.0
    assert retry_after_seconds("Wed, 01 Jan 2025 12:01:00 GMT", now=now) == 60.0
    assert retry_after_seconds("Wed, 01 Jan 2025 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon", now=now) is None
    assert max_age_seconds('no-cache, max-age="60"') == 60
    assert max_age_seconds("s-maxage=5") is None
    assert charset_of('text/xml; charset="Windows-1252"') == "windows-1252"
    assert charset_of("text/xml") is None


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_body_bytes"):
        FetcherConfig(max_body_bytes=0)
    with pytest.raises(ValueError, match="allowed_networks"):
        Fetcher(FetcherConfig(allowed_networks=("not-a-network",)))


def test_gzip_bomb_fixture_really_is_one() -> None:
    bomb = httpserver.gzip_bomb(8 * 2**20)
    assert len(bomb) < 64 * 1024
    assert len(gzip.decompress(bomb)) == 8 * 2**20


async def test_international_names_are_resolved_and_sent_in_punycode(
    http_server: HTTPTestServer,
) -> None:
    asked: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    http_server.add("/tin-tuc.xml", RSS)
    url = f"http://báo.test:{http_server.port}/tin-tuc.xml"
    async with fetcher(resolver=resolver) as client:
        result = await client.fetch(url, headers={"Host": "elsewhere.test", "X-Trace": "1"})
    assert result.body == RSS
    ascii_name = "báo.test".encode("idna").decode("ascii")
    assert ascii_name.startswith("xn--")
    assert asked == [ascii_name]
    seen = http_server.requests[0].headers
    assert seen["host"] == f"{ascii_name}:{http_server.port}"
    assert seen["x-trace"] == "1"


@pytest.mark.slow  # compresses a 64 MiB bomb (the gzip bomb above stays fast)
async def test_brotli_is_decoded_and_bounded_only_when_available(
    http_server: HTTPTestServer,
) -> None:
    config = FetcherConfig(
        user_agent=UA, allowed_networks=("127.0.0.1/32",), max_decoded_bytes=2**20
    )
    module = body.BROTLI
    if module is None:  # no bounded brotli decoder installed: never advertise or accept "br"
        assert "br" not in body.ACCEPT_ENCODING
        http_server.add("/br", b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
        async with fetcher(config) as client:
            with pytest.raises(TransportError, match="Content-Encoding"):
                await client.fetch(http_server.url("/br"))
        return
    http_server.add("/br", module.compress(RSS), headers={"Content-Encoding": "br"})
    http_server.add(
        "/br-bomb", module.compress(bytes(64 * 2**20)), headers={"Content-Encoding": "br"}
    )
    async with fetcher(config) as client:
        assert (await client.fetch(http_server.url("/br"))).body == RSS
        with pytest.raises(TooLargeError, match="decompressed"):
            await client.fetch(http_server.url("/br-bomb"))
    assert "br" in http_server.requests[0].headers["accept-encoding"]


async def test_redirect_to_a_non_http_scheme_is_refused(http_server: HTTPTestServer) -> None:
    http_server.add_redirect("/feed.xml", "file:///etc/passwd")
    http_server.add_redirect("/bad", "http://[::1/x")
    async with fetcher() as client:
        with pytest.raises(UnsupportedURLError, match="http or https"):
            await client.fetch(http_server.url("/feed.xml"))
        with pytest.raises(TransportError, match="Invalid URL in location"):
            await client.fetch(http_server.url("/bad"))
