"""What the ingest pipeline works with: the ports it calls (fetcher, extractor) and what it
remembers of a source and reports of a poll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from monitor.fetch import FetchResult


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
    """Extraction; the result may carry a ``judgement`` and its ``ruleset`` hash (the
    :class:`monitor.extractor.Extractor` judges in its workers when it was given a judge)."""

    async def extract(
        self, html: bytes, url: str, *, http_charset: str | None = None, title: str | None = None
    ) -> Any: ...


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
