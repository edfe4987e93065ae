"""A feed farm for benchmarks: many RSS feeds and their article pages, on 127.0.0.1 only.

    python -m bench.farm [--feeds 1000] [--items 20] [--port 0]

prints ``listening http://127.0.0.1:PORT`` once it accepts connections, then serves until
killed.  Routes:

- ``/feeds/<n>.xml``: an RSS 2.0 feed of ``items`` entries with an ETag and a Last-Modified;
  ``If-None-Match`` with that ETag gets a 304 (no body);
- ``/articles/<n>/<i>.html``: a news page built from the seed pages in
  ``tests/fixtures/pages``: the page chrome of one seed around a body of paragraphs drawn from
  all five seeds (a different draw and order per item, so texts and fingerprints differ), the
  item number in the title, and a canonical link to the page itself;
- ``/robots.txt`` and anything else: 404;
- ``/_stats``: a JSON count of the responses sent, by status, and of connections accepted.

The server is a plain asyncio HTTP/1.1 server (``asyncio.start_server``) with keep-alive, so one
core answers thousands of requests a second; feeds are built once at start, pages on request.
:func:`running_farm` starts it in a separate process (its memory and CPU are not the caller's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from bench.chrome import Chrome, chrome, dress, json_ld

PAGES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"
HOST = "127.0.0.1"
BODY_BLOCKS = 14
CHROME_VARIANTS = 16
PAGE_SIZES = ("realistic", "small")
PUBLISHED = datetime(2026, 5, 3, 8, 0, tzinfo=UTC)
LAST_MODIFIED = "Sun, 03 May 2026 08:00:00 GMT"
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_HEADLINE = re.compile(r'(<h1 class="headline">)(.*?)(</h1>)', re.S)
_OG_TITLE = re.compile(r'(<meta property="og:title" content=")[^"]*(")')
_CANONICAL = re.compile(r'(<link rel="canonical" href=")[^"]*(")')
_BODY_OPEN = '<div class="story-body">\n'
_BODY_CLOSE = re.compile(r"^\s*</div>", re.M)
_TAG = re.compile(r"<[^>]+>")
REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 405: "Method Not Allowed"}


@dataclass(frozen=True)
class Template:
    """One seed page cut around its article body."""

    head: str
    tail: str
    title: str


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


def cut_template(html: str, source: str) -> tuple[Template, list[str]]:
    """Split a seed page into its chrome and its body blocks (one element a line)."""
    start = html.find(_BODY_OPEN)
    close = _BODY_CLOSE.search(html, start + len(_BODY_OPEN)) if start >= 0 else None
    title = _HEADLINE.search(html)
    if close is None or title is None:
        raise ValueError(
            f'{source}: expected <h1 class="headline"> and <div class="story-body">...</div>'
        )
    body = html[start + len(_BODY_OPEN) : close.start()]
    blocks = [_as_block(line) for line in body.splitlines()]
    template = Template(html[: start + len(_BODY_OPEN)], html[close.start() :], title.group(2))
    return template, [b for b in blocks if b]


def _as_block(line: str) -> str | None:
    """A body line as a paragraph-like block; list items become paragraphs, headings drop."""
    text = line.strip()
    if text.startswith("<li>"):
        return "<p>" + text.removeprefix("<li>").removesuffix("</li>") + "</p>"
    return text if text.startswith(("<p>", "<p ", "<figure")) else None


def load_seeds(folder: Path = PAGES) -> tuple[list[Template], list[str]]:
    """The seed pages' templates and the pool of all their body blocks."""
    templates: list[Template] = []
    pool: list[str] = []
    for path in sorted(folder.glob("*.html")):
        template, blocks = cut_template(path.read_text(encoding="utf-8"), str(path))
        templates.append(template)
        pool.extend(blocks)
    if not templates:
        raise ValueError(f"{folder}: expected seed pages (*.html), found none")
    return templates, pool


@dataclass
class Farm:
    """What the farm serves: ``feeds`` feeds of ``items`` items, for a server at ``base``."""

    feeds: int
    items: int
    base: str
    page_size: str = "realistic"
    latency: float = 0.0
    """Seconds to wait before each answer (an emulated round trip); ``/_latency`` sets it."""
    templates: list[Template] = field(default_factory=list)
    pool: list[str] = field(default_factory=list)
    stats: Counter[int] = field(default_factory=Counter)
    connections: int = 0
    _feed_bodies: dict[int, bytes] = field(default_factory=dict)
    _chrome: dict[int, Chrome] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"page_size: expected one of {PAGE_SIZES}, got {self.page_size!r}")
        if not self.templates:
            self.templates, self.pool = load_seeds()

    def etag(self, feed: int) -> str:
        return f'"feed-{feed}-v1"'

    def feed_url(self, feed: int) -> str:
        return f"{self.base}/feeds/{feed}.xml"

    def page_url(self, feed: int, item: int) -> str:
        return f"{self.base}/articles/{feed}/{item}.html"

    def answer(self, path: str, if_none_match: str | None) -> Response:
        """The response to a GET of ``path``."""
        if path == "/_stats":
            counts = {str(k): v for k, v in sorted(self.stats.items())}
            counts["connections"] = self.connections
            stats = json.dumps(counts).encode()
            return Response(200, stats, (("Content-Type", "application/json"),))
        if path.startswith("/_latency?seconds="):
            self.latency = max(0.0, float(path.partition("=")[2]))
            return Response(200, json.dumps({"latency": self.latency}).encode())
        response = self._route(path, if_none_match)
        self.stats[response.status] += 1
        return response

    def _route(self, path: str, if_none_match: str | None) -> Response:
        parts = path.split("?", 1)[0].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "feeds" and parts[1].endswith(".xml"):
            feed = _index(parts[1].removesuffix(".xml"), self.feeds)
            if feed is not None:
                return self._feed_response(feed, if_none_match)
        if len(parts) == 3 and parts[0] == "articles" and parts[2].endswith(".html"):
            feed, item = _index(parts[1], self.feeds), _index(parts[2][:-5], self.items)
            if feed is not None and item is not None:
                html = self.page(feed, item).encode()
                return Response(200, html, (("Content-Type", "text/html; charset=utf-8"),))
        return Response(404, b"not found", (("Content-Type", "text/plain"),))

    def _feed_response(self, feed: int, if_none_match: str | None) -> Response:
        etag = self.etag(feed)
        validators = (("ETag", etag), ("Last-Modified", LAST_MODIFIED))
        if if_none_match is not None and etag in (t.strip() for t in if_none_match.split(",")):
            return Response(304, b"", validators)
        headers = (("Content-Type", "application/rss+xml; charset=utf-8"), *validators)
        return Response(200, self.feed(feed), headers)

    def feed(self, feed: int) -> bytes:
        """The RSS document of feed ``feed`` (built once)."""
        cached = self._feed_bodies.get(feed)
        if cached is None:
            cached = self._feed_bodies[feed] = self._build_feed(feed)
        return cached

    def _build_feed(self, feed: int) -> bytes:
        entries = []
        for item in range(self.items):
            title = escape(self.title(feed, item))
            summary = escape(_TAG.sub("", self._blocks(feed, item)[0])[:300])
            published = format_datetime(PUBLISHED - timedelta(hours=feed % 24 + item), usegmt=True)
            entries.append(
                f"<item><title>{title}</title><link>{self.page_url(feed, item)}</link>"
                f"<guid isPermaLink='false'>farm-{feed}-{item}</guid>"
                f"<pubDate>{published}</pubDate><description>{summary}</description></item>"
            )
        return (
            "<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel>"
            f"<title>Farm feed {feed}</title><link>{self.base}/</link>"
            f"<description>Benchmark feed {feed}</description>{''.join(entries)}</channel></rss>"
        ).encode()

    def title(self, feed: int, item: int) -> str:
        return f"{self._template(feed, item).title} (farm {feed}-{item})"

    def page(self, feed: int, item: int) -> str:
        """The HTML of item ``item`` of feed ``feed``."""
        template = self._template(feed, item)
        title = self.title(feed, item)
        shown = escape(title, quote=False)
        head = _TITLE.sub(lambda _: f"<title>{shown}</title>", template.head, count=1)
        head = _HEADLINE.sub(lambda m: m.group(1) + shown + m.group(3), head, count=1)
        head = _OG_TITLE.sub(lambda m: m.group(1) + escape(title) + m.group(2), head, count=1)
        url = self.page_url(feed, item)
        head = _CANONICAL.sub(lambda m: m.group(1) + url + m.group(2), head)
        tail = template.tail
        if self.page_size == "realistic":
            head, tail = dress(head, tail, self._variant(feed, item), json_ld(head, title, url))
        return head + "\n".join(self._blocks(feed, item)) + "\n" + tail

    def _variant(self, feed: int, item: int) -> Chrome:
        """The chrome of a page: one of :data:`CHROME_VARIANTS`, built once."""
        variant = (feed * 7919 + item * 104_729) % CHROME_VARIANTS
        cached = self._chrome.get(variant)
        if cached is None:
            cached = self._chrome[variant] = chrome(variant)
        return cached

    def _template(self, feed: int, item: int) -> Template:
        return self.templates[(feed * self.items + item) % len(self.templates)]

    def _blocks(self, feed: int, item: int) -> list[str]:
        rng = random.Random(feed * 1_000_003 + item)
        return rng.sample(self.pool, min(BODY_BLOCKS, len(self.pool)))


def _index(text: str, limit: int) -> int | None:
    return int(text) if text.isdigit() and int(text) < limit else None


# -- the server ------------------------------------------------------------------------------


def encode(response: Response, *, head_only: bool, keep_alive: bool) -> bytes:
    lines = [f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Unknown')}"]
    lines += [f"{name}: {value}" for name, value in response.headers]
    if response.status != 304:
        lines.append(f"Content-Length: {len(response.body)}")
    lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head if head_only or response.status == 304 else head + response.body


def parse_head(raw: bytes) -> tuple[str, str, str, dict[str, str]]:
    """Method, target, version and lower-cased headers of a request head."""
    request_line, *header_lines = raw.decode("latin-1").split("\r\n")
    method, target, version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return method, target, version, headers


def wants_keep_alive(version: str, headers: dict[str, str]) -> bool:
    connection = headers.get("connection", "").lower()
    if version == "HTTP/1.0":
        return "keep-alive" in connection
    return "close" not in connection


async def serve_connection(
    farm: Farm, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    farm.connections += 1
    try:
        while True:
            raw = await reader.readuntil(b"\r\n\r\n")
            method, target, version, headers = parse_head(raw[:-4])
            keep_alive = wants_keep_alive(version, headers)
            if method not in ("GET", "HEAD"):
                response = Response(405, b"GET only", (("Allow", "GET, HEAD"),))
            else:
                response = farm.answer(target, headers.get("if-none-match"))
            if farm.latency and not target.startswith("/_"):
                await asyncio.sleep(farm.latency)  # an emulated network round trip
            writer.write(encode(response, head_only=method == "HEAD", keep_alive=keep_alive))
            await writer.drain()
            if not keep_alive:
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def serve(
    feeds: int, items: int, port: int, latency: float = 0.0, page_size: str = "realistic"
) -> None:
    holder: list[Farm] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await serve_connection(holder[0], reader, writer)

    server = await asyncio.start_server(handle, HOST, port, backlog=4096)
    bound = server.sockets[0].getsockname()[1]
    holder.append(Farm(feeds, items, f"http://{HOST}:{bound}", page_size, latency))
    print(f"listening http://{HOST}:{bound}", flush=True)
    async with server:
        await server.serve_forever()


@contextmanager
def running_farm(
    feeds: int, items: int, latency: float = 0.0, page_size: str = "realistic"
) -> Iterator[str]:
    """Run the farm in a child process; yields its base URL (``http://127.0.0.1:PORT``).

    ``latency`` seconds pass before each answer, emulating a network round trip (``GET
    /_latency?seconds=S`` changes it); ``page_size`` is ``realistic`` or ``small``."""
    command = [
        sys.executable,
        "-m",
        "bench.farm",
        "--feeds",
        str(feeds),
        "--items",
        str(items),
        "--latency",
        str(latency),
        "--page-size",
        page_size,
    ]
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if not line.startswith("listening "):
            raise RuntimeError(f"bench.farm did not start (said {line!r}, exit {child.poll()})")
        yield line.removeprefix("listening ")
    finally:
        child.terminate()
        child.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--page-size", choices=PAGE_SIZES, default="realistic")
    args = parser.parse_args()
    with suppress(KeyboardInterrupt):
        asyncio.run(serve(args.feeds, args.items, args.port, args.latency, args.page_size))


if __name__ == "__main__":
    main()
