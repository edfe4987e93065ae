"""The ingest pipeline: one poll of one source, and the articles it brings, as events.

    fetch feed ─▶ parse ─▶ discover ─▶ append item.discovered ─▶ fetch page ─▶ extract
                                                                     ─▶ link same story ─▶ match

The source's ``kind`` picks its parser (:data:`monitor.feeds.KINDS`); a sitemap index's child
sitemaps are fetched in the same poll (:mod:`monitor.ingest.sitemaps`: a bounded number, one
level), each a problem of the poll when it fails, not a failed poll.  The source's
``user_agent`` goes with its own requests and with the page requests of the articles it
discovered.

Every step ends in an appended event, failures included.  The article steps (page,
extraction, story, judgement) are :mod:`monitor.ingest.processing`'s.  Log appends are short
transactions run in worker threads; nothing is fetched while one is open.  The pipeline is
the only place that combines the adapters (log, fetcher, extractor); ``now`` comes from the
clock it is given.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import structlog

from monitor.config import Source, SourceKind
from monitor.errors import FetchError, HTTPStatusError, MonitorError, ParseError
from monitor.events import (
    ItemDiscovered,
    SourcePolled,
    SourcePollFailed,
    source_stream,
)
from monitor.feeds import Document, ParsedFeed, parse_document
from monitor.fetch import FetchResult
from monitor.ingest.discovery import discoveries
from monitor.ingest.next_check import NextCheck, next_check
from monitor.ingest.ports import ArticleExtractor, PageFetcher, PollOutcome, SourceState
from monitor.ingest.processing import ArticleProcessor
from monitor.ingest.sitemaps import SitemapFollower
from monitor.ingest.stories import StoryIndex
from monitor.matching.judging import Judge
from store import ConcurrencyError, DuplicateEventError, Event, Metadata
from store.committer import Append, GroupCommitter, Outcome
from store.errors import FencedError
from store.leases import Lease, Leases
from store.log import NO_STREAM, EventLog

__all__ = ["ArticleExtractor", "PageFetcher", "Pipeline", "PollOutcome", "SourceState"]

log = structlog.get_logger("monitor.ingest.polling")

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
    sources: dict[str, Source] = field(default_factory=dict)
    """The sources by id, for the User-Agent of the pages each one's articles are fetched
    from (resumed work included); each poll adds or updates its source."""

    def __post_init__(self) -> None:
        if self.committer is None:
            self.committer = GroupCommitter(self.log, max_delay=COMMIT_DELAY)
        self._fences: dict[str, Lease | None] = {}
        self.sitemaps = SitemapFollower(self.fetcher, self.clock)
        self.articles = ArticleProcessor(
            self.log,
            self.fetcher,
            self.extractor,
            self.clock,
            self.committer,
            self.judge,
            self.rng,
            self.stories,
            self.claims,
            self.page_concurrency,
            self.pages_in_flight,
            page_headers=self._page_headers,
        )

    def _page_headers(self, source_id: str) -> dict[str, str] | None:
        """The headers of the article pages a source lists: its ``user_agent``, if any."""
        source = self.sources.get(source_id)
        agent = source.user_agent if source is not None else None
        return None if agent is None else with_agent(None, agent)

    async def poll(
        self, source: Source, correlation_id: str | None = None, lease: Lease | None = None
    ) -> PollOutcome:
        """Poll ``source`` once and process the new articles it lists.  With ``lease`` (the
        source's claim) every event of the poll is refused if another process took it over."""
        correlation = correlation_id or str(uuid.uuid4())
        state = self.states.setdefault(source.id, SourceState())
        self.sources[source.id] = source
        started = time.monotonic()
        self._fences[source.id] = lease
        # A sitemap not parsed by this process yet is fetched whole: if it is an index, its
        # children must be known to be polled.
        sitemap = self.sitemaps.known(source.id)
        first_look = source.kind is SourceKind.SITEMAP and sitemap is None
        try:
            result = await self.fetcher.fetch(
                source.url,
                etag=None if first_look else state.etag,
                last_modified=None if first_look else state.last_modified,
                headers=request_headers(source),
                kind="feed",
            )
            same = not first_look and (
                result.not_modified or result.body_sha256 == state.body_sha256
            )
            index = sitemap.index if sitemap is not None else None
            if same and index is None:
                return await self._unchanged(source, state, result, started, correlation)
            parsed = index if same and index is not None else _parse(source, result, self.clock())
        except (FetchError, ParseError) as exc:
            return await self._failed(source, state, exc, started, correlation)
        if source.kind is SourceKind.SITEMAP:
            parsed, fresh = await self.sitemaps.follow(source, parsed, request_headers(source))
            if same and not fresh:
                return await self._unchanged(
                    source, state, result, started, correlation, tuple(parsed.problems)
                )
        return await self._changed(source, state, result, parsed, started, correlation, same)

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
        self,
        source: Source,
        state: SourceState,
        result: FetchResult,
        started: float,
        corr: str,
        problems: tuple[str, ...] = (),
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
            problems=problems,
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
            source.id,
            False,
            reason=reason,
            detail=str(exc),
            next_check_at=planned.at,
            status=status,
        )

    async def _changed(
        self,
        source: Source,
        state: SourceState,
        result: FetchResult,
        parsed: ParsedFeed,
        started: float,
        corr: str,
        document_unchanged: bool = False,
    ) -> PollOutcome:
        """A poll that brought something to parse.  ``document_unchanged``: the source's own
        document had not changed (a sitemap index whose children had): its validators stay."""
        found = discoveries(source, parsed.items, self.clock())
        new = await self._new_items(found, corr, self._fences.get(source.id))
        state.failures = 0
        if document_unchanged:
            state.etag = result.etag or state.etag
            state.last_modified = result.last_modified or state.last_modified
        else:
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
            body_sha256=state.body_sha256,
            etag=state.etag,
            last_modified=state.last_modified,
            format=parsed.format,
            items_seen=len(parsed.items),
            items_new=len(new),
            problems=tuple(parsed.problems),
        )
        await self._append_polled(source, event, corr)
        outcomes = await self.articles.process_new(new, corr)
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


def _parse(source: Source, result: FetchResult, now: datetime) -> ParsedFeed:
    """The source's document, parsed as its ``kind`` says (:data:`monitor.feeds.KINDS`)."""
    document = Document(
        result.body, result.url, result.content_type, source.link_pattern, source.link_xpath
    )
    return parse_document(source.kind, document, now=now, source=source.id)


def request_headers(source: Source) -> dict[str, str]:
    """The headers of the source's own requests: its ``headers``, and its ``user_agent``
    (which replaces a User-Agent among them)."""
    return with_agent(source.headers, source.user_agent)


def with_agent(headers: Mapping[str, str] | None, agent: str | None) -> dict[str, str]:
    """``headers`` with ``User-Agent: agent`` (unchanged when ``agent`` is None)."""
    if agent is None:
        return dict(headers or {})
    kept = {k: v for k, v in (headers or {}).items() if k.lower() != "user-agent"}
    return {**kept, "User-Agent": agent}


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
