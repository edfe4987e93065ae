"""The automaton and the checks after a hit: boundaries, case, currency, overlaps."""

from __future__ import annotations

from monitor.matching.automaton import Scanner, Term
from monitor.matching.normalise import fold


def _scanner() -> Scanner:
    return Scanner(
        [
            ("ASEAN", Term("bloc", "asean")),
            ("US", Term("partner", "asean-us", exact="US")),
            ("United States", Term("partner", "asean-us")),
            ("China", Term("partner", "asean-china")),
            ("中国", Term("partner", "asean-china")),
            ("South China Sea", Term("topic", "south-china-sea")),
            ("ASEAN Regional Forum", Term("mechanism", "asean-regional-forum")),
            ("trade", Term("topic", "trade-investment", 0.5)),
        ]
    )


def _quotes(text: str) -> list[str]:
    names, topics = _scanner().scan(fold(text))
    return [text[h.start : h.end] for h in sorted(names + topics, key=lambda h: h.start)]


def test_case_that_means_something_is_kept() -> None:
    assert _quotes("Join us: the US and ASEAN") == ["US", "ASEAN"]


def test_currency_is_not_the_country() -> None:
    assert _quotes("US$2 billion for ASEAN") == ["ASEAN"]


def test_word_boundaries_for_latin_script() -> None:
    assert _quotes("Chinatown, USB, ASEANs") == []


def test_no_boundary_asked_of_cjk() -> None:
    assert _quotes("中国东盟") == ["中国"]


def test_longest_overlapping_term_wins() -> None:
    assert _quotes("the South China Sea and the ASEAN Regional Forum") == [
        "South China Sea",
        "ASEAN Regional Forum",
    ]


def test_topic_term_does_not_hide_the_bloc_but_hides_a_partner() -> None:
    names, topics = _scanner().scan(fold("ASEAN trade in the South China Sea"))
    assert [n.terms[0].kind for n in names] == ["bloc"]
    assert len(topics) == 2


def test_scanner_size_counts_distinct_folded_keys() -> None:
    scanner = Scanner([("Việt Nam", Term("member", "vn")), ("viet nam", Term("member", "vn"))])
    assert scanner.size == 1
