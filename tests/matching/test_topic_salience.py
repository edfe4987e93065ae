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


def _roles(text: str, title: str | None = None) -> dict[str, str]:
    return {t.id: t.role for t in judge(text, load_ruleset(), title=title).topics}


def test_a_topic_named_in_one_sentence_deep_in_the_body_is_one_mention_not_a_theme() -> None:
    # "the COVID-19 pandemic" names health twice in one sentence: still one mention.
    roles = _roles(FILLER + "\n\nThey recalled the COVID-19 pandemic and its toll.")
    assert roles["health"] == "mentioned"


def test_a_sentence_naming_a_topic_in_three_different_terms_is_about_it() -> None:
    once = "\n\nThey agreed to expand free trade, cut tariffs and secure supply chains."
    assert _roles(FILLER + once)["trade-investment"] == "primary"


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan is ASEAN's fourth trading partner and fifth investor, with bilateral trade at "
        "$236 billion and investment flows of $17 billion.",
        "Nhật Bản là đối tác thương mại lớn thứ tư của ASEAN, kim ngạch thương mại đạt 236 tỷ "
        "USD và vốn đầu tư đạt 17 tỷ USD.",
        "日本是东盟第四大贸易伙伴，贸易额达2366亿美元，投资额达175亿美元。",
        "Il Giappone è il quarto partner commerciale dell'ASEAN, con un interscambio di 236 "
        "miliardi e investimenti per 17 miliardi.",
    ],
)
def test_a_sentence_of_trade_figures_is_about_trade(sentence: str) -> None:
    """Trade's partners, volume and investment, each a term of its own: the sentence is about
    trade whatever the language."""
    assert _roles(FILLER + "\n\n" + sentence)["trade-investment"] == "primary"


def test_a_topic_named_in_several_sentences_of_a_paragraph_is_a_main_theme() -> None:
    body = (
        FILLER + "\n\nThe ministers discussed the South China Sea. They urged restraint in the"
        " South China Sea. Talks on a code for the Spratlys go on."
    )
    assert _roles(body)["south-china-sea"] == "primary"


def test_topics_in_lists_of_cooperation_areas_are_named_in_passing() -> None:
    listing = "They agreed to cooperate on trade and investment, climate change and public health. "
    roles = _roles(FILLER + "\n\n" + listing + FILLER + "\n\n" + listing.replace("agreed", "hoped"))
    assert set(roles) >= {"trade-investment", "energy-climate", "health"}
    assert set(roles.values()) == {"mentioned"}


def test_at_most_two_topics_are_primary_the_weightiest_first() -> None:
    paragraphs = [
        "Trade and investment grew. Tariffs fell. Free trade talks went on.",
        "Climate change was discussed. Clean energy projects were launched.",
        "Public health was raised. Vaccines were pledged. A pandemic fund was set up.",
    ]
    roles = _roles(FILLER + "\n\n" + "\n\n".join(paragraphs))
    assert MAX_PRIMARY == 2
    assert [i for i, r in roles.items() if r == "primary"] == ["trade-investment", "health"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Die Staaten berieten über das Südchinesische Meer.", "south-china-sea"),
        (
            "Le ministre a évoqué la Mer de Chine méridionale et la sécurité maritime.",
            "maritime-security",
        ),
        ("I ministri hanno discusso del Mar Cinese Meridionale.", "south-china-sea"),
        ("Стороны обсудили борьбу с терроризмом и наркоторговлей.", "transnational-crime"),
        ("Los líderes hablaron del cambio climático.", "energy-climate"),
        ("Ang pulong ay tungkol sa malayang kalakalan.", "trade-investment"),
        ("They want the sea lanes of the region to stay open.", "maritime-security"),
        ("Economic ties and economic relations grew.", "trade-investment"),
        ("以實施中國－東盟自貿區3.0版升級議定書為契機。", "trade-investment"),
        ("雙方同意加強應對氣候變遷的合作。", "energy-climate"),
        ("各方支持落實東盟五點共識。", "myanmar"),
        ("推動互聯互通與跨國犯罪合作。", "connectivity-transport"),
    ],
)
def test_the_taxonomy_names_topics_in_the_partners_languages(text: str, topic: str) -> None:
    assert topic in {t.id for t in judge(text, load_ruleset()).topics}


def test_generic_words_are_weak_in_every_language_and_women_peace_and_security_is_one_term() -> (
    None
):
    ruleset = load_ruleset()
    for text in ("They spoke of energy.", "Hai bên bàn về năng lượng.", "双方讨论了能源。"):
        assert not judge(text, ruleset).topics, text
    assert not judge("They stressed peace and security in the region.", ruleset).topics
    found = judge("Canada supports the Women, Peace and Security agenda.", ruleset).topics
    assert [t.id for t in found] == ["women-gender"]


def test_a_member_states_name_in_a_list_or_a_caption_is_a_place_not_the_topic() -> None:
    """ "Myanmar" among the member states, or in a photo's caption, is not the Myanmar crisis;
    the junta in a sentence of its own is."""
    ruleset = load_ruleset()
    places = (
        "The leaders of Brunei, Cambodia, Indonesia, Laos, Malaysia, Myanmar, the Philippines, "
        "Singapore, Thailand and Vietnam met Japan's prime minister. "
        "Photo: the leaders in Naypyidaw, Myanmar, last year."
    )
    about = "Myanmar's junta rejected the plan. Myanmar's military detained more protesters."
    assert "myanmar" not in {t.id for t in judge(places, ruleset).topics}
    assert "myanmar" in {t.id for t in judge(about, ruleset).topics}
