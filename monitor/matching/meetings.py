"""Meetings named in a text: "12th ASEAN-US Summit", "29th ASEAN Regional Forum" ...

Each dialogue anchor is looked at with its neighbourhood: a mechanism right after it
("Summit", "Foreign Ministers' Meeting", "首脑会议"), or right before it ("Hội nghị Cấp cao",
"KTT"); an ordinal before ("12th", "第26次", "제25차") or after ("lần thứ 26", "ke-26").  The
same meeting named twice is reported once (same dialogue, mechanism and ordinal; a mention
without an ordinal joins the one meeting of its kind that has one).  Host, chair, date and
outcome documents come from :mod:`monitor.matching.details`.

A list of names shares the meeting word after it ("the ASEAN-Japan, ASEAN-Korea and
ASEAN-China Summits").  A mechanism's acronym alone ("the EAS", "the ARF" as the grouping's
name) is not a meeting: it needs an ordinal, a year beside it ("ARF 2024"), a host, date or
outcome document from its sentences, to gloss a name ("Hội nghị Cấp cao Đông Á (EAS)"), or
another mention of the same meeting that names it more fully.  Ordinals are read by
:mod:`monitor.matching.ordinals`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from monitor.matching.anchors import Anchor
from monitor.matching.cues import Positions, word_machine
from monitor.matching.details import attach_details
from monitor.matching.history import YEAR, Key, key_of, past_meetings
from monitor.matching.identity import fold_meetings
from monitor.matching.judgement import Meeting
from monitor.matching.mechanisms import (
    AFTER_LATIN,
    AFTER_MECHANISM,
    AFTER_OTHER,
    COMMEMORATIVE,
    COMMEMORATIVE_AFTER,
    DEFAULT_FOR_MECHANISM,
    DIALOGUE,
    INTERJECTION,
    LATIN_AFTER_WORDS,
    LATIN_RUN,
    LIST_GAP,
    MODIFIER_BEFORE,
    OTHER_AFTER_WORDS,
    OWN_SOM,
    SECTORAL,
    SOM,
    SPECIAL,
    SPECIAL_AFTER,
    SUMMIT,
)
from monitor.matching.normalise import FoldedText
from monitor.matching.ordinals import edition_after, ordinal_around, ordinal_inside
from monitor.matching.prefixes import BEFORE, BEFORE_HINT, BEFORE_MECHANISM, BEFORE_WORDS
from monitor.matching.ranks import COMMEMORATIVE_WORDS, RANK_KEYS, ranked_meetings
from monitor.matching.references import HEADS, referred_meeting, with_kind_told
from monitor.matching.sentences import Sentences

WINDOW = 80
LIST_LENGTH = 6
LIST_GLOSS = re.compile(r"\s*\([^()\n]{1,48}\)")
OWN_COMMEMORATIVE = (
    *COMMEMORATIVE_WORDS,
    *("conmemorati", "comemorati", "gedenk", "jubil", "юбилейн", "स्मारक"),
)
# The words the rows after a name (AFTER_LATIN, AFTER_OTHER), BEFORE_HINT and a stated rank
# need, found for a whole text in one pass: each pattern is tried only where its words are (a
# failed try of the rows after a name costs several microseconds).
_LATIN_BIT, _RANK_BIT, _BEFORE_BIT, _KIND_BIT, _OTHER_BIT = 1, 2, 4, 8, 16
_AFTER_BIT = _LATIN_BIT | _OTHER_BIT
_WORDS = word_machine(
    [
        (LATIN_AFTER_WORDS, _LATIN_BIT),
        (OTHER_AFTER_WORDS, _OTHER_BIT),
        (RANK_KEYS, _RANK_BIT),
        (BEFORE_WORDS, _BEFORE_BIT),
        (HEADS, _KIND_BIT),
    ]
)


@dataclass(frozen=True, slots=True)
class _Found:
    mechanism: str
    start: int
    end: int
    ordinal: int | None
    shared: bool = False  # the meeting word is shared with the names after it in a list
    bare: bool = False  # a mechanism's bare name ("the EAS"): the grouping, not yet a meeting


def _after(text: str, end: int, words: Positions) -> tuple[str, int] | None:
    """(mechanism, end) of the meeting's word right after a name ending at ``end``: the first
    row of AFTER_LATIN and AFTER_OTHER that matches, each tried only where its words are."""
    aside = INTERJECTION.match(text, end)
    start = aside.end() if aside else end
    stop = start + WINDOW
    held = words.held(start, stop)
    if not held & _AFTER_BIT:
        return None
    match = None  # no pattern looks behind its start
    if held & _LATIN_BIT:
        run = LATIN_RUN.match(text, start, stop)
        if run is not None and words.held(start, run.end()) & _LATIN_BIT:
            match = AFTER_LATIN.match(text, start, stop)
    if match is None and held & _OTHER_BIT:
        match = AFTER_OTHER.match(text, start, stop)
    if match is None or match.lastgroup is None:
        return None
    return AFTER_MECHANISM[match.lastgroup], match.end()


def _modifier(text: str, start: int) -> tuple[str, int] | None:
    offset = max(0, start - 24)
    for pattern, mechanism in MODIFIER_BEFORE:
        match = pattern.search(text[offset:start])
        if match:
            return mechanism, offset + match.start()
    return None


def _before(text: str, start: int, words: Positions) -> tuple[str, int, int | None] | None:
    offset = max(0, start - WINDOW)
    if not words.held(offset, start) & _BEFORE_BIT:
        return None
    window = text[offset:start]
    if not BEFORE_HINT.search(window):
        return None
    match = BEFORE.search(window)
    if match is None:
        return None
    row = next(i for i in range(len(BEFORE_MECHANISM)) if match.group(f"b{i}") is not None)
    groups = match.groupdict()
    number = 1 if groups.get(f"first{row}") is not None else groups.get(f"n{row}")
    return BEFORE_MECHANISM[row], offset + match.start(), int(number) if number else None


def _shared(
    text: str, anchor: Anchor, following: Sequence[Anchor], words: Positions
) -> tuple[str, int] | None:
    """The meeting word after a list of names that ``anchor`` opens ("the ASEAN-Japan,
    ASEAN-Korea and ASEAN-China Summits", "EAS·ASEAN+3·한-ASEAN 외교장관회의"), each name
    glossed or not ("아세안+3(APT: ASEAN Plus Three)/동아시아정상회의(EAS) 고위관리회의")."""
    end = _past_gloss(text, anchor.end)
    for later in following[:LIST_LENGTH]:
        if _extends(text, anchor, later):  # "ASEAN-Australia-New Zealand Summit"
            after = _after(text, later.end, words)
            if after is not None:
                return after
            continue
        if later.start < end:  # the same name for another dialogue
            continue
        if not LIST_GAP.fullmatch(text, end, later.start):
            return None
        after = _after(text, later.end, words)
        if after is not None:
            return after
        end = _past_gloss(text, later.end)
    return None


def _past_gloss(text: str, end: int) -> int:
    """The end of a bracketed gloss right after a name in a list, else ``end``."""
    gloss = LIST_GLOSS.match(text, end)
    return end if gloss is None else gloss.end()


def _extends(text: str, anchor: Anchor, later: Anchor) -> bool:
    """Whether ``later`` is a longer compound that goes on from ``anchor`` with a dash: the
    relation of the bloc with two partners at once ("ASEAN-Australia-New Zealand")."""
    return (
        later.start == anchor.start
        and later.end > anchor.end
        and later.dialogue != anchor.dialogue
        and text.startswith("-", anchor.end)
    )


def _mechanism(
    text: str, anchor: Anchor, following: Sequence[Anchor], words: Positions
) -> _Found | None:
    """The meeting one anchor names, its ordinal if found inside the name."""
    after = _after(text, anchor.end, words)
    # The anchor names it ("... Post Ministerial Conference"), or a word right after it does.
    own = anchor.mechanism
    named = (own, after[1] if after else anchor.end) if own is not None else after
    if named is not None:
        mechanism, end = named
        if mechanism == DIALOGUE and text.startswith("aem", anchor.start):
            mechanism = SECTORAL  # "the 23rd AEM-METI Consultations": the economic ministers'
        kind = _summit_kind(text, anchor.start, end) if mechanism == SUMMIT else None
        return _Found(*(kind or (mechanism, anchor.start)), end, None)
    before = _before(text, anchor.start, words)
    if before is not None:
        special = SPECIAL_AFTER.match(text, anchor.end) if before[0] == SUMMIT else None
        if special is not None:
            return _Found(SPECIAL, before[1], special.end(), before[2])
        kind = _summit_kind(text, before[1], anchor.end) if before[0] == SUMMIT else None
        return _Found(*(kind or before[:2]), anchor.end, before[2])
    compound = anchor.kind == "compound"
    if compound and OWN_SOM.search(text, anchor.start, anchor.end):
        return _Found(SOM, anchor.start, anchor.end, None)  # "the 13th SOM on the DOC"
    shared = _shared(text, anchor, following, words)
    if shared is not None:
        return _Found(shared[0], anchor.start, shared[1], None, shared=True)
    default = DEFAULT_FOR_MECHANISM.get(anchor.dialogue) if not compound else None
    if default is None:
        return None
    if OWN_SOM.search(text, anchor.start, anchor.end):
        return _Found(SOM, anchor.start, anchor.end, None)
    return _Found(default, anchor.start, anchor.end, None, bare=_bare(text, anchor))


def _summit_kind(text: str, start: int, end: int) -> tuple[str, int] | None:
    """(kind, start) of a summit named from ``start`` to ``end`` that is special or
    commemorative by the words around it: "a special summit between ASEAN and the United
    States", "the ASEAN-China Summit to commemorate the 25th anniversary of ..."."""
    modifier = _modifier(text, start)
    if modifier is not None:
        return modifier
    return (COMMEMORATIVE, start) if COMMEMORATIVE_AFTER.match(text, end) else None


def _bare(text: str, anchor: Anchor) -> bool:
    """A mechanism's acronym alone ("the EAS", "the ARF"): not glossing the name before it
    ("Hội nghị Cấp cao Đông Á (EAS)"), no year beside it ("ARF 2024")."""
    if anchor.kind != "acronym" or text[max(0, anchor.start - 2) : anchor.start].strip() == "(":
        return False
    near = text[max(0, anchor.start - 6) : anchor.start] + " " + text[anchor.end : anchor.end + 6]
    return YEAR.search(near) is None


def _find(
    folded: FoldedText, anchor: Anchor, following: Sequence[Anchor], floor: int, words: Positions
) -> _Found | None:
    found = _mechanism(folded.text, anchor, following, words)
    if found is None or found.ordinal is not None:
        return found
    around = _around(folded, anchor, found, floor)
    if around is None:
        return found
    ordinal, start, end = around
    mechanism = found.mechanism
    if mechanism == COMMEMORATIVE and not _called_commemorative(folded.text[start:end]):
        mechanism = SUMMIT  # "the 21st ASEAN-Japan Summit to commemorate ...": its word (R7)
    return _Found(mechanism, start, end, ordinal, found.shared)


def _around(
    folded: FoldedText, anchor: Anchor, found: _Found, floor: int
) -> tuple[int, int, int] | None:
    """(ordinal, start, end) of the number written with a meeting's name: after a CJK name's
    "of" ("ASEANとロシアの第14回SOM"), after an acronym named alone ("l'ARF-26"), else before or
    after the name (:func:`ordinal_around`)."""
    inside = ordinal_inside(folded.text, anchor.end, found.end)
    if inside is not None:
        return inside, found.start, found.end
    if found.end == anchor.end:
        edition = edition_after(folded.original, anchor.start, anchor.end)
        if edition is not None:
            return edition[0], found.start, edition[1]
    return ordinal_around(folded.text, folded.original, found.start, found.end, floor)


def _called_commemorative(name: str) -> bool:
    """Whether a numbered meeting's name calls it commemorative, not only its occasion."""
    return any(word in name for word in OWN_COMMEMORATIVE)


def _merge(meetings: list[Meeting], past: frozenset[Key], text: str) -> list[Meeting]:
    """One meeting per (dialogue, mechanism, ordinal); an unnumbered one is the numbered one
    of its kind when there is exactly one, unless that one is told of as past; a summit is the
    commemorative or special summit of its dialogue that has its ordinal (one meeting, named
    plainly and by its kind)."""
    merged: dict[Key, Meeting] = {}
    for meeting in meetings:
        merged.setdefault(key_of(meeting), meeting)
    for key in [k for k in merged if k[2] is None]:
        numbered = [k for k in merged if k[:2] == key[:2] and k[2] is not None and k not in past]
        if len(numbered) == 1:
            del merged[key]
    for key in [k for k in merged if k[1] == SUMMIT and k[2] is not None]:
        if any((key[0], kind, key[2]) in merged for kind in (COMMEMORATIVE, SPECIAL)):
            del merged[key]  # "the first EU-ASEAN summit", "the commemorative summit, the first"
    for key in [k for k in merged if k[1:] == (SUMMIT, 1) and k not in past]:
        if not _QUALIFIED_FIRST.match(text, merged[key].end):
            _first_of_its_kind(merged, key[0])
    return sorted(merged.values(), key=lambda m: m.start)


# "The first ASEAN-EU Summit involving the Leaders of ...", "the first summit in Washington": the
# first of a kind, not the first summit (R7).
_QUALIFIED_FIRST = re.compile(r"\s+(?:involving|in|at|with|of\s+its\s+kind|hosted|held\s+in)\b")


def _first_of_its_kind(merged: dict[Key, Meeting], dialogue: str) -> None:
    """ "The first summit between the EU and ASEAN ... the EU-ASEAN Commemorative Summit": the
    one special or commemorative summit named without an ordinal is the first summit, when
    no other summit of the dialogue has a number (one meeting, known by its kind)."""
    kinds = [k for k in merged if k[0] == dialogue and k[1] in (COMMEMORATIVE, SPECIAL)]
    numbered = [k for k in merged if k[0] == dialogue and k[1] == SUMMIT and k[2] is not None]
    if len(kinds) != 1 or kinds[0][2] is not None or numbered != [(dialogue, SUMMIT, 1)]:
        return
    del merged[dialogue, SUMMIT, 1]
    kind = merged.pop(kinds[0])
    merged[dialogue, kind.mechanism, 1] = replace(kind, ordinal=1)


def find_meetings(
    folded: FoldedText,
    anchors: list[Anchor],
    sentences: Sentences,
    lead_end: int = 0,
    about: str | None = None,
) -> tuple[Meeting, ...]:
    """Meetings named in the text, each once (one per identity: :mod:`monitor.matching.
    identity`), in order of first mention (``about``: the one partner dialogue the text is
    relevant to, if only one, for a meeting referred to by its kind alone)."""
    mentions: list[Meeting] = []
    bares: list[bool] = []
    claimed_until = -1
    words = Positions(_WORDS, folded if anchors or about else "")
    for index, anchor in enumerate(anchors):
        if index and _same_name(anchor, anchors[index - 1], mentions):
            mentions.append(replace(mentions[-1], dialogue=anchor.dialogue))
            bares.append(bares[-1])
            continue
        if anchor.start < claimed_until and not _extends(folded.text, anchors[index - 1], anchor):
            continue
        found = _find(folded, anchor, anchors[index + 1 :], claimed_until, words)
        if found is None or (mentions and found.start < mentions[-1].end <= anchor.start):
            continue  # the word of the meeting just found: "... Summit to commemorate ... of X"
        claimed_until = _past_gloss(folded.text, anchor.end) if found.shared else found.end
        bares.append(found.bare and found.ordinal is None)
        mentions.append(
            Meeting(
                name=folded.quote(found.start, found.end),
                ordinal=found.ordinal,
                mechanism=found.mechanism,
                dialogue=anchor.dialogue,
                start=found.start,
                end=found.end,
            )
        )
    referred = referred_meeting(
        folded, anchors, mentions, lambda end: words.starts(_KIND_BIT, 0, end), about
    )
    if referred is not None:
        mentions = [*with_kind_told(mentions, referred), referred]
        bares.append(False)
    past = past_meetings(folded.text, sentences, mentions, lead_end)
    merged = _merge(mentions, past, folded.text)
    ranks = words.spans(_RANK_BIT)
    ranked = ranked_meetings(folded.text, sentences, merged, mentions, ranks, lead_end)
    meetings = _merge(ranked, past, folded.text)
    detailed = attach_details(folded, meetings, mentions, sentences)
    named = [m for m, bare in zip(mentions, bares, strict=True) if not bare]
    kept = [m for m in detailed if _named(m, named) or m.host or m.date or m.documents]
    return fold_meetings(kept)  # one meeting per identity (a year and place found late)


def _same_name(anchor: Anchor, before: Anchor, mentions: list[Meeting]) -> bool:
    """Whether ``anchor`` is the name of the meeting just found, for another dialogue too
    ("Closer Economic Relations": Australia's and New Zealand's)."""
    return (
        bool(mentions)
        and (anchor.start, anchor.end) == (before.start, before.end)
        and anchor.dialogue != before.dialogue
        and mentions[-1].dialogue == before.dialogue
        and mentions[-1].start <= anchor.start < mentions[-1].end
    )


def _named(meeting: Meeting, mentions: list[Meeting]) -> bool:
    """Whether a mention other than a bare acronym names ``meeting``."""
    return any(
        (m.dialogue, m.mechanism) == (meeting.dialogue, meeting.mechanism)
        and m.ordinal in (None, meeting.ordinal)
        for m in mentions
    )
