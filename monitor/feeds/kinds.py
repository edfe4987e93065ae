"""Source kinds: which parser reads a source's document, in one table (:data:`KINDS`).

    parse_document(kind, document, now=..., source=...) -> ParsedFeed

A source's declared ``kind`` picks its parser; the document is never re-routed to another
parser because of how it looks.  Sniffing (:func:`sniff`: the root element, or JSON) is used
only to explain a document that is plainly of another kind (:class:`WrongKindError`: an RSS
feed behind a ``json_feed`` source, a sitemap behind a ``feed`` source), and by
:func:`monitor.feeds.parse_feed`, which is for callers that know no kind.

Adding a kind: write its parser (``Document -> ParsedFeed``, :class:`ParseError` when nothing
in the document fits), add one :class:`Kind` to :data:`KINDS` (its name, what it expects in
words, the parser, the root elements that show a document is of this kind), and its name to
``SourceKind`` in :mod:`monitor.config.model`, which is what ``sources.yaml`` is checked
against (``tests/ingest/test_source_kinds.py`` fails while the two differ).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import MappingProxyType

from monitor.errors import ParseError
from monitor.feeds.jsonfeed import parse_json_feed_bytes
from monitor.feeds.listing import parse_listing
from monitor.feeds.model import ParsedFeed
from monitor.feeds.sitemap import parse_sitemap
from monitor.feeds.syndication import parse_syndication

__all__ = [
    "FUTURE_TOLERANCE",
    "JSON_DOCUMENT",
    "KINDS",
    "Document",
    "Kind",
    "WrongKindError",
    "blank",
    "flag_future_dates",
    "parse_document",
    "signature",
    "sniff",
]

FUTURE_TOLERANCE = timedelta(days=1)
JSON_DOCUMENT = "{json}"
"""The :func:`signature` of a document that is JSON (an object or an array)."""
SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Document:
    """What a parser gets: the body as fetched, its final URL and served Content-Type, and the
    source's link selectors (used by ``html_listing`` only)."""

    body: bytes
    url: str
    content_type: str | None = None
    link_pattern: str | re.Pattern[str] | None = None
    link_xpath: str | None = None


@dataclass(frozen=True)
class Kind:
    """One entry of the table.  ``roots``: the signatures (root element local names, lower
    case, or :data:`JSON_DOCUMENT`) that show a document is of this kind; ``auto``: whether
    :func:`monitor.feeds.parse_feed` may pick it by sniffing (a kind that needs settings of its
    source cannot be guessed)."""

    name: str
    expects: str
    parse: Callable[[Document], ParsedFeed]
    roots: frozenset[str] = frozenset()
    auto: bool = True


class WrongKindError(ParseError):
    """The document is plainly of another kind than the source declares."""

    reason = "wrong_kind"

    def __init__(self, message: str, *, expected: str, found: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.found = found


def _feed(document: Document) -> ParsedFeed:
    return parse_syndication(document.body, url=document.url, content_type=document.content_type)


def _json_feed(document: Document) -> ParsedFeed:
    return parse_json_feed_bytes(document.body, url=document.url)


def _sitemap(document: Document) -> ParsedFeed:
    return parse_sitemap(document.body, url=document.url)


def _html_listing(document: Document) -> ParsedFeed:
    if document.link_pattern is None and document.link_xpath is None:
        raise ParseError(f"{document.url}: an html_listing needs link_pattern or link_xpath")
    return parse_listing(
        document.body, document.url, document.link_pattern, link_xpath=document.link_xpath
    )


KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        kind.name: kind
        for kind in (
            Kind(
                "feed",
                "an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom feed",
                _feed,
                frozenset({"rss", "rdf", "feed"}),
            ),
            Kind("json_feed", "a JSON Feed 1.0/1.1", _json_feed, frozenset({JSON_DOCUMENT})),
            Kind(
                "sitemap",
                "an XML sitemap (<urlset>) or sitemap index (<sitemapindex>)",
                _sitemap,
                frozenset({"urlset", "sitemapindex"}),
            ),
            Kind(
                "html_listing",
                "an HTML page of links",
                _html_listing,
                frozenset({"html"}),
                auto=False,
            ),
        )
    }
)
"""Every kind a source may declare, by name."""


def parse_document(
    kind: str, document: Document, *, now: datetime, source: str | None = None
) -> ParsedFeed:
    """Parse ``document`` as ``kind`` says (``source`` names the source in errors).

    :class:`WrongKindError` when the document is plainly another kind (its root element, or
    JSON, belongs to another entry of :data:`KINDS`); :class:`ParseError` when nothing in it
    could be parsed as ``kind``.  Items dated more than a day after ``now`` are kept and named
    in ``problems``.
    """
    where = f"source {source!r} (kind: {kind})" if source else f"kind {kind}"
    entry = KINDS.get(str(kind))
    if entry is None:
        raise ParseError(f"{where}: unknown kind; known kinds: {', '.join(KINDS)}")
    _check_now(now)
    if blank(document.body):
        raise ParseError(f"{where}: {document.url}: empty document")
    shown = signature(document.body)
    found = sniff(document.body)
    if shown is not None and found is not None and found.name != entry.name:
        raise WrongKindError(
            f"{where}: expected {entry.expects}, but {document.url} is {_describe(shown)}: "
            f"is the source kind: {found.name} ({found.expects})?",
            expected=entry.name,
            found=found.name,
        )
    try:
        parsed = entry.parse(document)
    except ParseError as exc:
        raise ParseError(f"{where}: {exc}") from exc
    return flag_future_dates(parsed, now)


def sniff(body: bytes) -> Kind | None:
    """The kind whose ``roots`` name this document's :func:`signature`, if any."""
    shown = signature(body)
    if shown is None:
        return None
    return next((kind for kind in KINDS.values() if shown in kind.roots), None)


def signature(body: bytes) -> str | None:
    """What the document plainly is: :data:`JSON_DOCUMENT`, the local name of its root
    element (lower case: ``rss``, ``feed``, ``rdf``, ``urlset``, ``html`` ...), or None when the
    first bytes do not show it.  Looks past a BOM, the XML declaration, comments, processing
    instructions and the DOCTYPE, which says nothing (an RSS feed may carry an XHTML one)."""
    head = body[:SNIFF_BYTES]
    try:
        encoding = json.detect_encoding(head)
    except (TypeError, ValueError):
        encoding = "utf-8"
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    if text[:1] in ("{", "["):
        return JSON_DOCUMENT
    while text.startswith("<!") or text.startswith("<?"):
        end = _end_of_prolog_part(text)
        if end < 0:
            return None
        text = text[end:].lstrip()
    match = _ROOT.match(text)
    return match.group(1).rpartition(":")[2].lower() if match else None


def blank(body: bytes) -> bool:
    """Nothing but a BOM and white space in the first bytes."""
    return not _strip_bom(body[:SNIFF_BYTES]).strip()


def flag_future_dates(feed: ParsedFeed, now: datetime) -> ParsedFeed:
    """``feed`` with its items dated more than :data:`FUTURE_TOLERANCE` after ``now`` named in
    ``problems`` (kept: the date may be a time-zone slip)."""
    limit = now + FUTURE_TOLERANCE
    late = [
        f"items[{index}]: published {item.published_raw!r} is after the poll time"
        for index, item in enumerate(feed.items)
        if item.published is not None and item.published > limit
    ]
    return replace(feed, problems=[*feed.problems, *late]) if late else feed


_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def _end_of_prolog_part(text: str) -> int:
    """Where the comment, processing instruction or DOCTYPE at the start of ``text`` ends
    (-1: not within the sniffed bytes)."""
    if text.startswith("<!--"):
        end = text.find("-->")
        return end + 3 if end >= 0 else -1
    if text.startswith("<?"):
        end = text.find("?>")
        return end + 2 if end >= 0 else -1
    close, subset = text.find(">"), text.find("[")
    if 0 <= subset < close:  # an internal subset: <!DOCTYPE x [ ... ]>
        end = text.find("]", subset)
        close = text.find(">", end) if end >= 0 else -1
    return close + 1 if close >= 0 else -1


def _describe(shown: str) -> str:
    return "a JSON document" if shown == JSON_DOCUMENT else f"a document with a <{shown}> root"


def _check_now(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("parsing: 'now' must be an aware datetime (UTC)")


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


def _strip_bom(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :]
    return head
