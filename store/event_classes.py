"""Domain events: typed, frozen, versioned, registered by a stable dotted type name.

An event class names itself with :func:`event_type`::

    @event_type("source.polled", version=2)
    class SourcePolled(Event):
        source_id: str
        status: int

The type name is ours and stable (never a Python import path), so classes can move.  When a
class changes shape its version goes up and an upcaster turns stored older data into the new
shape at read time; stored events are never edited::

    @default_registry.upcaster("source.polled", from_version=1)
    def _add_status(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "status": 200}

A stored event whose type is unknown (or newer than this software) reads back as a
:class:`RawEvent`, never as a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from store.errors import EventEncodingError, StoreError

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
E = TypeVar("E", bound="type[Event]")


class Event(BaseModel):
    """Base of every domain event.  Subclasses add their data fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type_name: ClassVar[str] = ""
    schema_version: ClassVar[int] = 0

    event_id: UUID = Field(default_factory=uuid4)
    occurred_at: AwareDatetime

    def payload(self) -> dict[str, Any]:
        """The event's data as JSON-compatible values (id and time are stored beside it)."""
        return self.model_dump(mode="json", exclude={"event_id", "occurred_at"})


@dataclass(frozen=True, slots=True)
class RawEvent:
    """A stored event this software cannot type: kept whole, never dropped."""

    type_name: str
    schema_version: int
    event_id: UUID
    occurred_at: datetime
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about how an event came to be, beside what it says."""

    correlation_id: str | None = None
    causation_id: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self, software_version: str) -> dict[str, Any]:
        body: dict[str, Any] = dict(self.extra)
        body["software_version"] = software_version
        if self.correlation_id is not None:
            body["correlation_id"] = self.correlation_id
        if self.causation_id is not None:
            body["causation_id"] = self.causation_id
        return body


class EventRegistry:
    """Maps stable type names to event classes and holds the upcasters between versions."""

    def __init__(self) -> None:
        self._classes: dict[str, type[Event]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    def register(self, cls: type[Event]) -> None:
        name = cls.type_name
        known = self._classes.get(name)
        if known is not None and known is not cls:
            raise StoreError(f"event type {name!r} is already registered by {known.__qualname__}")
        self._classes[name] = cls

    def upcaster(self, type_name: str, *, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Register ``fn`` turning data of ``from_version`` into data of ``from_version + 1``."""

        def decorate(fn: Upcaster) -> Upcaster:
            self._upcasters[(type_name, from_version)] = fn
            return fn

        return decorate

    def class_for(self, type_name: str) -> type[Event] | None:
        return self._classes.get(type_name)

    def types(self) -> list[str]:
        return sorted(self._classes)

    def upcast(self, type_name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
        """Apply the upcasters from ``version`` up to the registered class's version."""
        cls = self._classes[type_name]
        while version < cls.schema_version:
            step = self._upcasters.get((type_name, version))
            if step is None:
                raise StoreError(
                    f"no upcaster for {type_name!r} from version {version} "
                    f"to {version + 1}; register one with @registry.upcaster"
                )
            data = step(data)
            version += 1
        return data

    def decode(
        self,
        type_name: str,
        version: int,
        event_id: UUID,
        occurred_at: datetime,
        data: dict[str, Any],
    ) -> Event | RawEvent:
        """A typed event, upcast to the current version; a :class:`RawEvent` if not possible."""
        cls = self._classes.get(type_name)
        if cls is None or version > cls.schema_version:
            return RawEvent(type_name, version, event_id, occurred_at, data)
        try:
            current = self.upcast(type_name, version, dict(data))
            return cls.model_validate({**current, "event_id": event_id, "occurred_at": occurred_at})
        except (ValidationError, StoreError):
            return RawEvent(type_name, version, event_id, occurred_at, data)


default_registry = EventRegistry()


def event_type(
    name: str, *, version: int = 1, registry: EventRegistry | None = None
) -> Callable[[E], E]:
    """Class decorator: give an event class its stable type name and schema version."""
    if not name or any(ord(ch) < 0x20 for ch in name) or " " in name:
        raise EventEncodingError(f"event type name {name!r} must be a dotted name without spaces")
    if version < 1:
        raise EventEncodingError(f"event type {name!r}: version must be >= 1, got {version}")

    def decorate(cls: E) -> E:
        cls.type_name = name
        cls.schema_version = version
        (registry or default_registry).register(cls)
        return cls

    return decorate
