"""The JSON form of a judgement matches its schema, key for key."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from monitor.matching import JUDGEMENT_SCHEMA, Ruleset, judge, judgement_to_json
from tests.support.seeds import SEEDS, seed_text

PREFIXES = sorted(p.name[:3] for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_judgements_validate_against_the_schema(prefix: str, ruleset: Ruleset) -> None:
    data = judgement_to_json(judge(seed_text(prefix), ruleset), f"seeds/{prefix}")
    jsonschema.Draft202012Validator.check_schema(JUDGEMENT_SCHEMA)
    jsonschema.validate(data, JUDGEMENT_SCHEMA)
    assert list(data) == ["path", "relevant", "dialogues", "meetings", "topics", "ruleset"]
    assert data["ruleset"] == ruleset.hash
    json.dumps(data)  # JSON-ready


def test_schema_rejects_what_is_not_a_judgement(ruleset: Ruleset) -> None:
    data = judgement_to_json(judge(seed_text("003"), ruleset), "x")
    data["meetings"][0]["mechanism"] = "party"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, JUDGEMENT_SCHEMA)


def test_meeting_and_dialogue_keys(ruleset: Ruleset) -> None:
    data = judgement_to_json(judge(seed_text("003"), ruleset), "x")
    assert list(data["dialogues"][0]) == ["id", "name", "relevant", "score", "evidence"]
    assert data["dialogues"][0]["name"] == "ASEAN-United States"
    assert list(data["dialogues"][0]["evidence"][0]) == ["start", "end", "quote"]
    assert list(data["meetings"][0]) == [
        "name",
        "key",
        "ordinal",
        "mechanism",
        "dialogue",
        "host",
        "chair",
        "date",
        "documents",
    ]
    assert data["meetings"][0]["key"] == "asean-us/summit/13"
    assert list(data["topics"][0]) == ["id", "role", "weight", "evidence"]


def test_the_schema_in_the_docs_is_the_schema_the_code_validates_with() -> None:
    """docs/matching.md shows ``JUDGEMENT_SCHEMA`` as it is (its descriptions of a topic's role
    and weight included)."""
    text = (Path(__file__).parents[2] / "docs" / "matching.md").read_text(encoding="utf-8")
    block = text.split("<summary>JSON Schema (draft 2020-12)</summary>", 1)[1]
    shown = block.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(shown) == JUDGEMENT_SCHEMA
