"""store: the append-only event log, event types and versions, projections, replay, audit.

The store knows nothing of news.  It holds past-tense facts (events) in streams, orders them
in one global log with gapless positions, chains their hashes, and lets projections follow
the log into read-model tables.

Exception tree (every error the store raises on purpose)::

    StoreError
    ├── ConcurrencyError        a stream's version was not the one the writer expected
    ├── DuplicateEventError     an event id is already stored with different content
    ├── EventEncodingError      an event cannot be encoded (bad stream id, data not JSON-able)
    ├── AppendOnlyError         the database refused an UPDATE or DELETE of the log
    ├── SchemaError             the database schema is newer than this software, or broken
    ├── BackendError            any other database failure, translated at the boundary
    └── IntegrityError          ``verify`` found the log altered (carries the position)
        └── CheckpointError     a signed checkpoint is unreadable, forged or does not match

Ports and adapters: :class:`~store.log.EventLog` is the port; ``store.memory`` and
``store.sql`` are the adapters.  Open one by URL with :func:`store.backends.open_log`.
"""

from store.errors import (
    AppendOnlyError,
    BackendError,
    CheckpointError,
    ConcurrencyError,
    DuplicateEventError,
    EventEncodingError,
    IntegrityError,
    SchemaError,
    StoreError,
)
from store.event_classes import (
    Event,
    EventRegistry,
    Metadata,
    RawEvent,
    default_registry,
    event_type,
)
from store.log import ANY, NO_STREAM, AppendResult, EventLog
from store.records import RecordedEvent

__all__ = [
    "ANY",
    "NO_STREAM",
    "AppendOnlyError",
    "AppendResult",
    "BackendError",
    "CheckpointError",
    "ConcurrencyError",
    "DuplicateEventError",
    "Event",
    "EventEncodingError",
    "EventLog",
    "EventRegistry",
    "IntegrityError",
    "Metadata",
    "RawEvent",
    "RecordedEvent",
    "SchemaError",
    "StoreError",
    "default_registry",
    "event_type",
]
