"""Matching: which ASEAN dialogue an article is about, which meeting, which topics (pure).

Public API::

    ruleset = load_ruleset(overrides)          # or load_ruleset_file(path)
    verdict = judge(text, ruleset, title=None) # -> Judgement (frozen)
    judgement_to_json(verdict, path)           # -> dict matching JUDGEMENT_SCHEMA
    render_judgement(verdict, text)            # -> rich renderable

See docs/matching.md.
"""

from monitor.matching.catalogue import RulesetError
from monitor.matching.judgement import (
    DialogueMatch,
    Document,
    Evidence,
    Judgement,
    Meeting,
    TopicMatch,
    judged_text,
)
from monitor.matching.matcher import judge
from monitor.matching.render import render_judgement
from monitor.matching.ruleset import Ruleset, load_ruleset, load_ruleset_file
from monitor.matching.serialise import JUDGEMENT_SCHEMA, judgement_to_json

__all__ = [
    "JUDGEMENT_SCHEMA",
    "DialogueMatch",
    "Document",
    "Evidence",
    "Judgement",
    "Meeting",
    "Ruleset",
    "RulesetError",
    "TopicMatch",
    "judge",
    "judged_text",
    "judgement_to_json",
    "load_ruleset",
    "load_ruleset_file",
    "render_judgement",
]
