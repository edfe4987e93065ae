"""The words the meeting patterns need (mechanisms.LATIN_AFTER_WORDS within the run of Latin
characters, mechanisms.OTHER_AFTER_WORDS, prefixes.BEFORE_WORDS), found once per text
(cues.Positions), rule out only places where the pattern cannot match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.matching.cues import Positions, word_machine
from monitor.matching.mechanisms import (
    AFTER_LATIN,
    AFTER_OTHER,
    LATIN_AFTER_WORDS,
    LATIN_RUN,
    OTHER_AFTER_WORDS,
)
from monitor.matching.normalise import fold
from monitor.matching.prefixes import BEFORE_HINT, BEFORE_WORDS
from tests.support.seeds import SEEDS

WINDOW = 80
AFTER_WORDS = (*LATIN_AFTER_WORDS, *OTHER_AFTER_WORDS)
MACHINE = word_machine([(LATIN_AFTER_WORDS, 1), (BEFORE_WORDS, 2), (OTHER_AFTER_WORDS, 4)])
PIECES = (
    *AFTER_WORDS,
    *BEFORE_WORDS,
    *("asean-japan", "10+3", "の", "的", "(ktt)", "leaders'", "foreign", "senior", "officials'"),
    *("economic", "special", "commemorative", "post-", "10カ国", "15周年", "-", "ministers'"),
)
SEPARATORS = (" ", "", "  ", "\n", ", ")


@st.composite
def prose(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS))))
    return "".join(word + separator for word, separator in pieces)


def _check(text: str) -> None:
    words = Positions(MACHINE, text)
    for at in range(len(text) + 1):
        if AFTER_LATIN.match(text, at, at + WINDOW):
            run = LATIN_RUN.match(text, at, at + WINDOW)
            assert run is not None
            assert words.held(at, run.end()) & 1, (text, at)
        if AFTER_OTHER.match(text, at, at + WINDOW):
            assert words.held(at, at + WINDOW) & 4, (text, at)
        if BEFORE_HINT.search(text[max(0, at - WINDOW) : at]):
            assert words.held(max(0, at - WINDOW), at) & 2, (text, at)


@settings(max_examples=200, deadline=None)
@given(prose())
def test_no_match_where_the_words_are_missing(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(prose(), st.data())
def test_positions_are_what_substring_tests_find(text: str, data: st.DataObject) -> None:
    words = Positions(MACHINE, text)
    begin = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(begin, len(text)))
    stretch = text[begin:end]
    expected = (
        any(w in stretch for w in LATIN_AFTER_WORDS)
        | 2 * any(w in stretch for w in BEFORE_WORDS)
        | 4 * any(w in stretch for w in OTHER_AFTER_WORDS)
    )
    assert words.held(begin, end) == expected


def test_no_match_in_the_seeds_where_the_words_are_missing() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        _check(fold(path.read_text(encoding="utf-8")).text)
