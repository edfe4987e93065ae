"""A meeting referred to by its kind alone, in a text about one dialogue.

News often names the meeting it reports only by its kind: "Japan and ASEAN met in a summit on
Sunday", "Le sommet, qui se tiendra à Bruxelles ...", "Das Gipfeltreffen ...", "the special
summit".  Such a word is that dialogue's meeting when:

* it stands in the opening of the text (``OPENING`` characters: the title and the lead);
* every anchor of the text that joins the bloc and a partner names one and the same dialogue
  (where none does, or others too, the one partner dialogue the text was judged relevant to:
  "Les Vingt-Sept ... et l'ASEAN", the partner and the bloc in two sentences; "... as ASEAN
  did with Australia", another in passing), and no mechanism's own name (East Asia Summit,
  ARF ...) stands in the opening, which the word could refer to;
* it is a common noun: not right after a capitalised name, an acronym or a number ("G20
  summit", "APEC summit", "2023 Summit"), nor inside a meeting already named; one capitalised
  word after "the" is its place and host ("the Vientiane summit");
* no meeting of that dialogue named in the text is already of that kind (a summit-word joins a
  special or commemorative summit already named: "the U.S.-ASEAN Special Summit ... the
  summit"), unless the word tells the kind of one named plainly (:func:`with_kind_told`: "un
  sommet ASEAN-UE ... le sommet commémoratif" is one commemorative summit).

A meeting may also be told by who meet, the bloc's ministers and the partner's: "a meeting
between ASEAN foreign ministers and UK foreign secretary", "leur 18e réunion ministérielle",
"les dix-septièmes consultations entre les ministres de l'économie de l'ASEAN et ...",
"первая встреча министров обороны России и АСЕАН".  The words must say two sides meet
("between", "entre", "и" after the ministers), the bloc must be named in the sentence, and
ASEAN's own meeting ("встреча министров обороны стран АСЕАН", "la réunion ministérielle de
l'ASEAN") is none.

An ordinal right before the word is its own ("il primo vertice", "the second summit").
The mechanism is the word's ("a meeting with the foreign ministers of ASEAN" is a foreign
ministers' meeting): "special summit", "sommet spécial", "KTT Khusus" are special
summits, "commemorative summit", "sommet commémoratif", "KTT Peringatan" commemorative ones;
"the ASEAN Post Ministerial Conference", "PMC+1" is the partner's (ASEAN's name before it makes
it no other grouping's), and joins the partner's foreign ministers' meeting where one is named.
Only languages written with capitals are read this way (a name there shows by its case),
and in scripts without spaces only the special and commemorative kinds ("特別首脳会議",
"纪念峰会", "특별정상회의"), whose words say which meeting they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from monitor.matching.anchors import Anchor
from monitor.matching.judgement import Meeting
from monitor.matching.mechanisms import COMMEMORATIVE, FOREIGN, PMC, SECTORAL, SPECIAL, SUMMIT
from monitor.matching.normalise import FoldedText
from monitor.matching.ordinals import ORDINAL_WINDOW, ordinal_before

OPENING = 700
_LONGEST = 80  # a word starting in the opening may end past it
_SPECIAL = (
    r"special\s+(?:asean\s+)?(?:leaders'?\s+)?summit|(?:sommet|cumbre|vertice|cupula|cimeira)\s+"
    r"(?:special|extraordinaire|especial|extraordinaria|speciale|straordinario)"
    r"|sondergipfel(?:treffen)?|ktt\s+(?:khusus|luar\s+biasa|istimewa)"
    r"|hoi\s+nghi\s+(?:cap\s+cao|thuong\s+dinh)\s+dac\s+biet|специальн[а-я]{1,3}\s+саммит[а-я]{0,2}"
)
_COMMEMORATIVE = (
    r"commemorative\s+(?:asean\s+)?(?:leaders'?\s+)?summit|sommet\s+commemoratif|cumbre\s+conmemorativa"
    r"|summit\s+bilang\s+(?:paggunita|pagdiriwang)"  # Tagalog: a summit as a commemoration
    r"|vertice\s+commemorativo|(?:cupula|cimeira)\s+comemorativa|ktt\s+peringatan"
    r"|hoi\s+nghi\s+cap\s+cao\s+ky\s+niem|юбилейн[а-я]{1,3}\s+саммит[а-я]{0,2}"
    r"|jubilaumsgipfel(?:treffen)?"  # German: an anniversary summit
)
# Scripts without spaces have no word boundaries: only the special and commemorative kinds,
# whose words say which meeting they are ("特別首脳会議", "纪念峰会", "특별정상회의").
_SPECIAL_CJK = r"特別(?:首脳会(?:議|合)|サミット)|特别峰会|特別峰會|특별\s?정상회의"
_COMMEMORATIVE_CJK = r"記念(?:首脳会(?:議|合)|サミット)|纪念峰会|紀念峰會|기념\s?정상회의"
_SUMMIT = (
    r"summit|sommet|cumbre|vertice|cupula|cimeira|gipfel(?:treffen)?|саммит[а-я]{0,2}|ktt"
    r"|hoi\s+nghi\s+(?:cap\s+cao|thuong\s+dinh)"
)
# The Post Ministerial Conference, ASEAN's foreign ministers with one partner: "the ASEAN
# Post Ministerial Meeting", "PMC+1" (the bloc's name before it does not make it another's).
_PMC = r"post[-\s]?ministerial\s+(?:conference|meeting)|pmc(?:\s*\+\s*1)?"
# "Lavrov held a meeting with foreign ministers of ASEAN": the foreign ministers' meeting.
_FOREIGN = (
    r"(?:meeting|talks)\s+with\s+(?:the\s+)?(?:asean\s+)?foreign\s+ministers"
    r"|(?:reunion|rencontre)\s+avec\s+les\s+ministres\s+des\s+affaires\s+etrangeres"
)
# A meeting told by who meet, the bloc's ministers and the partner's: "a meeting between
# ASEAN foreign ministers and UK foreign secretary", "leur 18e réunion ministérielle" (the
# ministerial meeting of a dialogue is its foreign ministers'), "les dix-septièmes
# consultations entre les ministres de l'économie de l'ASEAN et ...", "первая неформальная
# встреча министров обороны России и АСЕАН"; the foreign ministers' when they are, else a
# sectoral one.  "Between", "entre" or "и" after the ministers says two sides meet (not
# "встреча министров обороны стран АСЕАН", ASEAN's own), and the bloc is named in the
# sentence (:func:`_with_bloc`; "la réunion ministérielle de l'ASEAN" is ASEAN's, ``_OWN``).
_INFORMAL = r"(?:неформальн[а-я]{1,3}\s+)?"
_TWO_SIDES = r"(?=(?:\s+[а-я-]+){1,4}\s+и\s)"  # "министров обороны России и АСЕАН"
_MINISTERS_FOREIGN = (
    r"(?:meeting|consultations?)\s+between\s+(?:the\s+)?(?:asean\s+)?foreign\s+ministers"
    r"|reunion\s+ministerielle"
    rf"|{_INFORMAL}встреч[а-я]{{0,2}}\s+министров\s+иностранных\s+дел{_TWO_SIDES}"
)
_MINISTERS_SECTORAL = (
    r"(?:meeting|consultations?)\s+between\s+(?:the\s+)?asean\s+[a-z]+\s+ministers"
    r"|consultations\s+entre\s+les\s+ministres"
    rf"|{_INFORMAL}встреч[а-я]{{0,2}}\s+министров{_TWO_SIDES}"
)
# The words every form of WORD starts with (folded), found in the scanner's pass: WORD is tried
# only where one of them starts (a scan of the opening with WORD itself costs tens of µs).
HEADS = (
    *("special", "commemorative", "summit", "sommet", "cumbre", "vertice", "cupula", "cimeira"),
    *("gipfel", "sondergipfel", "jubilaumsgipfel", "ktt", "hoi", "специальн", "юбилейн"),
    *("саммит", "post", "pmc", "meeting", "talks", "reunion", "rencontre", "consultation"),
    *("неформальн", "встреч"),
    *("特別", "特别", "記念", "纪念", "紀念", "특별", "기념"),
)
WORD = re.compile(
    rf"\b(?:(?P<special>{_SPECIAL})|(?P<commemorative>{_COMMEMORATIVE})|(?P<pmc>{_PMC})"
    rf"|(?P<summit>{_SUMMIT})"
    rf"|(?P<foreign>{_FOREIGN})|(?P<ministers>{_MINISTERS_FOREIGN})"
    rf"|(?P<sectoral>{_MINISTERS_SECTORAL}))\b"
    rf"|(?P<special_cjk>{_SPECIAL_CJK})|(?P<commemorative_cjk>{_COMMEMORATIVE_CJK})"
)
_KINDS = {
    "special": SPECIAL,
    "commemorative": COMMEMORATIVE,
    "summit": SUMMIT,
    "foreign": FOREIGN,
    "ministers": FOREIGN,
    "sectoral": SECTORAL,
    "pmc": PMC,
    "special_cjk": SPECIAL,
    "commemorative_cjk": COMMEMORATIVE,
}
# A summit-word refers to a special or commemorative summit already named; a PMC word to the
# partner's foreign ministers' meeting named (the PMC+1 is that meeting).
_FAMILY = {SPECIAL: SUMMIT, COMMEMORATIVE: SUMMIT, PMC: FOREIGN}
_CJK = frozenset({"special_cjk", "commemorative_cjk"})
# The words that tell the kind of a meeting of their family named plainly (see _told).
_TELLS = frozenset({SPECIAL, COMMEMORATIVE, PMC})
# A place after "the first summit" qualifies it: the first there, not the first (R7).
_QUALIFIED = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?[A-Z][a-z]")
_COMMON_SUMMIT = re.compile(r"\b(?:summit|sommet|cumbre|c[uú]pula|cimeira|vertice)\b")
_PROPER_MINISTERIAL = re.compile(r"\b(?:Meeting|Ministerial|Conference|Ministers'?)(?!\w)")
# ASEAN's own summit, not the dialogue's: "KTT ASEAN", "sommet de l'ASEAN", "ASEAN summit".
_OWN = re.compile(r"\s+(?:de\s+l'\s*|of\s+the\s+|der\s+|del\s+|de\s+la\s+)?(?:asean|anase|асеан)")
# The word before a meeting's kind that makes it a name: a capitalised word, an acronym or a
# number ("G20 summit", "APEC Summit", "Nuclear Security Summit", "2023 summit").
_NAMED_BY = re.compile(r"(?:[A-Z0-9][\w&.'-]*|[\w-]*[A-Z0-9])[)\]]?[\s-]*$")
_PLACE = re.compile(
    r"\b(?:[Tt]he|[Ll][ea]|[Dd]as|[Dd]er|[Ii]l|[Ee]l)\s+(?P<place>[A-Z][a-z]{2,})\s+$"
)
# Words that may open a sentence before the kind without naming it ("The summit", "Le sommet").
_DETERMINERS = frozenset(
    (
        *("a", "an", "the", "this", "that", "their", "its", "le", "la", "les", "un", "une"),
        *("ce", "cet", "cette", "das", "der", "die", "den", "dem", "ein", "eine", "diese"),
        *("dieser", "il", "lo", "l'", "un'", "el", "los", "las", "una", "este", "esta", "o"),
        *("um", "uma"),
    )
)


def _dialogue(anchors: Sequence[Anchor], about: str | None) -> str | None:
    """The one partner dialogue the text's anchors name, if they name exactly one and no
    mechanism's name stands in the opening; where they name none, or others beside it, the
    partner dialogue the text was judged ``about`` (the only one relevant: "Les Vingt-Sept et
    l'ASEAN ...", "... as ASEAN did with Australia")."""
    compounds = {a.dialogue for a in anchors if a.kind == "compound"} or {about} - {None}
    if about in compounds:  # the others named in passing ("as ASEAN did with Australia")
        compounds = {about}
    if len(compounds) != 1 or any(a.kind != "compound" and a.start < OPENING for a in anchors):
        return None
    return next(iter(compounds))


def _place(before: str) -> str | None:
    """The place a meeting is known by, "the Vientiane summit": one capitalised word (not an
    acronym, no digit) after "the"."""
    match = _PLACE.search(before)
    return match.group("place") if match else None


def _common(folded: FoldedText, start: int) -> bool:
    """Whether the kind at ``start`` is a common noun, not part of a name before it (an
    ordinal is no name: "their 13th summit"; nor is a place: "the Vientiane summit")."""
    offset = max(0, start - ORDINAL_WINDOW)
    before = folded.original[offset:start]
    named = _NAMED_BY.search(before)
    if named is None or ordinal_before(folded.text[offset:start], before) is not None:
        return True
    word = named.group().strip(" -").lower()
    return word in _DETERMINERS or _place(before) is not None


def _taken(mechanism: str, named: Sequence[Meeting]) -> bool:
    """Whether a meeting named (of the text's dialogue) is the one a word of ``mechanism``
    refers to: one of its family, unless the word is a special or commemorative summit's or a
    PMC's and every meeting of its family named is one it may tell the kind of (:func:`_told`:
    "un sommet ASEAN-UE ... le sommet commémoratif"; but "the ASEAN-Japan Summit" is the
    yearly one, whatever special summit the text speaks of)."""
    kind = _FAMILY.get(mechanism, mechanism)
    family = [m for m in named if _FAMILY.get(m.mechanism, m.mechanism) == kind]
    if mechanism in _TELLS:
        return not all(_told(m) for m in family)
    return bool(family)


def _told(meeting: Meeting) -> bool:
    """Whether a word of its family may tell ``meeting``'s kind: a plain unnumbered summit
    named with a common noun ("un sommet ASEAN-UE", "a cúpula de Tóquio"; not in scripts
    without capitals, where the yearly summit cannot be told from another); an unnumbered
    foreign ministers' meeting named without a proper name ("การประชุมรัฐมนตรีต่างประเทศอาเซียน
    กับสหภาพยุโรป หรือที่เรียกว่า Post Ministerial Conference": the PMC; not "the ASEAN-EU
    Ministerial Meeting", a meeting of its own)."""
    if meeting.ordinal is not None:
        return False
    if meeting.mechanism == SUMMIT:
        return _COMMON_SUMMIT.search(meeting.name) is not None
    return meeting.mechanism == FOREIGN and _PROPER_MINISTERIAL.search(meeting.name) is None


def with_kind_told(named: list[Meeting], referred: Meeting) -> list[Meeting]:
    """``named``, the meetings of ``referred``'s dialogue and family named plainly (see
    :func:`_told`) of ``referred``'s kind when that is a special or commemorative summit or a
    PMC ("un sommet ASEAN-UE ... au sommet commémoratif": one commemorative summit)."""
    if referred.mechanism not in _TELLS:
        return named
    return [
        replace(m, mechanism=referred.mechanism)
        if m.dialogue == referred.dialogue
        and _FAMILY[referred.mechanism] == m.mechanism
        and _told(m)
        else m
        for m in named
    ]


_WHO = frozenset({"ministers", "sectoral"})
_BLOC = re.compile(r"\b(?:asean|anase|асеан)\b")
_SENTENCE_ENDS = ".!?\n"


def _with_bloc(text: str, start: int, end: int) -> bool:
    """Whether the sentence holding ``text[start:end]`` names the bloc."""
    begin = max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS) + 1
    stops = [found for mark in _SENTENCE_ENDS if (found := text.find(mark, end)) >= 0]
    return _BLOC.search(text, begin, min(stops, default=len(text))) is not None


def _words(text: str, heads: list[int]) -> list[re.Match[str]]:
    """The words of WORD starting at ``heads`` (which start before ``OPENING``), as
    ``WORD.finditer`` finds them: in order, none inside the one before."""
    matches: list[re.Match[str]] = []
    for start in heads:
        if matches and start < matches[-1].end():
            continue
        match = WORD.match(text, start, OPENING + _LONGEST)
        if match is not None:
            matches.append(match)
    return matches


def _unnamed(folded: FoldedText, match: re.Match[str]) -> bool:
    """Whether the kind ``match`` found is no other meeting's name: a common noun, or a word
    of a script without spaces not right after a Latin name ("ASEAN特別首脳会議" is ASEAN's)."""
    if match.lastgroup in _CJK:
        before = folded.text[max(0, match.start() - 1) : match.start()]
        return not (before.isascii() and before.isalnum())
    if match.lastgroup == "pmc" and folded.text.endswith("asean ", 0, match.start()):
        return True
    return _common(folded, match.start())


def referred_meeting(
    folded: FoldedText,
    anchors: Sequence[Anchor],
    named: Sequence[Meeting],
    heads: Callable[[int], list[int]],
    about: str | None = None,
) -> Meeting | None:
    """The meeting the opening refers to by its kind alone, when the rules above allow (of
    several words, the most specific: "a major summit ... The special summit" is special).
    ``heads(end)``: where words of :data:`HEADS` start before ``end``; ``about``: the one
    partner dialogue the text is relevant to, if only one."""
    dialogue = _dialogue(anchors, about)
    if dialogue is None:
        return None
    its = [m for m in named if m.dialogue == dialogue]
    found: list[tuple[int, int, str]] = []
    for match in _words(folded.text, heads(OPENING)):
        mechanism = _KINDS[match.lastgroup or "summit"]
        if _taken(mechanism, its):
            continue
        if any(m.start <= match.start() < m.end for m in named):
            continue
        if match.lastgroup in _WHO and not _with_bloc(folded.text, *match.span()):
            continue
        if _unnamed(folded, match) and not _OWN.match(folded.text, match.end()):
            found.append((*match.span(), mechanism))
    if not found:
        return None
    start, end, mechanism = min(found, key=lambda f: (f[2] == SUMMIT, f[0]))
    offset = max(0, start - ORDINAL_WINDOW)
    place = _PLACE.search(folded.original, offset, start)
    host = place.group("place") if place else None
    start = place.start("place") if place else start
    head = ordinal_before(folded.text[offset:start], folded.original[offset:start])
    ordinal, start = (head[0], offset + head[1]) if head is not None else (None, start)
    if ordinal == 1 and _QUALIFIED.match(folded.original, end):
        ordinal = None  # "the first summit in Washington" is qualified (label rule R7)
    name = folded.quote(start, end)
    return Meeting(name, ordinal, mechanism, dialogue, start, end, host=host)
