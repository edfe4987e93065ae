"""ASEAN Plus Three named by its members: China, Japan and Korea together beside ASEAN.

News names ASEAN Plus Three by listing its members as often as by its name: "the 28th ASEAN
and China, Japan, South Korea (10+3) Finance Ministers' Meeting", "ASEAN and China, Japan and
South Korea Summit issues statement", "10 ประเทศอาเซียนกับ 3 ประเทศคือจีน สาธารณรัฐเกาหลีและ
ญี่ปุ่น", "die Minister der ASEAN und der drei Partnerländer China, Südkorea und Japan".  In
such a sentence the three are participants of an ASEAN-led mechanism, not each a partner
dealing with ASEAN (label rule R3: China, Japan and Korea at an APT meeting are ASEAN Plus
Three only).  So, in a sentence that names the bloc and all three of them:

* a co-occurrence of one of the three, or a compound of it joined by a word ("ASEAN and
  China, ..."), counts for none of them;
* when the sentence names no other partner, the strongest of those points counts once for
  ASEAN Plus Three instead (a sentence that also names India or Australia lists the East Asia
  Summit's members, or dialogue partners in general, and counts for no one).

A compound joined by a dash ("the ASEAN-China, ASEAN-Japan and ASEAN-Korea summits") names
each relation and keeps its points.  The three in brackets right after the mechanism's name
("ASEAN plus Drei (Südkorea, China und Japan)", "ASEAN+3(한·중·일)") gloss that name: they are
part of it, and count neither for any of the three nor toward a sentence naming the three.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import NamedTuple

from monitor.matching.anchors import Anchor
from monitor.matching.automaton import Hit

PLUS_THREE = "asean-plus-three"
THREE: frozenset[str] = frozenset({"asean-china", "asean-japan", "asean-korea"})
PLUS_ONE_GLOSS = re.compile(r"\s*\(\s*10\s*\+\s*1\s*\)")
GLOSS_CHARS = 60
"""How far a bracket after the mechanism's name may run to be read as its gloss."""

Span = tuple[int, int]


class Named(NamedTuple):
    """The three in one sentence: alone among partners or not, and from where to where."""

    alone: bool
    start: int
    end: int


def glosses(text: str, anchors: list[Anchor]) -> list[Span]:
    """The brackets right after a name of ASEAN Plus Three: (opening, closing) offsets."""
    found = []
    for anchor in anchors:
        if anchor.dialogue != PLUS_THREE or anchor.kind == "compound":
            continue
        opening = text.find("(", anchor.end, anchor.end + 3)
        if opening != -1 and not text[anchor.end : opening].strip():
            closing = text.find(")", opening, opening + GLOSS_CHARS)
            if closing != -1:
                found.append((opening, closing))
    return found


def in_gloss(hit: Hit, spans: list[Span]) -> bool:
    return any(opening < hit.start < closing for opening, closing in spans)


def plus_three_sentences(
    partners: list[tuple[int, Hit]],
    blocs: Collection[int],
    spans: list[Span],
    apart: Apart,
) -> dict[int, Named]:
    """Sentences naming the bloc and the three partners (outside a gloss, and outside a
    relation named by a dash: ``apart``), with where the three are last named together (from
    the last-named of the three's last mention to the end of the last) and whether they are
    the only partners named (then they name ASEAN Plus Three).  ``partners`` are the partner
    hits with their sentences, in text order; ``blocs`` the sentences naming the bloc."""
    named: dict[int, set[str]] = defaultdict(set)
    last: dict[int, dict[str, Span]] = defaultdict(dict)
    for sentence, hit in partners:
        if sentence not in blocs or (spans and in_gloss(hit, spans)):
            continue
        if apart and _within(hit, apart):
            continue
        refs = hit.by_kind["partner"]
        named[sentence].update(refs)
        for ref in THREE.intersection(refs):
            last[sentence][ref] = (hit.start, hit.end)
    found: dict[int, Named] = {}
    for index, partners_named in named.items():
        if partners_named >= THREE:
            where = last[index].values()
            found[index] = Named(
                partners_named == THREE, min(w[0] for w in where), max(w[1] for w in where)
            )
    return found


def _within(hit: Hit, spans: Apart) -> bool:
    """Whether some span holds ``hit``: of the spans starting at or before it, the furthest
    end (``spans`` sorted by start, with the running furthest end)."""
    index = bisect.bisect_right(spans.starts, hit.start) - 1
    return index >= 0 and hit.end <= spans.reach[index]


class Apart(NamedTuple):
    """Spans sorted by start, and the furthest end of each prefix."""

    starts: list[int]
    reach: list[int]

    @classmethod
    def of(cls, spans: list[Span]) -> Apart:
        ordered = sorted(spans)
        return cls(
            [s for s, _ in ordered], list(itertools.accumulate((e for _, e in ordered), max))
        )

    def __bool__(self) -> bool:
        return bool(self.starts)


def three_blocs(blocs: Collection[int], named: Mapping[int, Collection[str]]) -> set[int]:
    """The sentences naming the bloc (``blocs``) whose partners (``named``: every partner name
    of a sentence, gloss or not) include all three: the only ones
    :func:`plus_three_sentences` can find (it reads a subset of those names), so the
    sentences to give it as ``blocs``."""
    return {index for index in blocs if index in named and THREE.issubset(named[index])}


class PlusThreeCredit:
    """Points withheld from the three (in Plus Three sentences and glosses), and what ASEAN
    Plus Three gets for them: the strongest, once per sentence that names only the three."""

    def __init__(
        self,
        text: str,
        partners: list[tuple[int, Hit]],
        blocs: Collection[int],
        anchors: list[Anchor],
    ):
        self.text = text
        self.glosses = glosses(text, anchors)
        self.sentences: dict[int, Named] = {}
        if blocs:  # most texts: no sentence names the bloc and all three (see ``three_blocs``)
            # "the ASEAN-Japan, ASEAN-Korea and ASEAN-China Summits" name three relations, each
            # with its points: the three are not named together there.
            apart = Apart.of(
                [(a.start, a.end) for a in anchors if a.kind == "compound" and a.weight >= 1.0]
            )
            self.sentences = plus_three_sentences(partners, blocs, self.glosses, apart)
        self.best: dict[int, float] = {}

    def withholds(self, sentence: int, ref: str, start: int, end: int | None = None) -> bool:
        """Whether a name of one of the three (a joined compound from ``start`` to ``end``) is
        a member of a list naming ASEAN Plus Three; not a compound glossed as the ASEAN Plus
        One format ("Tsina at ASEAN (10+1)")."""
        if ref not in THREE or (end is not None and PLUS_ONE_GLOSS.match(self.text, end)):
            return False
        glossed = any(opening < start < closing for opening, closing in self.glosses)
        return glossed or sentence in self.sentences

    def withhold(self, sentence: int, points: float) -> None:
        named = self.sentences.get(sentence)
        if named is not None and named.alone and points > self.best.get(sentence, 0.0):
            self.best[sentence] = points

    def credits(self) -> list[tuple[int, float, Named]]:
        """(sentence, points, where the three are named) per sentence naming ASEAN Plus
        Three."""
        return [(index, self.best[index], self.sentences[index]) for index in sorted(self.best)]


LIST_CHARS = 64
"""How long the three's list may run to name ASEAN Plus Three with the bloc before it ("the
People's Republic of China, Japan and the Republic of Korea")."""
JOIN_CHARS = 8
"""What may stand between the bloc and the list, brackets aside (", ", " and the ",
" dengan ")."""
BLOC_REACH = 64
"""How far before the list the bloc's name may end (its full name in brackets between)."""
_BRACKETS = re.compile(r"\([^()]*\)|[()]")


def member_anchors(text: str, blocs: list[Hit], sentences: dict[int, Named]) -> dict[int, Anchor]:
    """ASEAN Plus Three named by the bloc and its three as one name ("the 28th ASEAN and China,
    Japan, South Korea (10+3) Finance Ministers' Meeting", "ika-13 Summit ng ASEAN, Tsina,
    Hapon at Timog Korea"), per sentence: the bloc right before a list of the three alone.
    Not relations named each with a dash ("ASEAN-China, ASEAN-Japan and ASEAN-Korea": a
    bloc's name inside the list).  ``blocs`` are the bloc's names, in text order."""
    found = {}
    for sentence, named in sentences.items():
        if not named.alone or named.end - named.start > LIST_CHARS:
            continue
        if any(named.start <= b.start < named.end for b in blocs):
            continue
        joined = [
            b
            for b in blocs
            if 0 <= named.start - b.end <= BLOC_REACH and _joined(text[b.end : named.start])
        ]
        if joined:
            end = _glossed(text, named.end)
            found[sentence] = Anchor(joined[0].start, end, PLUS_THREE, "compound")
    return found


def _joined(gap: str) -> bool:
    words = _BRACKETS.sub("", gap).strip(" ,")
    return len(words) <= JOIN_CHARS and "-" not in words


def _glossed(text: str, end: int) -> int:
    """The end of the list, past a bracket right after it ("(10+3)", "(APT)")."""
    opening = text.find("(", end, end + 2)
    closing = text.find(")", opening, opening + 12) if opening != -1 else -1
    return closing + 1 if closing != -1 and not text[end:opening].strip() else end


def with_members(anchors: list[Anchor], members: list[Anchor]) -> list[Anchor]:
    """``anchors`` with ``members``, in text order; an anchor within a member's span is part
    of that name ("ASEAN and China" in "ASEAN and China, Japan and Korea")."""
    if not members:
        return anchors
    kept = [a for a in anchors if not any(m.start <= a.start and a.end <= m.end for m in members)]
    return sorted([*kept, *members], key=lambda a: a.start)
