"""Topic words that are part of an institution's name, where they name no topic (rule R6).

"The Japan Chamber of Commerce and Industry", "a Research Fellow at the Maritime Studies
Center of Tsinghua University", "the China Association for Military Science": the words
"Commerce", "Research", "Maritime", "Science" are in a name, and the sentence is not about
trade, research, maritime security or science.  R6 counts a topic's words in the name of an
initiative, agreement or fund ("the Comprehensive Connectivity Initiative"), not in the name
of a body or of a post; only a topic's *weak* words (a single generic word) are taken away
here, never a strong term ("ASEAN Centre for Public Health Emergencies").

A name is found in scripts with letter case: a run of capitalised words, joined by "of",
"for", "and" or the like, that holds one of :data:`BODIES`.  In Thai, Lao and Khmer, written
with spaces between phrases only, a ministry's or a department's word opens the run of
letters the term is in ("กระทรวงการต่างประเทศและการค้าระหว่างประเทศ", the ministry of
foreign affairs and international trade).  Pure: the text and the hits in, hits out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from monitor.matching.automaton import Hit

BODIES = frozenset(
    {
        *("association", "institute", "institution", "center", "centre", "university"),
        *("college", "school", "academy", "chamber", "council", "committee", "commission"),
        *("ministry", "department", "agency", "bureau", "office", "foundation", "society"),
        *("corporation", "bank", "fellow", "studies", "federation", "laboratory", "museum"),
        *("organisation", "organization", "authority", "board"),
    }
)
"""The words that make a capitalised run a body's or a post's name (not "Program",
"Initiative", "Fund": R6 counts an initiative's name)."""
JOINERS = frozenset({"of", "for", "and", "on", "the"})
"""Lower-case words inside a name ("Chamber of Commerce and Industry")."""
SPACED_BODIES = ("กระทรวง", "กรม", "ກະຊວງ", "ກົມ", "ក្រសួង")
"""Ministry and department in Thai, Lao and Khmer: they open the name they stand in."""
REACH = 6  # words looked at on each side of the term
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|&|[^\w\s]")  # a word, or a mark that ends a name
_SPACED = re.compile(r"[\u0E00-\u0EFF\u1780-\u17FF]")


def without_institutions(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """``hits`` without those of weak topic words inside an institution's name."""
    return [hit for hit in hits if not (_weak(hit) and _in_name(text, hit.start, hit.end))]


def _weak(hit: Hit) -> bool:
    return all(term.weight < 1.0 for term in hit.terms)


def _in_name(text: str, start: int, end: int) -> bool:
    first = text[start]
    if first.isupper():
        return _in_cased_name(text, start, end)
    if _SPACED.match(first):
        run_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        return any(body in text[run_start:start] for body in SPACED_BODIES)
    return False


def _in_cased_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised term at ``[start, end)`` stands in a run of capitalised words
    (and joiners between them) holding a body's word, the term's own included ("Tsinghua
    University")."""
    before = _TOKEN.findall(text, max(0, start - 80), start)[-REACH:]
    after = _TOKEN.findall(text, end, end + 80)[:REACH]
    words = [*_run(reversed(before)), *_TOKEN.findall(text, start, end), *_run(after)]
    return any(word.lower() in BODIES for word in words)


def _run(words: Iterable[str]) -> list[str]:
    """The capitalised words next to the term, through joiners, up to the first other word."""
    run: list[str] = []
    for word in words:
        if word[0].isupper():
            run.append(word)
        elif word != "&" and word.lower() not in JOINERS:
            break
    return run
