"""RSS, Atom and RDF through feedparser, mapped onto ``ParsedFeed``.

feedparser is given the bytes in a stream (never a string, which it could take for a file
name or a URL) and the HTTP headers, so the RFC 3023 encoding rules apply; it sanitises HTML
and resolves relative links against ``Content-Location`` (our final URL).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import feedparser

from monitor.errors import ParseError
from monitor.feeds.dates import from_struct_time
from monitor.feeds.model import FeedItem, ParsedFeed
from monitor.feeds.text import html_to_text, normalise_space

PLAIN_TYPES = frozenset({"text/plain", "text"})
DEFAULT_TYPE = "application/xml"
"""Assumed when the server named no type: RFC 7303 then lets the document declare its encoding."""


def run_feedparser(body: bytes, *, url: str, content_type: str | None) -> Any:
    """feedparser's own result dict for ``body`` (also used by tests as the reference)."""
    headers = {"content-location": url, "content-type": content_type or DEFAULT_TYPE}
    return feedparser.parse(
        io.BytesIO(body), response_headers=headers, sanitize_html=True, resolve_relative_uris=True
    )


def found_anything(result: Mapping[str, Any]) -> bool:
    """Did feedparser recognise a feed: a version, an entry, or a feed title or link?"""
    feed = result.get("feed", {})
    return bool(
        result.get("version") or result.get("entries") or feed.get("title") or feed.get("link")
    )


def parse_syndication(body: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    """Parse an RSS/Atom/RDF document; ParseError when feedparser recognised nothing."""
    result = run_feedparser(body, url=url, content_type=content_type)
    feed: Mapping[str, Any] = result.get("feed", {})
    entries: list[Any] = list(result.get("entries", []))
    if not found_anything(result):
        raise ParseError(f"{url}: not a feed: {_problem(result) or 'no feed elements found'}")
    language = _text_or_none(feed.get("language"))
    items = [_item(entry, index, url, language) for index, entry in enumerate(entries)]
    problems = [p for p in [_problem(result)] if p]
    problems += [f"entry {i}: no link and no id" for i, e in enumerate(entries) if _no_key(e)]
    return ParsedFeed(
        format=str(result.get("version") or "unknown"),
        title=_title(feed),
        link=_absolute(url, feed.get("link")),
        ttl=_ttl(feed.get("ttl")),
        items=items,
        bozo=bool(result.get("bozo")),
        problems=problems,
        encoding=_text_or_none(result.get("encoding")),
        language=language,
    )


def _item(entry: Mapping[str, Any], index: int, url: str, language: str | None) -> FeedItem:
    link = _absolute(url, entry.get("link"))
    title = _title(entry) or ""
    published_raw = _text_or_none(entry.get("published"))
    # dict.get: FeedParserDict would answer "updated" with "published" when there is none.
    updated_raw = _text_or_none(_own(entry, "updated"))
    return FeedItem(
        guid=_guid(entry, link, title, published_raw, index),
        link=link,
        title=title,
        summary=_detail_text(entry.get("summary"), entry.get("summary_detail")),
        content=_content_text(entry.get("content")),
        published=from_struct_time(entry.get("published_parsed")),
        published_raw=published_raw,
        updated=from_struct_time(_own(entry, "updated_parsed")),
        updated_raw=updated_raw,
        author=_text_or_none(entry.get("author")),
        language=_entry_language(entry) or language,
        tags=tuple(
            t for t in (_text_or_none(tag.get("term")) for tag in entry.get("tags", [])) if t
        ),
    )


def _own(entry: Mapping[str, Any], key: str) -> Any:
    """The key's own value, bypassing FeedParserDict's fallbacks between keys."""
    return dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)


def _title(node: Mapping[str, Any]) -> str | None:
    if "title" not in node:
        return None
    return _detail_text(node.get("title"), node.get("title_detail"))


def _detail_text(value: object, detail: Mapping[str, Any] | None) -> str:
    if not isinstance(value, str):
        return ""
    kind = str((detail or {}).get("type", "text/html"))
    return normalise_space(value) if kind in PLAIN_TYPES else html_to_text(value)


def _content_text(contents: list[Mapping[str, Any]] | None) -> str:
    parts = [_detail_text(c.get("value"), c) for c in contents or []]
    return "\n".join(p for p in parts if p)


def _entry_language(entry: Mapping[str, Any]) -> str | None:
    explicit = _text_or_none(entry.get("language"))  # dc:language on the item
    if explicit:
        return explicit
    for key in ("title_detail", "summary_detail"):
        detail = entry.get(key) or {}
        language = _text_or_none(detail.get("language"))
        if language:
            return language
    return None


def _guid(entry: Mapping[str, Any], link: str | None, title: str, date: str | None, i: int) -> str:
    """The entry's id, else its link, else a digest of what identifies it."""
    explicit = _text_or_none(entry.get("id"))
    if explicit:
        return explicit
    if link:
        return link
    digest = hashlib.sha256(f"{title}\x00{date or ''}\x00{i}".encode()).hexdigest()
    return f"urn:sha256:{digest}"


def _no_key(entry: Mapping[str, Any]) -> bool:
    return not entry.get("id") and not entry.get("link")


def _absolute(base: str, link: object) -> str | None:
    text = _text_or_none(link)
    return urljoin(base, text) if text else None


def _ttl(value: object) -> int | None:
    text = _text_or_none(value)
    return int(text) if text and text.isdigit() else None


def _text_or_none(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None


def _problem(result: Mapping[str, Any]) -> str | None:
    if not result.get("bozo"):
        return None
    exception = result.get("bozo_exception")
    name = type(exception).__name__ if exception is not None else "unknown"
    return f"{name}: {exception}"
