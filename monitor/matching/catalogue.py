"""The catalogue of tracked dialogues, the topic taxonomy and the settings, as plain data.

The defaults ship as YAML in ``monitor/matching/data/``; :mod:`monitor.matching.overrides`
applies a user's ``matching:`` mapping to them.  Everything here is immutable and has a
canonical JSON form (:func:`canonical_rules`), from which the ruleset hash is taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml

from monitor.errors import MatchError

DialogueKind = Literal["partner", "mechanism"]
COUNTER_GROUPS = (
    "sports",
    "other-fora",
    "other-groupings",
    "sidelines",
    "captions",
    "blockers",
)


class RulesetError(MatchError):
    """A ruleset (shipped, a user's ``matching:`` mapping or a rules file) is invalid."""


@dataclass(frozen=True, slots=True)
class Dialogue:
    """One tracked relation: ASEAN with a partner, or an ASEAN-led mechanism."""

    id: str
    name: str
    kind: DialogueKind
    aliases: tuple[str, ...]
    exact_aliases: tuple[str, ...] = ()
    compounds: tuple[str, ...] = ()
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of the taxonomy; strong terms weigh 1, weak ones 0.5.  ``context`` terms weigh
    0.5 too but do not name the topic, so they never make it primary (label rule R6): a member
    state's name beside the situation in it ("Myanmar"), "economic cooperation" beside trade."""

    id: str
    name: str
    strong: tuple[str, ...]
    weak: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class Settings:
    min_score: float = 0.5
    passing_share: float = 0.2
    max_evidence: int = 12


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything the matcher knows, before compilation."""

    bloc: tuple[str, ...]
    bloc_exact: tuple[str, ...]
    members: Mapping[str, tuple[str, ...]]
    dialogues: tuple[Dialogue, ...]
    topics: tuple[Topic, ...]
    counter: Mapping[str, tuple[str, ...]]
    settings: Settings = field(default_factory=Settings)

    def active_dialogues(self) -> tuple[Dialogue, ...]:
        return tuple(d for d in self.dialogues if d.enabled)

    def active_topics(self) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if t.enabled)


def _strings(value: Any, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RulesetError(f"{path}: expected a list of strings, got {type(value).__name__}")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise RulesetError(f"{path}[{index}]: expected a non-empty string, got {item!r}")
    return tuple(str(item).strip() for item in value)


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RulesetError(f"{path}: expected a mapping, got {type(value).__name__}")
    return value


def dialogue_from(ident: str, raw: Mapping[str, Any], path: str) -> Dialogue:
    kind = raw.get("kind", "partner")
    if kind not in ("partner", "mechanism"):
        raise RulesetError(f"{path}.kind: expected 'partner' or 'mechanism', got {kind!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesetError(f"{path}.name: expected a non-empty string, got {name!r}")
    return Dialogue(
        id=ident,
        name=name.strip(),
        kind=kind,
        aliases=_strings(raw.get("aliases"), f"{path}.aliases"),
        exact_aliases=_strings(raw.get("exact_aliases"), f"{path}.exact_aliases"),
        compounds=_strings(raw.get("compounds"), f"{path}.compounds"),
    )


def topic_from(ident: str, raw: Mapping[str, Any], path: str) -> Topic:
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesetError(f"{path}.name: expected a non-empty string, got {name!r}")
    return Topic(
        id=ident,
        name=name.strip(),
        strong=_strings(raw.get("strong"), f"{path}.strong"),
        weak=_strings(raw.get("weak"), f"{path}.weak"),
        exact=_strings(raw.get("exact"), f"{path}.exact"),
        context=_strings(raw.get("context"), f"{path}.context"),
    )


def _load_yaml(name: str) -> Mapping[str, Any]:
    text = resources.files("monitor.matching").joinpath("data", name).read_text("utf-8")
    return _mapping(yaml.safe_load(text), f"monitor/matching/data/{name}")


def default_catalogue() -> Catalogue:
    """The shipped catalogue (``data/catalogue.yaml`` and ``data/topics.yaml``)."""
    raw = _load_yaml("catalogue.yaml")
    topics_raw = _mapping(_load_yaml("topics.yaml")["topics"], "topics")
    bloc = _mapping(raw["bloc"], "bloc")
    members = _mapping(raw["members"], "members")
    counter = _mapping(raw["counter"], "counter")
    return Catalogue(
        bloc=_strings(bloc["aliases"], "bloc.aliases"),
        bloc_exact=_strings(bloc.get("exact_aliases"), "bloc.exact_aliases"),
        members={k: _strings(v, f"members.{k}") for k, v in members.items()},
        dialogues=tuple(
            dialogue_from(k, _mapping(v, f"dialogues.{k}"), f"dialogues.{k}")
            for k, v in _mapping(raw["dialogues"], "dialogues").items()
        ),
        topics=tuple(
            topic_from(k, _mapping(v, f"topics.{k}"), f"topics.{k}") for k, v in topics_raw.items()
        ),
        counter={g: _strings(counter.get(g), f"counter.{g}") for g in COUNTER_GROUPS},
        settings=Settings(**_mapping(raw.get("settings", {}), "settings")),
    )


def canonical_rules(catalogue: Catalogue, engine: str) -> dict[str, Any]:
    """A JSON-ready, order-stable form of everything that decides a judgement."""
    return {
        "engine": engine,
        "bloc": {"aliases": list(catalogue.bloc), "exact_aliases": list(catalogue.bloc_exact)},
        "members": {k: list(v) for k, v in sorted(catalogue.members.items())},
        "dialogues": [
            {
                "id": d.id,
                "name": d.name,
                "kind": d.kind,
                "aliases": list(d.aliases),
                "exact_aliases": list(d.exact_aliases),
                "compounds": list(d.compounds),
            }
            for d in catalogue.active_dialogues()
        ],
        "topics": [
            {
                "id": t.id,
                "name": t.name,
                "strong": list(t.strong),
                "weak": list(t.weak),
                "exact": list(t.exact),
                "context": list(t.context),
            }
            for t in catalogue.active_topics()
        ],
        "counter": {g: list(catalogue.counter.get(g, ())) for g in COUNTER_GROUPS},
        "settings": {
            "min_score": catalogue.settings.min_score,
            "passing_share": catalogue.settings.passing_share,
            "max_evidence": catalogue.settings.max_evidence,
        },
    }
