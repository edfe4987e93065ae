"""Sitemap indexes, followed: the child sitemaps of an index fetched in the same poll (at
most :data:`SITEMAP_CHILDREN`, the most recently modified first, one level), each with a
conditional GET; a child that fails is a problem of the poll, not a failed poll.  What this
process knows of each sitemap source (its index and its children's validators) is kept in
memory: after a restart a sitemap source is fetched whole once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from monitor.config import Source
from monitor.errors import FetchError, ParseError
from monitor.feeds import Document, ParsedFeed, parse_document
from monitor.feeds.sitemap import children_to_fetch
from monitor.ingest.ports import PageFetcher

SITEMAP_CHILDREN = 10
"""Child sitemaps of a sitemap index fetched in one poll (the most recently modified first);
a child that is itself an index is not followed."""


class SitemapFollower:
    """Follows the indexes of sitemap sources through ``fetcher``."""

    def __init__(self, fetcher: PageFetcher, clock: Callable[[], datetime]) -> None:
        self.fetcher, self.clock = fetcher, clock
        self._memory: dict[str, _Sitemap] = {}

    def known(self, source_id: str) -> _Sitemap | None:
        """What this process knows of the source (None: never parsed here)."""
        return self._memory.get(source_id)

    async def follow(
        self, source: Source, parsed: ParsedFeed, headers: dict[str, str]
    ) -> tuple[ParsedFeed, bool]:
        """A sitemap index with the items of its children (the most recent
        :data:`SITEMAP_CHILDREN`, each fetched conditionally); whether any child had changed.
        A child that fails, or is itself an index, is a problem of the poll.  Anything but an
        index is returned as it is."""
        memory = self._memory.setdefault(source.id, _Sitemap())
        if parsed.format != "sitemapindex":
            memory.index, memory.children = None, {}
            return parsed, True
        memory.index = parsed
        chosen, left = children_to_fetch(parsed, SITEMAP_CHILDREN)
        problems = list(parsed.problems)
        if left:
            problems.append(
                f"the index lists {len(chosen) + len(left)} sitemaps; {len(left)} not fetched "
                f"(at most {SITEMAP_CHILDREN} a poll, the most recent first), e.g. {left[0]}"
            )
        memory.children = {url: memory.children[url] for url in chosen if url in memory.children}
        items, fresh, bozo = [], False, parsed.bozo
        for url in chosen:
            try:
                child = await self._child(source.id, memory, url, headers)
            except (FetchError, ParseError) as exc:
                reason = getattr(exc, "reason", "parse_failed")
                problems.append(f"child sitemap {url}: {reason}: {str(exc)[:500]}")
                continue
            if child is None:
                continue
            fresh = True
            bozo = bozo or child.bozo
            problems.extend(f"child sitemap {url}: {problem}" for problem in child.problems)
            if child.format == "sitemapindex":
                problems.append(
                    f"child sitemap {url} is itself an index (of {len(child.sitemaps)} "
                    "sitemaps): not followed, only one level of index is"
                )
            items.extend(child.items)
        return replace(parsed, items=items, problems=problems, bozo=bozo), fresh

    async def _child(
        self, source_id: str, memory: _Sitemap, url: str, headers: dict[str, str]
    ) -> ParsedFeed | None:
        """One child sitemap, parsed; None when it has not changed since this process last
        parsed it (a 304, or the same body)."""
        known = memory.children.get(url)
        result = await self.fetcher.fetch(
            url,
            etag=known.etag if known else None,
            last_modified=known.last_modified if known else None,
            headers=headers,
            kind="feed",
        )
        if known is not None and (result.not_modified or result.body_sha256 == known.body_sha256):
            return None
        document = Document(result.body, result.url, result.content_type)
        parsed = parse_document("sitemap", document, now=self.clock(), source=source_id)
        memory.children[url] = _Validators(result.etag, result.last_modified, result.body_sha256)
        return parsed


@dataclass(frozen=True)
class _Validators:
    etag: str | None
    last_modified: str | None
    body_sha256: str


@dataclass
class _Sitemap:
    """What this process knows of a sitemap source: the index it last parsed (None: the
    document was a plain sitemap) and the validators of the children it parsed."""

    index: ParsedFeed | None = None
    children: dict[str, _Validators] = field(default_factory=dict)
