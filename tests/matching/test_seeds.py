"""The five canonical seeds (tests/fixtures/seeds): dialogues, meetings, no false claims."""

from __future__ import annotations

import pytest

from monitor.matching import Judgement, Ruleset, judge
from tests.support.seeds import seed_text

EXPECTED = {
    "000": "asean-us",
    "001": "asean-us",
    "002": "asean-us",
    "003": "asean-us",
    "004": "asean-japan",
}


def _judge(prefix: str, ruleset: Ruleset) -> Judgement:
    return judge(seed_text(prefix), ruleset)


def _meeting_keys(j: Judgement) -> set[tuple[str, str, int | None]]:
    return {(m.dialogue, m.mechanism, m.ordinal) for m in j.meetings}


@pytest.mark.parametrize(("prefix", "dialogue"), sorted(EXPECTED.items()))
def test_seed_is_relevant_to_its_dialogue_and_no_other(
    prefix: str, dialogue: str, ruleset: Ruleset
) -> None:
    j = _judge(prefix, ruleset)
    assert j.relevant
    assert [d.id for d in j.relevant_dialogues()] == [dialogue]
    match = j.dialogue(dialogue)
    assert match is not None
    assert match.score >= 0.9
    assert match.evidence, "a relevant dialogue shows its evidence"


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_evidence_quotes_the_text(prefix: str, ruleset: Ruleset) -> None:
    text = seed_text(prefix)
    j = judge(text, ruleset)
    spans = [e for d in j.dialogues for e in d.evidence] + [e for t in j.topics for e in t.evidence]
    assert spans
    for e in spans:
        assert text[e.start : e.end] == e.quote
    for m in j.meetings:
        assert text[m.start : m.end] == m.name
        for doc in m.documents:
            assert text[doc.start : doc.end] == doc.quote


def test_seed_000_passing_mentions_are_listed_not_relevant(ruleset: Ruleset) -> None:
    j = _judge("000", ruleset)
    russia = j.dialogue("asean-russia")
    assert russia is not None
    assert not russia.relevant
    assert any(e.quote == "Russia" for e in russia.evidence)
    assert j.dialogue("asean-china") is None, "'South China Sea' is not China"
    for ident in ("east-asia-summit", "asean-regional-forum"):
        passing = j.dialogue(ident)
        assert passing is not None
        assert not passing.relevant


def test_seed_000_meetings(ruleset: Ruleset) -> None:
    keys = _meeting_keys(_judge("000", ruleset))
    assert ("east-asia-summit", "foreign-ministers", 12) in keys
    assert ("asean-regional-forum", "forum", 29) in keys
    assert ("asean-us", "special-summit", None) in keys
    assert ("asean-us", "sectoral-ministerial", 1) in keys  # the inaugural Energy Ministerial


def test_seed_002_twelfth_summit_with_chair_and_statement(ruleset: Ruleset) -> None:
    j = _judge("002", ruleset)
    (summit,) = [m for m in j.meetings if m.mechanism == "summit"]
    assert (summit.name, summit.ordinal, summit.dialogue) == (
        "12th ASEAN-US Summit",
        12,
        "asean-us",
    )
    assert summit.chair == "Lao Prime Minister Sonexay Siphandone"
    assert [d.kind for d in summit.documents] == ["leaders-statement"]
    assert summit.documents[0].quote.startswith("ASEAN-US Leaders' Statement on Promoting Safe")


def test_seed_003_thirteenth_summit_host_date_vision(ruleset: Ruleset) -> None:
    j = _judge("003", ruleset)
    (summit,) = j.meetings
    assert (summit.name, summit.ordinal, summit.mechanism) == ("13th ASEAN–US Summit", 13, "summit")
    assert summit.host == "Kuala Lumpur, Malaysia"
    assert summit.date == "October 26"
    assert [d.kind for d in summit.documents] == ["joint-vision-statement"]


def test_seed_004_forum_and_the_summit_it_refers_to(ruleset: Ruleset) -> None:
    j = _judge("004", ruleset)
    forum, summit = j.meetings
    assert (forum.name, forum.ordinal, forum.mechanism) == ("36th ASEAN-Japan Forum", 36, "forum")
    assert forum.date == "27 May 2021"
    assert forum.chair is not None
    assert forum.chair.startswith("Nguyen Quoc Dzung")
    assert (summit.name, summit.ordinal, summit.mechanism) == (
        "23rd ASEAN-Japan Summit",
        23,
        "summit",
    )
    assert summit.date == "November 2020"
    assert [d.kind for d in summit.documents] == ["joint-statement"]


def test_seed_topics(ruleset: Ruleset) -> None:
    topics = {t.id for t in _judge("003", ruleset).topics}
    assert {"south-china-sea", "transnational-crime", "trade-investment"} <= topics
    assert "myanmar" not in topics
    assert "myanmar" in {t.id for t in _judge("001", ruleset).topics}
