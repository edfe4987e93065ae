"""Anchors: the places where a text names a dialogue as such.

* a compound of the bloc and a partner, in either order, joined by a dash, slash, "and",
  "with", "và" (folded "va"), "dan", "与", "と", "과" ... ("ASEAN-US", "U.S.-ASEAN",
  "ASEAN and the United States", "中国－东盟", "ASEAN-Hoa Kỳ");  in a title a comma joins
  too ("Japan, ASEAN agree"), and so does a relation ("EU to bolster ties with Asean"); a
  summit named between them joins anywhere ("ASEAN leaders held a summit with Japan"), and so
  do the partner's people engaging the bloc's ("Chinese Premier Li Qiang told ASEAN leaders",
  weighing as "and" does).
  A compound joined by a word or comma weighs ``COORDINATED`` (0.6): "between China and ASEAN
  claimants" says less than "ASEAN-China".  "And" counts in the partners' own languages too
  ("l'UE et l'ANASE", "России и АСЕАН"); "ASEAN Plus One (China)" is a compound; names side
  by side in a list ("ASEAN, China, Japan, India") are not;
* "ASEAN Post Ministerial Conference with Japan" (either way round) and "ASEAN Economic
  Ministers-Canada Consultation" (anchors that also name the mechanism); a bloc name followed
  by its acronym, "Association of Southeast Asian Nations (ASEAN)", counts as one name;
* an explicit compound of the catalogue ("日ASEAN", "한-아세안");
* the name of an ASEAN-led mechanism ("East Asia Summit"; an acronym such as "EAS" counts
  half, and only where the text names ASEAN too).

Partner-and-member compounds ("US-Vietnam") are found the same way, as bilateral evidence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from operator import attrgetter

from monitor.matching.automaton import BLOC, COMPOUND, MECHANISM, MEMBER, PARTNER, Hit

# "สหรัฐและผู้นำอาเซียน": Thai "and the leaders of" between the two.  "And" in the partners'
# own languages too ("l'UE et l'ANASE", "la ASEAN y la UE", "Südkorea und der ASEAN", "Ue e
# Asean", "России и АСЕАН", "la ASEAN y los Estados Unidos", "l'ASEAN e gli Stati Uniti", "a
# ASEAN e a União Europeia"), with the article that may follow it.
_JOIN = (
    r"-|/|\+|&|·|and|with|va|voi|dan|dengan|และ(?:ผู้นำ)?|กับ|与|與|和|同|及|暨|と|과|와|및"
    r"|et|und|y|e|и|с|со|और|तथा|و"
    r"|e[^\S\n]+[ao]"  # Portuguese "a ASEAN e a União Europeia"
)
# Folded text keeps line breaks; a compound never spans one (nor the title/body boundary).
_S = r"[^\S\n]"
_WORDS = r"the|der|die|den|dem|la|le|les|el|il|lo|los|las|gli|della|del|da|do|das|dos|os|as"
_ARTICLE = rf"(?:(?:{_WORDS}|de{_S}+la){_S}+|(?:dell|de{_S}+l|l)'{_S}*)?"
CONNECTOR = re.compile(rf"{_S}*\)?{_S}*(?:(?:{_JOIN}){_S}*{_ARTICLE})?")
TITLE_CONNECTOR = re.compile(rf"{_S}*\)?{_S}*(?:(?:{_JOIN}|,){_S}*{_ARTICLE})?")
TIGHT = re.compile(rf"{_S}*\)?{_S}*[-/+&·]?{_S}*")
COORDINATED = 0.6
MAX_GAP = 64
"""The most characters between the two names of a compound (the longest connector)."""
# "ASEAN Economic Ministers-Canada Consultation", "ASEAN Foreign Ministers-Japan Meeting".
MINISTERS_CONNECTOR = re.compile(
    rf"{_S}*\)?{_S}+(?P<who>[a-z]+){_S}+ministers'?\)?{_S}*(?:\([a-z]{{2,6}}\){_S}*)?"
    rf"(?:[-–]?{_S}*|(?:meeting|consultations?){_S}+with{_S}+)"
    rf"(?:the{_S}+)?"
)  # also with the acronym between: "ASEAN Economic Ministers (AEM)-Canada Consultations";
# and "the 3rd ASEAN Digital Ministers (ADGMIN) meeting with India"; or as the gloss of an
# acronym before it: "the twentieth AEM (Asean Economic Ministers)-India Consultation"
# In a title, "EU to bolster ties with Asean", "Canada begins trade talks with ...", "China's
# relations with ASEAN": a relation of the two named between them (a coordinated compound).
# Not in the body, where "ASEAN reaffirmed its cooperation with Japan, Korea, and China"
# lists the members of another mechanism, unless the partner's own comes first: "New
# Zealand's upgrade of relations with ASEAN".
RELATION_CONNECTOR = re.compile(
    rf"(?:'s)?{_S}+(?:[a-z]+{_S}+){{0,3}}(?:ties|relations|talks|partnership|cooperation)"
    rf"{_S}+with{_S}+(?:the{_S}+)?"
)
# "ASEAN Plus One (China)", "ASEAN+1 (Japan)", "ASEANプラス1(中国)": the bloc and one partner.
PLUS_ONE = re.compile(rf"{_S}*\)?{_S}*(?:\+|プラス|plus){_S}*(?:1|one){_S}*\({_S}*")
# Names side by side with only a space or a comma between are a list when the partner's name is
# followed by another partner's the same way ("10 ประเทศอาเซียน จีน ญี่ปุ่น เกาหลีใต้", "ASEAN,
# China, Japan, Korea"), not a compound of the bloc and the first partner.
LIST_GAP = re.compile(rf"{_S}*[,、]?{_S}*")
# "ASEAN-Australia-New Zealand": a second partner joined by a dash to a compound's partner.
DASH = re.compile(rf"{_S}*[-/]{_S}*")
# "Association of Southeast Asian Nations (ASEAN)": one name of the bloc.
_ACRONYM_OPENS = re.compile(rf"{_S}*\(")
# "ASEAN leaders held a summit with Japan", "ASEAN's annual summit with China", "China held its
# special summit with ASEAN": a summit of the two named between them (a possessive, or a verb
# and an article, before the summit: "the ASEAN summit with Japan's leader attending" is the
# ASEAN Summit).
SUMMIT_WITH = re.compile(
    rf"(?:'s{_S}+|{_S}+(?:leaders'?{_S}+)?(?:held|hold|holds|holding|will{_S}+hold|opened|opens"
    rf"|had|has|have|began|begins|convened|convenes){_S}+(?:a|an|its|their|the){_S}+"
    rf"|{_S}+leaders'?{_S}+"
    # "joins ... ASEAN in a special summit with Australia", "for a \"special summit\" with"
    rf"|{_S}+(?:in|for|at){_S}+(?:a|an|its|their){_S}+)"
    rf"(?:(?:annual|first|first-ever|inaugural|\d{{1,3}}(?:st|nd|rd|th)){_S}+)?"
    rf"[\"“]?(?P<kind>special{_S}+summit|commemorative{_S}+summit|summit)[\"”]?(?:{_S}+meeting)?s?"
    rf"{_S}+with{_S}+(?:the{_S}+)?"
)
# A partner's people engaging the bloc's as a body: "Chinese Premier Li Qiang told ASEAN leaders",
# "Japanese Prime Minister Shigeru Ishiba met leaders of the Association of Southeast Asian
# Nations", "Rubio met his ASEAN counterparts" (the partner first, at most five words to the
# verb; the bloc's leaders, ministers or counterparts after it: :data:`BLOC_PEOPLE`).
ENGAGEMENT = re.compile(
    rf"(?:'s)?(?:{_S}+[a-z.'-]+){{0,5}}{_S}+(?:met|meets|told|tells|addressed|addresses|urged"
    rf"|urges|assured|assures|briefed|thanked|hosted|hosts|welcomed|welcomes)"
    rf"(?:{_S}+(?:with|to))?(?:{_S}+(?P<people>leaders|counterparts|ministers|heads){_S}+of)?"
    rf"(?:{_S}+(?:the|his|her|their|fellow))?{_S}+"
)
# What ENGAGEMENT's verbs begin with (a gap holding none is no engagement).
_ENGAGING = (
    *("met", "meets", "told", "tells", "address", "urge", "assure", "briefed", "thanked"),
    *("host", "welcome"),
)
_ENGAGING_WORDS = re.compile("|".join(_ENGAGING))  # finds one in a gap without slicing it
BLOC_PEOPLE = re.compile(
    rf"(?:{_S}*\([a-z]{{4,5}}\))?{_S}+(?:leaders|counterparts|foreign{_S}+ministers|ministers"
    rf"|heads{_S}+of{_S}+(?:state|government)|member{_S}+states|secretary-general)\b"
)
# "Australia became ASEAN's first dialogue partner", "China is ASEAN's largest trading partner":
# the partner said to be the bloc's partner (the gap a verb; :data:`BLOCS_PARTNER` after it).
PARTNER_OF = re.compile(
    rf"{_S}+(?:became|becomes|is|was|has{_S}+been|remains|remained)(?:{_S}+(?:the|an?))?{_S}+"
)
BLOCS_PARTNER = re.compile(rf"'s{_S}+(?:[a-z-]+{_S}+){{0,3}}partner\b")
_SUMMIT_KINDS = {
    "summit": "summit",
    "special": "special-summit",
    "commemorative": "commemorative-summit",
}
PMC_CONNECTOR = re.compile(
    rf"{_S}+(?:post[- ]ministerial{_S}+conference|pmc)(?:{_S}*\(pmc\))?(?:{_S}*\+{_S}*1)?"
    rf"(?:{_S}+session)?{_S}+with{_S}+(?:the{_S}+)?"
)


@dataclass(frozen=True, slots=True, init=False)
class Anchor:
    """A span naming ``dialogue``; ``weight`` 1 (0.5 for a mechanism's acronym)."""

    start: int
    end: int
    dialogue: str
    kind: str
    weight: float = 1.0
    mechanism: str | None = None

    def __init__(
        self,
        start: int,
        end: int,
        dialogue: str,
        kind: str,
        weight: float = 1.0,
        mechanism: str | None = None,
    ) -> None:
        # Set through the slots' descriptors: about half the cost of a frozen dataclass's own
        # __init__ (see monitor.matching.judgement.Evidence); still frozen afterwards.
        _SET_START(self, start)
        _SET_END(self, end)
        _SET_DIALOGUE(self, dialogue)
        _SET_KIND(self, kind)
        _SET_WEIGHT(self, weight)
        _SET_MECHANISM(self, mechanism)


_SET_START, _SET_END, _SET_DIALOGUE, _SET_KIND, _SET_WEIGHT, _SET_MECHANISM = (
    Anchor.__dict__[name].__set__ for name in Anchor.__match_args__
)


def _joined(text: str, left: Hit, right: Hit, in_title: bool) -> tuple[str, str | None] | None:
    """How ``left`` and ``right`` are joined, and the mechanism the join names if any:
    "compound" (a dash, a slash, nothing), "coordinated" (a word: "and", "với", "与"; or a
    comma in a title), or None."""
    gap = text[left.end : right.start]
    key = (gap, in_title, bool(left.mask & BLOC))
    if key in _COMMON_JOINS:
        return _COMMON_JOINS[key]
    if len(gap) > MAX_GAP or not _any_join(gap):
        return None
    return _join(*key)


def _any_join(gap: str) -> bool:
    """Whether ``_ANY_JOIN`` fullmatches ``gap``: only ``TITLE_CONNECTOR`` can when the gap
    holds none of the words the other connectors need (:data:`_JOIN_WORDS`)."""
    if "with" in gap or "1" in gap or "one" in gap or "ministers" in gap:  # _JOIN_WORDS
        return _ANY_JOIN.fullmatch(gap) is not None
    return TITLE_CONNECTOR.fullmatch(gap) is not None


def _join(gap: str, in_title: bool, bloc_first: bool) -> tuple[str, str | None] | None:
    """:func:`_joined` of the text ``gap`` between the two names."""
    pattern = TITLE_CONNECTOR if in_title else CONNECTOR
    if pattern.fullmatch(gap):
        return ("compound" if TIGHT.fullmatch(gap) else "coordinated"), None
    if (in_title or (not bloc_first and gap.startswith("'s"))) and RELATION_CONNECTOR.fullmatch(
        gap
    ):
        return "coordinated", None  # in the body, the partner's own: "New Zealand's ties with"
    if PLUS_ONE.fullmatch(gap):
        return "compound", None
    summit = SUMMIT_WITH.fullmatch(gap)
    if summit is not None:
        return "compound", _SUMMIT_KINDS[summit.group("kind").split()[0]]
    if PMC_CONNECTOR.fullmatch(gap):
        return "compound", "post-ministerial-conference"
    ministers = MINISTERS_CONNECTOR.fullmatch(gap) if bloc_first else None
    if ministers is not None:
        foreign = ministers.group("who") == "foreign"
        return "compound", "foreign-ministers" if foreign else "sectoral-ministerial"
    return None


# Fast paths of _joined.  Every join fullmatches one of these (a gap that fullmatches none is
# no join, found with one pattern instead of five) ...
_ANY_JOIN = re.compile(
    "|".join(
        f"(?:{p.pattern})"
        for p in (
            TITLE_CONNECTOR,
            RELATION_CONNECTOR,
            PLUS_ONE,
            SUMMIT_WITH,
            PMC_CONNECTOR,
            MINISTERS_CONNECTOR,
        )
    )
)
# A word each of the others needs: "with" (RELATION_CONNECTOR, SUMMIT_WITH, PMC_CONNECTOR),
# "1" or "one" (PLUS_ONE), "ministers" (MINISTERS_CONNECTOR).
_JOIN_WORDS = ("with", "1", "one", "ministers")
# ... and the commonest gaps between two names have their answer computed once, here.
_COMMON_GAPS = (
    *("", "-", "/", "+", "&", "·", " ", ", ", " - ", " / ", " + ", " & ", " and ", " and the "),
    *(" with ", " with the ", " va ", " dan ", " dengan ", "与", "和", "と", "과", "와", " et "),
    *(" et l'", " und ", " y ", " e ", " и ", " and its ", " is ", " in ", " of ", " to "),
)
_COMMON_JOINS = {
    (gap, in_title, bloc_first): _join(gap, in_title, bloc_first)
    for gap in _COMMON_GAPS
    for in_title in (False, True)
    for bloc_first in (False, True)
}


def _pair(text: str, left: Hit, right: Hit, in_title: bool) -> list[Anchor]:
    if left.mask & BLOC and right.mask & PARTNER:
        partner = right
    elif right.mask & BLOC and left.mask & PARTNER:
        partner = left
    else:
        return []
    joined = _joined(text, left, right, in_title)
    if joined is None and _tagalog_and(text, left, right, partner):
        joined = ("coordinated", None)
    if joined is None and partner is left and _engaged(text, left, right):
        joined = ("coordinated", None)
    if joined is None:
        return []
    weight = COORDINATED if joined[0] == "coordinated" else 1.0
    return [
        Anchor(left.start, right.end, ref, "compound", weight, joined[1])
        for ref in partner.by_kind["partner"]
    ]


# Tagalog "at" (and) joins the bloc and a partner named in Tagalog ("Tsina at ASEAN"); not an
# English name, where "at" is a place ("Japan at ASEAN").
_TAGALOG_AND = re.compile(rf"{_S}+at{_S}+(?:ang{_S}+)?")
TAGALOG_PARTNERS = frozenset(
    {"tsina", "hapon", "timog korea", "estados unidos", "kanada", "australya", "indya", "rusya"}
)


def _tagalog_and(text: str, left: Hit, right: Hit, partner: Hit) -> bool:
    return (
        text[partner.start : partner.end] in TAGALOG_PARTNERS
        and _TAGALOG_AND.fullmatch(text, left.end, right.start) is not None
    )


def _engaged(text: str, partner: Hit, bloc: Hit) -> bool:
    """The partner's people engage the bloc's (:data:`ENGAGEMENT`), or the partner is said to
    be the bloc's partner (:data:`PARTNER_OF`)."""
    if PARTNER_OF.fullmatch(text, partner.end, bloc.start):
        return BLOCS_PARTNER.match(text, bloc.end) is not None
    if not _ENGAGING_WORDS.search(text, partner.end, bloc.start):
        return False
    engagement = ENGAGEMENT.fullmatch(text, partner.end, bloc.start)
    if engagement is None:
        return False
    return engagement.group("people") is not None or bool(BLOC_PEOPLE.match(text, bloc.end))


def _with_acronyms(text: str, hits: list[Hit]) -> list[Hit]:
    """Bloc names followed by their acronym in brackets made one hit, through the bracket.
    Runs once per name: the last kept hit is looked at only after a bloc name."""
    merged: list[Hit] = []
    for hit in hits:
        if merged and hit.mask & BLOC:
            last = merged[-1]
            if (
                last.mask & BLOC
                and _ACRONYM_OPENS.fullmatch(text, last.end, hit.start)
                and text[hit.end : hit.end + 1] == ")"
            ):
                merged[-1] = last._replace(end=hit.end + 1)
                continue
        merged.append(hit)
    return merged


def _listed(text: str, hits: list[Hit], index: int) -> bool:
    """Whether ``hits[index]`` and the next are neighbours in a list of names (see
    ``LIST_GAP``): only a space or a comma between, and the partner's name followed (or
    preceded, when it comes first) by another partner's the same way."""
    left, right = hits[index], hits[index + 1]
    if not _list_gap(text, left.end, right.start):
        return False
    if right.mask & PARTNER and index + 2 < len(hits):
        after = hits[index + 2]
        if after.mask & PARTNER and _list_gap(text, right.end, after.start):
            return True
    if left.mask & PARTNER and index > 0:
        before = hits[index - 1]
        return bool(before.mask & PARTNER and _list_gap(text, before.end, left.start))
    return False


_LIST_MARKS = ("", ",", "、")


def _list_gap(text: str, begin: int, end: int) -> bool:
    """``LIST_GAP.fullmatch(text, begin, end)``, without the pattern: spaces but no line break
    around at most one comma."""
    if begin > end:
        return False
    gap = text[begin:end]
    return "\n" not in gap and gap.strip() in _LIST_MARKS


def _chained(text: str, hits: list[Hit], index: int, start: int) -> list[Anchor]:
    """Partners joined by a dash after a compound's partner ``hits[index]``: "ASEAN-Australia-
    New Zealand (Free Trade Area)" names ASEAN-New Zealand too."""
    found: list[Anchor] = []
    while index + 1 < len(hits):
        before, after = hits[index], hits[index + 1]
        if not (after.mask & PARTNER and DASH.fullmatch(text, before.end, after.start)):
            break
        found += [Anchor(start, after.end, ref, "compound") for ref in after.by_kind["partner"]]
        index += 1
    return found


_SPAN = attrgetter("start", "end")  # an anchor's sort key, without a Python-level call
_NAMING = COMPOUND | MECHANISM  # hits naming a dialogue by themselves


def find_anchors(text: str, hits: list[Hit], title_end: int) -> list[Anchor]:
    """Anchors in text order (``hits`` are the scanner's name hits, in text order)."""
    anchors: list[Anchor] = []
    for hit in hits:
        if not hit.mask & _NAMING:
            continue
        for term in hit.terms:
            if term.kind == "compound":
                anchors.append(Anchor(hit.start, hit.end, term.ref, "compound"))
            elif term.kind == "mechanism":
                kind = "mechanism" if term.weight >= 1.0 else "acronym"
                anchors.append(Anchor(hit.start, hit.end, term.ref, kind, term.weight))
    merged = _with_acronyms(text, hits)
    for index, (left, right) in enumerate(itertools.pairwise(merged)):
        # Most neighbours are too far apart to be joined: skipped before any pattern runs.
        if right.start - left.end > MAX_GAP:
            continue
        mask = left.mask | right.mask
        if not (mask & BLOC and mask & PARTNER):
            continue
        # The join before the list (both pure): about half such neighbours are not joined,
        # and then whether they stand in a list is not asked.
        pair = _pair(text, left, right, right.end <= title_end)
        if pair and not _listed(text, merged, index):
            anchors.extend(pair)
            if left.mask & BLOC and pair[0].weight == 1.0:
                anchors.extend(_chained(text, merged, index + 1, left.start))
    anchors.sort(key=_SPAN)
    return anchors


def bilateral_pairs(text: str, hits: list[Hit]) -> list[tuple[str, Hit, Hit]]:
    """(partner dialogue, left hit, right hit) for "US-Vietnam", "Vietnam and the US" ..."""
    found: list[tuple[str, Hit, Hit]] = []
    for left, right in itertools.pairwise(hits):
        mask = left.mask | right.mask
        if not (mask & MEMBER and mask & PARTNER):  # most neighbours: no pair to look at
            continue
        for first, second in ((left, right), (right, left)):
            if first.mask & MEMBER and second.mask & PARTNER and not second.mask & BLOC:
                gap = text[left.end : right.start]
                if gap and CONNECTOR.fullmatch(gap):
                    found.extend((ref, left, right) for ref in second.by_kind["partner"])
    return found
