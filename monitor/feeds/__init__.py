"""Feed parsing (pure: bytes in, records out).

Public API::

    parse_document(kind, Document(body, url, ...), now=, source=) -> ParsedFeed   # as declared
    KINDS                                                  # every source kind and its parser
    parse_feed(body, *, url, content_type, now) -> ParsedFeed     # kind unknown: guessed
    parse_listing(html, base_url, link_pattern, *, link_xpath) -> ParsedFeed
"""

from monitor.feeds.kinds import KINDS, Document, Kind, WrongKindError, parse_document
from monitor.feeds.listing import parse_listing
from monitor.feeds.model import FeedItem, ParsedFeed
from monitor.feeds.reader import parse_feed
from monitor.feeds.text import html_to_text

__all__ = [
    "KINDS",
    "Document",
    "FeedItem",
    "Kind",
    "ParsedFeed",
    "WrongKindError",
    "html_to_text",
    "parse_document",
    "parse_feed",
    "parse_listing",
]
