"""Sentence splits: a full stop glued to the next sentence (a paragraph break the stored copy
lost) still ends a sentence; abbreviations, initials, file names and addresses do not."""

from __future__ import annotations

import pytest

from monitor.matching.normalise import fold
from monitor.matching.sentences import Sentences


def _sentences(text: str) -> list[str]:
    folded = fold(text)
    split = Sentences(folded.text, folded.original)
    return [text[slice(*split.span(n))].strip() for n in range(len(split.starts))]


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("Pertemuan digelar pada 24-26 Mei 2023.Asisten Menteri akan hadir.", "Asisten"),
        ("The ministers met at the related meetings.They agreed on a plan.", "They"),
        ("An dem Treffen werden 27 Länder teilnehmen.Die Sitzungen beginnen morgen.", "Die"),
        ("협상이 본격적으로 시작 됐습니다.산업통상자원부는 이렇게 밝혔습니다.", "산업통상자원부는"),
    ],
)
def test_a_full_stop_glued_to_the_next_sentence_ends_one(text: str, second: str) -> None:
    found = _sentences(text)
    assert len(found) == 2
    assert found[1].startswith(second)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.Department of State spoke.",
        "Mr.Smith and Dr.Lee attended.",
        "See articles/2017/11/13/6640.html for more.",
        "Details are at www.asean.org and kemlu.go.id today.",
        "Several partners, e.g.Japan, attended.",
        "ANI file photo taken on 10 October 2024.ANI",
    ],
)
def test_abbreviations_initials_and_addresses_end_no_sentence(text: str) -> None:
    assert len(_sentences(text)) == 1


def test_without_the_cased_text_a_glued_stop_ends_nothing() -> None:
    """Folded text has no letter case, so only the cased text tells "2023.Asisten" apart."""
    folded = fold("Pada 24-26 Mei 2023.Asisten Menteri hadir.")
    assert Sentences(folded.text).starts == [0]
