"""Folding text for matching, character for character, so no offset ever moves.

The folded text is what the automaton scans: lower case, Latin diacritics removed ("Việt Nam"
-> "viet nam", "Đà Nẵng" -> "da nang"), every dash and hyphen made "-" (‐ ‑ ‒ – — ― − ﹣ －),
curly apostrophes made "'", middle dots (· ・ ･ ㆍ ⋅) made "·", full-width forms made narrow,
every non-ASCII space made " " (line breaks "\\n"), zero-width characters and soft hyphens
" "; ASCII characters are only lower-cased.
CJK, Hangul and Thai characters are kept whole (only width-folded), since stripping their marks
would change the word.

Each character folds to exactly one character (a character whose fold would be longer, such as
"ß" -> "ss", keeps a one-character form).  So the offset map from folded text to original text
is the identity: :meth:`FoldedText.original_span` is where that is stated in code, and the
property tests check it.  Every quote shown to a user is cut from the original text.

Variant names (U.S./US/United States/America, Viet Nam/Vietnam, Burma/Myanmar, East Sea/South
China Sea) are one entity in the catalogue: they are aliases of one dialogue, member or topic,
so no rewrite of the text (and no offset shift) is needed for them.  Case that carries meaning
("US" the country, not "us") is checked on the original text after a hit (``exact`` aliases).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d")
APOSTROPHES = frozenset("\u2018\u2019\u201b\u02bc\u2032\uff07`\u00b4")
DOTS = frozenset("\u00b7\u30fb\uff65\u2027\u318d\u22c5")  # Korean writes "ㆍ" (U+318D) for one
SPACED = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
LINE_BREAKS = frozenset("\n\u2028\u2029\x85")
# Variant CJK characters written for one another in names: Japanese "東南アジア諸国聨合".
VARIANTS = {"聨": "連"}


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A folded text; ``text[i]`` is the fold of ``original[i]`` for every ``i``.  ``words``:
    where the text holds the fixed word lists the scanner was compiled with (every occurrence
    of each list's words, found in the scanner's own pass; :class:`monitor.matching.cues.
    WordList`), by list."""

    text: str
    original: str
    words: dict[object, list[tuple[int, int, int]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the folded span ``[start, end)``: the same pair."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"folded span ({start}, {end}) outside 0..{len(self.text)}")
        return start, end

    def quote(self, start: int, end: int) -> str:
        """The original text under the folded span ``[start, end)``."""
        begin, finish = self.original_span(start, end)
        return self.original[begin:finish]


def fold_char(char: str) -> str:
    """Fold one character to exactly one character."""
    if char.isascii():
        return char.lower()
    if char in LINE_BREAKS:
        return "\n"
    if char.isspace() or char in SPACED:
        return " "
    if char in DASHES:
        return "-"
    if char in APOSTROPHES:
        return "'"
    if char in DOTS:
        return "·"
    if char in ("đ", "Đ"):
        return "d"
    if char in VARIANTS:
        return VARIANTS[char]
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed and decomposed[0].isascii():
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    else:
        base = unicodedata.normalize("NFKC", char).lower()
    if len(base) == 1:
        return base
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


_ASCII_BYTES = bytes(range(128))
_UTF8 = "utf-8"
_LONE = "surrogatepass"  # a lone surrogate folds to itself instead of failing the encoding


class Folder:
    """Folds whole texts fast: in UTF-8, where a character's bytes never match across another
    character's, each distinct non-ASCII character is replaced by its fold (a table grown as
    new characters appear), then ``bytes.lower`` folds ASCII; no per-character Python loop."""

    def __init__(self) -> None:
        self._table: dict[str, tuple[bytes, bytes] | None] = {}

    def fold(self, text: str) -> FoldedText:
        """Fold ``text`` (same length, same offsets)."""
        if text.isascii():
            return FoldedText(text.lower(), text)
        data = text.encode(_UTF8, _LONE)
        for char in set(data.translate(None, _ASCII_BYTES).decode(_UTF8, _LONE)):
            change = self._change(char)
            if change is not None:
                data = data.replace(*change)
        return FoldedText(data.lower().decode(_UTF8, _LONE), text)

    def _change(self, char: str) -> tuple[bytes, bytes] | None:
        if char not in self._table:
            folded = fold_char(char)
            same = folded == char
            pair = (char.encode(_UTF8, _LONE), folded.encode(_UTF8, _LONE))
            self._table[char] = None if same else pair
        return self._table[char]


_DEFAULT = Folder()


def fold(text: str) -> FoldedText:
    """Fold ``text`` with the shared table (see the module docstring)."""
    return _DEFAULT.fold(text)


def fold_term(term: str) -> str:
    """Fold a catalogue term exactly as text is folded (so the automaton keys agree)."""
    return fold(term.strip()).text
