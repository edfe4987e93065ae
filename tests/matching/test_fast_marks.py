"""The words the host, chair and date patterns need, found once per text (facts.Marks), are
what a substring test of each sentence finds (a Malay month's only where no word character
follows it: "Jun", "Juni", not "June"); a sentence skipped for want of them has no match of
those patterns."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.matching.cues import find_cues
from monitor.matching.facts import (
    _CHAIR_WORDS,
    _REGIONAL_CHAIRS,
    _REGIONAL_HOSTS,
    HOST_WORDS,
    Marks,
)
from monitor.matching.normalise import FoldedText, fold
from monitor.matching.regional import (
    _CHAIRS,
    _HOSTS,
    CHAIR_WORD_GROUPS,
    DATE_WORDS,
    HOST_WORD_GROUPS,
    MALAY_MONTH_WORDS,
    REGIONAL_DATE,
    held,
)

PIECES = (
    *(word for group in HOST_WORD_GROUPS + CHAIR_WORD_GROUPS for word in group),
    *HOST_WORDS,
    *_CHAIR_WORDS,
    *DATE_WORDS,
    *("Ngày 26/10", "9月6日", "11월 25일", "19 Mei 2016", "4 พฤศจิกายน 2562", "Juni", "Mac"),
    *("June", "Jun 2024", "8 Juni", "Junix", "Maci", "mac_", "Mei-", "Julai 2020"),
    *("May", "may", "Sept.", "Jan", "Jan.", "chaired by", "CHAIR", "Met", "the", "Hà Nội"),
)
SEPARATORS = (" ", "", "\n", ". ", ", ", "。")


@st.composite
def prose(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS))))
    return "".join(word + separator for word, separator in pieces)


def _month_ends(folded: FoldedText, begin: int, end: int) -> bool:
    """Whether a Malay month's word lies in ``[begin, end)`` with no word character after it
    in the original (but the "i" of "Juni")."""
    low = folded.text[begin:end]
    return any(
        re.match(r"i?(?!\w)", folded.original[begin + found.start() + len(word) :])
        for word in MALAY_MONTH_WORDS
        for found in re.finditer(f"(?={word})", low)
    )


def _expected(folded: FoldedText, begin: int, end: int) -> int:
    low = folded.text[begin:end]
    bits = int(any(w in low for w in HOST_WORDS)) | 2 * any(w in low for w in _CHAIR_WORDS)
    others = (w for w in DATE_WORDS if w not in MALAY_MONTH_WORDS)
    bits |= 4 * (any(w in low for w in others) or _month_ends(folded, begin, end))
    bits |= held(low, HOST_WORD_GROUPS) << _REGIONAL_HOSTS
    return bits | held(low, CHAIR_WORD_GROUPS) << _REGIONAL_CHAIRS


@settings(max_examples=300, deadline=None)
@given(prose(), st.data())
def test_marks_are_what_substring_tests_find(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    marks = Marks(folded)
    begin = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(begin, len(text)))
    assert marks.held(begin, end) == _expected(folded, begin, end)


@settings(max_examples=300, deadline=None)
@given(prose())
def test_a_sentence_without_the_words_has_no_match(text: str) -> None:
    bits = _expected(fold(text), 0, len(text))
    if not bits & 4:
        assert REGIONAL_DATE.search(text) is None
    for index, (pattern, _) in enumerate(_HOSTS):
        if not bits >> (_REGIONAL_HOSTS + index) & 1:
            assert pattern.search(text) is None
    for index, (pattern, _) in enumerate(_CHAIRS):
        if not bits >> (_REGIONAL_CHAIRS + index) & 1:
            assert pattern.search(text) is None


CUE_PIECES = (
    *("the meeting", "this summit", "joint statement", "plan of action", "共同声明", "KTT ini"),
    *("Pertemuan ini", "이번 회의는", "the  forum", "that\ndialogue", "bathe summit", "held"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CUE_PIECES + PIECES), st.sampled_from(SEPARATORS))))
def test_cues_found_with_the_marks_are_find_cues(pieces: list[tuple[str, str]]) -> None:
    folded = fold("".join(word + separator for word, separator in pieces))
    assert Marks(folded).cues() == find_cues(folded.text)
