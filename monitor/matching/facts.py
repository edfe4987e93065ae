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

from monitor.matching.cues import CUE_KEYS, Cues, bits_held, cues_of, word_list
from monitor.matching.normalise import FoldedText, fold, fold_term
from monitor.matching.regional import (
    CHAIR_WORD_GROUPS,
    DATE_WORDS,
    HOST_WORD_GROUPS,
    MALAY_MONTH_WORDS,
    REGIONAL_DATE,
    matched_place,
    regional_chair,
    regional_hosts,
)
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
_TAKE_PLACE_LEADS = ("to ", "will ")  # HOST's words that start before "take place"
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
_DAY_CHARS = frozenset("0123456789-–")

Found = tuple[int, list[re.Match[str]], str | None, list[re.Match[str]]]


def place(match: re.Match[str]) -> str:
    """The place a host match names (a trailing full stop dropped unless it ends "D.C.")."""
    found = match.group("place") if match.re is HOST else matched_place(match)
    return found if re.search(r"\.[A-Z]\.$", found) else found.rstrip(".")


# How far before its need's match a CHAIR pattern's match may begin: "co-" before "chaired",
# nothing before "under the chairmanship of"; the names before "chairs the", without bound.
# (Folding keeps offsets and leaves these lower-case words and their spaces as they are.)
_CHAIR_LEADS = (len("co-"), None, 0)


# Where each need's match begins, counted back from a chair word ("chair", "presided over")
# it holds: at it, but "under the " before it.
_NEED_SHIFTS = (0, 0, len("under the "))


def _need(index: int, low: str, words: list[int]) -> int | None:
    """Where ``_CHAIR_NEEDS[index].search(low)`` finds a match: tried only where one can
    begin, at the chair words (``words``: their starts in ``low``, in order; every match of
    a need holds one)."""
    need, shift = _CHAIR_NEEDS[index], _NEED_SHIFTS[index]
    for at in words:
        if at >= shift and need.match(low, at - shift) is not None:
            return at - shift
    return None


def _chair(sentence: str, low: str, words: list[int]) -> str | None:
    """The first chair the CHAIR patterns find, in their order (each searched for from where
    its need is first found; ``words``: where ``low`` holds chair words, see :func:`_need`)."""
    for index, pattern in enumerate(CHAIR):
        need = _need(index, low, words)
        if need is None:
            continue
        lead = _CHAIR_LEADS[index]
        found = pattern.search(sentence, 0 if lead is None else max(0, need - lead))
        if found:
            return found.group("who").strip()
    return None


def hosts(sentence: str, words: list[int]) -> list[re.Match[str]]:
    """What ``HOST.finditer(sentence)`` finds, trying the pattern only where it can start: at
    its words (``words``: where ``HOST_WORDS`` are, in order, offsets in ``sentence``), and
    at "to " and "will " before "take place"."""
    starts = set(words)
    for at in words:
        for lead in _TAKE_PLACE_LEADS:
            if at >= len(lead) and sentence.startswith(lead, at - len(lead)):
                starts.add(at - len(lead))
    found: list[re.Match[str]] = []
    end = 0
    for start in sorted(starts):
        if start >= end and (match := HOST.match(sentence, start)) is not None:
            found.append(match)
            end = match.end()
    return found


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
    return Marks(fold(text)).months


def _merged(english: list[re.Match[str]], regional: Iterable[re.Match[str]]) -> list[re.Match[str]]:
    """Both kinds of date in text order (a span both find, once)."""
    found = {m.start(): m for m in regional}
    found.update((m.start(), m) for m in english)
    return [found[start] for start in sorted(found)]


# Bits of what a sentence holds (:class:`Marks`): the English host and chair words, a regional
# date's, then one bit per regional host pattern and one per regional chair pattern.
_HOST_BIT, _CHAIR_BIT, _DATE_BIT = 1, 2, 4
_REGIONAL_HOSTS = 3
_REGIONAL_CHAIRS = _REGIONAL_HOSTS + len(HOST_WORD_GROUPS)
# "chair" is in every English chair pattern's words but "presided over" (see _CHAIR_NEEDS).
_CHAIR_WORDS = ("chair", "presided over")


def _mark_bits() -> dict[str, int]:
    """Each key and its bits (0 for a month's, which the original text decides).  The words
    are keys as written (already folded, some with a space: "ที่ "), as the substring tests
    they replace took them."""
    groups = [(HOST_WORDS, _HOST_BIT), (_CHAIR_WORDS, _CHAIR_BIT), (DATE_WORDS, _DATE_BIT)]
    groups += [(w, 1 << (_REGIONAL_HOSTS + i)) for i, w in enumerate(HOST_WORD_GROUPS)]
    groups += [(w, 1 << (_REGIONAL_CHAIRS + i)) for i, w in enumerate(CHAIR_WORD_GROUPS)]
    bits = dict.fromkeys((fold_term(month) for month in MONTHS_WRITTEN), 0)
    for words, bit in groups:
        for word in words:
            bits[word] = bits.get(word, 0) | bit
    return bits


_MARK_BITS = _mark_bits()
# One automaton for these words and the meeting cues (monitor.matching.cues): one pass.
_MARK_KEYS = list(dict.fromkeys([*CUE_KEYS, *_MARK_BITS]))
_BITS = [_MARK_BITS.get(key, 0) for key in _MARK_KEYS]
_CUE_OF = [CUE_KEYS.index(key) if key in CUE_KEYS else None for key in _MARK_KEYS]
# The month an automaton key is the fold of ("may" of "May"), if any.
_MONTH_OF = [next((m for m in MONTHS_WRITTEN if fold_term(m) == k), None) for k in _MARK_KEYS]
_MARKS = word_list(_MARK_KEYS)
# The keys that are Malay or Indonesian months: REGIONAL_DATE takes one only where no word
# character follows it (or follows the "i" of "Juni"), so elsewhere ("jun" of "June") its date
# bit is dropped; "June" would otherwise send each of its sentences through REGIONAL_DATE.
_ENDED = [key in MALAY_MONTH_WORDS for key in _MARK_KEYS]


def _word_ends(original: str, end: int) -> bool:
    """Whether no word character (a pattern's ``\\w``) follows ``original[:end]``, nor the
    "i" at ``end`` if one is there ("Juni")."""
    if original.startswith("i", end):
        end += 1
    return end == len(original) or not (original[end].isalnum() or original[end] == "_")


class Marks:
    """Where a folded text holds the words the host, chair and date patterns need, where its
    original writes a month, and its meeting cues, from one automaton pass over the whole
    text (the scanner's, for a text it scanned: :class:`monitor.matching.cues.WordList`): a
    sentence's patterns then run only if it holds their words (the same test as a
    substring search of each word in each sentence, without the searches)."""

    def __init__(self, folded: FoldedText) -> None:
        original, bits = folded.original, _BITS
        found: list[tuple[int, int, int]] = []
        months: list[int] = []
        cues: list[tuple[int, int, int]] = []
        for index, start, end in _MARKS.occurrences(folded):
            month, cue, bit = _MONTH_OF[index], _CUE_OF[index], bits[index]
            if month is not None and original.startswith(month, start):
                months.append(start)
            if _ENDED[index] and not _word_ends(original, end):
                bit &= ~_DATE_BIT
            if bit:
                found.append((start, end, bit))
            if cue is not None:
                cues.append((cue, start, end))
        found.sort()
        months.sort()
        self.months = months
        self._text = folded.text
        self._cues = cues
        self._found = found
        self._starts = [start for start, _, _ in found]

    def cues(self) -> Cues:
        """The text's meeting cues (what :func:`monitor.matching.cues.find_cues` finds)."""
        return cues_of(self._text, self._cues)

    def held(self, begin: int, end: int) -> int:
        """The bits of the words wholly inside ``[begin, end)``."""
        return bits_held(self._found, self._starts, begin, end)

    def starts(self, bit: int, begin: int, end: int) -> list[int]:
        """Where the words of ``bit`` wholly inside ``[begin, end)`` start, in order."""
        found, starts = self._found, []
        for at in range(bisect.bisect_left(self._starts, begin), len(found)):
            start, finish, bits = found[at]
            if start >= end:
                break
            if finish <= end and bits & bit:
                starts.append(start)
        return starts


class Facts:
    """Host, chair and date candidates of each sentence, found once per sentence."""

    def __init__(self, folded: FoldedText, sentences: Sentences) -> None:
        self._folded = folded
        self._sentences = sentences
        self._found: dict[int, Found] = {}
        self._marks: Marks | None = None

    def cues(self) -> Cues:
        """The text's meeting cues (:func:`monitor.matching.cues.find_cues`)."""
        return self._marked().cues()

    def _marked(self) -> Marks:
        if self._marks is None:
            self._marks = Marks(self._folded)
        return self._marks

    def of(self, number: int) -> Found:
        """(sentence start, host matches, chair, date matches) of sentence ``number``."""
        if number not in self._found:
            begin, end = self._sentences.span(number)
            self._found[number] = self._facts(self._marked(), begin, end)
        return self._found[number]

    def _facts(self, marks: Marks, begin: int, end: int) -> Found:
        sentence = self._folded.original[begin:end]
        bits = marks.held(begin, end)
        found = []
        if bits & _HOST_BIT:
            found = hosts(sentence, [at - begin for at in marks.starts(_HOST_BIT, begin, end)])
        if not found and bits >> _REGIONAL_HOSTS:  # only the patterns whose words it holds
            found = regional_hosts(sentence, bits >> _REGIONAL_HOSTS)
        chair = None
        if bits & _CHAIR_BIT:
            words = [at - begin for at in marks.starts(_CHAIR_BIT, begin, end)]
            chair = _chair(sentence, self._folded.text[begin:end], words)
        if not chair:
            groups = bits >> _REGIONAL_CHAIRS
            chair = regional_chair(sentence, groups) if groups else None
        dated = self._dates(marks.months, begin, end)  # in order, one per start
        if bits & _DATE_BIT:
            dated = _merged(dated, REGIONAL_DATE.finditer(sentence))
        return (begin, found, chair, dated)

    def _dates(self, months: list[int], begin: int, end: int) -> list[re.Match[str]]:
        low, high = bisect.bisect_left(months, begin), bisect.bisect_left(months, end)
        if low == high:
            return []
        found = [at - begin for at in months[low:high]]
        return dates(self._folded.original[begin:end], found)
