"""What can be chosen (:class:`monitor.vetting.Choices`): the catalogue's dialogues, meeting
mechanisms and topics with a ``sources.yaml``'s ``matching:`` changes applied, the sources it
configures and their languages; and the event types of the log.

The command line and the API build their choices here from the settings (``MONITOR_SOURCES``),
so both accept and refuse the same ids.  A missing or invalid ``sources.yaml`` does not stop
anyone: the shipped catalogue is used, sources are not checked, and ``notes`` says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from monitor.config import SourcesConfig, SourcesFileError, load_sources
from monitor.matching.catalogue import Catalogue, RulesetError, default_catalogue
from monitor.matching.mechanisms import MECHANISMS
from monitor.matching.overrides import apply_overrides
from monitor.settings import Settings
from monitor.vetting import LISTING, Choices

__all__ = ["catalogue_document", "choices_for", "event_types", "mechanism_name"]


def choices_for(settings: Settings, listing: str = LISTING) -> Choices:
    """The choices of this deployment (``sources.yaml`` read again when it changed)."""
    path = Path(settings.sources)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    return _choices(str(path), stamp, listing)


@lru_cache(maxsize=8)
def _choices(path: str, stamp: int, listing: str) -> Choices:
    notes: list[str] = []
    config: SourcesConfig | None = None
    if stamp < 0:
        notes.append(f"no {path}: sources are not checked")
    else:
        try:
            config = load_sources(Path(path))
        except SourcesFileError as exc:
            first = str(exc).splitlines()[0]
            notes.append(f"{path} is invalid ({first}): sources are not checked")
    catalogue = _shipped()
    if config is not None and config.matching:
        try:
            catalogue = apply_overrides(catalogue, config.matching)
        except RulesetError as exc:
            notes.append(f"{path}: matching: {exc}: the shipped catalogue is used")
    return _from(catalogue, config, listing, tuple(notes))


@lru_cache(maxsize=1)
def _shipped() -> Catalogue:
    return default_catalogue()


def _from(
    catalogue: Catalogue, config: SourcesConfig | None, listing: str, notes: tuple[str, ...]
) -> Choices:
    sources = None if config is None else {s.id: s.name for s in config.sources}
    languages = () if config is None else tuple(sorted({s.language for s in config.sources}))
    return Choices(
        dialogues={d.id: d.name for d in catalogue.active_dialogues()},
        mechanisms={m: mechanism_name(m) for m in MECHANISMS},
        topics={t.id: t.name for t in catalogue.active_topics()},
        sources=sources,
        languages=languages,
        listing=listing,
        notes=notes,
        disabled=frozenset(
            [d.id for d in catalogue.dialogues if not d.enabled]
            + [t.id for t in catalogue.topics if not t.enabled]
        ),
    )


def mechanism_name(mechanism: str) -> str:
    """``foreign-ministers`` → ``Foreign ministers`` (mechanisms have ids only)."""
    return mechanism.replace("-", " ").capitalize()


def event_types() -> list[str]:
    """Every event type the product writes (the registry of :mod:`monitor.events`)."""
    import monitor.events  # noqa: F401  (registers every event type)
    from store import default_registry

    return sorted(default_registry.types())


def catalogue_document(choices: Choices, types: list[str]) -> dict[str, Any]:
    """Everything that can be named, as plain data (``asean-monitor catalogue --json`` and
    ``GET /api/catalogue``): ids with names; ``sources`` null when not configured here."""

    def listed(known: Mapping[str, str]) -> list[dict[str, str]]:
        return [{"id": k, "name": v} for k, v in known.items()]

    return {
        "dialogues": listed(choices.dialogues),
        "mechanisms": listed(choices.mechanisms),
        "topics": listed(choices.topics),
        "sources": None if choices.sources is None else listed(choices.sources),
        "languages": list(choices.languages),
        "event_types": types,
        "notes": list(choices.notes),
    }
