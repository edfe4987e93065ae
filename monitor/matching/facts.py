"""Host, chair and date candidates of one sentence (the patterns read the original text).

Each pattern runs only where a cheap test says it can match: a substring test of the folded
(lower-case) sentence for host and chair, and for dates the places a month's name is written
(``str.find``), where the pattern is tried at the month and at the day numbers before it.  A
regular expression tried at every position of every sentence costs more than the rest of a
judgement; the tests give the same matches.  Hosts, chairs and dates in the region's
languages (:mod:`monitor.matching.regional`) are searched for only in the sentences a
meeting's details are asked of, a few per text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick

from monitor.matching.normalise import FoldedText
from monitor.matching.regional import REGIONAL_DATE, matched_place, regional_chair, regional_hosts
from monitor.matching.sentences import Sentences

_MONTH_WORD = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_CAP = r"[A-Z][\w'’.-]*"
_NAME = rf"(?!{_MONTH_WORD}\b){_CAP}"
_PLACE = rf"{_NAME}(?:\s+{_CAP}){{0,3}}(?:,\s+{_NAME}(?:\s+{_CAP}){{0,2}})?"
HOST = re.compile(
    r"\b(?:held|hosted|convened|took place|taking place|to take place|will take place|met)"
    r"\s+(?:virtually\s+|online\s+)?(?:(?:on|by)\s+[^,.;]{1,60}?\s+)?(?:in|at)\s+(?:the\s+)?"
    rf"(?P<place>{_PLACE})"
)
CHAIR = (
    re.compile(
        r"\b(?:co-)?(?:chaired|presided over)\s+by\s+(?P<who>[A-Z].+?)"
        r"(?=,?\s+and\s+(?:was\s+)?attended\b|,\s+(?![A-Z]|and\s+[A-Z])|[.;](?:\s|$)|$)"
    ),
    re.compile(rf"(?P<who>(?:{_CAP}\s+){{1,6}}{_CAP})\s+(?:co-)?chair(?:s|ed)\s+the\b"),
    re.compile(r"\bunder the chairmanship of\s+(?P<who>[A-Z][^,.;]{2,80})"),
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?(?:,\s*\d{{4}})?(?!\d)"
    rf"|{_MONTH}\s+\d{{4}})"
)
# A pattern can only match a sentence whose folded (lower-case) form holds one of its words.
HOST_WORDS = ("held", "hosted", "convened", "took place", "taking place", "take place", "met")
# Cheaper patterns each CHAIR pattern needs in the folded sentence before it is tried.
_CHAIR_NEEDS = (
    re.compile(r"(?:chaired|presided over)\s+by\s"),
    re.compile(r"chair(?:s|ed)\s+the\b"),
    re.compile(r"under the chairmanship of\s"),
)
# Where DATE's months can be written ("Sep" covers "Sept." and "September"), and what can
# stand between a day number and its month ("5-7 May", "12 – 13 June").
MONTHS_WRITTEN = (
    *("January", "February", "March", "April", "May", "June", "July", "August", "Sep"),
    *("October", "November", "December", "Jan.", "Feb.", "Aug.", "Oct.", "Nov.", "Dec."),
)
_MONTHS = AhoCorasick(list(MONTHS_WRITTEN))
_DAY_CHARS = frozenset("0123456789-–")

Found = tuple[int, list[re.Match[str]], str | None, list[re.Match[str]]]


def place(match: re.Match[str]) -> str:
    """The place a host match names (a trailing full stop dropped unless it ends "D.C.")."""
    found = match.group("place") if match.re is HOST else matched_place(match)
    return found if re.search(r"\.[A-Z]\.$", found) else found.rstrip(".")


def _matches(
    pattern: re.Pattern[str], sentence: str, low: str, words: tuple[str, ...]
) -> list[re.Match[str]]:
    return list(pattern.finditer(sentence)) if any(w in low for w in words) else []


def _chair(sentence: str, low: str) -> str | None:
    """The first chair the CHAIR patterns find, in their order."""
    for index, pattern in enumerate(CHAIR):
        if _CHAIR_NEEDS[index].search(low) and (found := pattern.search(sentence)):
            return found.group("who").strip()
    return None


def _date_starts(sentence: str, months: list[int]) -> list[int]:
    """Every place a DATE match can start: where a month's name is written (``months``,
    offsets in ``sentence``), and the day numbers before it."""
    starts = set(months)
    for at in months:
        before = at
        while before > 0 and (sentence[before - 1] in _DAY_CHARS or sentence[before - 1].isspace()):
            before -= 1
            if sentence[before].isdigit():
                starts.add(before)
    return sorted(starts)


def dates(sentence: str, months: list[int]) -> list[re.Match[str]]:
    """What ``DATE.finditer(sentence)`` finds, trying the pattern only where it can start."""
    found: list[re.Match[str]] = []
    end = 0
    for start in _date_starts(sentence, months):
        if start >= end and (match := DATE.match(sentence, start)) is not None:
            found.append(match)
            end = match.end()
    return found


def month_offsets(text: str) -> list[int]:
    """Where ``text`` writes a month's name, in order (one automaton pass)."""
    return [start for _, start, _ in _MONTHS.find_matches_as_indexes(text, overlapping=True)]


def _merged(english: list[re.Match[str]], regional: Iterable[re.Match[str]]) -> list[re.Match[str]]:
    """Both kinds of date in text order (a span both find, once)."""
    found = {m.start(): m for m in regional}
    found.update((m.start(), m) for m in english)
    return [found[start] for start in sorted(found)]


class Facts:
    """Host, chair and date candidates of each sentence, found once per sentence."""

    def __init__(self, folded: FoldedText, sentences: Sentences) -> None:
        self._folded = folded
        self._sentences = sentences
        self._found: dict[int, Found] = {}
        self._months: list[int] | None = None

    def of(self, number: int) -> Found:
        """(sentence start, host matches, chair, date matches) of sentence ``number``."""
        if number not in self._found:
            begin, end = self._sentences.span(number)
            sentence = self._folded.original[begin:end]
            low = self._folded.text[begin:end]
            hosts = _matches(HOST, sentence, low, HOST_WORDS) or regional_hosts(sentence, low)
            chair = _chair(sentence, low) or regional_chair(sentence, low)
            found = _merged(self._dates(begin, end), REGIONAL_DATE.finditer(sentence))
            self._found[number] = (begin, hosts, chair, found)
        return self._found[number]

    def _dates(self, begin: int, end: int) -> list[re.Match[str]]:
        if self._months is None:
            self._months = month_offsets(self._folded.original)
        low, high = bisect.bisect_left(self._months, begin), bisect.bisect_left(self._months, end)
        if low == high:
            return []
        months = [at - begin for at in self._months[low:high]]
        return dates(self._folded.original[begin:end], months)
