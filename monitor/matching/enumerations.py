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
_OTHERS = ";"  # separators besides the comma
_WIDE_SEPARATORS = "、；"
_CONJUNCTION = r"(?:and|or|as well as|và|dan|serta|et|und|y|e|и|और|및)"
_JOINED = re.compile(rf"\s{_CONJUNCTION}\s")  # "B and C", the last item of a list
_LEADING = re.compile(rf"^\s*{_CONJUNCTION}\s+")
# The words _LEADING may take away (items start after their spaces: no leading space).
_CONJUNCTIONS: tuple[str, ...] = ("and", "or", "as well as", "và", "dan", "serta", "et", "und")
_CONJUNCTIONS += ("y", "e", "и", "और", "및")
_LAST = 1 << 62  # past any offset
_STOPS = ".;:!?。；！？ \n"

Span = tuple[int, int]


def list_around(text: str, start: int, items: Sequence[Span], terms: Sequence[Span]) -> Span | None:
    """The list whose item holds the term at ``start``, from its first item's start to its
    last item's end; None when the term is no list's item.  ``items``: its sentence's
    (:func:`items_of`); ``terms``: the span of every topic term of the text, in order."""
    if len(items) < 2:
        return None
    at = bisect.bisect_right(items, (start, _LAST)) - 1
    if at < 0 or start >= items[at][1]:
        return None
    short = _short(text, items[at])
    first = last = at
    while first > 0 and ((first == at and short) or _short(text, items[first])):
        first -= 1
    while last + 1 < len(items) and _short(text, items[last + 1]):
        last += 1
    if first == last or not (short or at == first):
        return None
    joined = _JOINED.search(text, *items[last]) is not None
    if last - first + 1 + joined < LIST_ITEMS:
        return None
    beside = [items[i] for i in (at - 1, at + 1) if first <= i <= last]
    if (
        _semicolons(text, items, first, last) >= LIST_ITEMS - 1
        or any(_terms_in(terms, item) for item in beside)
        or (_JOINED.search(text, *items[at]) is not None and _terms_in(terms, items[at]) >= 2)
        or _parallel(text, start, items[at], beside)
    ):
        return items[first][0], items[last][1]
    return None


def _semicolons(text: str, items: Sequence[Span], first: int, last: int) -> int:
    """How many of the separators between items ``first`` to ``last`` are semicolons: a run
    set apart by them is a list whatever its items name ("on girls' education; economic
    integration; women, peace and security; health systems; and climate transition")."""
    return sum(";" in text[items[i][1] : items[i + 1][0]] for i in range(first, last))


def _parallel(text: str, start: int, item: Span, beside: Sequence[Span]) -> bool:
    """Items alike in form, if not all topics: "kerja sama maritim, kerja sama ekonomi dan
    kerja sama politik-keamanan", "maritime cooperation, economic cooperation and ...": an
    item beside opens with the term's first word or ends with the item's last word."""
    head = text[start : item[1]].split(maxsplit=1)[0]
    tail = (text[item[0] : item[1]].rstrip(_STOPS).rsplit(maxsplit=1) or [""])[-1]
    for begin, end in beside:
        words = _LEADING.sub("", text[begin:end]).rstrip(_STOPS).split()
        if len(words) > 1 and (words[0] == head or words[-1] == tail):
            return True
    return False


def items_of(text: str, sentence: Span, terms: Sequence[Span]) -> list[Span]:
    """The items of a sentence: the stretches between its separators, not cutting a term,
    without the spaces around them."""
    begin, end = sentence
    items, at = [], begin
    for cut in _separators(text, begin, end):
        if _inside_term(terms, cut):
            continue
        items.append((at, _before_spaces(text, at, cut)))
        at = cut + 1
        while at < end and text[at].isspace():
            at += 1
    items.append((at, end))
    return [(a, b) for a, b in items if b > a]


def _separators(text: str, begin: int, end: int) -> list[int]:
    """Where the separators of ``text[begin:end]`` stand, in order (``str.find``, far faster
    than a pattern tried at every character); not a comma between digits."""
    found: list[int] = []
    last = len(text) - 1
    at = text.find(",", begin, end)
    while at != -1:
        if not (0 < at < last and text[at - 1].isdigit() and text[at + 1].isdigit()):
            found.append(at)
        at = text.find(",", at + 1, end)
    others = _OTHERS if text[begin:end].isascii() else _OTHERS + _WIDE_SEPARATORS
    for char in others:
        at = text.find(char, begin, end)
        while at != -1:
            found.append(at)
            at = text.find(char, at + 1, end)
    found.sort()
    return found


def _before_spaces(text: str, begin: int, end: int) -> int:
    while end > begin and text[end - 1].isspace():
        end -= 1
    return end


def _terms_in(terms: Sequence[Span], item: Span) -> int:
    return bisect.bisect_left(terms, (item[1], 0)) - bisect.bisect_left(terms, (item[0], 0))


def _inside_term(terms: Sequence[Span], offset: int) -> bool:
    at = bisect.bisect_right(terms, (offset, _LAST)) - 1
    return at >= 0 and terms[at][0] < offset < terms[at][1]


def _short(text: str, item: Span) -> bool:
    words = text[item[0] : item[1]]
    if words.startswith(_CONJUNCTIONS):
        words = _LEADING.sub("", words)
    return len(words.strip()) <= (SHORT_ITEM if words.isascii() else SHORT_WIDE_ITEM)
