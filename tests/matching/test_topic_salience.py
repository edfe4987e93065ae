"""Topics by salience: ``primary`` when the article is about a topic (title and lead, or dense
in the body), ``mentioned`` otherwise; topic filters match primary topics unless a
subscription asks for mentions."""

from __future__ import annotations

from typing import Any

import pytest

from alerts.filters import ArticleFacts, SubscriptionFilter, decide
from monitor.matching import judge, load_ruleset
from monitor.matching.topics import MAX_PRIMARY
from tests.support.seeds import seed_text

FILLER = "The leaders discussed the agenda of the meeting and its schedule at some length. " * 12


def test_every_seed_has_few_primary_topics_and_weights_that_share_the_whole() -> None:
    ruleset = load_ruleset()
    for seed in ("000", "001", "002", "003", "004"):
        topics = judge(seed_text(seed), ruleset).topics
        assert sum(t.primary for t in topics) <= min(MAX_PRIMARY, 4), seed
        if topics:
            assert sum(t.weight for t in topics) == pytest.approx(1.0, abs=0.01)
        assert {t.role for t in topics} <= {"primary", "mentioned"}


def test_a_topic_in_the_title_is_primary_and_one_named_once_deep_in_the_body_is_not() -> None:
    ruleset = load_ruleset()
    up_front = judge(
        FILLER + "Ministers also noted the Myanmar crisis.",
        ruleset,
        title="ASEAN and China discuss the South China Sea code of conduct",
    )
    roles = {t.id: t.role for t in up_front.topics}
    assert roles["south-china-sea"] == "primary"
    assert roles.get("myanmar", "mentioned") == "mentioned"


def _facts(role: str | None) -> ArticleFacts:
    topic: dict[str, Any] = {"id": "south-china-sea", "evidence": []}
    if role is not None:
        topic["role"] = role
    verdict = {
        "relevant": True,
        "dialogues": [{"id": "asean-china", "relevant": True, "score": 0.9, "evidence": []}],
        "meetings": [],
        "topics": [topic],
    }
    return ArticleFacts("a", "a", "t", "text", None, None, "en", "", verdict)


@pytest.mark.parametrize(
    ("role", "mentions", "wanted"),
    [
        ("primary", False, True),
        ("mentioned", False, False),
        ("mentioned", True, True),
        (None, False, True),  # judged before topics had a role: every topic counted
    ],
)
def test_topic_filters_match_primary_topics_unless_mentions_are_asked_for(
    role: str | None, mentions: bool, wanted: bool
) -> None:
    rule = SubscriptionFilter(topics=("south-china-sea",), topic_mentions=mentions)
    assert decide(rule, _facts(role)).wanted is wanted
