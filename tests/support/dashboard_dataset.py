"""About 100 judged articles for the dashboard's pages, written into a log as the pipeline
records them (``item.discovered`` with its publication date, ``article.extracted``,
``article.linked`` for a story told again by another outlet, ``article.matched`` judged by the
real matcher) from the labelled texts in ``tests/fixtures/labelled/articles/``; sources' polls
(two failing), two subscriptions, and their alerts (the router raises them; one
subscription's deliveries all fail, some to the dead letters).  The alert router and the
meeting recorder run as in the daemon.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from alerts.outbox import ALERTS
from alerts.secrets import Keyring
from alerts.subscriptions import created_event, validate_spec
from monitor.events import (
    AlertDelivered,
    AlertDeliveryFailed,
    ArticleExtracted,
    ArticleLinked,
    ArticleMatched,
    ItemDiscovered,
    SourcePolled,
    SourcePollFailed,
    subscription_stream,
)
from monitor.ingest.urls import article_stream_id
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge, judged_title
from monitor.matching.ruleset import Ruleset
from monitor.readmodels.registry import processors
from store import Event
from store.log import NO_STREAM
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.service import projections
from tests.support.service_dataset import PAYLOAD, Dataset

LABELLED = Path(__file__).resolve().parents[1] / "fixtures" / "labelled" / "articles"
ARTICLES = 90
"""First reports; with the stories told again, about 100 articles."""
RETOLD = 10
"""Stories reported again by another outlet (one of them by two more)."""
OUTLETS = {
    "en": ("reuters", "straits-times", "bernama", "the-diplomat"),
    "vi": ("vna",),
    "ja": ("kyodo",),
    "zh": ("xinhua",),
    "th": ("thai-pbs",),
    "ko": ("yonhap",),
    "id": ("antara",),
}
FAILING = {"gone-feed": ("http_status", 404), "slow-feed": ("timeout", None)}
SCRIPT_TITLE = f"ASEAN-Japan ties {PAYLOAD}"
PROCESSED = timedelta(minutes=10)
"""How long before ``now`` the router and the meeting recorder ran."""


@dataclass(frozen=True)
class Labelled:
    ident: str
    lang: str
    title: str
    text: str


@cache
def _ruleset() -> Ruleset:
    return load_ruleset()


def labelled(count: int = ARTICLES) -> list[Labelled]:
    """Relevant labelled articles: every language but English first, then English."""
    found = []
    for path in sorted(LABELLED.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text("utf-8")):
            if item.get("relevant"):
                title = item.get("title") or item["text"].strip().splitlines()[0][:120]
                found.append(Labelled(item["id"], item["lang"], title, item["text"]))
    found.sort(key=lambda a: (a.lang == "en", a.ident))
    return found[:count]


def outlet(article: Labelled, i: int) -> str:
    choices = OUTLETS.get(article.lang, ("asia-wire",))
    return choices[i % len(choices)]


def _matched(at: datetime, text: str, title: str) -> ArticleMatched:
    """Judged as the pipeline judges (the title beside the text unless the text starts
    with it)."""
    verdict = RulesetJudge(_ruleset())(text, judged_title(title, text))
    return ArticleMatched(occurred_at=at, **verdict)


def article_events(
    url: str, source: str, a: Labelled, published: datetime | None, found: datetime, title: str
) -> list[Event]:
    text_sha = hashlib.sha256(a.text.encode("utf-8")).hexdigest()
    return [
        ItemDiscovered(
            occurred_at=found,
            source_id=source,
            url=url,
            canonical_url=url,
            guid=url,
            title=title,
            published_at=published,
            language=a.lang,
        ),
        ArticleExtracted(
            occurred_at=found,
            url=url,
            final_url=url,
            canonical_url=url,
            title=title,
            text=a.text,
            text_sha256=text_sha,
            fingerprint=text_sha[:16],
            html_sha256=text_sha,
            duration_ms=5,
            language=a.lang,
        ),
    ]


def write_articles(log: SqlEventLog, now: datetime) -> dict[str, list[str]]:
    """The articles, newest first every 13 hours; every tenth gives no publication date.
    Returns each retold story's id with the ids of its articles."""
    stories: dict[str, list[str]] = {}
    for i, a in enumerate(labelled()):
        published = now - timedelta(hours=13 * i + 2)
        dated = None if i % 10 == 9 else published
        title = SCRIPT_TITLE if i == 1 else a.title
        url = f"https://{outlet(a, i)}.example.org/{a.ident}"
        stream = article_stream_id(url)
        events = article_events(url, outlet(a, i), a, dated, published, title)
        log.append(
            stream, [*events, _matched(published, a.text, title)], expected_version=NO_STREAM
        )
        if i % 7 == 3 and len(stories) < RETOLD:
            stories[stream] = [stream, *_retell(log, a, i, stream, published, len(stories))]
    return stories


def _retell(
    log: SqlEventLog, a: Labelled, i: int, story: str, published: datetime, n: int
) -> list[str]:
    others = ("asia-wire", "nikkei-asia") if n == 0 else ("asia-wire",)
    made = []
    for k, source in enumerate(others):
        at = published + timedelta(hours=3 + k)
        url = f"https://{source}.example.org/{a.ident}-{k}"
        stream = article_stream_id(url)
        events = article_events(url, source, a, at, at, a.title)
        linked = ArticleLinked(occurred_at=at, story_id=story, reason="fingerprint")
        log.append(
            stream, [*events, linked, _matched(at, a.text, a.title)], expected_version=NO_STREAM
        )
        made.append(stream)
    return made


def write_sources(log: SqlEventLog, now: datetime) -> None:
    later = now + timedelta(minutes=30)
    common: dict[str, Any] = {
        "duration_ms": 40,
        "next_check_at": later,
        "next_check_reason": "interval",
    }
    names = sorted({o for group in OUTLETS.values() for o in group} | {"asia-wire", "nikkei-asia"})
    for name in names:
        url = f"https://{name}.example.org/feed.xml"
        polled = SourcePolled(
            occurred_at=now - timedelta(minutes=10),
            source_id=name,
            url=url,
            final_url=url,
            status=200,
            not_modified=False,
            items_seen=20,
            items_new=3,
            **common,
        )
        log.append(f"source-{name}", [polled])
    for name, (reason, status) in FAILING.items():
        url = f"https://{name}.example.org/rss"
        failures = [
            SourcePollFailed(
                occurred_at=now - timedelta(hours=3 - attempt),
                source_id=name,
                url=url,
                reason=reason,
                detail=f"HTTP {status} Not Found" if status else "no answer in 20.0 s",
                status=status,
                attempt=attempt,
                **common,
            )
            for attempt in (1, 2, 3)
        ]
        log.append(f"source-{name}", failures)


def subscribe(log: SqlEventLog, now: datetime, keyring: Keyring, **spec: Any) -> str:
    subscription_id = uuid.uuid4().hex[:12]
    event = created_event(subscription_id, validate_spec(spec), now, keyring=keyring)
    log.append(subscription_stream(subscription_id), [event])
    return subscription_id


def deliver(log: SqlEventLog, failing: str, now: datetime) -> None:
    """The failing subscription's alerts fail (every other one three times, then dead);
    the others' are delivered."""
    with log.reader.connect() as conn:
        rows = conn.execute(select(ALERTS).order_by(ALERTS.c.raised_at, ALERTS.c.alert_id)).all()
    for n, row in enumerate(rows):
        at = now - timedelta(minutes=5)
        if row.subscription_id != failing:
            done = AlertDelivered(
                occurred_at=at, alert_id=row.alert_id, attempt=1, channel="log", status=None
            )
            log.append(row.stream_id, [done])
            continue
        tries = 3 if n % 2 else 1
        events = [
            AlertDeliveryFailed(
                occurred_at=at,
                alert_id=row.alert_id,
                attempt=t,
                channel="webhook",
                error="HTTP 503 from https://hooks.example.org/japan-desk",
                status=503,
                next_attempt_at=None if t == 3 else now + timedelta(minutes=20),
                dead=t == 3,
            )
            for t in range(1, tries + 1)
        ]
        log.append(row.stream_id, events)


def build_dashboard_log(path: Path, now: datetime) -> Dataset:
    """The log at ``path`` (SQLite), its read models caught up as of ``now``."""
    log = SqlEventLog(f"sqlite:///{path}")
    runner = ProjectionRunner(log, [*projections(), *processors(log, lambda: now - PROCESSED)])
    runner.prepare()
    keyring = Keyring.generate()
    start = now - timedelta(days=60)
    hook = subscribe(
        log,
        start,
        keyring,
        name="Japan desk",
        filter={"dialogues": ["asean-japan"]},
        target={
            "type": "webhook",
            "url": "https://hooks.example.org/japan-desk",
            "secret": "dashboard-test-secret",
        },
    )
    everything = subscribe(log, start, keyring, name="Everything", target={"type": "log"})
    write_articles(log, now)
    write_sources(log, now)
    for _ in range(3):
        runner.catch_up_all()
    deliver(log, hook, now)
    runner.catch_up_all()
    log.close()
    return Dataset(path, hook, everything, keyring.keys[0].decode("ascii"))


def build_empty_log(path: Path) -> Dataset:
    """A fresh install: the read models' tables and nothing else."""
    log = SqlEventLog(f"sqlite:///{path}")
    ProjectionRunner(log, projections()).prepare()
    log.close()
    return Dataset(path, "", "", Keyring.generate().keys[0].decode("ascii"))
