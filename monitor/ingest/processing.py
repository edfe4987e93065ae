"""Article steps: fetch a discovered article's page, extract it, link it to its story, judge
it, and append what happened, one transaction per article.

    item.discovered ─▶ fetch page ─▶ extract ─▶ link same story ─▶ judge ─▶ append
                                     └─ failed: retried later for a passing reason ─┘

Each article's events are appended only if its stream is still at the version read (and,
where several daemons share the log, only while this process holds its lease), so a second
worker's events are refused, never doubled.  Used by the poll (:mod:`monitor.ingest.polling`) for
new items and by :mod:`monitor.ingest.resume` for work a stop left.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import structlog

from monitor.errors import ExtractionError, FetchError, HTTPStatusError
from monitor.events import (
    ArticleExtracted,
    ArticleExtractionFailed,
    ArticleLinked,
    ArticleMatched,
    ItemDiscovered,
)
from monitor.fetch import FetchResult
from monitor.ingest.next_check import extraction_retry
from monitor.ingest.pending import ArticleWork
from monitor.ingest.ports import ArticleExtractor, PageFetcher
from monitor.ingest.stories import StoryIndex, fingerprint
from monitor.ingest.urls import article_stream_id, canonical_url, resolve_canonical
from monitor.matching.judging import Judge, judged_title
from store import ConcurrencyError, Event, Metadata
from store.committer import Append, GroupCommitter, Outcome
from store.errors import FencedError
from store.leases import Lease, Leases
from store.log import EventLog

log = structlog.get_logger("monitor.ingest.processing")

LINK_MIN_WORDS = 40


@dataclass
class ArticleProcessor:
    log: EventLog
    fetcher: PageFetcher
    extractor: ArticleExtractor
    clock: Callable[[], datetime]
    committer: GroupCommitter
    judge: Judge | None = None
    rng: random.Random = field(default_factory=random.Random)
    stories: StoryIndex = field(default_factory=StoryIndex)
    claims: Leases | None = None
    """Article leases, so that one process at a time works on an article (None: this
    process alone works on the log)."""
    page_concurrency: int = 4
    """Pages of one poll fetched and extracted at a time."""
    pages_in_flight: int = 64
    """Pages fetched or being fetched and not yet extracted, over all polls."""
    working: set[str] = field(default_factory=set)
    """Article streams this process is working on now."""
    page_headers: Callable[[str], dict[str, str] | None] = lambda _source_id: None
    """Extra headers for the pages of a source's articles, by source id (its User-Agent)."""

    def __post_init__(self) -> None:
        self._pages = asyncio.Semaphore(self.pages_in_flight)

    async def _commit(self, *parts: Append) -> list[Outcome]:
        return await self.committer.append(*parts)

    async def process_new(self, new: list[tuple[str, ItemDiscovered]], corr: str) -> list[bool]:
        """Claim and process the articles a poll discovered, a few at a time."""
        gate = asyncio.Semaphore(self.page_concurrency)
        leases = await self.claim_articles([stream for stream, _ in new])

        async def one(stream: str, item: ItemDiscovered) -> bool:
            if stream not in leases:
                return False  # another process claimed it first and works on it
            async with gate:
                try:
                    return await self.process_article(stream, item, corr, fence=leases[stream])
                except asyncio.CancelledError:  # a stop: its claims go at once, together
                    raise
                finally:
                    if not _cancelling():
                        await self.release(leases[stream])

        return list(await asyncio.gather(*(one(s, i) for s, i in new)))

    async def claim_articles(self, streams: list[str]) -> dict[str, Lease | None]:
        """Claim the articles nobody works on; the claimed ones, with their leases (None when
        this process works alone)."""
        streams = [s for s in streams if s not in self.working]
        if self.claims is None:
            return dict.fromkeys(streams)
        claimed = await asyncio.to_thread(
            self.claims.claim, [f"article:{s}" for s in streams], self.clock(),
            limit=len(streams), due_only=False,
        )  # fmt: skip
        return {lease.resource.removeprefix("article:"): lease for lease in claimed}

    async def release(self, lease: Lease | None) -> None:
        """Give an article's claim up (its work is recorded, or will be resumed)."""
        if self.claims is not None and lease is not None:
            await asyncio.to_thread(self.claims.release, lease, forget=True)

    async def process_article(
        self,
        stream: str,
        item: ItemDiscovered,
        corr: str,
        *,
        attempt: int = 1,
        version: int = 1,
        fence: Lease | None = None,
    ) -> bool:
        """Fetch, extract, link and match one article; True when its text was extracted.

        ``version`` is the article stream's version as read (1: just discovered): the events
        are appended only if nothing was written to the stream since, and only while
        ``fence`` (the article's claim) is held."""
        started = time.monotonic()
        where = _Where(stream, version, fence)
        self.working.add(stream)
        try:
            return await self._process(where, item, corr, attempt, started)
        finally:
            self.working.discard(stream)

    async def _process(
        self, where: _Where, item: ItemDiscovered, corr: str, attempt: int, started: float
    ) -> bool:
        stream = where.stream
        try:
            async with self._pages:
                headers = self.page_headers(item.source_id)
                page = await self.fetcher.fetch(item.url, kind="page", headers=headers)
                extracted = await self.extractor.extract(
                    page.body, page.url, http_charset=page.charset, title=item.title
                )
        except (FetchError, ExtractionError) as exc:
            failed = self._failed_try(item, exc, attempt)
            await self._finish(where, item, [failed], failed.fallback_text, corr)
            return False
        event = self._extracted(item, page, extracted, started)
        linked = await self._link(stream, item, event)
        verdict = extracted.judgement, extracted.ruleset
        return await self._finish(where, item, [event, *linked], event.text, corr, verdict)

    def _failed_try(
        self, item: ItemDiscovered, exc: FetchError | ExtractionError, attempt: int
    ) -> ArticleExtractionFailed:
        """The failed try as an event: retried later for a passing reason, else given up."""
        now, reason = self.clock(), getattr(exc, "reason", "no_text")
        status = exc.status if isinstance(exc, HTTPStatusError) else None
        retry_after = exc.retry_after if isinstance(exc, HTTPStatusError) else None
        later = extraction_retry(
            attempt, now, reason, status=status, retry_after=retry_after, rng=self.rng
        )
        text = item.summary or item.title
        return ArticleExtractionFailed(
            occurred_at=now,
            url=item.url,
            reason=reason,
            detail=str(exc)[:2000],
            fallback_text=text,
            fingerprint=_print(text),
            status=status,
            attempt=attempt,
            next_attempt_at=later,
            gave_up=later is None,
        )

    def _extracted(
        self, item: ItemDiscovered, page: FetchResult, extracted: Any, started: float
    ) -> ArticleExtracted:
        canonical = canonical_url(resolve_canonical(page.url, extracted.canonical_url))
        return ArticleExtracted(
            occurred_at=self.clock(),
            url=item.url,
            final_url=page.url,
            canonical_url=canonical,
            title=extracted.title,
            text=extracted.text,
            text_sha256=extracted.text_sha256,
            fingerprint=extracted.fingerprint or fingerprint(extracted.text),
            author=extracted.author,
            published=extracted.date,
            language=extracted.language,
            site_name=extracted.site_name,
            html_sha256=page.body_sha256,
            duration_ms=_ms(started),
        )

    async def _link(
        self, stream: str, item: ItemDiscovered, event: ArticleExtracted
    ) -> list[ArticleLinked]:
        now = self.clock()
        named = article_stream_id(event.canonical_url)
        if named != stream and await asyncio.to_thread(self.log.stream_version, named) > 0:
            return [ArticleLinked(occurred_at=now, story_id=named, reason="canonical_url")]
        if len(event.text.split()) < LINK_MIN_WORDS:
            return []
        same = self.stories.find(event.fingerprint, exclude=stream)
        self.stories.add(stream, event.fingerprint)
        if same is None:
            return []
        story, gap = same
        return [ArticleLinked(occurred_at=now, story_id=story, reason="fingerprint", distance=gap)]

    async def _finish(
        self,
        where: _Where,
        item: ItemDiscovered,
        events: list[Event],
        text: str,
        corr: str,
        verdict: tuple[dict[str, Any] | None, str | None] = (None, None),
    ) -> bool:
        """Append the extraction (and links) with the judgement of ``text``, in one
        transaction; False when another process wrote to the article first (its work stands,
        this one is dropped).  A failed try is judged on the feed's summary at once, so an
        alert does not wait for retries; a later extraction is judged again.

        ``verdict`` is the extraction worker's judgement and its ruleset's hash; it is used
        when that is the pipeline's ruleset, otherwise the text is judged here."""
        judged: list[Event] = []
        extra: dict[str, Any] = {}
        if self.judge is not None and text:
            result, ruleset = verdict
            if result is None or ruleset != self.judge.ruleset_hash:
                title = judged_title(item.title, text)
                result = await asyncio.to_thread(self.judge, text, title)
            judged.append(ArticleMatched(occurred_at=self.clock(), **result))
            extra["ruleset"] = self.judge.ruleset_hash
        causation = str(item.event_id)
        stream, version, fence = where
        batches = [(events, Metadata(corr, causation)), (judged, Metadata(corr, causation, extra))]
        parts, expected = [], version
        for batch, meta in batches:
            if batch:  # each part expects the version the one before leaves: all or none
                parts.append(Append(stream, batch, expected, meta, fence))
                expected += len(batch)
        outcomes = await self._commit(*parts)
        if isinstance(outcomes[0], ConcurrencyError | FencedError):
            log.warning("article.superseded", stream=stream, reason=str(outcomes[0]))
            return False
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
        return True

    async def judge_text(self, work: ArticleWork, corr: str, fence: Lease | None) -> bool:
        """Judge an article whose text is known but was never judged (a stop came between)."""
        if self.judge is None:
            return False
        where = _Where(work.stream, work.version, fence)
        return await self._finish(where, work.item, [], work.text, corr)


def _cancelling() -> bool:
    """Whether the current task is being cancelled (a stop cut its work short)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


class _Where(NamedTuple):
    """Where an article's events go: its stream, the version they expect, the claim."""

    stream: str
    version: int
    fence: Lease | None


def _print(text: str) -> str | None:
    return fingerprint(text) if len(text.split()) >= LINK_MIN_WORDS else None


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
