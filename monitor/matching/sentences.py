"""Sentence boundaries of a folded text (co-occurrence is judged per sentence).

A sentence ends at a line break, at ``. ! ?`` followed by a space (unless the word before the
full stop is an abbreviation such as "U.S." or "Mr."), or at ``。！？``.
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
# A full stop after a single letter ("U.S.", "H.E.") or an abbreviation ends no sentence.
_NOT_AFTER = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS) + r"(?<!\b[a-z]\.)"
_CANDIDATE = re.compile(r"[\n.!?。！？]")  # found fast, then checked with _BREAK
_BREAK = re.compile(rf"\n+|\.+{_NOT_AFTER}[\"'”’)\]]*\s+|[!?]+[\"'”’)\]]*\s+|[。！？]+")


class Sentences:
    """Sentence spans of a text; :meth:`index` finds the sentence holding an offset."""

    def __init__(self, folded_text: str) -> None:
        starts = [0]
        for candidate in _CANDIDATE.finditer(folded_text):
            if candidate.start() < starts[-1]:
                continue
            found = _BREAK.match(folded_text, candidate.start())
            if found and found.end() < len(folded_text):
                starts.append(found.end())
        self.starts = starts
        self.length = len(folded_text)

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
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.length
        return self.starts[index], end
