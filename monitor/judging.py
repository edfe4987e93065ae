"""The matching core as the pipeline calls it: a ruleset's hash and a judgement as JSON."""

from __future__ import annotations

from typing import Any

from monitor.matching import Ruleset, judge, judgement_to_json


class RulesetJudge:
    """Judges texts with one ruleset; ``ruleset_hash`` goes into every match event."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.ruleset_hash = ruleset.hash

    def __call__(self, text: str, title: str | None) -> dict[str, Any]:
        document = judgement_to_json(judge(text, self.ruleset, title=title), "")
        document.pop("path", None)
        return document
