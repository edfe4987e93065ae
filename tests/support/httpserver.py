"""A scripted HTTP server on 127.0.0.1 for tests (threaded, port 0, nothing leaves the machine).

Register routes, point the code under test at ``server.url(path)``, then assert on what the
server saw in ``server.requests``.  Use the ``http_server`` fixture (import it into a conftest:
``from tests.support.httpserver import http_server``).

    server.add("/feed.xml", body, headers={"Content-Type": "application/rss+xml"})
    server.add_etag("/feed.xml", body, etag='"v1"')              # If-None-Match -> 304
    server.add_last_modified("/f", body, "Wed, 01 Jan 2025 00:00:00 GMT")
    server.add_sequence("/f", [Reply(429, headers={"Retry-After": "7"}), Reply(200, b"ok")])
    server.add_redirect("/a", "/b")                               # loops: /a -> /b -> /a
    server.add_gzip_bomb("/bomb", inflated_size=256 * 2**20)
    server.add_oversized("/big", size=5 * 2**20)
    server.add("/slow", b"late", delay=2.0)
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Body = bytes | Callable[[], Iterable[bytes]]


@dataclass(frozen=True)
class Reply:
    """One scripted response.  ``body`` may be a factory of chunks (streamed, no length).

    ``delay`` waits before the status line; ``chunk_delay`` waits before each body chunk.
    """

    status: int = 200
    body: Body = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunk_delay: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    """Header names lower-cased."""
    at: float


Handler = Callable[[RecordedRequest], Reply]


class Sequence:
    """Replies in order; the last one repeats."""

    def __init__(self, replies: list[Reply]) -> None:
        if not replies:
            raise ValueError("a sequence needs at least one reply")
        self._replies = list(replies)
        self._lock = threading.Lock()

    def __call__(self, request: RecordedRequest) -> Reply:
        with self._lock:
            return self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]


@lru_cache(maxsize=4)
def gzip_bomb(inflated_size: int) -> bytes:
    """One gzip member of zeros that inflates to ``inflated_size`` bytes (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [
        compressor.compress(block[: min(len(block), inflated_size - done)])
        for done in range(0, inflated_size, len(block))
    ]
    parts.append(compressor.flush())
    return b"".join(parts)


def _zeros(size: int, chunk: int = 64 * 1024) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        for done in range(0, size, chunk):
            yield b"x" * min(chunk, size - done)

    return chunks


class HTTPTestServer:
    """The server.  Thread-safe route table and request log."""

    def __init__(self) -> None:
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self.requests: list[RecordedRequest] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- route registration ------------------------------------------------------------------

    def route(self, path: str, handler: Handler) -> None:
        """Any handler: a function from the recorded request to a Reply."""
        with self._lock:
            self._routes[path] = handler

    def add(
        self,
        path: str,
        body: Body = b"",
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
    ) -> None:
        """Static content (bytes, or a factory of chunks streamed without Content-Length)."""
        reply = Reply(status, body, dict(headers or {}), delay, chunk_delay)
        self.route(path, lambda _request: reply)

    def add_sequence(self, path: str, replies: list[Reply]) -> None:
        """Scripted replies in order (e.g. 429 then 200); the last repeats."""
        self.route(path, Sequence(replies))

    def add_etag(
        self, path: str, body: bytes, *, etag: str, headers: Mapping[str, str] | None = None
    ) -> None:
        """200 with ETag, or 304 when If-None-Match names it."""

        def handle(request: RecordedRequest) -> Reply:
            tags = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
            if etag in tags or "*" in tags:
                return Reply(304, b"", {"ETag": etag})
            return Reply(200, body, {**(headers or {}), "ETag": etag})

        self.route(path, handle)

    def add_last_modified(
        self,
        path: str,
        body: bytes,
        *,
        last_modified: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """200 with Last-Modified, or 304 when If-Modified-Since is not older."""
        stamp = parsedate_to_datetime(last_modified)

        def handle(request: RecordedRequest) -> Reply:
            since = request.headers.get("if-modified-since")
            if since is not None and parsedate_to_datetime(since) >= stamp:
                return Reply(304, b"", {"Last-Modified": last_modified})
            return Reply(200, body, {**(headers or {}), "Last-Modified": last_modified})

        self.route(path, handle)

    def add_redirect(self, path: str, location: str, *, status: int = 302) -> None:
        self.add(path, status=status, headers={"Location": location})

    def add_gzip_bomb(self, path: str, *, inflated_size: int = 256 * 2**20) -> None:
        """A small gzip body (about inflated_size/1000 bytes) that inflates to inflated_size."""
        bomb = gzip_bomb(inflated_size)
        headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
        self.add(path, bomb, headers=headers)

    def add_gzip(self, path: str, body: bytes, *, headers: Mapping[str, str] | None = None) -> None:
        compressed = gzip.compress(body)
        self.add(path, compressed, headers={**(headers or {}), "Content-Encoding": "gzip"})

    def add_oversized(self, path: str, *, size: int, announce_length: bool = False) -> None:
        """``size`` bytes of text, streamed without Content-Length unless ``announce_length``."""
        headers = {"Content-Type": "text/html"}
        if announce_length:
            headers["Content-Length"] = str(size)
        self.add(path, _zeros(size), headers=headers)

    # -- the request log ---------------------------------------------------------------------

    def requests_for(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _record(self, request: RecordedRequest) -> Handler | None:
        with self._lock:
            self.requests.append(request)
            return self._routes.get(request.path.split("?", 1)[0])


def _make_handler(server: HTTPTestServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            request = RecordedRequest(
                method="GET",
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                at=time.monotonic(),
            )
            handler = server._record(request)
            reply = handler(request) if handler else Reply(404, b"not found")
            # The client may give up (cap reached, timeout): that is the point of some tests.
            with contextlib.suppress(OSError):
                self._send(reply)

        def _send(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            names = {name.lower() for name in reply.headers}
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if isinstance(reply.body, bytes) and "content-length" not in names:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            chunks = [reply.body] if isinstance(reply.body, bytes) else reply.body()
            for chunk in chunks:
                if reply.chunk_delay:
                    time.sleep(reply.chunk_delay)
                self.wfile.write(chunk)
                self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:
            return  # keep test output quiet

    return _Handler


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    """A started HTTPTestServer on 127.0.0.1, stopped after the test."""
    server = HTTPTestServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
