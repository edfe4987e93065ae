"""The service's app served by uvicorn on 127.0.0.1 (the daemon's own server settings), in a
thread of the test process, so a test can reach into the app while real clients talk HTTP;
and event-stream clients on plain sockets (many at once, each read as bytes arrive)."""

from __future__ import annotations

import selectors
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import FastAPI

from monitor.service.server import make_server


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1; yields its base URL."""
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, name="test-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start in 20 s"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@dataclass(eq=False)
class Stream:
    sock: socket.socket
    received: bytes = b""
    ended: float | None = None


def open_stream(
    port: int, token: str | None, last_event_id: str | None = None
) -> tuple[int, Stream]:
    """Open ``/api/stream``: its status, and the stream with what it sent so far (through
    the opening comment when the status is 200, the whole answer otherwise)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    lines = ["GET /api/stream HTTP/1.1", "Host: 127.0.0.1"]
    if token is not None:
        lines.append(f"Authorization: Bearer {token}")
    if last_event_id is not None:
        lines.append(f"Last-Event-ID: {last_event_id}")
    lines.append("Connection: close")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"))
    stream = Stream(sock)
    while b"\r\n\r\n" not in stream.received:
        data = sock.recv(65536)
        assert data, stream.received
        stream.received += data
    status = int(stream.received.split(b" ", 2)[1])
    while (b"alert stream" not in stream.received) if status == 200 else stream.ended is None:
        data = sock.recv(65536)
        if not data:
            assert status != 200, stream.received
            stream.ended = time.monotonic()
        stream.received += data
    return status, stream


def watch(streams: list[Stream], until: float) -> None:
    """Read what the streams send until ``until`` (monotonic) or all of them ended."""
    selector = selectors.DefaultSelector()
    for stream in streams:
        if stream.ended is None:
            stream.sock.setblocking(False)
            selector.register(stream.sock, selectors.EVENT_READ, stream)
    while selector.get_map() and time.monotonic() < until:
        for key, _ in selector.select(timeout=max(0.0, until - time.monotonic())):
            stream = key.data
            try:
                data = stream.sock.recv(65536)
            except BlockingIOError:
                continue
            except ConnectionResetError:
                data = b""
            stream.received += data
            if not data:
                stream.ended = time.monotonic()
                selector.unregister(stream.sock)
    selector.close()
