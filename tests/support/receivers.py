"""Real receivers on 127.0.0.1 for the alert channel tests (nothing leaves the machine).

- :class:`WebhookReceiver`: an HTTP server that verifies ``X-Asean-Monitor-Signature`` with
  :func:`alerts.signing.verify` (401 when it does not hold), stores each ``Idempotency-Key``
  once and counts repeats, and answers a script of replies (500, 429 with Retry-After, 404, a
  slow answer ...) before the default 200 with an ``X-Request-Id``.
- :class:`JsonEndpoint`: an HTTP server that records every POSTed JSON body (what Apprise's
  ``json://127.0.0.1:PORT/path`` sends) and answers a scripted status.
- :class:`SmtpSink`: an aiosmtpd SMTP server that records each accepted message and can be
  told to answer the next DATA or RCPT with a reply such as ``550 5.1.1 no such user``.

Fixtures: ``webhook_receiver``, ``json_endpoint``, ``smtp_sink`` and ``closed_port`` (a port
where nothing listens).  Import the ``*_fixture`` functions into a test module or conftest.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from alerts.model import AlertMessage, DialogueHit, Evidence
from alerts.signing import verify

WEBHOOK_SECRET = "test-secret-0123456789"


@dataclass(frozen=True)
class Reply:
    """One scripted answer; ``delay`` seconds pass before the status line is sent."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    """Header names lower-cased."""
    body: bytes
    signature_ok: bool
    answered: int

    def json(self) -> Any:
        return json.loads(self.body)


class _Server:
    """A threaded HTTP server on 127.0.0.1 (port 0) whose POSTs go to ``handle``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: list[Reply] = []
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._http.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def script(self, *replies: Reply) -> None:
        """Answer the next requests with ``replies`` in order, then the default."""
        with self._lock:
            self._script.extend(replies)

    def next_scripted(self) -> Reply | None:
        with self._lock:
            return self._script.pop(0) if self._script else None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        raise NotImplementedError


def _handler_for(server: _Server) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = server.handle(self.path, headers, body)
            # The client may have given up (a timeout test): that is the point.
            with contextlib.suppress(OSError):
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return _Handler


class WebhookReceiver(_Server):
    """Verifies signatures, stores each idempotency key once, answers the script then 200."""

    def __init__(self, secret: str = WEBHOOK_SECRET, *, tolerance: float = 300) -> None:
        super().__init__()
        self.secret = secret
        self.tolerance = tolerance
        self.received: list[Received] = []
        self.stored: dict[str, bytes] = {}
        """Idempotency key -> the first body accepted with it."""
        self.repeats: dict[str, int] = {}
        """Idempotency key -> how many accepted deliveries repeated it."""

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        ok = verify(self.secret, headers, body, now=time.time(), tolerance=self.tolerance)
        reply = self.next_scripted() or Reply(200, body=b'{"ok":true}')
        if not ok:
            reply = Reply(401, body=b"bad signature")
        with self._lock:
            if 200 <= reply.status < 300:
                reply = self._accept(headers.get("idempotency-key", ""), body, reply)
            self.received.append(Received(path, headers, body, ok, reply.status))
        return reply

    def _accept(self, key: str, body: bytes, reply: Reply) -> Reply:
        if key in self.stored:
            self.repeats[key] = self.repeats.get(key, 0) + 1
        else:
            self.stored[key] = body
        request_id = f"req-{len(self.received) + 1}"
        return replace(reply, headers={**reply.headers, "X-Request-Id": request_id})


class JsonEndpoint(_Server):
    """Records each POSTed body; answers the script, then 200."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[Received] = []

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        reply = self.next_scripted() or Reply(200, {"Content-Type": "application/json"}, b"{}")
        with self._lock:
            self.received.append(Received(path, headers, body, True, reply.status))
        return reply


def free_port() -> int:
    """A loopback port that was free a moment ago (nothing listens on it when returned)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Recorder:
    """aiosmtpd handler: records accepted messages; scripted rejections for RCPT and DATA."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.reject_rcpt: list[str] = []
        self.reject_data: list[str] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.reject_rcpt:
            return self.reject_rcpt.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.reject_data:
            return self.reject_data.pop(0)
        raw = envelope.original_content or b""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1; ``messages`` holds what it accepted, parsed."""

    def __init__(self) -> None:
        self.recorder = _Recorder()
        self.port = free_port()
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return self.recorder.messages

    def reject_next_data(self, reply: str) -> None:
        self.recorder.reject_data.append(reply)

    def reject_next_rcpt(self, reply: str) -> None:
        self.recorder.reject_rcpt.append(reply)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


def alert_message(**overrides: Any) -> AlertMessage:
    """A realistic alert (ASEAN-US, 13th summit) for the channel tests; fields overridable."""
    fields: dict[str, Any] = {
        "alert_id": "0f8e2f2c-7d4b-4d8c-9c1e-6a1f3b2d4e5f",
        "idempotency_key": "sub-1.story-42",
        "subscription_id": "sub-1",
        "subscription_name": "US desk",
        "kind": "article",
        "title": "Leaders open the 13th ASEAN-US Summit in Kuala Lumpur",
        "url": "https://news.example.org/asean-us-summit",
        "raised_at": datetime(2025, 10, 26, 9, 30, tzinfo=UTC),
        "reason": "ASEAN-US dialogue (score 0.91) at the 13th ASEAN-US Summit",
        "source_id": "example-news",
        "published_at": datetime(2025, 10, 26, 9, 0, tzinfo=UTC),
        "summary": "The summit discussed the South China Sea and trade.",
        "dialogues": (
            DialogueHit(
                "asean-us",
                "ASEAN-US",
                0.91,
                (
                    Evidence("the 13th ASEAN-US Summit", 20, 45),
                    Evidence("President of the United States", 80, 110),
                ),
            ),
        ),
        "meetings": (
            {
                "name": "13th ASEAN-US Summit",
                "ordinal": 13,
                "mechanism": "summit",
                "dialogue": "asean-us",
                "host": "Malaysia",
                "date": "2025-10-26",
            },
        ),
        "topics": ("South China Sea", "Trade and investment"),
    }
    fields.update(overrides)
    return AlertMessage(**fields)


@pytest.fixture(name="webhook_receiver")
def webhook_receiver_fixture() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture(name="json_endpoint")
def json_endpoint_fixture() -> Iterator[JsonEndpoint]:
    server = JsonEndpoint()
    server.start()
    yield server
    server.stop()


@pytest.fixture(name="smtp_sink")
def smtp_sink_fixture() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(name="closed_port")
def closed_port_fixture() -> int:
    return free_port()


@dataclass
class KeyCount:
    """What a :class:`CountingWebhookReceiver` saw of one idempotency key."""

    posts: int = 0
    """Every POST that carried the key, whatever the answer."""
    accepted: int = 0
    """POSTs answered with a 2xx (a second one is a duplicate delivery)."""
    bad_signature: int = 0
    """Complete POSTs whose signature did not verify (answered 401)."""
    truncated: int = 0
    """POSTs whose body ended before its Content-Length (the sender died while sending)."""
    first_accepted_at: float | None = None
    """``time.time()`` of the first accepted POST."""
    log: list[tuple[float, int, str | None]] = field(default_factory=list)
    """Every POST: ``time.time()``, the status answered, and who sent it (see
    :attr:`CountingWebhookReceiver.identify`)."""


class _RoomyServer(ThreadingHTTPServer):
    """A listen backlog for many senders at once: the default of 5 overflows when a few
    replicas post 8 alerts each at once, and an overflowing backlog resets connections (the
    sender sees a ReadError that is the receiver's fault, not the daemon's)."""

    request_queue_size = 256


class CountingWebhookReceiver(WebhookReceiver):
    """A :class:`WebhookReceiver` that counts POSTs and acceptances per idempotency key and
    can be down: answering 503 to everything (:meth:`down` with ``"503"``) or refusing
    connections (``"refuse"``: the listening socket is closed, and opened again on the same
    port by :meth:`up`).  ``keys`` is read under ``lock`` (or after :meth:`stop`).

    ``identify``, when set, is called with the client's port of each POST and names the sender
    (e.g. the process that owns the connection); it is called for every POST (the server speaks
    HTTP/1.0: one connection a request, and client ports are reused)."""

    def __init__(self, secret: str = WEBHOOK_SECRET, *, tolerance: float = 300) -> None:
        super().__init__(secret, tolerance=tolerance)
        self.keys: dict[str, KeyCount] = {}
        self.mode = "up"
        self.refused_while_down = 0
        """POSTs answered 503 while down (refused connections are not seen)."""
        self.identify: Callable[[int], str | None] | None = None
        self.errors: list[str] = []
        """Exceptions raised while handling a POST (answered 500): the receiver's own bugs."""
        self._client = threading.local()
        self._fixed_port = self.port
        self._http.server_close()
        self._http = self._listen()
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _listen(self) -> ThreadingHTTPServer:
        receiver = self

        class _Counting(_handler_for(self)):  # type: ignore[misc]
            def do_POST(self) -> None:
                receiver._client.port = int(self.client_address[1])
                super().do_POST()

        http = _RoomyServer(("127.0.0.1", self._fixed_port), _Counting)
        http.daemon_threads = True
        return http

    @property
    def lock(self) -> threading.Lock:
        return self._lock

    @property
    def port(self) -> int:
        return int(getattr(self, "_fixed_port", 0) or self._http.server_address[1])

    def _sender(self) -> str | None:
        port = getattr(self._client, "port", None)
        if port is None or self.identify is None:
            return None
        try:
            return self.identify(port)
        except Exception as exc:  # naming the sender must never break the receiver
            self.errors.append(f"identify({port}): {exc!r}")
            return None

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        try:
            return self._count(path, headers, body)
        except Exception as exc:  # a bug here is the harness's: answer, and say so
            with self._lock:
                self.errors.append(repr(exc))
            return Reply(500, body=b"receiver error")

    def _count(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        key = headers.get("idempotency-key", "")
        sender = self._sender()
        if self.mode != "up":
            with self._lock:
                count = self.keys.setdefault(key, KeyCount())
                count.posts += 1
                count.log.append((time.time(), 503, sender))
                self.refused_while_down += 1
            return Reply(503, body=b"down for the fault harness")
        reply = super().handle(path, headers, body)
        with self._lock:
            count = self.keys.setdefault(key, KeyCount())
            count.posts += 1
            count.log.append((time.time(), reply.status, sender))
            if len(body) < int(headers.get("content-length") or 0):
                count.truncated += 1  # the sender died mid-request: no signature can hold
            elif not self.received[-1].signature_ok:
                count.bad_signature += 1
            if 200 <= reply.status < 300:
                count.accepted += 1
                if count.first_accepted_at is None:
                    count.first_accepted_at = time.time()
        return reply

    def down(self, mode: str = "503") -> None:
        """Stop accepting: ``"503"`` answers every POST with 503, ``"refuse"`` closes the
        port (connections are refused)."""
        if mode not in ("503", "refuse"):
            raise ValueError(f"mode: expected '503' or 'refuse', got {mode!r}")
        if self.mode == "refuse":
            self.up()
        self.mode = mode
        if mode == "refuse":
            self._http.shutdown()
            self._http.server_close()
            self._thread.join(timeout=5)

    def up(self) -> None:
        """Accept again (on the same port)."""
        if self.mode == "refuse":
            self._http = self._listen()
            self._thread = threading.Thread(
                target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        self.mode = "up"

    def stop(self) -> None:
        if self.mode != "refuse":
            super().stop()
        self.mode = "stopped"
