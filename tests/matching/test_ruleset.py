"""Rulesets: defaults, a user's overrides (validated, with field paths), files, the hash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from monitor.errors import MatchError
from monitor.matching import RulesetError, judge, load_ruleset, load_ruleset_file
from monitor.matching.automaton import Term
from monitor.matching.ruleset import content_hash, unspaced

TRACKED = {
    "asean-us",
    "asean-japan",
    "asean-china",
    "asean-korea",
    "asean-india",
    "asean-australia",
    "asean-new-zealand",
    "asean-canada",
    "asean-eu",
    "asean-russia",
    "asean-uk",
    "asean-plus-three",
    "east-asia-summit",
    "asean-regional-forum",
    "admm-plus",
}


def test_defaults_track_the_fifteen_dialogues() -> None:
    ruleset = load_ruleset()
    assert {d.id for d in ruleset.catalogue.active_dialogues()} == TRACKED
    assert len(ruleset.hash) == 64
    assert ruleset.source == "<defaults>"


def test_hash_is_stable_and_content_addressed() -> None:
    assert load_ruleset().hash == load_ruleset().hash
    assert load_ruleset().hash == content_hash(load_ruleset().canonical())
    assert load_ruleset({"dialogues": {"asean-us": {"aliases": ["Uncle Sam"]}}}).hash != (
        load_ruleset().hash
    )


def test_added_alias_is_matched() -> None:
    ruleset = load_ruleset({"dialogues": {"asean-us": {"compounds": ["ASEAN-Uncle Sam"]}}})
    j = judge("The ASEAN-Uncle Sam partnership deepened.", ruleset)
    assert [d.id for d in j.relevant_dialogues()] == ["asean-us"]


def test_new_dialogue_is_tracked() -> None:
    ruleset = load_ruleset(
        {
            "dialogues": {
                "asean-gcc": {
                    "name": "ASEAN-GCC",
                    "aliases": ["Gulf Cooperation Council"],
                    "exact_aliases": ["GCC"],
                }
            }
        }
    )
    j = judge("The ASEAN-GCC Summit was held in Riyadh. ASEAN-GCC trade grows.", ruleset)
    assert [d.id for d in j.relevant_dialogues()] == ["asean-gcc"]
    assert [(m.dialogue, m.mechanism) for m in j.meetings] == [("asean-gcc", "summit")]


def test_a_korean_term_is_found_with_or_without_its_spaces() -> None:
    """Korean writes a compound noun either way: "조류 인플루엔자" is listed, "조류인플루엔자"
    is found too; a term without Hangul keeps its spaces only."""
    health = Term("topic", "health")
    assert list(unspaced(iter([("조류 인플루엔자", health), ("bird flu", health)]))) == [
        ("조류 인플루엔자", health),
        ("조류인플루엔자", health),
        ("bird flu", health),
    ]
    judged = judge("아세안+3 정상들은 조류인플루엔자 대응 협력을 논의했다.", load_ruleset())
    assert "health" in {t.id for t in judged.topics}


def test_only_and_disable_narrow_the_catalogue() -> None:
    only = load_ruleset({"only": ["asean-japan", "asean-us"]})
    assert {d.id for d in only.catalogue.active_dialogues()} == {"asean-japan", "asean-us"}
    fewer = load_ruleset({"disable": ["asean-russia"]})
    assert "asean-russia" not in {d.id for d in fewer.catalogue.active_dialogues()}
    disabled = load_ruleset({"dialogues": {"asean-uk": {"enabled": False}}})
    assert "asean-uk" not in {d.id for d in disabled.catalogue.active_dialogues()}


def test_topics_and_settings_can_be_changed() -> None:
    ruleset = load_ruleset(
        {
            "topics": {
                "critical-minerals": {"name": "Critical minerals", "strong": ["rare earths"]},
                "women-gender": {"enabled": False},
            },
            "settings": {"min_score": 0.7},
        }
    )
    assert ruleset.catalogue.settings.min_score == 0.7
    j = judge("ASEAN-Japan talks on rare earths and gender equality.", ruleset)
    assert [t.id for t in j.topics] == ["critical-minerals"]


def test_a_topics_context_terms_weigh_but_never_make_it_primary() -> None:
    """``context``: evidence of a topic that does not name it (label rule R6)."""
    ruleset = load_ruleset(
        {"topics": {"critical-minerals": {"name": "Critical minerals", "strong": ["rare earths"],
                                          "context": ["mining", "nickel"]}}}
    )  # fmt: skip
    title = "Mining and nickel top the agenda"
    found = {t.id: t for t in judge("Ministers met in Jakarta.", ruleset, title=title).topics}
    assert found["critical-minerals"].role == "mentioned", "context terms name nothing"
    named = judge("Ministers met in Jakarta.", ruleset, title="Rare earths top the agenda")
    assert [t.id for t in named.topics if t.primary] == ["critical-minerals"]
    assert ruleset.catalogue.topics[-1].context == ("mining", "nickel")
    with pytest.raises(RulesetError, match=r"topics\.minerals\.context"):
        load_ruleset({"topics": {"minerals": {"name": "C", "strong": ["x"], "context": 3}}})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"dialogue": {}}, r"matching\.dialogue: unknown key"),
        (
            {"dialogues": {"asean-us": {"aliases": ["ok", 3]}}},
            r"matching\.dialogues\.asean-us\.aliases\[1\]: expected a non-empty string",
        ),
        (
            {"dialogues": {"asean-us": {"aliases": "Uncle Sam"}}},
            r"matching\.dialogues\.asean-us\.aliases: expected a list of strings",
        ),
        (
            {"dialogues": {"asean-gcc": {"aliases": ["GCC"]}}},
            r"matching\.dialogues\.asean-gcc\.name: expected a non-empty string",
        ),
        (
            {"dialogues": {"asean-gcc": {"name": "ASEAN-GCC"}}},
            r"matching\.dialogues\.asean-gcc\.aliases: a new dialogue needs at least one alias",
        ),
        (
            {"dialogues": {"Bad Id": {"name": "x", "aliases": ["x"]}}},
            r"matching\.dialogues\.Bad Id: expected an id",
        ),
        ({"dialogues": {"asean-us": {"kind": "mechanism"}}}, r"keeps its kind 'partner'"),
        ({"disable": ["asean-mars"]}, r"matching\.disable: unknown dialogue 'asean-mars'"),
        ({"settings": {"min_score": 2}}, r"matching\.settings\.min_score: expected a number"),
        ({"settings": {"max_evidence": 0}}, r"matching\.settings\.max_evidence: expected an"),
        ({"dialogues": {"asean-us": {"enabled": "no"}}}, r"enabled: expected true or false"),
        ([], r"matching: expected a mapping"),
    ],
)
def test_bad_overrides_name_the_field(overrides: Any, message: str) -> None:
    with pytest.raises(RulesetError, match=message) as caught:
        load_ruleset(overrides, source="sources.yaml")
    assert str(caught.value).startswith("sources.yaml: ")
    assert isinstance(caught.value, MatchError)


def test_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("matching:\n  only: [asean-japan]\n", encoding="utf-8")
    ruleset = load_ruleset_file(path)
    assert ruleset.source == str(path)
    assert {d.id for d in ruleset.catalogue.active_dialogues()} == {"asean-japan"}
    bare = tmp_path / "bare.yaml"
    bare.write_text("only: [asean-japan]\n", encoding="utf-8")
    assert load_ruleset_file(bare).hash == ruleset.hash


def test_rules_file_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("only: [asean-japan\nsettings: {}\n", encoding="utf-8")
    with pytest.raises(RulesetError, match=r"broken\.yaml: line \d+: not valid YAML"):
        load_ruleset_file(broken)
    with pytest.raises(RulesetError, match="cannot read rules file"):
        load_ruleset_file(tmp_path / "missing.yaml")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("- asean-us\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="expected a mapping of matching rules, got list"):
        load_ruleset_file(wrong)
