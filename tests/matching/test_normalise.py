"""Folding: examples, and the property that no offset ever moves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.matching.normalise import fold, fold_char, fold_term

# Text drawn from everything: any code point but surrogates, plus the awkward ones on purpose.
AWKWARD = (
    "ASEAN-US U.S. Việt Nam Đà Nẵng ß ﬁ İ ‐‑‒–—―−﹣－ ’ ・ \u200b\u00ad\u0301 "
    "中国－东盟 한-아세안 ＡＳＥＡＮ"
)
texts = st.text(st.characters(codec="utf-8"), max_size=200) | st.text(
    st.sampled_from(AWKWARD), max_size=200
)


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Việt Nam", "viet nam"),
        ("Đông Nam Á", "dong nam a"),
        ("ASEAN–U.S.", "asean-u.s."),
        ("ASEAN—US", "asean-us"),
        ("中国－东盟", "中国-东盟"),
        ("ＡＳＥＡＮ", "asean"),
        ("Leaders’ Statement", "leaders' statement"),
        ("日・ASEAN", "日·asean"),
        ("a\u00a0b\tc", "a b\tc"),
        ("한-아세안", "한-아세안"),
    ],
)
def test_fold_examples(original: str, folded: str) -> None:
    assert fold(original).text == folded


def test_fold_term_matches_fold_of_text() -> None:
    assert fold_term("  Hoa Kỳ ") == fold("Hoa Kỳ").text == "hoa ky"


@given(texts)
@settings(max_examples=400)
def test_folding_never_moves_an_offset(text: str) -> None:
    folded = fold(text)
    assert len(folded.text) == len(text)
    for index, char in enumerate(text):
        assert folded.text[index] == fold_char(char)


@given(texts, st.data())
@settings(max_examples=300)
def test_every_folded_span_maps_back_to_the_exact_original(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    begin, finish = folded.original_span(start, end)
    assert (begin, finish) == (start, end)
    assert folded.quote(start, end) == text[start:end]


def test_span_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        fold("ASEAN").original_span(2, 9)
