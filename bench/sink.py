"""A fast local webhook sink for benchmarks: answers every POST with 200, on 127.0.0.1 only.

    python -m bench.sink [--port 0] [--secret SECRET]

prints ``listening http://127.0.0.1:PORT`` once it accepts connections, then serves until
killed.  It is a plain asyncio HTTP/1.1 server (``asyncio.start_server``) with keep-alive, so
one core answers well over ten thousand small POSTs a second.  Per request path it counts:

- ``requests``: POSTs received;
- ``keys``: distinct ``Idempotency-Key`` values (a repeat of a key counts in ``repeats``);
- ``unsigned`` / ``bad_signatures``: with ``--secret``, requests whose
  ``X-Asean-Monitor-Signature`` is missing or does not verify (:mod:`alerts.signing`);
- ``bytes``: body bytes received;
- ``connections``: distinct TCP connections that carried them (keep-alive reuse shows here).

``GET /_stats`` returns those counts as JSON (``{"/hook": {...}, "connections": n}``);
anything else answers 405.  :func:`running_sink` starts the sink in a separate process, so
it does not share the caller's GIL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from alerts.signing import verify

HOST = "127.0.0.1"
MAX_BODY = 2**20
_OK_BODY = b'{"ok":true}'


@dataclass
class PathCounts:
    """What arrived at one path."""

    requests: int = 0
    repeats: int = 0
    unsigned: int = 0
    bad_signatures: int = 0
    bytes: int = 0
    seen: set[str] = field(default_factory=set)
    connections: set[int] = field(default_factory=set)

    def as_json(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "keys": len(self.seen),
            "repeats": self.repeats,
            "unsigned": self.unsigned,
            "bad_signatures": self.bad_signatures,
            "bytes": self.bytes,
            "connections": len(self.connections),
        }


@dataclass
class Sink:
    """The counters, by path; ``secret`` (when set) is checked on every POST."""

    secret: str | None = None
    paths: dict[str, PathCounts] = field(default_factory=dict)
    connections: int = 0

    def record(self, path: str, headers: dict[str, str], body: bytes, connection: int) -> None:
        counts = self.paths.setdefault(path, PathCounts())
        counts.requests += 1
        counts.connections.add(connection)
        counts.bytes += len(body)
        key = headers.get("idempotency-key")
        if key is not None:
            if key in counts.seen:
                counts.repeats += 1
            counts.seen.add(key)
        if self.secret is not None:
            if "x-asean-monitor-signature" not in headers:
                counts.unsigned += 1
            elif not verify(self.secret, headers, body, now=time.time()):
                counts.bad_signatures += 1

    def stats(self) -> bytes:
        report: dict[str, object] = {p: c.as_json() for p, c in sorted(self.paths.items())}
        report["connections"] = self.connections
        return json.dumps(report).encode()


def parse_head(raw: bytes) -> tuple[str, str, str, dict[str, str]]:
    """Method, target, version and lower-cased headers of a request head (no final CRLFs)."""
    request_line, *header_lines = raw.decode("latin-1").split("\r\n")
    method, target, version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return method, target, version, headers


def response(status: str, body: bytes, *, keep_alive: bool) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {len(body)}\r\n"
    head += "Connection: keep-alive\r\n\r\n" if keep_alive else "Connection: close\r\n\r\n"
    return head.encode("latin-1") + body


def answer(
    sink: Sink, method: str, path: str, request: tuple[dict[str, str], bytes], connection: int
) -> bytes:
    """The body to send back with a 200 for one request; ``_NotAllowed`` for anything else."""
    if method == "POST":
        sink.record(path, *request, connection)
        return _OK_BODY
    if method == "GET" and path == "/_stats":
        return sink.stats()
    raise _NotAllowed(method)


class _NotAllowed(Exception):
    pass


async def serve_connection(
    sink: Sink, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    sink.connections += 1
    connection = sink.connections
    try:
        while True:
            method, target, version, headers = parse_head(
                (await reader.readuntil(b"\r\n\r\n"))[:-4]
            )
            length = int(headers.get("content-length", "0"))
            if not 0 <= length <= MAX_BODY:
                break
            body = await reader.readexactly(length) if length else b""
            keep_alive = "close" not in headers.get("connection", "").lower()
            if version == "HTTP/1.0":
                keep_alive = "keep-alive" in headers.get("connection", "").lower()
            try:
                reply = answer(sink, method, target.split("?", 1)[0], (headers, body), connection)
                writer.write(response("200 OK", reply, keep_alive=keep_alive))
            except _NotAllowed:
                writer.write(response("405 Method Not Allowed", b"{}", keep_alive=keep_alive))
            await writer.drain()
            if not keep_alive:
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def serve(port: int, secret: str | None) -> None:
    sink = Sink(secret)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await serve_connection(sink, reader, writer)

    server = await asyncio.start_server(handle, HOST, port, backlog=4096)
    bound = server.sockets[0].getsockname()[1]
    print(f"listening http://{HOST}:{bound}", flush=True)
    async with server:
        await server.serve_forever()


@contextmanager
def running_sink(secret: str | None = None) -> Iterator[str]:
    """Run the sink in a child process; yields its base URL (``http://127.0.0.1:PORT``)."""
    command = [sys.executable, "-m", "bench.sink"]
    if secret is not None:
        command += ["--secret", secret]
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if not line.startswith("listening "):
            raise RuntimeError(f"bench.sink did not start (said {line!r}, exit {child.poll()})")
        yield line.removeprefix("listening ")
    finally:
        child.terminate()
        child.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--secret", help="check every POST's signature with this secret")
    args = parser.parse_args()
    with suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.secret))


if __name__ == "__main__":
    main()
