"""Topic words that are part of an institution's name, where they name no topic (rule R6).

"The Japan Chamber of Commerce and Industry", "a Research Fellow at the Maritime Studies
Center of Tsinghua University", "the China Association for Military Science": the words
"Commerce", "Research", "Maritime", "Science" are in a name, and the sentence is not about
trade, research, maritime security or science.  R6 counts a topic's words in the name of an
initiative, agreement or fund ("the Comprehensive Connectivity Initiative"), not in the name
of a body or of a post; only a topic's *weak* words (a single generic word) are taken away
here, never a strong term ("ASEAN Centre for Public Health Emergencies").

A name is found in scripts with letter case: a run of capitalised words, joined by "of",
"for", "and" or the like, that holds one of :data:`BODY_WORDS`.  In Thai, Lao and Khmer, written
with spaces between phrases only, a ministry's or a department's word opens the run of
letters the term is in ("กระทรวงการต่างประเทศและการค้าระหว่างประเทศ", the ministry of
foreign affairs and international trade).  Pure: the text and the hits in, hits out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from monitor.matching.automaton import WEAK, Hit
from monitor.matching.topic_cues import BODY, BODY_WORDS, Cues

JOINERS = frozenset({"of", "for", "and", "on", "the", "&"})
"""Lower-case words inside a name ("Chamber of Commerce and Industry")."""
SPACED_BODIES = ("กระทรวง", "กรม", "ກະຊວງ", "ກົມ", "ក្រសួង")
"""Ministry and department in Thai, Lao and Khmer: they open the name they stand in."""
REACH = 6  # words looked at on each side of the term
REACH_CHARS = 80  # ... within this many characters
_MARKS = "()[]{}\"'“”‘’«»,.;:!?/|–—"  # marks that end a name
_SPACED = re.compile(r"[\u0E00-\u0EFF\u1780-\u17FF]")  # Thai and Lao, Khmer


def without_institutions(text: str, hits: Sequence[Hit], cues: Cues) -> list[Hit]:
    """``hits`` without those of weak topic words inside an institution's name; ``text``: the
    original (with its letter case), ``cues``: its cue words.  Only a weak hit is asked about
    (a bit of the hit), and a capitalised one only near a body's word (:data:`BODY_WORDS`)."""
    named = {
        n
        for n, hit in enumerate(hits)
        if hit.mask & WEAK and _in_name(text, hit.start, hit.end, cues)
    }
    return [hit for n, hit in enumerate(hits) if n not in named] if named else list(hits)


def _in_name(text: str, start: int, end: int, cues: Cues) -> bool:
    if text[start].isupper():
        near = cues.held(start - REACH_CHARS, end + REACH_CHARS) & BODY
        return bool(near) and _in_cased_name(text, start, end)
    if _SPACED.match(text[start]):
        run_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        return any(body in text[run_start:start] for body in SPACED_BODIES)
    return False


def _in_cased_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised term at ``[start, end)`` stands in a run of capitalised words
    (and joiners between them) holding a body's word, the term's own included ("Tsinghua
    University").  Words are split at spaces (a pattern per side cost more than the rest of
    the topics); a mark between two words ends the run."""
    own = [word.strip(_MARKS).lower() for word in text[start:end].split()]
    return any(word in BODY_WORDS for word in own) or any(
        word.lower() in BODY_WORDS for word in (*_left_run(text, start), *_right_run(text, end))
    )


def _left_run(text: str, start: int) -> list[str]:
    """The capitalised words before the term, through joiners, up to another word or a mark
    ("Bureau, Energy": the comma ends the name before the term)."""
    window = text[max(0, start - REACH_CHARS) : start]
    if not window or not window[-1].isspace():
        return []  # "(Energy": a mark, or a word joined to the term
    run: list[str] = []
    for token in reversed(window.split()[-REACH:]):
        word = token.strip(_MARKS)
        if not word or token[-1] in _MARKS or not _named(word, run):
            break
        if token[0] in _MARKS:
            break
    return run


def _right_run(text: str, end: int) -> list[str]:
    """The capitalised words after the term, through joiners, up to another word or a mark
    ("Energy (AZEC)", "Industry, will")."""
    window = text[end : end + REACH_CHARS]
    if not window or not window[0].isspace():
        return []
    run: list[str] = []
    for token in window.split()[:REACH]:
        word = token.strip(_MARKS)
        if not word or token[0] in _MARKS or not _named(word, run):
            break
        if token[-1] in _MARKS:
            break
    return run


def _named(word: str, run: list[str]) -> bool:
    """Whether ``word`` goes on a name: capitalised (kept in ``run``) or a joiner."""
    if word[0].isupper():
        run.append(word)
        return True
    return word.lower() in JOINERS
