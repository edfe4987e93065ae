"""A meeting's rank stated in a sentence that refers back to it ("This is the second Special
Summit since 2016", "KTT Khusus ini merupakan yang kedua", "今回の会議は…2回目"), and the
unnumbered meetings of a text given it (:func:`ranked_meetings`).  Pure: text in, ranks out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from monitor.matching.history import past_sentence
from monitor.matching.judgement import Meeting
from monitor.matching.mechanisms import COMMEMORATIVE, SPECIAL
from monitor.matching.ordinals import ENGLISH, ordinal_after, ordinal_before
from monitor.matching.sentences import Sentences

RANK_REACH = 6  # sentences after a mention that may state its rank
PAST_REACH = 32  # characters after a stated rank that may give its year ("... in 1977")
SPECIAL_WORDS = ("special", "khusus", "特別", "特别", "특별", "dac biet")
COMMEMORATIVE_WORDS = ("commemorati", "peringatan", "記念", "纪念", "기념", "ky niem")


# A sentence that refers back to a meeting states its rank: "This is the second Special Summit
# since 2016", "This year's Commemorative Summit, held in Busan, will be the third of its
# kind", "KTT Khusus ini merupakan yang kedua sejak 2016", "C'est le deuxième sommet",
# "今回の会議は、2009年に続く2回目の特別首脳会議", "이번 회의는 3번째" (digits only).  The
# rank must be the meeting's ("the first step" is not; "the first time" is not; "the first in
# Washington" is qualified, R7); "The EU and ASEAN held their first-ever summit".
_HELD = "held|hold|holds|holding|hosted|convened|opened"
_RANKED_AS = (
    r"(?=\s+(?:special\s+|commemorative\s+|annual\s+)?(?:summit|meeting|forum|session|dialogue"
    r"|conference|of\s+its\s+kind|since|such|one)\b|\s*[,.;]|\s*$)"
)
RANK = re.compile(
    r"\b(?:is|was|will\s+be|would\s+be|marks|becomes|became)"
    r"\s+(?:only\s+)?the\s+(?P<e>"
    + "|".join(ENGLISH)
    + r"|\d{1,2}(?:st|nd|rd|th))"
    + _RANKED_AS
    + r"|\bini\s+(?:merupakan|adalah)\s+(?:yang\s+)?(?P<i>pertama|kedua|ketiga|keempat|kelima"
    r"|ke-?\s*\d{1,2})\b"
    r"|(?:今回|今次|同会議|本会議|这是|此次|本次|이번)[^。.]{0,30}?(?:第\s*)?(?P<c>\d{1,2})\s*(?:回目|次|届|번째)"
    r"|\b(?:c'est|il\s+s'agit\s+d[ue])\s+(?:la\s+|le\s+|sa\s+|son\s+)?(?P<f>premier|premiere"
    r"|deuxieme|seconde?|troisieme|quatrieme|cinquieme|\d{1,2}e)(?=\s+(?:sommet|reunion|forum"
    r"|edition|du\s+genre|depuis)\b|\s*[,.;]|\s*$)"
    # The meeting convenes for its Nth time: "ADMM-Plus Convenes for the 3rd Time" (not "met
    # for the second time this year": a count, not its rank).
    r"|\bconvene[sd]?\s+for\s+the\s+(?P<e2>"
    + "|".join(ENGLISH)
    + r"|\d{1,2}(?:st|nd|rd|th))\s+time\b(?!\s+(?:this|since|in|of)\b)"
    # The two hold their first summit: "The EU and ASEAN held their first-ever summit".
    rf"|\b(?:{_HELD})\s+(?:their|its)\s+(?P<t>first(?:[- ]ever)?|inaugural|second|third|fourth"
    r"|fifth)\s+(?:(?:special|commemorative|leaders'?)\s+)?(?:summit|meeting)\b"
    r"|\b(?P<t1>leur\s+premier\s+sommet|su\s+primera\s+cumbre|ihren\s+ersten\s+gipfel"
    r"|(?:il\s+)?loro\s+primo\s+vertice)\b"
    # A summit held for the first time: "For the first time, European and Southeast Asian
    # leaders will gather in Brussels for a bloc-to-bloc summit", "organisent pour la première
    # fois un sommet" (a summit, new; not "attends the summit for the first time").
    r"|\b(?P<t2>for\s+the\s+first\s+time\b(?:(?!attend|join|particip)[^.;!?]){0,100}?\b(?:a|an)\s+(?:[\w-]+\s+){0,2}summit"
    r"|pour\s+la\s+premiere\s+fois\s+(?:un|une)\s+(?:[\w-]+\s+){0,2}sommet"
    r"|por\s+primera\s+vez\s+una\s+(?:[\w-]+\s+){0,2}cumbre"
    r"|per\s+la\s+prima\s+volta\s+un\s+(?:[\w-]+\s+){0,2}vertice)\b"
)


# The English form's subject, before its verb: "This", "It", "This year's Commemorative Summit",
# "The Sochi summit" (will be the third one).
_SUBJECT = re.compile(
    r"\b(?:this|it)\b[^.;!?\n]{0,60}$|\bthe\s+(?:[\w'-]+\s+){0,2}(?:summit|meeting)\s+$"
)


# Words one of which every form of ``RANK`` holds (substring tests far cheaper than it).
RANK_KEYS = (
    *(" is the ", " was the ", " be the ", " marks the ", " became the ", " becomes the "),
    *(" is only the ", " be only the ", "ini merupakan", "ini adalah", "c'est", "s'agit"),
    *("今回", "今次", "同会議", "本会議", "这是", "此次", "本次", "이번"),
    *(f"{verb} {whose} " for verb in _HELD.split("|") for whose in ("their", "its")),
    *("leur premier", "su primera", "ihren ersten", "loro primo"),
    *("first time", "premiere fois", "primera vez", "prima volta"),
    "convene",
)


# The first words of RANK's forms, each a literal (the pattern then skips to the places where
# one can begin, which RANK, opening with word boundaries, cannot): every match of RANK begins
# where one of these does.  A match of them ends at a word's end, so none hides such a place.
_RANK_WORDS = (
    *("is", "was", "will", "would", "marks", "becomes", "became", "ini", "c'est", "il"),
    *_HELD.split("|"),
    *("leur", "su", "ihren", "loro", "for", "pour", "por", "per", "convene", "convenes"),
)
_RANK_CJK = "今回|今次|同会議|本会議|这是|此次|本次|이번"
_RANK_HEADS = re.compile("|".join([*(rf"{word}\b" for word in _RANK_WORDS), _RANK_CJK]))


def _rank_match(sentence: str) -> re.Match[str] | None:
    """What ``RANK.search(sentence)`` finds, the pattern tried only where a form can begin."""
    for head in _RANK_HEADS.finditer(sentence):
        if (match := RANK.match(sentence, head.start())) is not None:
            return match
    return None


def may_state_rank(text: str) -> bool:
    """Whether ``text`` (a sentence) may state a meeting's rank: substring tests, far cheaper
    than the pattern."""
    return any(key in text for key in RANK_KEYS)


class Rank(NamedTuple):
    """A rank a sentence states, and where the words stating it end in the sentence."""

    value: int
    end: int


def stated_rank(sentence: str) -> Rank | None:
    """The rank a sentence states of the meeting it refers back to, if it states one."""
    if not may_state_rank(sentence):
        return None
    match = _rank_match(sentence)
    if match is None:
        return None
    if match.group("e") and not _SUBJECT.search(
        sentence, max(0, match.start() - 70), match.start()
    ):
        return None
    value = _rank_value(match)
    return Rank(value, match.end()) if value else None


def _rank_value(match: re.Match[str]) -> int | None:
    if match.group("c"):
        return int(match.group("c"))
    if match.group("t1") or match.group("t2"):
        return 1
    if match.group("i"):
        after = ordinal_after(" " + match.group("i"))
        return after[0] if after else None
    word = match.group("e") or match.group("e2") or match.group("f") or match.group("t")
    before = ordinal_before(word + " ")
    return before[0] if before else None


def ranked_meetings(
    text: str,
    sentences: Sentences,
    meetings: list[Meeting],
    mentions: list[Meeting],
    rank_words: list[tuple[int, int]],
    lead_end: int,
) -> list[Meeting]:
    """Unnumbered meetings given the rank a sentence near a mention, or in the lead, states
    ("This is the second Special Summit since 2016"): the meeting of the kind the sentence
    names, else the one mentioned nearest; ``rank_words``: where the text holds the words a
    stated rank needs (:data:`RANK_KEYS`, found in the scanner's pass)."""
    if all(m.ordinal is not None for m in meetings):
        return meetings
    ranked = _rank_sentences(sentences, rank_words)
    if not ranked:
        return meetings
    last = len(sentences.starts) - 1
    near = sorted(
        {
            n
            for m in mentions
            for n in range(sentences.index(m.start) - 2, sentences.index(m.start) + RANK_REACH)
        }.union(range(sentences.index(lead_end) + 1 if mentions else 0))
    )
    for number in (n for n in near if 0 <= n <= last):
        if number not in ranked:  # no rank stated (see may_state_rank)
            continue
        begin, end = sentences.span(number)
        rank = stated_rank(text[begin:end])
        unnumbered = [i for i, m in enumerate(meetings) if m.ordinal is None]
        if rank is None or not unnumbered:
            continue
        clause = (begin, min(end, begin + rank.end + PAST_REACH))
        if end > lead_end and past_sentence(text, clause, lead_end):
            continue  # "ASEAN and Australia held their first summit in 1977"
        kind = _kind_named(text[begin:end])
        chosen = [i for i in unnumbered if meetings[i].mechanism == kind] or unnumbered
        index = min(chosen, key=lambda i: abs(meetings[i].start - begin))
        meetings[index] = replace(meetings[index], ordinal=rank.value)
    return meetings


def _rank_sentences(sentences: Sentences, rank_words: list[tuple[int, int]]) -> set[int]:
    """The sentences that wholly hold a word a stated rank needs (:data:`RANK_KEYS`)."""
    ranked = set()
    for start, end in rank_words:
        number = sentences.index(start)
        if end <= sentences.span(number)[1]:
            ranked.add(number)
    return ranked


def _kind_named(sentence: str) -> str | None:
    if any(word in sentence for word in SPECIAL_WORDS):
        return SPECIAL
    return COMMEMORATIVE if any(word in sentence for word in COMMEMORATIVE_WORDS) else None
