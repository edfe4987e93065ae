"""The registered channel kinds: the one extension point for delivery channels.

A kind (:class:`~alerts.channels.port.ChannelKind`) is registered by naming it, as an import
path ``"module:attribute"`` (the attribute is one ``ChannelKind`` or a sequence of them), in
one of two places, read the same way:

- :data:`BUILT_IN`, for the kinds shipped with asean-monitor;
- the ``asean_monitor.channels`` entry-point group (:data:`ENTRY_POINTS`), for kinds another
  installed package provides (``[project.entry-points."asean_monitor.channels"]`` in its
  ``pyproject.toml``).

Everything that knows channel kinds asks here: subscription validation (:func:`parse_target`),
the channel registry the dispatcher uses (:func:`alerts.channels.build_registry`), the
subscribe-time checks (``monitor.delivery.outbound.check_target``), the command line and the
API.  The kinds are loaded once per process (:func:`reload` reads them again).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from alerts.channels.port import ChannelKind
from alerts.errors import AlertsError, SubscriptionError
from alerts.model import ClearTarget

ENTRY_POINTS = "asean_monitor.channels"
BUILT_IN: tuple[str, ...] = (
    "alerts.channels.webhook:CHANNEL",
    "alerts.channels.email:CHANNEL",
    "alerts.channels.apprise_channel:CHANNEL",
    "alerts.channels.log:CHANNEL",
    "alerts.published:CHANNELS",
)
"""The kinds shipped with asean-monitor, registered exactly as a plugin's are."""

_LOCK = threading.Lock()


class ChannelKindError(AlertsError):
    """A registration names no channel kind, or a kind that is registered already."""


def load(path: str) -> list[ChannelKind]:
    """The kinds named by ``"module:attribute"``."""
    module_name, _, attribute = path.partition(":")
    try:
        found: Any = getattr(import_module(module_name), attribute or "CHANNEL")
    except (ImportError, AttributeError) as exc:
        raise ChannelKindError(f"channel kind {path!r} cannot be loaded: {exc}") from exc
    return _kinds_in(found, path)


def _kinds_in(found: Any, where: str) -> list[ChannelKind]:
    if isinstance(found, ChannelKind):
        return [found]
    if isinstance(found, Iterable) and not isinstance(found, str | bytes):
        listed = list(found)
        if listed and all(isinstance(k, ChannelKind) for k in listed):
            return listed
    raise ChannelKindError(f"{where} is not a ChannelKind nor a sequence of them: {found!r}")


def _plugins() -> list[tuple[str, Any]]:
    return [(f"entry point {e.name} = {e.value}", e) for e in entry_points(group=ENTRY_POINTS)]


@lru_cache(maxsize=1)
def _load_all() -> dict[str, ChannelKind]:
    kinds: dict[str, ChannelKind] = {}
    named = [(path, load(path)) for path in BUILT_IN]
    for where, point in _plugins():
        try:
            loaded = point.load()
        except Exception as exc:  # a broken plugin: say which, whatever it raised
            raise ChannelKindError(f"{where} cannot be loaded: {exc!r}") from exc
        named.append((where, _kinds_in(loaded, where)))
    for where, found in named:
        for kind in found:
            if kind.name in kinds:
                raise ChannelKindError(f"{where}: channel kind {kind.name!r} is registered twice")
            kinds[kind.name] = kind
    return kinds


def registered() -> Mapping[str, ChannelKind]:
    """Every registered kind by name (built-in ones and plugins')."""
    with _LOCK:
        return dict(_load_all())


def reload() -> Mapping[str, ChannelKind]:
    """Read the registrations again (after installing a plugin into a running process)."""
    with _LOCK:
        _load_all.cache_clear()
    return registered()


def names() -> list[str]:
    return sorted(registered())


def kind_for(type_name: str) -> ChannelKind:
    """The kind of ``type_name``; :class:`SubscriptionError` naming the known ones if none."""
    kind = registered().get(type_name)
    if kind is None:
        raise SubscriptionError(
            f"target.type: no channel of type {type_name!r} (known: {', '.join(names())})"
        )
    return kind


def parse_target(raw: Any) -> ClearTarget:
    """A target of any registered kind from plain data (a model of one is returned as is).
    Raises pydantic's ``ValidationError`` for a bad field of a known kind and ``ValueError``
    for an unknown or missing type (both read as field errors inside a pydantic model)."""
    if isinstance(raw, ClearTarget):
        return raw
    if not isinstance(raw, Mapping) or not isinstance(raw.get("type"), str):
        raise ValueError(f"a target is an object with a type: one of {', '.join(names())}")
    try:
        kind = kind_for(raw["type"])
    except SubscriptionError as exc:
        raise ValueError(str(exc).removeprefix("target.type: ")) from exc
    return kind.parse(raw)
