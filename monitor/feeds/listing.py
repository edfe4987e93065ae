"""HTML pages without a feed: the article links on a listing page become items.

Which links are articles is the source's to say, never guessed: ``link_xpath`` selects where
they are (``<a>`` elements, their ``href`` attributes, or elements holding them: every
``<a href>`` inside), ``link_pattern`` what their absolute URLs look like; with both, a link must
satisfy each.  A listing with neither is refused (it would make every link an article).

``link_pattern`` runs under a time budget (:data:`PATTERN_BUDGET` seconds for a whole page), in
the ``regex`` engine, whose searches can be stopped: a pattern that backtracks
catastrophically on some URL fails that page with a :class:`ParseError` naming the pattern,
instead of holding the daemon.  (Nested quantifiers are refused already when sources.yaml is
loaded: :mod:`monitor.config.patterns`.)
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urldefrag, urljoin

import lxml.etree
import lxml.html

from monitor.errors import ParseError
from monitor.feeds.model import FeedItem, ParsedFeed
from monitor.feeds.text import normalise_space

PATTERN_BUDGET = 0.5
"""Seconds ``link_pattern`` may spend on all the links of one page together."""

_regex: Any = importlib.import_module("regex")  # htmldate's dateparser needs it; no stubs


@lru_cache(maxsize=256)
def _compiled(pattern: str, flags: int) -> Any:
    """The pattern in the ``regex`` engine (Python ``re`` syntax: its VERSION0)."""
    return _regex.compile(pattern, flags)


def parse_listing(
    html: bytes | str,
    base_url: str,
    link_pattern: str | re.Pattern[str] | None = None,
    *,
    link_xpath: str | None = None,
    budget: float = PATTERN_BUDGET,
) -> ParsedFeed:
    """Items for the article links of a listing page.

    With ``link_xpath``, only the links it selects are candidates (the ``<a>`` elements or
    ``href`` attributes it selects, and every ``<a href>`` inside an element it selects);
    with ``link_pattern``, only links whose absolute URL it matches (a search).  At least one
    of the two is required.  Links are resolved against ``<base href>`` or ``base_url``,
    fragments dropped, each URL listed once (first occurrence, longest anchor text wins the
    title), in page order.  The pattern gets ``budget`` seconds for the whole page; past it,
    :class:`ParseError`.
    """
    if link_pattern is None and link_xpath is None:
        raise ValueError("parse_listing: give link_pattern, link_xpath or both")
    pattern, source = _pattern(link_pattern, base_url) if link_pattern is not None else (None, "")
    root = _parse(html, base_url)
    base = _base(root, base_url)
    titles: dict[str, str] = {}
    deadline = time.monotonic() + budget
    for anchor, href in _candidates(root, link_xpath, base_url):
        href = href.strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        link = urldefrag(urljoin(base, href)).url
        if pattern is not None and not _search(pattern, link, deadline, base_url, source, budget):
            continue
        text = normalise_space(str(anchor.text_content())) or normalise_space(
            anchor.get("title", "")
        )
        if len(text) > len(titles.get(link, "")):
            titles[link] = text
        titles.setdefault(link, text)
    items = [FeedItem(guid=link, link=link, title=title) for link, title in titles.items()]
    title_node = root.find(".//title")
    title = normalise_space(str(title_node.text_content())) if title_node is not None else None
    return ParsedFeed("html", title or None, base_url, None, items)


def _pattern(link_pattern: str | re.Pattern[str], base_url: str) -> tuple[Any, str]:
    source, flags = (
        (link_pattern, 0)
        if isinstance(link_pattern, str)
        else (link_pattern.pattern, link_pattern.flags)
    )
    try:
        return _compiled(source, flags), source
    except _regex.error as exc:
        raise ParseError(f"{base_url}: link_pattern {source!r} does not compile: {exc}") from exc


@lru_cache(maxsize=256)
def _xpath(expression: str) -> Any:
    return lxml.etree.XPath(expression)


def _candidates(
    root: lxml.html.HtmlElement, link_xpath: str | None, base_url: str
) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
    """``(element whose text is the title, href)`` of every link ``link_xpath`` selects (of
    every ``<a>`` of the page without one), in document order."""
    if link_xpath is None:
        yield from _anchors(root)
        return
    try:
        selected = _xpath(link_xpath)(root)
    except (lxml.etree.XPathSyntaxError, lxml.etree.XPathEvalError) as exc:
        raise ParseError(f"{base_url}: link_xpath {link_xpath!r} fails: {exc}") from exc
    if not isinstance(selected, list):
        raise ParseError(
            f"{base_url}: link_xpath {link_xpath!r} gives a {type(selected).__name__}, not "
            "elements: select the <a> elements, their @href, or elements that hold them"
        )
    for node in selected:
        if isinstance(node, lxml.etree._Element):
            yield from _anchors(node)
        elif getattr(node, "is_attribute", False) and node.getparent() is not None:
            yield node.getparent(), str(node)
        else:
            raise ParseError(
                f"{base_url}: link_xpath {link_xpath!r} selects text ({str(node)[:60]!r}), "
                "not elements: select the <a> elements, their @href, or elements that hold them"
            )


def _anchors(node: lxml.etree._Element) -> Iterator[tuple[Any, str]]:
    """``node`` itself when it is a link, else the links inside it."""
    for anchor in node.iter("a"):
        href = anchor.get("href")
        if href is not None:
            yield anchor, href


def _search(
    pattern: Any, link: str, deadline: float, base_url: str, source: str, budget: float
) -> bool:
    left = deadline - time.monotonic()
    try:
        if left <= 0:
            raise TimeoutError
        return pattern.search(link, timeout=left) is not None
    except TimeoutError:
        raise ParseError(
            f"{base_url}: link_pattern {source!r} took more than {budget}s on this page's "
            f"links (catastrophic backtracking on {link[:200]!r}?); simplify the pattern"
        ) from None


def _parse(html: bytes | str, base_url: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"{base_url}: not an HTML page: {exc}") from exc


def _base(root: lxml.html.HtmlElement, base_url: str) -> str:
    node = root.find(".//base[@href]")
    return urljoin(base_url, node.get("href", "")) if node is not None else base_url
