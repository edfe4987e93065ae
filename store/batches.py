"""Batches on their way into the log: encoded events without a position, sealed with their
positions, stream versions and chained hashes, and what an idempotent retry gets back.  Pure:
the backends' append transactions (:mod:`store.log`) call these under their writer lock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.clock import format_time
from store.codec import GENESIS_HASH, canonical_json, chain_hash, check_name, event_bytes
from store.errors import DuplicateEventError, EventEncodingError
from store.event_classes import Event, Metadata
from store.records import RecordedEvent


@dataclass(frozen=True, slots=True)
class Head:
    """The last position of the log and its chain hash (position 0: the empty log)."""

    position: int
    hash: str


EMPTY_HEAD = Head(0, GENESIS_HASH)


@dataclass(frozen=True, slots=True)
class AppendResult:
    stream_id: str
    positions: tuple[int, ...]
    stream_version: int
    replayed: bool = False
    """True when every event id was stored already: an idempotent retry wrote nothing."""


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """An encoded event that has no position yet."""

    stream_id: str
    type: str
    version: int
    event_id: str
    occurred_at: str
    data: str
    metadata: str


def encode_batch(
    stream_id: str, events: Sequence[Event], metadata: Metadata | None, software_version: str
) -> list[PendingEvent]:
    """Encode a whole batch before anything is written: one bad event fails the batch."""
    check_name("stream id", stream_id)
    meta = canonical_json((metadata or Metadata()).to_dict(software_version))
    pending: list[PendingEvent] = []
    for event in events:
        if not isinstance(event, Event) or not type(event).type_name:
            raise EventEncodingError(
                f"{type(event).__qualname__} is not a registered event class (use @event_type)"
            )
        pending.append(
            PendingEvent(
                stream_id,
                event.type_name,
                event.schema_version,
                str(event.event_id),
                format_time(event.occurred_at),
                canonical_json(event.payload()),
                meta,
            )
        )
    ids = [p.event_id for p in pending]
    if len(set(ids)) != len(ids):
        raise EventEncodingError(f"a batch for {stream_id!r} holds the same event id twice")
    return pending


def seal(
    pending: Sequence[PendingEvent], head: Head, version: int, recorded_at: str
) -> list[RecordedEvent]:
    """Give pending events their positions, stream versions and chained hashes."""
    sealed: list[RecordedEvent] = []
    position, previous = head.position, head.hash
    for item in pending:
        position += 1
        version += 1
        body = event_bytes(
            position,
            item.stream_id,
            version,
            item.type,
            item.version,
            item.event_id,
            item.occurred_at,
            recorded_at,
            item.data,
            item.metadata,
        )
        previous = chain_hash(previous, body)
        sealed.append(
            RecordedEvent(
                position,
                item.stream_id,
                version,
                item.type,
                item.version,
                item.event_id,
                item.occurred_at,
                recorded_at,
                item.data,
                item.metadata,
                previous,
            )
        )
    return sealed


def replayed_result(
    stream_id: str, pending: Sequence[PendingEvent], existing: Sequence[RecordedEvent]
) -> AppendResult:
    """An idempotent retry returns what was stored; anything else with known ids is refused."""
    by_id = {row.event_id: row for row in existing}
    for item in pending:
        row = by_id.get(item.event_id)
        if row is None:
            raise DuplicateEventError(
                next(iter(by_id)), "a batch mixes stored and new event ids; retry the whole batch"
            )
        if (row.stream_id, row.type, row.data) != (item.stream_id, item.type, item.data):
            raise DuplicateEventError(
                item.event_id, f"as a different {row.type!r} event in stream {row.stream_id!r}"
            )
    rows = sorted(existing, key=lambda r: r.position)
    return AppendResult(stream_id, tuple(r.position for r in rows), rows[-1].stream_version, True)
