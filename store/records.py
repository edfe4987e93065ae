"""The stored form of an event, as every backend returns it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from store.clock import parse_time
from store.codec import chain_hash, event_bytes
from store.event_classes import Event, EventRegistry, RawEvent, default_registry


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """One row of the log: exact stored text, so it can be re-hashed and exported unchanged."""

    position: int
    stream_id: str
    stream_version: int
    type: str
    version: int
    event_id: str
    occurred_at: str
    recorded_at: str
    data: str
    metadata: str
    hash: str

    def data_dict(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.data)
        return value

    def metadata_dict(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.metadata)
        return value

    def body(self) -> bytes:
        return event_bytes(
            self.position,
            self.stream_id,
            self.stream_version,
            self.type,
            self.version,
            self.event_id,
            self.occurred_at,
            self.recorded_at,
            self.data,
            self.metadata,
        )

    def chained_from(self, previous_hash: str) -> str:
        """The hash this event must carry if ``previous_hash`` precedes it."""
        return chain_hash(previous_hash, self.body())

    def decode(self, registry: EventRegistry | None = None) -> Event | RawEvent:
        """The typed event (upcast to today's version), or a :class:`RawEvent`."""
        return (registry or default_registry).decode(
            self.type,
            self.version,
            UUID(self.event_id),
            parse_time(self.occurred_at),
            self.data_dict(),
        )

    def to_export(self) -> dict[str, Any]:
        """The audit export's object for this event (one JSON line per event)."""
        return {
            "position": self.position,
            "stream": self.stream_id,
            "version": self.stream_version,
            "type": self.type,
            "schema_version": self.version,
            "occurred_at": self.occurred_at,
            "recorded_at": self.recorded_at,
            "data": self.data_dict(),
            "metadata": {"event_id": self.event_id, **self.metadata_dict()},
            "hash": self.hash,
        }
