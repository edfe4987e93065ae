""" "New meetings only": one alert per meeting identity, whatever the spelling, and none for a
meeting the text does not identify (the real matcher's judgements, the router's pure parts)."""

from __future__ import annotations

from typing import Any

from alerts.filters import ArticleFacts, Decision, Delivery, SubscriptionFilter, decide
from alerts.model import LogTarget
from alerts.routing import first_alert_id
from alerts.subscriptions import Subscription
from monitor.matching import judge, judgement_to_json, load_ruleset

RULE = SubscriptionFilter(dialogues=("asean-us",), new_meetings_only=True)
SUBSCRIPTION = Subscription(
    "sub-1",
    "meetings",
    "active",
    RULE,
    LogTarget(type="log"),
    Delivery(),
    0,
)


def _article(story: str, verdict: dict[str, Any], text: str = "") -> ArticleFacts:
    return ArticleFacts(
        story,
        story,
        verdict=verdict,
        title="",
        text=text,
        url=None,
        source_id=None,
        language=None,
        summary="",
    )


def _facts(story: str, text: str) -> tuple[ArticleFacts, Decision]:
    facts = _article(story, judgement_to_json(judge(text, load_ruleset()), ""), text)
    return facts, decide(RULE, facts)


def test_two_spellings_of_one_meeting_are_one_alert() -> None:
    one, first = _facts("a", "ASEAN and US leaders met at the 13th ASEAN-US Summit.")
    two, second = _facts("b", "ASEAN and the U.S. met at the 13th ASEAN–U.S. summit.")
    assert first.wanted
    assert second.wanted
    assert first_alert_id(SUBSCRIPTION, one, first) == first_alert_id(SUBSCRIPTION, two, second)
    other, third = _facts("c", "ASEAN and US leaders met at the 12th ASEAN-US Summit.")
    assert first_alert_id(SUBSCRIPTION, other, third) != first_alert_id(SUBSCRIPTION, one, first)


def test_a_meeting_without_identity_is_not_a_new_meeting() -> None:
    _, decision = _facts("a", "ASEAN and US leaders will meet at the ASEAN-US Summit.")
    assert not decision.wanted


def test_a_judgement_recorded_before_keys_still_counts_its_meetings() -> None:
    verdict = {
        "relevant": True,
        "dialogues": [{"id": "asean-us", "relevant": True, "score": 1.0, "evidence": []}],
        "meetings": [{"name": "ASEAN-US Summit", "mechanism": "summit", "dialogue": "asean-us"}],
    }
    assert decide(RULE, _article("a", verdict)).wanted
