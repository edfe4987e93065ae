"""The JSON form of a judgement, and its JSON Schema (also printed in docs/matching.md)."""

from __future__ import annotations

from typing import Any

from monitor.matching.judgement import DialogueMatch, Judgement, Meeting, TopicMatch
from monitor.matching.mechanisms import MECHANISMS

_SPAN_PROPERTIES: dict[str, Any] = {
    "start": {"type": "integer", "minimum": 0},
    "end": {"type": "integer", "minimum": 0},
    "quote": {"type": "string", "minLength": 1},
}
_SPAN: dict[str, Any] = {
    "type": "object",
    "required": ["start", "end", "quote"],
    "additionalProperties": False,
    "properties": _SPAN_PROPERTIES,
}
_NULLABLE_STRING = {"type": ["string", "null"]}

JUDGEMENT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://asean-monitor.invalid/schemas/judgement-3.json",
    "title": "asean-monitor judgement",
    "type": "object",
    "required": ["path", "relevant", "dialogues", "meetings", "topics", "ruleset"],
    "additionalProperties": False,
    "properties": {
        "path": {"type": "string"},
        "relevant": {"type": "boolean"},
        "dialogues": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "relevant", "score", "evidence"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "name": {"type": "string", "description": "the dialogue's name"},
                    "relevant": {"type": "boolean"},
                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                    "evidence": {"type": "array", "items": _SPAN},
                },
            },
        },
        "meetings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "name",
                    "key",
                    "ordinal",
                    "mechanism",
                    "dialogue",
                    "host",
                    "chair",
                    "date",
                    "documents",
                ],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "key": {
                        "type": ["string", "null"],
                        "description": "the meeting's identity: dialogue/mechanism/ordinal, "
                        "else dialogue/mechanism/year[/place]; null when the text gives neither",
                    },
                    "ordinal": {"type": ["integer", "null"], "minimum": 1},
                    "mechanism": {"enum": list(MECHANISMS)},
                    "dialogue": {"type": "string"},
                    "host": _NULLABLE_STRING,
                    "chair": _NULLABLE_STRING,
                    "date": _NULLABLE_STRING,
                    "documents": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["kind", "start", "end", "quote"],
                            "additionalProperties": False,
                            "properties": {"kind": {"type": "string"}, **_SPAN_PROPERTIES},
                        },
                    },
                },
            },
        },
        "topics": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "role", "weight", "evidence"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string"},
                    "role": {
                        "enum": ["primary", "mentioned"],
                        "description": "primary: the article is about the topic (label rule "
                        "R6: the title or the lead names it, a meeting is said to focus on it, "
                        "or two sentences of a paragraph or three of the text name it, lists "
                        "and examples aside; at most four); mentioned: named, not the subject",
                    },
                    "weight": {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1,
                        "description": "the topic's share of the weight of the topics reported",
                    },
                    "evidence": {"type": "array", "items": _SPAN},
                },
            },
        },
        "ruleset": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    },
}


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "name": meeting.name,
        "key": meeting.key,
        "ordinal": meeting.ordinal,
        "mechanism": meeting.mechanism,
        "dialogue": meeting.dialogue,
        "host": meeting.host,
        "chair": meeting.chair,
        "date": meeting.date,
        "documents": [
            {"kind": d.kind, "start": d.start, "end": d.end, "quote": d.quote}
            for d in meeting.documents
        ],
    }


def _dialogue(d: DialogueMatch) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "relevant": d.relevant,
        "score": d.score,
        "evidence": [{"start": e.start, "end": e.end, "quote": e.quote} for e in d.evidence],
    }


def _topic(t: TopicMatch) -> dict[str, Any]:
    return {
        "id": t.id,
        "role": t.role,
        "weight": t.weight,
        "evidence": [{"start": e.start, "end": e.end, "quote": e.quote} for e in t.evidence],
    }


def judgement_to_json(j: Judgement, path: str) -> dict[str, Any]:
    """The judgement as JSON-ready data (shape: :data:`JUDGEMENT_SCHEMA`; each span written
    out in place, without a call: some sixty a judgement)."""
    return {
        "path": path,
        "relevant": j.relevant,
        "dialogues": [_dialogue(d) for d in j.dialogues],
        "meetings": [_meeting(m) for m in j.meetings],
        "topics": [_topic(t) for t in j.topics],
        "ruleset": j.ruleset,
    }
