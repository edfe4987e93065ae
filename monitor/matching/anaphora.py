""" "The bloc": ASEAN named again without its name, where the text allows no other reading.

English news names ASEAN once and then says "the bloc" or "the grouping" ("Beijing and the bloc
signed an upgraded trade deal").  Those words are bloc names in the catalogue; this step keeps
one only where ASEAN has been named before it, by name, and no other bloc could be meant: the
text names no European Union (whose news says "the bloc" as much).  Pure.
"""

from __future__ import annotations

from monitor.matching.automaton import BLOC, PARTNER, Hit

__all__ = ["ANAPHORA", "resolved"]

ANAPHORA = frozenset({"the bloc", "the regional bloc", "the grouping", "the regional grouping"})
"""Folded bloc names that stand for ASEAN only after its name (catalogue, ``bloc``)."""
_WIDTHS = frozenset(map(len, ANAPHORA))
"""Their lengths: a bloc name of another length ("asean") is no anaphora, told without a slice."""
OTHER_BLOCS = frozenset({"asean-eu"})
"""Partners that are blocs themselves: where one is named, "the bloc" may be either."""


def resolved(text: str, names: list[Hit]) -> list[Hit]:
    """``names`` without the anaphoric bloc names that do not stand for ASEAN."""
    anaphoric = [
        h
        for h in names
        if h.mask & BLOC and h.end - h.start in _WIDTHS and text[h.start : h.end] in ANAPHORA
    ]
    if not anaphoric:
        return names
    other_bloc = any(
        h.mask & PARTNER and not OTHER_BLOCS.isdisjoint(h.by_kind.get("partner", ())) for h in names
    )
    first_named = next(
        (h.start for h in names if h.mask & BLOC and text[h.start : h.end] not in ANAPHORA),
        None,
    )
    dropped = {
        id(h) for h in anaphoric if other_bloc or first_named is None or h.start < first_named
    }
    return [h for h in names if id(h) not in dropped]
