"""Whether a topic's term is an item of a list (label rule R6: a list names its topics in passing).

A sentence is cut into items at its commas, "、" and semicolons (not a comma between digits,
"11,8%", nor one inside a term).  A term is *listed* when its item is one of ``LIST_ITEMS``
items or more in a row, all short but the first (which may carry the words before it:
"cooperation in trade"), the last perhaps two joined by "and" ("digital trade, supply chain
resilience, and market access"), and an item beside its own names a topic too.  So "in Hunan
province, China, on 27 June" is no list of topics, nor is "trade and investment with the
world, especially emerging economies, after the pandemic".  Pure: offsets in, a yes or no out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

LIST_ITEMS = 3
SHORT_ITEM = 50  # characters of a list's item (after its first), in Latin script
SHORT_WIDE_ITEM = 20  # the same in a script without spaces
_SEPARATOR = re.compile(r"\s*(?:(?<!\d),|,(?!\d)|[、;；])\s*")
_CONJUNCTION = r"(?:and|or|as well as|và|dan|serta|et|und|y|e|и|और|및)"
_JOINED = re.compile(rf"\s{_CONJUNCTION}\s")  # "B and C", the last item of a list
_LEADING = re.compile(rf"^\s*{_CONJUNCTION}\s+")
_LAST = 1 << 62  # past any offset

Span = tuple[int, int]


def listed(text: str, start: int, sentence: Span, terms: Sequence[Span]) -> bool:
    """Whether the term at ``start`` of ``sentence`` (its span in ``text``) is an item of a
    list; ``terms``: the span of every topic term of the text, in order."""
    items = _items(text, sentence, terms)
    at = next((i for i, (a, b) in enumerate(items) if a <= start < b), None)
    if at is None or len(items) < 2:
        return False
    short = [_short(text[a:b]) for a, b in items]
    first = last = at
    while first > 0 and short[first]:
        first -= 1
    while last + 1 < len(items) and short[last + 1]:
        last += 1
    if first == last or not (short[at] or at == first):
        return False
    joined = _JOINED.search(text, *items[last]) is not None
    if last - first + 1 + joined < LIST_ITEMS:
        return False
    beside = [items[i] for i in (at - 1, at + 1) if first <= i <= last]
    return any(_terms_in(terms, item) for item in beside) or (
        _JOINED.search(text, *items[at]) is not None and _terms_in(terms, items[at]) >= 2
    )


def _items(text: str, sentence: Span, terms: Sequence[Span]) -> list[Span]:
    """The stretches of a sentence between its separators, not cutting a term."""
    begin, end = sentence
    items, at = [], begin
    for found in _SEPARATOR.finditer(text, begin, end):
        if _inside_term(terms, found.start()):
            continue
        items.append((at, found.start()))
        at = found.end()
    items.append((at, end))
    return [(a, b) for a, b in items if b > a]


def _terms_in(terms: Sequence[Span], item: Span) -> int:
    return bisect.bisect_left(terms, (item[1], 0)) - bisect.bisect_left(terms, (item[0], 0))


def _inside_term(terms: Sequence[Span], offset: int) -> bool:
    at = bisect.bisect_right(terms, (offset, _LAST)) - 1
    return at >= 0 and terms[at][0] < offset < terms[at][1]


def _short(item: str) -> bool:
    item = _LEADING.sub("", item).strip()
    return len(item) <= (SHORT_ITEM if item.isascii() else SHORT_WIDE_ITEM)
