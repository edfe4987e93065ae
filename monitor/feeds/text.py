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
# Invisible hints inside words: a soft hyphen ("Klima&shy;wandel"), a zero-width space between
# the words of Khmer, Lao, Burmese or Thai, a word joiner, a stray byte-order mark.  Extraction
# (trafilatura) drops them from pages; a summary's text drops them too, so its words are whole.
# (Not the zero-width joiner and non-joiner, which change how Indic and Persian script reads.)
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u2060\ufeff")


def normalise_space(text: str) -> str:
    """Drop invisible hints inside words; collapse runs of spaces; keep single line breaks
    between blocks; strip the ends."""
    return _BREAKS.sub("\n", _SPACES.sub(" ", text.translate(_INVISIBLE))).strip()


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
