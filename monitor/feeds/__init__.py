"""Feed parsing (pure: bytes in, records out).

Public API::

    parse_feed(body, *, url, content_type, now) -> ParsedFeed     # RSS/Atom/RDF/JSON Feed/sitemap
    parse_listing(html, base_url, link_pattern) -> ParsedFeed     # HTML pages without a feed
"""

from monitor.feeds.listing import parse_listing
from monitor.feeds.model import FeedItem, ParsedFeed
from monitor.feeds.reader import parse_feed
from monitor.feeds.text import html_to_text

__all__ = ["FeedItem", "ParsedFeed", "html_to_text", "parse_feed", "parse_listing"]
