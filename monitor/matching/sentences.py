"""Sentence boundaries of a folded text (co-occurrence is judged per sentence).

A sentence ends at a line break, at ``. ! ?`` followed by a space (unless the word before the
full stop is an abbreviation such as "U.S." or "Mr."), or at ``。！？``.

Wire copy is often hard-wrapped: a line breaks in the middle of a sentence ("il primo\nvertice
... dell'Ue e\ndell'Asean").  :func:`unwrapped` reads such a break as a space (a line that
ends without a stop, followed by one that begins in lower case), one character for one, so no
offset moves.
"""

from __future__ import annotations

import bisect
import re

_ABBREVIATIONS = (
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "gen",
    "sen",
    "rep",
    "gov",
    "prof",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
)


def _not_after(abbreviations: tuple[str, ...]) -> str:
    """Lookbehinds refusing a full stop after a single letter ("U.S.", "H.E.") or after one of
    ``abbreviations``: one per length of abbreviation (a lookbehind has a fixed width), not one
    per abbreviation, so a full stop costs five checks instead of thirty."""
    widths = sorted({len(a) for a in abbreviations})
    groups = ("|".join(a for a in abbreviations if len(a) == width) for width in widths)
    return "".join(rf"(?<!\b(?:{group})\.)" for group in groups) + r"(?<!\b[a-z]\.)"


# A full stop after a single letter ("U.S.", "H.E.") or an abbreviation ends no sentence.
_NOT_AFTER = _not_after(_ABBREVIATIONS)
_CLOSER = r"[\"'”’)\]]"  # a quote or bracket closing the sentence
# A candidate (found by ``str.find``, far faster than a character class) is checked with
# _BREAK; a full stop followed by anything but a stop, a closer or a space ends nothing.
_CANDIDATES = "\n.!?"
_WIDE_CANDIDATES = "。！？"
_AFTER_STOP = frozenset(".\"'”’)]")
_BREAK = re.compile(
    rf"\n+|\.+(?={_CLOSER}*\s){_NOT_AFTER}{_CLOSER}*\s+|[!?]+{_CLOSER}*\s+|[。！？]+"
)


def _candidates(text: str) -> list[int]:
    """Offsets of every character that may end a sentence, in order."""
    found: list[int] = []
    for char in _CANDIDATES if text.isascii() else _CANDIDATES + _WIDE_CANDIDATES:
        at = text.find(char)
        while at != -1:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


class Sentences:
    """Sentence spans of a text; :meth:`index` finds the sentence holding an offset.

    ``cased``: the text before folding (the same offsets), if known: a full stop glued to the
    next sentence ("... pada 24-26 Mei 2023.Asisten Menteri ...", a paragraph break the
    stored copy lost) ends a sentence when a capital and a small letter follow it and a
    number or a word in small letters stands before it (:func:`glued`)."""

    def __init__(self, folded_text: str, cased: str | None = None) -> None:
        starts = [0]
        length = len(folded_text)
        for start in _candidates(folded_text):
            if start < starts[-1]:
                continue
            end = start + 1
            char = folded_text[start]
            if char == "\n":  # _BREAK's "\n+" without the pattern
                while end < length and folded_text[end] == "\n":
                    end += 1
                if end < length:
                    starts.append(end)
                continue
            if char == "." and (
                end == length or not (folded_text[end] in _AFTER_STOP or folded_text[end].isspace())
            ):
                if cased is not None and glued(cased, start):
                    starts.append(end)
                continue
            found = _BREAK.match(folded_text, start)
            if found and found.end() < length:
                starts.append(found.end())
        self.starts = starts
        self.length = len(folded_text)
        # Each sentence's end, stored once: span() is asked some forty times per text.
        self._ends = [*starts[1:], self.length]

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def indices(self, offsets: list[int]) -> list[int]:
        """The sentence of each offset; ``offsets`` in ascending order (one merge pass)."""
        starts, found, current = self.starts, [], 0
        last = len(starts) - 1
        for offset in offsets:
            while current < last and starts[current + 1] <= offset:
                current += 1
            found.append(current)
        return found

    def span(self, index: int) -> tuple[int, int]:
        """(start, end) of sentence ``index`` (-1, as ever, ends where the first starts)."""
        if index == -1:
            return self.starts[-1], self.starts[0]
        return self.starts[index], self._ends[index]


GLUED_WORD = 3  # letters of the small-letter word before a glued stop ("meetings.The")


def glued(cased: str, at: int) -> bool:
    """Whether the full stop at ``at`` of ``cased`` (not followed by a space) ends a sentence
    glued to the next: a capital and a small letter after it ("2023.Asisten",
    "meetings.The"), and before it a number or a word of ``GLUED_WORD`` or more small letters
    (not "U.S.Department", "Mr.Smith", "6640.html", "www.asean.org"); or Hangul on both
    sides ("됐습니다.산업통상자원부는")."""
    if 0 < at < len(cased) - 1 and _hangul(cased[at - 1]) and _hangul(cased[at + 1]):
        return True  # "시작 됐습니다.산업통상자원부는": Hangul has no capitals to ask
    if at + 2 >= len(cased) or not (cased[at + 1].isupper() and cased[at + 2].islower()):
        return False
    before = at - 1
    if before >= 0 and cased[before].isdigit():
        return True
    while before >= 0 and cased[before].isalpha() and cased[before].islower():
        before -= 1
    return at - 1 - before >= GLUED_WORD and (before < 0 or not cased[before].isalpha())


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


_STOPS = frozenset(".!?:;。！？\n")


def unwrapped(text: str) -> str:
    """``text`` with each soft line break (after no stop, before a lower-case letter) a space."""
    at = text.find("\n")
    if at == -1:
        return text
    soft: list[int] = []
    while at != -1:
        if 0 < at < len(text) - 1 and text[at - 1] not in _STOPS and text[at + 1].islower():
            soft.append(at)
        at = text.find("\n", at + 1)
    if not soft:
        return text
    # Joined from slices: a list of every character of the text cost more than the rest.
    pieces, begin = [], 0
    for at in soft:
        pieces.append(text[begin:at])
        begin = at + 1
    pieces.append(text[begin:])
    return " ".join(pieces)
