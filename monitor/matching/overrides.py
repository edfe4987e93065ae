"""A user's ``matching:`` mapping (sources.yaml, or a rules file) applied to the catalogue.

Shape (every key optional; unknown keys are refused)::

    matching:
      only: [asean-us, asean-japan]        # track these dialogues and no other
      disable: [asean-russia]              # stop tracking these
      dialogues:
        asean-us:                          # a shipped dialogue: aliases are ADDED
          aliases: [Uncle Sam]
          exact_aliases: [POTUS]
          compounds: [ASEAN-Amerika]
          enabled: true
        asean-gcc:                         # a new dialogue: name and aliases required
          name: ASEAN-Gulf Cooperation Council
          kind: partner                    # or mechanism
          aliases: [Gulf Cooperation Council]
          exact_aliases: [GCC]
      topics:
        critical-minerals: {name: Critical minerals, strong: [rare earths], weak: [nickel]}
        women-gender: {enabled: false}
      counter:                             # more counter-evidence, added to the shipped lists
        sports: [ASEAN Esports]
        other-fora: [Boao Forum]
        blockers: [Indiana]
      settings: {min_score: 0.6, passing_share: 0.25, max_evidence: 12}

Errors name the field path from ``matching`` and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from monitor.matching.catalogue import (
    COUNTER_GROUPS,
    Catalogue,
    Dialogue,
    RulesetError,
    Settings,
    Topic,
    _mapping,
    _strings,
    dialogue_from,
    topic_from,
)

TOP_KEYS = frozenset({"only", "disable", "dialogues", "topics", "counter", "settings"})
DIALOGUE_KEYS = frozenset({"name", "kind", "aliases", "exact_aliases", "compounds", "enabled"})
TOPIC_KEYS = frozenset({"name", "strong", "weak", "exact", "context", "enabled"})
IDENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def _check_keys(raw: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in raw:
        if key not in allowed:
            raise RulesetError(f"{path}.{key}: unknown key; expected one of {sorted(allowed)}")


def _check_ident(ident: Any, path: str) -> str:
    if not isinstance(ident, str) or not IDENT.match(ident):
        raise RulesetError(
            f"{path}: expected an id of lower-case letters, digits and '-', got {ident!r}"
        )
    return ident


def _enabled(raw: Mapping[str, Any], path: str, default: bool) -> bool:
    value = raw.get("enabled", default)
    if not isinstance(value, bool):
        raise RulesetError(f"{path}.enabled: expected true or false, got {value!r}")
    return value


def _merge_dialogue(
    base: Dialogue | None, raw: Mapping[str, Any], ident: str, path: str
) -> Dialogue:
    _check_keys(raw, DIALOGUE_KEYS, path)
    if base is None:
        made = dialogue_from(ident, raw, path)
        if not (made.aliases or made.exact_aliases or made.compounds):
            raise RulesetError(f"{path}.aliases: a new dialogue needs at least one alias")
        return replace(made, enabled=_enabled(raw, path, True))
    if "kind" in raw and raw["kind"] != base.kind:
        raise RulesetError(f"{path}.kind: a shipped dialogue keeps its kind {base.kind!r}")
    name = raw.get("name", base.name)
    if not isinstance(name, str) or not name.strip():
        raise RulesetError(f"{path}.name: expected a non-empty string, got {name!r}")
    return replace(
        base,
        name=name.strip(),
        aliases=base.aliases + _strings(raw.get("aliases"), f"{path}.aliases"),
        exact_aliases=base.exact_aliases
        + _strings(raw.get("exact_aliases"), f"{path}.exact_aliases"),
        compounds=base.compounds + _strings(raw.get("compounds"), f"{path}.compounds"),
        enabled=_enabled(raw, path, base.enabled),
    )


def _merge_topic(base: Topic | None, raw: Mapping[str, Any], ident: str, path: str) -> Topic:
    _check_keys(raw, TOPIC_KEYS, path)
    if base is None:
        return replace(topic_from(ident, raw, path), enabled=_enabled(raw, path, True))
    return replace(
        base,
        strong=base.strong + _strings(raw.get("strong"), f"{path}.strong"),
        weak=base.weak + _strings(raw.get("weak"), f"{path}.weak"),
        exact=base.exact + _strings(raw.get("exact"), f"{path}.exact"),
        context=base.context + _strings(raw.get("context"), f"{path}.context"),
        enabled=_enabled(raw, path, base.enabled),
    )


def _merge_dialogues(catalogue: Catalogue, raw: Any, path: str) -> tuple[Dialogue, ...]:
    by_id = {d.id: d for d in catalogue.dialogues}
    for ident, body in _mapping(raw, path).items():
        key = _check_ident(ident, f"{path}.{ident}")
        by_id[key] = _merge_dialogue(
            by_id.get(key), _mapping(body, f"{path}.{key}"), key, f"{path}.{key}"
        )
    return tuple(by_id.values())


def _merge_topics(catalogue: Catalogue, raw: Any, path: str) -> tuple[Topic, ...]:
    by_id = {t.id: t for t in catalogue.topics}
    for ident, body in _mapping(raw, path).items():
        key = _check_ident(ident, f"{path}.{ident}")
        by_id[key] = _merge_topic(
            by_id.get(key), _mapping(body, f"{path}.{key}"), key, f"{path}.{key}"
        )
    return tuple(by_id.values())


def _select(
    dialogues: tuple[Dialogue, ...], raw: Mapping[str, Any], path: str
) -> tuple[Dialogue, ...]:
    known = {d.id for d in dialogues}
    only = _strings(raw.get("only"), f"{path}.only") if "only" in raw else None
    disable = set(_strings(raw.get("disable"), f"{path}.disable"))
    for key, ids in (("only", only or ()), ("disable", disable)):
        for ident in ids:
            if ident not in known:
                raise RulesetError(
                    f"{path}.{key}: unknown dialogue {ident!r}; expected one of {sorted(known)}"
                )
    return tuple(
        replace(d, enabled=d.enabled and d.id not in disable and (only is None or d.id in only))
        for d in dialogues
    )


def _settings(base: Settings, raw: Any, path: str) -> Settings:
    body = _mapping(raw, path)
    _check_keys(body, frozenset({"min_score", "passing_share", "max_evidence"}), path)
    values: dict[str, Any] = {}
    for key in ("min_score", "passing_share"):
        if key in body:
            value = body[key]
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not (0.0 <= value <= 1.0)
            ):
                raise RulesetError(f"{path}.{key}: expected a number from 0 to 1, got {value!r}")
            values[key] = float(value)
    if "max_evidence" in body:
        value = body["max_evidence"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise RulesetError(f"{path}.max_evidence: expected an integer >= 1, got {value!r}")
        values["max_evidence"] = value
    return replace(base, **values)


def _counter(
    base: Mapping[str, tuple[str, ...]], raw: Any, path: str
) -> dict[str, tuple[str, ...]]:
    body = _mapping(raw, path)
    _check_keys(body, frozenset(COUNTER_GROUPS), path)
    return {g: base.get(g, ()) + _strings(body.get(g), f"{path}.{g}") for g in COUNTER_GROUPS}


def apply_overrides(
    catalogue: Catalogue, overrides: Mapping[str, Any] | None, path: str = "matching"
) -> Catalogue:
    """The catalogue with a user's ``matching:`` mapping applied (see the module docstring)."""
    if overrides is None:
        return catalogue
    raw = _mapping(overrides, path)
    _check_keys(raw, TOP_KEYS, path)
    dialogues = catalogue.dialogues
    if "dialogues" in raw:
        dialogues = _merge_dialogues(catalogue, raw["dialogues"], f"{path}.dialogues")
    return replace(
        catalogue,
        dialogues=_select(dialogues, raw, path),
        topics=_merge_topics(catalogue, raw["topics"], f"{path}.topics")
        if "topics" in raw
        else catalogue.topics,
        counter=_counter(catalogue.counter, raw["counter"], f"{path}.counter")
        if "counter" in raw
        else catalogue.counter,
        settings=_settings(catalogue.settings, raw["settings"], f"{path}.settings")
        if "settings" in raw
        else catalogue.settings,
    )
