"""SQLite on a full disk (issue 14): the daemon says so plainly, keeps serving reads, stores
nothing half-written, and carries on when space returns.

The database lives on a small tmpfs mounted for the test (root only; under ``CI=true`` a
failure to mount fails the test instead of skipping it).  A real ``python -m monitor run``
polls three feeds on a local HTTP server:

- ``s0`` and ``s1`` list four items each; the first page of each is served at once, the
  other pages only once the disk is full, so their extraction is appended during the outage
  (their ``item.discovered`` is stored; the work must be found again from the log);
- ``s2``'s feed itself is served only once the disk is full, so its items are first seen
  during the outage and nothing of that poll is stored: the source must be polled again
  soon after (a store failure is not the source's fault and is no reason to back off).

Then a filler file takes every free byte, the test checks the daemon (alive, a log line that
names the full disk, ``/healthz`` and ``/api/articles`` answering), deletes the filler, and
checks that every item ends extracted within ``RESUME_SECONDS`` (with leases far longer than
that: a claim the daemon could not release on the full disk must not hold its own work back
until it expires), the read model shows it, ``run`` stops cleanly on SIGTERM and ``audit
verify`` passes.

Run: ``.venv/bin/python -m pytest -m slow tests/faults/test_full_disk.py`` (as root).
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.ci import IN_CI
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer, RecordedRequest, Reply
from tests.support.ingest_harness import PAGES, rss
from tests.support.receivers import free_port

ROOT = Path(__file__).resolve().parents[2]
DISK_SIZE = "16m"
FULL = ("disk is full", "no space left")
RESUME_SECONDS = 25.0
"""Space back to every item extracted: a few ticks and resume rounds, not a lease's expiry."""
LEASE_SECONDS = 120
"""Longer than the test: work claimed before the outage must not wait for its claim to lapse."""

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of ``DISK_SIZE`` mounted under ``tmp_path``; unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    problem = _mount(mount)
    if problem is not None:
        if IN_CI:
            pytest.fail(f"CI=true and a small file system cannot be mounted: {problem}")
        pytest.skip(f"a small file system cannot be mounted: {problem}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _mount(mount: Path) -> str | None:
    if os.geteuid() != 0:
        return "not root"
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return None if done.returncode == 0 else done.stderr.strip() or f"exit {done.returncode}"


@dataclass
class Newsroom:
    """The feeds and pages, and the gate that holds some of them until the disk is full."""

    server: HTTPTestServer
    gate: threading.Event
    items: int = 0

    def serve(self, reply: Reply, *, held: bool) -> Callable[[RecordedRequest], Reply]:
        """A handler answering ``reply``; when ``held``, only once the gate is open."""

        def handle(_request: RecordedRequest) -> Reply:
            if held:
                self.gate.wait(60)
            return reply

        return handle

    def feed(self, source: str, pages: int, *, held_from: int, hold_feed: bool = False) -> str:
        """Register ``/<source>.xml`` listing ``pages`` items; pages from ``held_from`` wait."""
        templates = sorted(PAGES.glob("*.html"))
        items = []
        for k in range(pages):
            path = f"/{source}/a{k}.html"
            body = templates[(self.items + k) % len(templates)].read_bytes()
            body = body.replace(b"</h1>", f" ({source}-{k})</h1>".encode(), 1)
            reply = Reply(200, body, {"Content-Type": "text/html"})
            self.server.route(path, self.serve(reply, held=k >= held_from))
            items.append((f"{source}-{k}", self.server.url(path), f"story {source}-{k}"))
        self.items += pages
        feed = Reply(200, rss(items), {"Content-Type": "application/rss+xml"})
        self.server.route(f"/{source}.xml", self.serve(feed, held=hold_feed))
        return self.server.url(f"/{source}.xml")


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    server = HTTPTestServer()
    server.start()
    room = Newsroom(server, threading.Event())
    try:
        yield room
    finally:
        room.gate.set()
        server.stop()


def fill(directory: Path) -> Path:
    """A file that takes every free byte of ``directory``'s file system."""
    filler = directory / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (1 << 20, 1 << 12, 1 << 9):
            block = bytes(size)
            while True:
                try:
                    handle.write(block)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
    return filler


def query(database: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows from a read-only connection (it writes nothing, so it works on a full disk)."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)) as conn:
            return list(conn.execute(sql))
    except sqlite3.Error:
        return []


def count(database: Path, type_name: str) -> int:
    rows = query(database, f"SELECT count(*) FROM events WHERE type = '{type_name}'")
    return int(rows[0][0]) if rows else 0


def unfinished(database: Path) -> set[str]:
    """Streams with an ``item.discovered`` and neither an extraction nor its failure."""
    rows = query(
        database,
        "SELECT stream_id FROM events WHERE type = 'item.discovered' EXCEPT "
        "SELECT stream_id FROM events "
        "WHERE type IN ('article.extracted', 'article.extraction_failed')",
    )
    return {str(r[0]) for r in rows}


def wait_until(condition: Callable[[], bool], timeout: float, what: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout:.0f} s: {what()}")


def full_disk_lines(log_file: Path) -> list[str]:
    text = log_file.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if any(m in line.lower() for m in FULL)]


def articles(api: httpx.Client) -> list[dict[str, object]]:
    answer = api.get("/api/articles", params={"limit": 200})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, object]] = answer.json()["items"]
    return items


def test_a_full_disk_is_reported_reads_go_on_and_ingest_resumes(
    small_disk: Path, newsroom: Newsroom, tmp_path: Path
) -> None:
    database = small_disk / "events.db"
    sources = {
        "s0": newsroom.feed("s0", 4, held_from=1),
        "s1": newsroom.feed("s1", 4, held_from=1),
        "s2": newsroom.feed("s2", 3, held_from=3, hold_feed=True),
    }
    lines = ["version: 1", "sources:"]
    lines += [f"  - {{id: {s}, name: {s.upper()}, url: '{url}'}}" for s, url in sources.items()]
    (tmp_path / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "MONITOR_DATABASE_URL": sqlite_url_for(database),
        "MONITOR_LISTEN": f"127.0.0.1:{port}",
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        "MONITOR_PUBLIC_READS": "1",
        "MONITOR_PER_HOST_CONCURRENCY": "16",
        "MONITOR_SOURCES": str(tmp_path / "sources.yaml"),
        "MONITOR_SIGNING_KEY": str(tmp_path / "keys" / "checkpoint.key"),
        "MONITOR_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
        "MONITOR_CHECKPOINT_INTERVAL": "2",
        "MONITOR_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    out, err = tmp_path / "daemon.out", tmp_path / "daemon.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        daemon = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run"],
            cwd=tmp_path,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    api = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10, trust_env=False)
    try:
        _outage_and_recovery(daemon, api, database, newsroom, err)
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=30) == 0, _tail(err)
    finally:
        api.close()
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait(timeout=10)
    verified = subprocess.run(
        [sys.executable, "-m", "monitor", "audit", "verify"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("OK: ")


def _outage_and_recovery(
    daemon: subprocess.Popen[bytes],
    api: httpx.Client,
    database: Path,
    newsroom: Newsroom,
    err: Path,
) -> None:
    wait_until(
        lambda: count(database, "article.extracted") >= 2 or daemon.poll() is not None,
        60,
        lambda: f"the first two articles:\n{_tail(err)}",
    )
    assert daemon.poll() is None, f"the daemon did not start:\n{_tail(err)}"
    filler = fill(database.parent)
    newsroom.gate.set()  # the held pages and feed are served now, onto a full disk
    wait_until(
        lambda: bool(full_disk_lines(err)) or daemon.poll() is not None,
        30,
        lambda: f"a log line naming the full disk:\n{_tail(err)}",
    )
    assert daemon.poll() is None, f"the daemon died on a full disk:\n{_tail(err)}"
    head = query(database, "SELECT max(position) FROM events")[0][0]
    assert api.get("/healthz").status_code == 200
    assert len(articles(api)) >= 2, "the read API serves what was stored before"
    filler.unlink()
    wait_until(
        lambda: count(database, "item.discovered") == 11 and not unfinished(database),
        RESUME_SECONDS,
        lambda: (
            f"every item discovered and extracted once space returned; "
            f"{count(database, 'item.discovered')} discovered of 11, "
            f"{len(unfinished(database))} of them unfinished:\n{_tail(err)}"
        ),
    )
    assert query(database, "SELECT max(position) FROM events")[0][0] > head
    wait_until(
        lambda: sum(1 for a in articles(api) if a["status"] != "discovered") == 11,
        RESUME_SECONDS,
        lambda: f"the read model shows every article extracted:\n{_tail(err)}",
    )
    assert daemon.poll() is None, _tail(err)


def _tail(err: Path) -> str:
    with suppress(OSError):
        return err.read_text(encoding="utf-8", errors="replace")[-4000:]
    return ""
