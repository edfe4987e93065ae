"""The matcher's fast paths find exactly what the plain regular expressions find.

Cues, dates, sentence stops and folding each avoid a whole-text regular expression or a
per-character loop (see their modules).  The plain forms stay here as the oracles, and
hypothesis draws texts from the words and characters the fast paths special-case.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.matching.cues import ALL_DOCUMENT_KINDS, REGIONAL_ANAPHORAS, find_cues
from monitor.matching.facts import DATE, dates, month_offsets
from monitor.matching.normalise import fold, fold_char, fold_term
from monitor.matching.sentences import _ABBREVIATIONS, Sentences

ANAPHORA = re.compile(r"\b(?:the|this|that)\s+(?:meeting|summit|forum|conference|dialogue)\b")


def _bounded(key: str) -> str:
    """A key between word boundaries where it begins or ends with a Latin letter or digit."""
    before = r"\b" if key[0].isascii() and key[0].isalnum() else ""
    after = r"\b" if key[-1].isascii() and key[-1].isalnum() else ""
    return before + re.escape(key) + after


DOCUMENT = re.compile("|".join(_bounded(k) for k, _ in ALL_DOCUMENT_KINDS))
# Each regional anaphora wherever it starts (a look-ahead, so that overlapping ones all count).
REGIONAL_ANAPHORA = re.compile(
    "(?=" + "|".join(_bounded(fold_term(k)) for k in REGIONAL_ANAPHORAS) + ")"
)
_NOT_AFTER = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS) + r"(?<!\b[a-z]\.)"
BREAK = re.compile(rf"\n+|\.+{_NOT_AFTER}[\"'”’)\]]*\s+|[!?]+[\"'”’)\]]*\s+|[。！？]+")

PHRASES = (
    *("the meeting", "that summit", "this forum", "the  conference", "the\ndialogue"),
    *("bathe summit", "the summits", "joint vision statement", "vision statement"),
    *("chairman's statement", "leaders statement", "plan of action", "joint declaration"),
    *("12 May 2022", "5-7 June", "Sept. 3, 2021", "3 – 4 December", "May 2023", "10-12 Mayor"),
    *("U.S. Navy", "Mr. Lee", "ends. Next", 'said." Then', "a.b", "end.", "no. 5", "x. y"),
    *(
        "共同声明",
        "共同ビジョン声明",
        "ビジョン声明文",
        "联合愿景声明",
        "공동 성명",
        "공동비전성명",
    ),
    *("Tuyên bố chung", "Tuyên bố tầm nhìn chung", "pernyataan visi bersama", "xpernyataan visi"),
    *("แถลงการณ์ร่วม", "แถลงการณ์วิสัยทัศน์ร่วม", "ปฏิญญาร่วมกัน", "rencana aksix"),
    *("此次会议", "首脳会議は", "이번 정상회의는", "KTT ini", "KTT inilah", "ในการประชุมครั้งนี้"),
)
WORDS = (
    *("the", "this", "that", "bathe", "meeting", "summit", "forum", "conference", "dialogue"),
    *("joint", "vision", "statement", "chairman's", "chair's", "leaders'", "leaders", "plan"),
    *("of", "action", "declaration", "_", "x", "u.s.", "mr.", "no.", "st.", "etc.", "asean"),
    *("May", "June", "Sept.", "Sep.", "September", "Jan.", "Dec.", "12", "5-7", "2022", "3 –"),
    *("Mayor", "March", "12th", "..."),
)
SEPARATORS = (" ", "  ", "\n", "\t", "\u00a0", ". ", ", ", "! ", "? ", '." ', "”. ", ".) ", "。")


@st.composite
def prose(draw: st.DrawFn) -> str:
    words = st.sampled_from(WORDS) | st.sampled_from(PHRASES)
    pieces = draw(st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), max_size=40))
    return "".join(word + separator for word, separator in pieces)


def _oracle_starts(text: str) -> list[int]:
    starts = [0]
    for candidate in re.finditer(r"[\n.!?。！？]", text):
        if candidate.start() < starts[-1]:
            continue
        found = BREAK.match(text, candidate.start())
        if found and found.end() < len(text):
            starts.append(found.end())
    return starts


def _oracle_fold(text: str) -> str:
    return "".join(fold_char(c) for c in text).lower()


@pytest.mark.slow  # 400 generated texts
@settings(max_examples=400, deadline=None)
@given(prose())
def test_cues_are_what_the_regular_expressions_find(text: str) -> None:
    folded = fold(text).text
    cues = find_cues(folded)
    english = {m.start() for m in ANAPHORA.finditer(folded)}
    regional = {m.start() for m in REGIONAL_ANAPHORA.finditer(folded)}
    assert list(cues.anaphoras) == sorted(english | regional)
    expected = [
        (m.start(), m.end(), dict(ALL_DOCUMENT_KINDS)[m.group()]) for m in DOCUMENT.finditer(folded)
    ]
    assert list(cues.documents) == expected


@pytest.mark.slow  # 400 generated texts
@settings(max_examples=400, deadline=None)
@given(prose())
def test_dates_are_what_the_pattern_finds_everywhere(text: str) -> None:
    assert [m.span() for m in dates(text, month_offsets(text))] == [
        m.span() for m in DATE.finditer(text)
    ]


@settings(max_examples=400, deadline=None)
@given(prose())
def test_sentence_stops_are_what_the_pattern_finds(text: str) -> None:
    folded = fold(text).text
    assert Sentences(folded).starts == _oracle_starts(folded)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=120) | prose())
def test_fold_is_the_fold_of_each_character(text: str) -> None:
    assert fold(text).text == _oracle_fold(text)


def test_fold_keeps_lone_surrogates() -> None:
    text = "ASEAN \ud800 Việt"
    assert fold(text).text == "asean \ud800 viet"
    assert unicodedata.normalize("NFC", text) == text
