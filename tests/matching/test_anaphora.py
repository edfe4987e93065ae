""" "The bloc" stands for ASEAN only after ASEAN's name, and never beside the EU."""

from __future__ import annotations

from monitor.matching import Ruleset, judge


def quotes(text: str, ruleset: Ruleset) -> list[str]:
    return [e.quote for d in judge(text, ruleset).dialogues for e in d.evidence]


def test_the_bloc_after_aseans_name_is_asean(ruleset: Ruleset) -> None:
    text = (
        "ASEAN leaders gathered in Kuala Lumpur. Beijing and the bloc signed an upgraded free "
        "trade deal on Tuesday."
    )
    assert "Beijing and the bloc" in quotes(text, ruleset)
    assert [d.id for d in judge(text, ruleset).relevant_dialogues()] == ["asean-china"]


def test_the_bloc_before_aseans_name_is_not(ruleset: Ruleset) -> None:
    text = "Beijing and the bloc signed a deal. ASEAN's secretary-general was not there."
    assert "Beijing and the bloc" not in quotes(text, ruleset)


def test_the_bloc_beside_the_eu_may_be_the_eu(ruleset: Ruleset) -> None:
    text = (
        "The European Union and ASEAN met in Brussels. Japan and the bloc also signed a "
        "digital partnership."
    )
    assert "Japan and the bloc" not in quotes(text, ruleset)
