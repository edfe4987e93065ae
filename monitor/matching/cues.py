"""Fixed cue phrases of meeting details, found in one pass of a small automaton.

Two kinds of cue, both in folded text:

* an anaphora, "the meeting" / "this summit" / "that forum" (``the|this|that``, whitespace,
  one of the nouns, a word boundary): the sentence it opens speaks of the principal meeting;
* an outcome document's kind, "joint statement", "chairman's statement", "plan of action" …
  (``DOCUMENT_KINDS``, between word boundaries; of overlapping ones the leftmost, then the
  first listed, as a regular-expression alternation would choose).

A regular expression scanning a whole article for these costs more than the rest of the
judgement; the automaton (Rust, a DFA) reads the text once and the checks run per cue only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick, Implementation

DOCUMENT_KINDS = (
    ("joint vision statement", "joint-vision-statement"),
    ("vision statement", "vision-statement"),
    ("joint statement", "joint-statement"),
    ("chairman's statement", "chairmans-statement"),
    ("chair's statement", "chairmans-statement"),
    ("leaders' statement", "leaders-statement"),
    ("leaders statement", "leaders-statement"),
    ("plan of action", "plan-of-action"),
    ("joint declaration", "joint-declaration"),
)
ANAPHORA_NOUNS = ("meeting", "summit", "forum", "conference", "dialogue")
ANAPHORA_HEADS = ("the", "this", "that")
_KEYS = [*(key for key, _ in DOCUMENT_KINDS), *ANAPHORA_NOUNS]
_DOCUMENTS = len(DOCUMENT_KINDS)
_MACHINE = AhoCorasick(_KEYS, implementation=Implementation.DFA)


def _is_word(char: str) -> bool:
    """A regular expression's ``\\w``: letters and digits of every script, and ``_``."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True, slots=True)
class Cues:
    """Where one folded text has anaphoras (their starts) and documents (start, end, kind)."""

    anaphoras: tuple[int, ...]
    documents: tuple[tuple[int, int, str], ...]


def _bounded(text: str, start: int, end: int) -> bool:
    before = start == 0 or not _is_word(text[start - 1])
    return before and (end == len(text) or not _is_word(text[end]))


def _anaphora(text: str, start: int) -> int | None:
    """The start of "the|this|that" + whitespace ending right at ``start``, if there is one."""
    offset = max(0, start - 80)
    head = text[offset:start].rstrip()
    if not head and offset:  # a long run of whitespace: look further back
        offset, head = 0, text[:start].rstrip()
    if offset + len(head) == start:
        return None
    for word in ANAPHORA_HEADS:
        begin = offset + len(head) - len(word)
        if head.endswith(word) and (begin == 0 or not _is_word(text[begin - 1])):
            return begin
    return None


def _leftmost(found: list[tuple[int, int, int]]) -> tuple[tuple[int, int, str], ...]:
    """Non-overlapping documents: leftmost first, the first-listed kind on a tie."""
    chosen: list[tuple[int, int, str]] = []
    for start, index, end in sorted(found):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end, DOCUMENT_KINDS[index][1]))
    return tuple(chosen)


def find_cues(text: str) -> Cues:
    """The cues of a folded text, each kind in text order."""
    anaphoras: list[int] = []
    documents: list[tuple[int, int, int]] = []
    for index, start, end in _MACHINE.find_matches_as_indexes(text, overlapping=True):
        if not _bounded(text, start, end):
            continue
        if index < _DOCUMENTS:
            documents.append((start, index, end))
        elif (begin := _anaphora(text, start)) is not None:
            anaphoras.append(begin)
    return Cues(tuple(sorted(anaphoras)), _leftmost(documents))
