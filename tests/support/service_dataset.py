"""A realistic event log for the service tests, made by the real pipeline.

The five seed pages are served on 127.0.0.1 behind ``feed.xml``; a second feed carries an item
whose title is a script-injection payload; a third source answers 500.  A webhook subscription
and a log subscription get alerts; the webhook receiver refuses once, then accepts.  The log is
built once per session (``build``) and copied for each test.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from monitor.extract.extractor import Extractor
from tests.support.alert_flow import flow
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import PAGES, harness, page, rss
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
PAYLOAD_TITLE = f"ASEAN-Japan Forum {PAYLOAD}"
HTML = {"Content-Type": "text/html; charset=utf-8"}


@dataclass(frozen=True)
class Dataset:
    """A built log (a SQLite file) and the ids the tests look for."""

    path: Path
    webhook_subscription: str
    log_subscription: str
    secrets_key: str
    """The key that sealed the webhook's secret (``MONITOR_SECRETS_KEY``)."""


def seed_feed(server: HTTPTestServer) -> bytes:
    """The seed feed with absolute links to the loopback server."""
    text = (PAGES / "feed.xml").read_text("utf-8")
    return re.sub(r"<link>/articles/", f"<link>{server.url('/articles/')}", text).encode("utf-8")


def serve(server: HTTPTestServer) -> None:
    for path in sorted(PAGES.glob("*.html")):
        server.add(f"/articles/{path.name}", path.read_bytes(), headers=HTML)
    server.add("/feed.xml", seed_feed(server))
    server.add("/evil/page.html", page("004_f7c1be859b819757.html"), headers=HTML)
    link = server.url("/evil/page.html")
    server.add("/evil.xml", rss([("evil-1", link, PAYLOAD_TITLE.replace("<", "&lt;"))]))
    server.add("/down.xml", b"server error", status=500)


async def build(
    target: Path, server: HTTPTestServer, extractor: Extractor, receiver: WebhookReceiver
) -> Dataset:
    serve(server)
    receiver.script(Reply(503))
    async with harness(server, target.parent, extractor) as h, flow(h) as f:
        hook = f.subscribe(
            name="US watchers",
            filter={"dialogues": ["asean-us"]},
            target={"type": "webhook", "url": receiver.url(), "secret": WEBHOOK_SECRET},
        )
        logged = f.subscribe(name="Everything", filter={}, target={"type": "log"})
        await h.poll(h.source("/feed.xml", source_id="seeds"))
        h.clock.advance(days=1)
        await h.poll(h.source("/evil.xml", source_id="evil"))
        h.clock.advance(hours=2)
        await h.poll(h.source("/down.xml", source_id="down"))
        await f.dispatch()
        h.clock.advance(hours=1)
        await f.dispatch()
        h.runner.catch_up_all()
        secrets_key = f.keyring.keys[0].decode("ascii")
    built = target.parent / "events.db"
    if built != target:
        shutil.move(built, target)
    return Dataset(target, hook, logged, secrets_key)


def copy(dataset: Dataset, directory: Path) -> str:
    """A private copy of the built log; its SQLite URL."""
    path = directory / "events.db"
    shutil.copyfile(dataset.path, path)
    return sqlite_url_for(path)
