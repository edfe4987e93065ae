"""Versioned events: upcasters at read time, unknown and future types read back raw."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from store import Event, EventRegistry, RawEvent, event_type
from store.log import EventLog

OLD, NEW = EventRegistry(), EventRegistry()


@event_type("test.polled", version=1, registry=OLD)
class PolledV1(Event):
    source: str


@event_type("test.polled", version=3, registry=NEW)
class PolledV3(Event):
    source_id: str
    status: int
    tags: list[str]


@NEW.upcaster("test.polled", from_version=1)
def _rename_source(data: dict[str, Any]) -> dict[str, Any]:
    return {"source_id": data["source"], "status": 200}


@NEW.upcaster("test.polled", from_version=2)
def _add_tags(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "tags": []}


def test_old_events_are_upcast_to_the_current_version(log: EventLog) -> None:
    event_id = uuid4()
    log.append("s", [PolledV1(event_id=event_id, occurred_at=datetime.now(UTC), source="vna")])
    stored = log.read_stream("s")[0]
    assert stored.version == 1
    assert stored.data_dict() == {"source": "vna"}, "stored events are never rewritten"
    decoded = stored.decode(NEW)
    assert isinstance(decoded, PolledV3)
    assert (decoded.source_id, decoded.status, decoded.tags) == ("vna", 200, [])
    assert decoded.event_id == event_id


def test_unknown_and_future_types_read_back_raw(log: EventLog) -> None:
    log.append("s", [PolledV3(occurred_at=datetime.now(UTC), source_id="x", status=1, tags=[])])
    stored = log.read_stream("s")[0]
    unknown = stored.decode(EventRegistry())
    future = stored.decode(OLD)
    for raw in (unknown, future):
        assert isinstance(raw, RawEvent)
        assert raw.type_name == "test.polled"
        assert raw.schema_version == 3
        assert raw.data == {"source_id": "x", "status": 1, "tags": []}


def test_a_missing_upcaster_reads_back_raw_not_a_crash(log: EventLog) -> None:
    gap = EventRegistry()

    @event_type("test.polled", version=3, registry=gap)
    class PolledNoSteps(Event):
        source_id: str

    log.append("s", [PolledV1(occurred_at=datetime.now(UTC), source="vna")])
    assert isinstance(log.read_stream("s")[0].decode(gap), RawEvent)


def test_event_classes_are_frozen() -> None:
    event = PolledV1(occurred_at=datetime.now(UTC), source="vna")
    with pytest.raises(ValueError, match="frozen"):
        event.source = "other"  # type: ignore[misc]
