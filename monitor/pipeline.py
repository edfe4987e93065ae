"""The ingest pipeline: one poll of one source, and the articles it brings, as events.

    fetch feed ─▶ parse ─▶ discover ─▶ append item.discovered ─▶ fetch page ─▶ extract
                                                                     ─▶ link same story ─▶ match

Every step ends in an appended event, failures included.  Log appends are short
transactions run in worker threads; nothing is fetched while one is open.  The pipeline is
the only place that combines the adapters (log, fetcher, extractor); ``now`` comes from the
clock it is given.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import structlog

from monitor.config import Source, SourceKind
from monitor.discovery import discoveries
from monitor.errors import ExtractionError, FetchError, HTTPStatusError, MonitorError, ParseError
from monitor.events import (
    ArticleExtracted,
    ArticleExtractionFailed,
    ArticleLinked,
    ArticleMatched,
    ItemDiscovered,
    SourcePolled,
    SourcePollFailed,
    source_stream,
)
from monitor.feeds import ParsedFeed, parse_feed, parse_listing
from monitor.fetch import FetchResult
from monitor.judging import Judge, judged_title
from monitor.pending import ArticleWork
from monitor.pipeline_types import ArticleExtractor, PageFetcher, PollOutcome, SourceState
from monitor.policy import NextCheck, extraction_retry, next_check
from monitor.stories import StoryIndex, fingerprint
from monitor.urls import article_stream_id, canonical_url, resolve_canonical
from store import ConcurrencyError, DuplicateEventError, Event, Metadata
from store.committer import Append, GroupCommitter, Outcome
from store.errors import FencedError
from store.leases import Lease, Leases
from store.log import NO_STREAM, EventLog

__all__ = ["ArticleExtractor", "PageFetcher", "Pipeline", "PollOutcome", "SourceState"]

log = structlog.get_logger("monitor.pipeline")

LINK_MIN_WORDS = 40
COMMIT_DELAY = 0.01
"""Seconds an append waits for company in the group committer: a poll takes seconds anyway,
and fewer, larger transactions cost the process less (about 0.4 ms of CPU per transaction)."""


@dataclass
class Pipeline:
    log: EventLog
    fetcher: PageFetcher
    extractor: ArticleExtractor
    clock: Callable[[], datetime]
    judge: Judge | None = None
    rng: random.Random = field(default_factory=random.Random)
    states: dict[str, SourceState] = field(default_factory=dict)
    stories: StoryIndex = field(default_factory=StoryIndex)
    page_concurrency: int = 4
    """Pages of one poll fetched and extracted at a time."""
    pages_in_flight: int = 64
    """Pages fetched or being fetched and not yet extracted, over all polls: fetching runs
    ahead of extraction, and without a bound a first poll of 1,000 sources would hold
    thousands of fetched pages (hundreds of MB) waiting for a worker."""
    committer: GroupCommitter | None = None
    claims: Leases | None = None
    """Article leases, so that one process at a time works on an article (None: this
    process alone works on the log)."""

    def __post_init__(self) -> None:
        if self.committer is None:
            self.committer = GroupCommitter(self.log, max_delay=COMMIT_DELAY)
        self._pages = asyncio.Semaphore(self.pages_in_flight)
        self._fences: dict[str, Lease | None] = {}
        self.working: set[str] = set()
        """Article streams this process is working on now."""

    async def poll(
        self, source: Source, correlation_id: str | None = None, lease: Lease | None = None
    ) -> PollOutcome:
        """Poll ``source`` once and process the new articles it lists.  With ``lease`` (the
        source's claim) every event of the poll is refused if another process took it over."""
        correlation = correlation_id or str(uuid.uuid4())
        state = self.states.setdefault(source.id, SourceState())
        started = time.monotonic()
        self._fences[source.id] = lease
        try:
            result = await self.fetcher.fetch(
                source.url,
                etag=state.etag,
                last_modified=state.last_modified,
                headers=dict(source.headers),
                kind="feed",
            )
            if result.not_modified or result.body_sha256 == state.body_sha256:
                return await self._unchanged(source, state, result, started, correlation)
            parsed = _parse(source, result, self.clock())
        except (FetchError, ParseError) as exc:
            return await self._failed(source, state, exc, started, correlation)
        return await self._changed(source, state, result, parsed, started, correlation)

    async def _commit(self, *parts: Append) -> list[Outcome]:
        assert self.committer is not None
        return await self.committer.append(*parts)

    async def _append_polled(self, source: Source, event: Event, correlation: str) -> None:
        fence = self._fences.pop(source.id, None)
        part = Append(source_stream(source.id), [event], metadata=Metadata(correlation))
        (outcome,) = await self._commit(replace(part, fence=fence))
        if isinstance(outcome, Exception):
            raise outcome

    def _schedule(self, source: Source, state: SourceState, **hints: Any) -> NextCheck:
        now = self.clock()
        planned = next_check(
            now,
            source.interval,
            entry_dates=state.entry_dates,
            consecutive_failures=state.failures,
            rng=self.rng,
            **hints,
        )
        state.next_check_at = planned.at
        return planned

    def _polled(
        self,
        source: Source,
        result: FetchResult,
        planned: NextCheck,
        started: float,
        **facts: Any,
    ) -> SourcePolled:
        return SourcePolled(
            occurred_at=self.clock(),
            source_id=source.id,
            url=source.url,
            final_url=result.url,
            status=result.status,
            duration_ms=_ms(started),
            next_check_at=planned.at,
            next_check_reason=planned.reason.value,
            **facts,
        )

    async def _unchanged(
        self, source: Source, state: SourceState, result: FetchResult, started: float, corr: str
    ) -> PollOutcome:
        state.failures = 0
        planned = self._schedule(source, state, cache_control_max_age=result.cache_control_max_age)
        event = self._polled(
            source,
            result,
            planned,
            started,
            not_modified=True,
            body_sha256=result.body_sha256 or None,
            etag=result.etag or state.etag,
            last_modified=result.last_modified or state.last_modified,
        )
        await self._append_polled(source, event, corr)
        return PollOutcome(source.id, True, True, next_check_at=planned.at)

    async def _failed(
        self, source: Source, state: SourceState, exc: MonitorError, started: float, corr: str
    ) -> PollOutcome:
        state.failures += 1
        status = exc.status if isinstance(exc, HTTPStatusError) else None
        retry = exc.retry_after if isinstance(exc, HTTPStatusError) else None
        planned = self._schedule(source, state, retry_after=retry)
        reason = getattr(exc, "reason", "parse_failed")
        event = SourcePollFailed(
            occurred_at=self.clock(),
            source_id=source.id,
            url=source.url,
            reason=reason,
            detail=str(exc)[:2000],
            status=status,
            attempt=state.failures,
            retry_after_s=retry,
            duration_ms=_ms(started),
            next_check_at=planned.at,
            next_check_reason=planned.reason.value,
        )
        await self._append_polled(source, event, corr)
        return PollOutcome(
            source.id, False, reason=reason, detail=str(exc), next_check_at=planned.at
        )

    async def _changed(
        self,
        source: Source,
        state: SourceState,
        result: FetchResult,
        parsed: ParsedFeed,
        started: float,
        corr: str,
    ) -> PollOutcome:
        found = discoveries(source, parsed.items, self.clock())
        new = await self._new_items(found, corr, self._fences.get(source.id))
        state.failures = 0
        state.etag, state.last_modified = result.etag, result.last_modified
        state.body_sha256 = result.body_sha256
        dates = tuple(i.published for i in parsed.items if i.published is not None)
        state.entry_dates = dates or state.entry_dates
        ttl = timedelta(minutes=parsed.ttl) if parsed.ttl else None
        planned = self._schedule(
            source, state, feed_ttl=ttl, cache_control_max_age=result.cache_control_max_age
        )
        event = self._polled(
            source,
            result,
            planned,
            started,
            not_modified=False,
            body_sha256=result.body_sha256,
            etag=result.etag,
            last_modified=result.last_modified,
            format=parsed.format,
            items_seen=len(parsed.items),
            items_new=len(new),
            problems=tuple(parsed.problems),
        )
        await self._append_polled(source, event, corr)
        outcomes = await self._articles(new, corr)
        extracted = sum(outcomes)
        return PollOutcome(
            source.id,
            True,
            False,
            len(parsed.items),
            len(new),
            extracted,
            len(new) - extracted,
            next_check_at=planned.at,
        )

    async def _new_items(
        self, found: list[tuple[str, ItemDiscovered]], corr: str, fence: Lease | None
    ) -> list[tuple[str, ItemDiscovered]]:
        """Append the discoveries of one poll together (one commit); the new stories are
        those whose stream did not exist yet (a known URL or guid is not new)."""
        metadata = Metadata(correlation_id=corr)
        parts = [Append(stream, [event], NO_STREAM, metadata, fence) for stream, event in found]
        outcomes = await self._commit(*parts) if parts else []
        new: list[tuple[str, ItemDiscovered]] = []
        for pair, outcome in zip(found, outcomes, strict=True):
            if isinstance(outcome, FencedError):
                raise outcome
            if isinstance(outcome, ConcurrencyError | DuplicateEventError):
                continue
            if isinstance(outcome, Exception):
                raise outcome
            if not outcome.replayed:
                new.append(pair)
        return new

    async def _articles(self, new: list[tuple[str, ItemDiscovered]], corr: str) -> list[bool]:
        gate = asyncio.Semaphore(self.page_concurrency)
        leases = await self.claim_articles([stream for stream, _ in new])

        async def one(stream: str, item: ItemDiscovered) -> bool:
            if stream not in leases:
                return False  # another process claimed it first and works on it
            async with gate:
                try:
                    return await self.process_article(stream, item, corr, fence=leases[stream])
                finally:
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
                page = await self.fetcher.fetch(item.url, kind="page")
                extracted = await self.extractor.extract(
                    page.body, page.url, http_charset=page.charset, title=item.title
                )
        except (FetchError, ExtractionError) as exc:
            failed = self._failed_try(item, exc, attempt)
            await self._finish(where, item, [failed], failed.fallback_text, corr)
            return False
        event = self._extracted(item, page, extracted, started)
        linked = await self._link(stream, item, event)
        verdict = getattr(extracted, "judgement", None), getattr(extracted, "ruleset", None)
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
        parts = [Append(stream, batch, metadata=meta) for batch, meta in batches if batch]
        parts[0] = replace(parts[0], expected_version=version, fence=fence)
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


class _Where(NamedTuple):
    """Where an article's events go: its stream, the version they expect, the claim."""

    stream: str
    version: int
    fence: Lease | None


def _parse(source: Source, result: FetchResult, now: datetime) -> ParsedFeed:
    if source.kind is SourceKind.HTML_LISTING:
        pattern = source.link_pattern.pattern if source.link_pattern else "."
        return parse_listing(result.body, result.url, pattern)
    return parse_feed(result.body, url=result.url, content_type=result.content_type, now=now)


def _print(text: str) -> str | None:
    return fingerprint(text) if len(text.split()) >= LINK_MIN_WORDS else None


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
