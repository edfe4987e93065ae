"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from monitor.errors import ParseError
from monitor.feeds.dates import parse_date
from monitor.feeds.model import FeedItem, ParsedFeed
from monitor.feeds.text import html_to_text, normalise_space

VERSION_PREFIX = "https://jsonfeed.org/version/"


def is_json_feed(document: object) -> bool:
    return isinstance(document, dict) and str(document.get("version", "")).startswith(
        VERSION_PREFIX
    )


def parse_json_feed_bytes(body: bytes, *, url: str) -> ParsedFeed:
    """Decode ``body`` (UTF-8/16/32, as JSON allows) and map it; ParseError when it is not
    JSON or not a JSON Feed."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{url}: not JSON: {exc}") from exc
    if not is_json_feed(document):
        raise ParseError(
            f"{url}: JSON, but not a JSON Feed (no 'version' https://jsonfeed.org/...)"
        )
    return parse_json_feed(document, url=url, encoding=json.detect_encoding(body))


def parse_json_feed(document: Mapping[str, Any], *, url: str, encoding: str) -> ParsedFeed:
    """Map a decoded JSON Feed; items that are not objects are skipped and reported."""
    version = str(document["version"])[len(VERSION_PREFIX) :].rstrip("/")
    version = "1.0" if version == "1" else version
    raw_items = document.get("items")
    if not isinstance(raw_items, list):
        raise ParseError(f"{url}: JSON Feed field 'items': expected a list")
    problems: list[str] = []
    items: list[FeedItem] = []
    language = _string(document.get("language"))
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            problems.append(f"items[{index}]: expected an object, got {type(raw).__name__}")
            continue
        items.append(_item(raw, index, url, language, problems))
    return ParsedFeed(
        format=f"json{version.replace('.', '')}",
        title=_string(document.get("title")),
        link=_link(url, document.get("home_page_url")),
        ttl=None,
        items=items,
        bozo=bool(problems),
        problems=problems,
        encoding=encoding,
        language=language,
    )


def _item(
    raw: Mapping[str, Any], index: int, url: str, language: str | None, problems: list[str]
) -> FeedItem:
    link = _link(url, raw.get("url")) or _link(url, raw.get("external_url"))
    published_raw = _string(raw.get("date_published"))
    updated_raw = _string(raw.get("date_modified"))
    for field, value in (("date_published", published_raw), ("date_modified", updated_raw)):
        if value and parse_date(value) is None:
            problems.append(f"items[{index}].{field}: not an RFC 3339 date: {value!r}")
    return FeedItem(
        guid=_string(raw.get("id")) or link or _digest(raw, index),
        link=link,
        title=html_to_text(_string(raw.get("title")) or ""),
        summary=normalise_space(_string(raw.get("summary")) or ""),
        content=_content(raw),
        published=parse_date(published_raw),
        published_raw=published_raw,
        updated=parse_date(updated_raw),
        updated_raw=updated_raw,
        author=_author(raw),
        language=_string(raw.get("language")) or language,
        tags=tuple(t for t in raw.get("tags", []) if isinstance(t, str)),
    )


def _content(raw: Mapping[str, Any]) -> str:
    html = _string(raw.get("content_html"))
    if html:
        return html_to_text(html)
    return normalise_space(_string(raw.get("content_text")) or "")


def _author(raw: Mapping[str, Any]) -> str | None:
    authors = raw.get("authors") or ([raw["author"]] if isinstance(raw.get("author"), dict) else [])
    names = [_string(a.get("name")) for a in authors if isinstance(a, dict)]
    joined = ", ".join(n for n in names if n)
    return joined or None


def _digest(raw: Mapping[str, Any], index: int) -> str:
    seed = f"{raw.get('title')}\x00{raw.get('date_published')}\x00{index}"
    return "urn:sha256:" + hashlib.sha256(seed.encode()).hexdigest()


def _link(base: str, value: object) -> str | None:
    text = _string(value)
    return urljoin(base, text) if text else None


def _string(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
