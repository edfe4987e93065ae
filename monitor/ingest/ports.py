"""What the ingest pipeline works with: the ports it calls (fetcher, extractor) and what it
remembers of a source and reports of a poll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from monitor.events import SourcePolled, SourcePollFailed
from monitor.extract.model import Extracted
from monitor.fetch import FetchResult
from store.clock import parse_time
from store.records import RecordedEvent


class PageFetcher(Protocol):
    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: dict[str, str] | None = None,
        kind: Any = "feed",
    ) -> FetchResult: ...


class ArticleExtractor(Protocol):
    """Extraction of a page's text and metadata.  Promises: the text is what the article
    says (no navigation), ``text_sha256`` and ``fingerprint`` are of that text; a page with no
    article text raises :class:`monitor.errors.ExtractionError` (a worker that died or timed out
    is one too, with its reason).  The result carries a ``judgement`` and its ``ruleset`` hash
    when the extractor judges in its workers
    (:class:`monitor.extract.extractor.Extractor` given a judge), else None."""

    async def extract(
        self, html: bytes, url: str, *, http_charset: str | None = None, title: str | None = None
    ) -> Extracted: ...


@dataclass
class SourceState:
    """What the pipeline remembers of a source between polls (seeded from the read model)."""

    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    failures: int = 0
    entry_dates: tuple[datetime, ...] = ()
    next_check_at: datetime | None = None


@dataclass(frozen=True)
class PollOutcome:
    source_id: str
    ok: bool
    not_modified: bool = False
    items_seen: int = 0
    items_new: int = 0
    extracted: int = 0
    extraction_failed: int = 0
    reason: str | None = None
    detail: str | None = None
    next_check_at: datetime | None = None
    status: int | None = None
    """The HTTP status of a failed poll that had one."""


def state_from_events(events: list[RecordedEvent], known: SourceState | None) -> SourceState:
    """What the log says of a source, from its latest events (pure): validators of the last
    answered poll, failures since, the next check.  Another process may have polled it since
    this one last did; feed entry dates, which only this process saw, are kept."""
    state = SourceState(entry_dates=known.entry_dates if known else ())
    for event in events:
        data = event.data_dict()
        if event.type == SourcePolled.type_name:
            state.etag = data.get("etag") or state.etag
            state.last_modified = data.get("last_modified") or state.last_modified
            state.body_sha256 = data.get("body_sha256") or state.body_sha256
            state.failures = 0
        elif event.type == SourcePollFailed.type_name:
            state.failures = int(data.get("attempt") or state.failures + 1)
        else:
            continue
        due = data.get("next_check_at")
        state.next_check_at = parse_time(due) if due else None
    return state
