"""Same story, other URL: a content fingerprint (64-bit SimHash) and an index to look it up.

Two texts whose fingerprints differ in at most :data:`NEAR` bits are the same story (a
re-published article, a syndicated copy with another header).  The index splits fingerprints
into four 16-bit bands: two fingerprints within 3 bits share at least one band exactly, so a
lookup checks a handful of candidates instead of every article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

NEAR = 3
_WORD = re.compile(r"\w+", re.UNICODE)
_BANDS = 4


def _shingles(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _WORD.findall(folded)
    if len(words) < 3:
        return words
    return list(map(" ".join, zip(words, words[1:], words[2:], strict=False)))


def fingerprint(text: str) -> str:
    """The SimHash of ``text``'s word 3-shingles, as 16 hex digits.

    Bit ``b`` is set when more shingle hashes have it set than not.  The 8-byte hashes are
    joined into one byte string; its ``i``-th bytes (a slice with step 8) hold byte ``i`` of
    every hash, and for each bit a ``translate`` to 0/1 and a ``count`` give how many hashes
    have that bit set: 64 C-level passes instead of a Python loop over every shingle's bytes."""
    shingles = _shingles(text)
    digests = b"".join([hashlib.blake2b(s.encode(), digest_size=8).digest() for s in shingles])
    result = 0
    for index in range(8):
        column = digests[index::8]
        for bit, table in enumerate(_BIT_OF):
            if 2 * column.translate(table).count(1) > len(shingles):
                result |= 1 << ((7 - index) * 8 + bit)
    return f"{result:016x}"


_BIT_OF = tuple(bytes(v >> bit & 1 for v in range(256)) for bit in range(8))
"""For each bit of a byte, a ``bytes.translate`` table mapping a byte to that bit (0 or 1)."""


def distance(first: str, second: str) -> int:
    """Bits that differ between two fingerprints."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


@dataclass
class StoryIndex:
    """Fingerprint → the first article that had it (the story)."""

    _bands: dict[tuple[int, str], list[tuple[str, str]]] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)

    def add(self, article_id: str, print_: str) -> None:
        self._order.setdefault(article_id, len(self._order))
        for band in range(_BANDS):
            key = (band, print_[band * 4 : band * 4 + 4])
            self._bands.setdefault(key, []).append((article_id, print_))

    def find(self, print_: str, exclude: str | None = None) -> tuple[str, int] | None:
        """The earliest-added article within :data:`NEAR` bits, with its distance."""
        best: tuple[int, str, int] | None = None
        for band in range(_BANDS):
            for article_id, other in self._bands.get((band, print_[band * 4 : band * 4 + 4]), ()):
                gap, order = distance(print_, other), self._order[article_id]
                if article_id != exclude and gap <= NEAR and (best is None or order < best[0]):
                    best = (order, article_id, gap)
        return None if best is None else (best[1], best[2])
