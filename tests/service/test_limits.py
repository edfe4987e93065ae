"""Limits before work, on the daemon as a user runs it (``python -m monitor run`` on
127.0.0.1): a 150 MB body is refused unread, event streams are capped, hold no thread each,
close when their token is revoked, and bad input gets a clear 4xx or one line, never a 500."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from alerts.errors import QueryError
from alerts.query import MAX_DEPTH, parse_query
from monitor.events import AlertRaised
from monitor.service.streams import MAX_STREAMS_PER_CLIENT
from monitor.service.tokens import created, token_stream
from store.sql import SqlEventLog
from tests.support import daemons
from tests.support.databases import sqlite_url_for
from tests.support.service_live import Stream, open_stream, watch

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
HUGE = 150 * MB
STREAM_TOKENS = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Daemon:
    process: subprocess.Popen[bytes]
    port: int
    url: str
    env: dict[str, str]
    cwd: Path
    tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    """name: (token id, token)"""

    def memory_kib(self) -> tuple[int, int]:
        """(VmRSS, VmHWM) of the daemon, in KiB."""
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
        return values["VmRSS"], values["VmHWM"]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "monitor", *args],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def token(self, name: str) -> str:
        return self.tokens[name][1]


def make_tokens(url: str) -> dict[str, tuple[str, str]]:
    wanted = {"admin": "admin", "reader": "read"}
    wanted |= {f"stream{n}": "read" for n in range(STREAM_TOKENS)}
    log = SqlEventLog(url)
    made = {}
    for name, scope in wanted.items():
        token_id, secret, event = created(name, scope, datetime.now(UTC))  # type: ignore[arg-type]
        log.append(token_stream(token_id), [event])
        made[name] = (token_id, secret)
    log.close()
    return made


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    cwd = tmp_path_factory.mktemp("daemon")
    sources = cwd / "sources.yaml"
    sources.write_text("version: 1\nsources: []\n", encoding="utf-8")
    url = sqlite_url_for(cwd / "events.db")
    tokens = make_tokens(url)
    port = free_port()
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": url,
        "MONITOR_LISTEN": f"127.0.0.1:{port}",
        "MONITOR_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    output = cwd / "daemon.log"
    with output.open("wb") as out:
        process = daemons.start("run", sources, env, out)
    running = Daemon(process, port, url, env, cwd, tokens)

    def answers() -> bool:
        assert process.poll() is None, output.read_text("utf-8", "replace")[-2000:]
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    try:
        daemons.wait_for(answers, 60, "the daemon's /healthz")
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- request bodies -------------------------------------------------------------------------


@dataclass
class Refusal:
    status: int
    sent: int
    """Bytes of body the client got through before the server closed the connection."""
    closed: bool


def post_huge(port: int, token: str | None, *, chunked: bool) -> Refusal:
    """POST 150 MB of body, sent as fast as the server takes it, and read the answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = ["POST /api/subscriptions HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if token is not None:
        head.append(f"Authorization: Bearer {token}")
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {HUGE}")
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("ascii"))
    sent = 0
    block = b"[" * MB

    def send_body() -> None:
        nonlocal sent
        try:
            while sent < HUGE:
                sock.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
                sent += len(block)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass

    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    answer = b""
    while b"\r\n\r\n" not in answer:
        data = sock.recv(65536)
        assert data, f"the connection closed without an answer: {answer!r}"
        answer += data
    sender.join(timeout=60)
    closed = not sender.is_alive()
    sock.close()
    status = int(answer.split(b" ", 2)[1])
    return Refusal(status, sent, closed)


def test_a_150_mb_body_is_refused_unread_and_the_daemon_stays_small(daemon: Daemon) -> None:
    rss_before, peak_before = daemon.memory_kib()
    cases = {
        "no token, Content-Length": (None, False, {413}),
        "no token, chunked": (None, True, {401}),
        "admin, Content-Length": (daemon.token("admin"), False, {413}),
        "admin, chunked": (daemon.token("admin"), True, {413}),
    }
    for what, (token, chunked, statuses) in cases.items():
        refusal = post_huge(daemon.port, token, chunked=chunked)
        assert refusal.status in statuses, what
        assert refusal.closed, f"{what}: the server kept reading the body"
        assert refusal.sent < HUGE, f"{what}: the server read all {HUGE} bytes"
    rss_after, peak_after = daemon.memory_kib()
    grew = (rss_after - rss_before) / 1024, (peak_after - peak_before) / 1024
    print(f"RSS {rss_before // 1024} -> {rss_after // 1024} MiB; peak grew {grew[1]:.1f} MiB")
    assert grew[0] < 20, f"RSS grew {grew[0]:.1f} MiB"
    assert grew[1] < 20, f"the peak RSS grew {grew[1]:.1f} MiB"
    assert daemon.process.poll() is None
    # a body within the cap is still read and judged as before
    small = httpx.post(
        f"http://127.0.0.1:{daemon.port}/api/subscriptions",
        json={"name": "x", "target": {"type": "atom"}},
        headers={"Authorization": f"Bearer {daemon.token('admin')}"},
    )
    assert small.status_code == 201, small.text
    unknown = httpx.post(
        f"http://127.0.0.1:{daemon.port}/api/subscriptions",
        json={"name": "x", "target": {"type": "atom"}},
        headers={"Authorization": "Bearer am_not-a-token"},
    )
    assert (unknown.status_code, unknown.headers["www-authenticate"]) == (401, "Bearer")


# -- event streams --------------------------------------------------------------------------


def timed_get(client: httpx.Client, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    answer = client.get(path)
    return answer.status_code, time.perf_counter() - started


@pytest.mark.slow  # fifty streams on the daemon, then a revocation
def test_fifty_streams_hold_no_thread_are_capped_and_close_when_revoked(daemon: Daemon) -> None:
    names = [f"stream{n}" for n in range(STREAM_TOKENS)]
    assert STREAM_TOKENS * MAX_STREAMS_PER_CLIENT == 50
    streams: dict[str, list[Stream]] = {name: [] for name in names}
    try:
        for name in names:
            for _ in range(MAX_STREAMS_PER_CLIENT):
                status, stream = open_stream(daemon.port, daemon.token(name))
                assert status == 200
                streams[name].append(stream)
        base = f"http://127.0.0.1:{daemon.port}"
        headers = {"Authorization": f"Bearer {daemon.token('reader')}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
            timings = [timed_get(client, path) for path in ("/healthz", "/api/sources") * 10]
        assert {status for status, _ in timings} == {200}
        slowest = max(took for _, took in timings)
        print(f"with 50 open streams: slowest /healthz or /api/sources {slowest * 1000:.0f} ms")
        print(sorted(round(t * 1000) for _, t in timings))
        assert slowest < 0.2, timings

        status, extra = open_stream(daemon.port, daemon.token(names[0]))
        assert status == 429, extra.received
        assert b"retry-after" in extra.received.lower()
        extra.sock.close()

        revoked_id = daemon.tokens[names[0]][0]
        answer = daemon.cli("token", "revoke", revoked_id)
        assert answer.returncode == 0, answer.stderr
        revoked_at = time.monotonic()  # the revocation is in the log when the command returns
        everything = [s for group in streams.values() for s in group]
        watch(everything, revoked_at + 5.0)
        closed = [s for s in streams[names[0]] if s.ended is not None]
        assert len(closed) == MAX_STREAMS_PER_CLIENT, "a revoked token's stream kept going"
        took = max(s.ended for s in closed if s.ended is not None) - revoked_at
        print(f"revoked token's streams closed {took:.1f} s after `token revoke` returned")
        assert b"revoked" in closed[0].received
        others = [s for name in names[1:] for s in streams[name]]
        assert all(s.ended is None for s in others), "streams of valid tokens were closed"
    finally:
        for group in streams.values():
            for stream in group:
                stream.sock.close()


def append_alert(url: str, subscription_id: str, title: str) -> int:
    log = SqlEventLog(url)
    try:
        event = AlertRaised(
            occurred_at=datetime.now(UTC),
            alert_id=f"alert-{title}",
            subscription_id=subscription_id,
            kind="article",
            story_id=f"story-{title}",
            title=title,
            reason="test",
        )
        return log.append(f"alert-{title}", [event]).positions[-1]
    finally:
        log.close()


@pytest.mark.slow  # each waits on a stream of the daemon
@pytest.mark.parametrize(
    "last_event_id", ["9" * 5000, "1" + "0" * 30, str(2**63), "-5", "²", "x", " "]
)
def test_a_bad_or_huge_last_event_id_starts_from_now(daemon: Daemon, last_event_id: str) -> None:
    status, stream = open_stream(daemon.port, daemon.token("admin"), last_event_id)
    try:
        assert status == 200, stream.received
        title = f"after-{len(last_event_id)}-{last_event_id[:3].strip() or 'blank'}"
        append_alert(daemon.url, "sub-lei", title)
        deadline = time.monotonic() + 10
        while title.encode() not in stream.received and stream.ended is None:
            watch([stream], min(deadline, time.monotonic() + 0.5))
            assert time.monotonic() < deadline, stream.received[-500:]
        assert title.encode() in stream.received, "the stream ended"
    finally:
        stream.sock.close()


@pytest.mark.slow  # a stream of the daemon (replay is fast in test_streams.py)
def test_a_last_event_id_resumes_after_that_position(daemon: Daemon) -> None:
    first = append_alert(daemon.url, "sub-resume", "resume-one")
    append_alert(daemon.url, "sub-resume", "resume-two")
    status, stream = open_stream(daemon.port, daemon.token("admin"), str(first))
    try:
        assert status == 200
        deadline = time.monotonic() + 10
        while b"resume-two" not in stream.received and stream.ended is None:
            watch([stream], min(deadline, time.monotonic() + 0.5))
            assert time.monotonic() < deadline, stream.received[-500:]
        assert b"resume-two" in stream.received, "the stream ended"
        assert b"resume-one" not in stream.received
    finally:
        stream.sock.close()


# -- bad input --------------------------------------------------------------------------------


def nested(depth: int) -> str:
    return "(" * depth + "summit" + ")" * depth


def test_query_nesting_is_bounded_with_the_limit_named() -> None:
    assert parse_query(nested(MAX_DEPTH)).matches("summit")
    assert parse_query("NOT " * MAX_DEPTH + "x").matches("x") is (MAX_DEPTH % 2 == 0)
    for hostile in (nested(MAX_DEPTH + 1), nested(5000), "NOT " * 5000 + "x", "(NOT " * 900):
        with pytest.raises(QueryError, match=f"nested more than {MAX_DEPTH} deep"):
            parse_query(hostile)


@pytest.mark.slow  # the CLI as a process
def test_a_deep_query_is_a_422_from_the_api_and_one_line_from_the_cli(daemon: Daemon) -> None:
    answer = httpx.post(
        f"http://127.0.0.1:{daemon.port}/api/subscriptions",
        json={"name": "deep", "filter": {"query": nested(900)}, "target": {"type": "atom"}},
        headers={"Authorization": f"Bearer {daemon.token('admin')}"},
        timeout=10,
    )
    assert answer.status_code == 422, answer.text[:500]
    assert f"nested more than {MAX_DEPTH} deep" in answer.text
    cli = daemon.cli("subscribe", "--atom", "--query", nested(5000))
    assert cli.returncode != 0
    lines = cli.stderr.strip().splitlines()
    assert len(lines) == 1, cli.stderr[-2000:]
    assert f"nested more than {MAX_DEPTH} deep" in lines[0]
    assert "Traceback" not in cli.stderr
