"""Markup to plain text, for summaries and titles that arrive as HTML."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

# Elements whose content is never readable text.
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "hr",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BREAKS = re.compile(r"\s*\n\s*")


def normalise_space(text: str) -> str:
    """Collapse runs of spaces; keep single line breaks between blocks; strip the ends."""
    return _BREAKS.sub("\n", _SPACES.sub(" ", text)).strip()


def html_to_text(markup: str) -> str:
    """The readable text of an HTML fragment: no tags, comments, scripts or styles.

    Entities are decoded; block elements become line breaks.  Text with no markup at all
    is returned with its whitespace normalised.
    """
    if "<" not in markup and "&" not in markup:
        return normalise_space(markup)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return normalise_space(markup)
    for element in root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction):
        _drop_keeping_tail(element)
    for element in root.iter(*_DROPPED):
        _drop_keeping_tail(element)
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return normalise_space(str(root.text_content()))


def _drop_keeping_tail(element: lxml.etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
