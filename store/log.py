"""The port every event-log backend implements, and the append logic they share.

Positions are global, start at 1 and have no gaps; they are assigned while the backend holds
its single writer lock, so the order of positions is the order of commits and a reader that
reads ``position > last seen`` in order never skips an event.
"""

from __future__ import annotations

import asyncio
import threading
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from store.batches import (
    EMPTY_HEAD,
    AppendResult,
    Head,
    PendingEvent,
    encode_batch,
    replayed_result,
    seal,
)
from store.errors import ConcurrencyError, DuplicateEventError, EventEncodingError, FencedError
from store.event_classes import Event, Metadata
from store.records import RecordedEvent

if TYPE_CHECKING:
    from store.leases import Lease

__all__ = [
    "ANY",
    "EMPTY_HEAD",
    "NO_STREAM",
    "Append",
    "AppendResult",
    "AppendTransaction",
    "EventLog",
    "Filter",
    "Head",
    "Notifier",
    "PendingEvent",
    "Refusal",
    "encode_batch",
    "replayed_result",
    "seal",
]

ANY: Final = None
"""``expected_version=ANY``: append whatever the stream's version."""
NO_STREAM: Final = 0
"""``expected_version=NO_STREAM``: the stream must not exist yet."""


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events a page holds; times are :func:`store.clock.format_time` text."""

    stream: str | None = None
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Append:
    """One stream's part of a batch of appends (:meth:`AppendTransaction.append_all`)."""

    stream_id: str
    events: Sequence[Event]
    expected_version: int | None = ANY
    metadata: Metadata | None = None
    fence: Lease | None = None
    """A lease this append needs to still hold (its token unchanged), or it is refused."""


Refusal = ConcurrencyError | DuplicateEventError | EventEncodingError | FencedError
"""Why one append of a batch was refused; the others go on."""


class AppendTransaction(ABC):
    """Appends inside one backend transaction, under the writer lock; commit on exit."""

    def __init__(self, head: Head, recorded_at: str, software_version: str) -> None:
        self.head = head
        self.recorded_at = recorded_at
        self.software_version = software_version
        self.written: list[RecordedEvent] = []
        self._tokens: dict[str, int] = {}

    def append(
        self,
        stream_id: str,
        events: Sequence[Event],
        *,
        expected_version: int | None = ANY,
        metadata: Metadata | None = None,
        fence: Lease | None = None,
    ) -> AppendResult:
        pending = encode_batch(stream_id, events, metadata, self.software_version)
        if not pending:
            return AppendResult(stream_id, (), self._stream_version(stream_id))
        self.check_fence(fence)
        existing = self._existing([p.event_id for p in pending])
        if existing:
            return replayed_result(stream_id, pending, existing)
        current = self._stream_version(stream_id)
        if expected_version is not None and current != expected_version:
            raise ConcurrencyError(stream_id, expected_version, current)
        rows = seal(pending, self.head, current, self.recorded_at)
        self._insert(rows)
        self.written.extend(rows)
        self.head = Head(rows[-1].position, rows[-1].hash)
        return AppendResult(stream_id, tuple(r.position for r in rows), rows[-1].stream_version)

    def append_all(self, parts: Sequence[Append]) -> list[AppendResult | Refusal]:
        """Append ``parts`` in order, with the outcome of each as if they were appended one
        after another (a refusal is that part's outcome and does not stop the others), but
        with one look-up of their event ids, one of their streams' versions and one insert."""
        self.read_fences(parts)
        encoded = [_encoded(part, self.software_version) for part in parts]
        ids = [p.event_id for e in encoded if isinstance(e, list) for p in e]
        known = {row.event_id: row for row in self._existing(ids)} if ids else {}
        versions = self._stream_versions(sorted({part.stream_id for part in parts}))
        start = len(self.written)
        outcomes: list[AppendResult | Refusal] = []
        for part, pending in zip(parts, encoded, strict=True):
            try:
                if isinstance(pending, EventEncodingError):
                    raise pending
                outcomes.append(self._stage(part, pending, known, versions))
            except (
                ConcurrencyError,
                DuplicateEventError,
                EventEncodingError,
                FencedError,
            ) as refused:
                outcomes.append(refused)
        if len(self.written) > start:
            self._insert(self.written[start:])
        return outcomes

    def _stage(
        self,
        part: Append,
        pending: list[PendingEvent],
        known: dict[str, RecordedEvent],
        versions: dict[str, int],
    ) -> AppendResult:
        """One part of :meth:`append_all`: checked and sealed, its rows staged in ``written``."""
        stream_id, current = part.stream_id, versions[part.stream_id]
        if not pending:
            return AppendResult(stream_id, (), current)
        self.check_fence(part.fence)
        existing = [known[p.event_id] for p in pending if p.event_id in known]
        if existing:
            return replayed_result(stream_id, pending, existing)
        if part.expected_version is not None and current != part.expected_version:
            raise ConcurrencyError(stream_id, part.expected_version, current)
        rows = seal(pending, self.head, current, self.recorded_at)
        self.written.extend(rows)
        self.head = Head(rows[-1].position, rows[-1].hash)
        versions[stream_id] = rows[-1].stream_version
        known.update((row.event_id, row) for row in rows)
        return AppendResult(stream_id, tuple(r.position for r in rows), rows[-1].stream_version)

    def check_fence(self, lease: Lease | None) -> None:
        """Refuse the append when ``lease`` was claimed by another process since."""
        if lease is None or not self.fenced:
            return
        if lease.resource not in self._tokens:
            self._tokens.update(self._lease_tokens([lease.resource]))
        current = self._tokens.get(lease.resource)
        if current != lease.token:
            raise FencedError(lease.resource, lease.token, current)

    def read_fences(self, parts: Sequence[Append]) -> None:
        """Read (and keep from changing) the tokens of every lease ``parts`` carry, all at
        once in resource order: transactions that lock lease rows in one order cannot wait
        on each other in a cycle."""
        fences = {p.fence.resource for p in parts if p.fence is not None}
        wanted = sorted(fences - set(self._tokens))
        if wanted and self.fenced:
            self._tokens.update(self._lease_tokens(wanted))

    fenced = False
    """Whether this backend stores leases and checks fences (the in-memory log serves one
    process, where every lease is as its holder knows it)."""

    def _lease_tokens(self, resources: Sequence[str]) -> dict[str, int]:
        """The stored tokens of ``resources`` (only where :attr:`fenced`)."""
        return {}

    def _stream_versions(self, stream_ids: Sequence[str]) -> dict[str, int]:
        """The current version of each stream (backends may answer in one query)."""
        return {stream_id: self._stream_version(stream_id) for stream_id in stream_ids}

    def stream(self, stream_id: str) -> list[RecordedEvent]:
        """The stream as this transaction sees it (its own appends included)."""
        return self._read_stream(stream_id)

    @abstractmethod
    def _read_stream(self, stream_id: str) -> list[RecordedEvent]: ...

    @abstractmethod
    def _stream_version(self, stream_id: str) -> int: ...

    @abstractmethod
    def _existing(self, event_ids: Sequence[str]) -> list[RecordedEvent]: ...

    @abstractmethod
    def _insert(self, rows: Sequence[RecordedEvent]) -> None: ...


def _encoded(part: Append, software_version: str) -> list[PendingEvent] | EventEncodingError:
    try:
        return encode_batch(part.stream_id, part.events, part.metadata, software_version)
    except EventEncodingError as refused:
        return refused


class EventLog(ABC):
    """The port: an append-only, hash-chained, totally ordered log of streams."""

    software_version: str = "0"

    @abstractmethod
    def transaction(self) -> AbstractContextManager[AppendTransaction]:
        """Take the writer lock; appends in the block commit together or not at all."""

    @abstractmethod
    def read_stream(self, stream_id: str, from_version: int = 1) -> list[RecordedEvent]: ...

    @abstractmethod
    def read_page(
        self, after: int = 0, limit: int = 1000, where: Filter | None = None
    ) -> list[RecordedEvent]:
        """Up to ``limit`` events with ``position > after``, in position order."""

    @abstractmethod
    def head(self) -> Head: ...

    @abstractmethod
    def wait_for(self, after: int, timeout: float) -> bool:
        """Block until an event past ``after`` exists (True) or ``timeout`` passes (False)."""

    def close(self) -> None:  # noqa: B027 - optional for backends with nothing to release
        """Release connections and background threads."""

    def append(
        self,
        stream_id: str,
        events: Sequence[Event],
        *,
        expected_version: int | None = ANY,
        metadata: Metadata | None = None,
        fence: Lease | None = None,
    ) -> AppendResult:
        """Append a batch to one stream atomically, checking its expected version (and that
        ``fence`` is still held)."""
        with self.transaction() as tx:
            return tx.append(
                stream_id, events, expected_version=expected_version, metadata=metadata, fence=fence
            )

    def raw_rows(self, after: int = 0, page_size: int = 10_000) -> Iterator[tuple[Any, ...]]:
        """Every stored row as a plain tuple in position order, as ``verify`` reads them."""
        for row in self.iter_all(after, page_size):
            yield tuple(getattr(row, name) for name in RecordedEvent.__slots__)

    def stream_version(self, stream_id: str) -> int:
        events = self.read_stream(stream_id)
        return events[-1].stream_version if events else 0

    def iter_all(
        self, after: int = 0, page_size: int = 1000, where: Filter | None = None
    ) -> Iterator[RecordedEvent]:
        """Every event past ``after`` (up to the head when called), page by page."""
        while True:
            page = self.read_page(after, page_size, where)
            yield from page
            if len(page) < page_size:
                return
            after = page[-1].position

    def follow(
        self,
        after: int = 0,
        *,
        page_size: int = 500,
        stop: threading.Event | None = None,
        wait: float = 1.0,
    ) -> Iterator[RecordedEvent]:
        """Catch up from ``after``, then yield new events as they are appended, in order."""
        while stop is None or not stop.is_set():
            page = self.read_page(after, page_size)
            if page:
                yield from page
                after = page[-1].position
            else:
                self.wait_for(after, wait)

    async def follow_async(
        self, after: int = 0, *, page_size: int = 500, wait: float = 1.0
    ) -> AsyncIterator[RecordedEvent]:
        """:meth:`follow` for asyncio: blocking reads run in worker threads."""
        while True:
            page = await asyncio.to_thread(self.read_page, after, page_size)
            if page:
                for event in page:
                    yield event
                after = page[-1].position
            else:
                await asyncio.to_thread(self.wait_for, after, wait)


class Notifier:
    """Wakes in-process readers when an append commits (no busy polling)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._latest = 0

    def notify(self, position: int) -> None:
        with self._condition:
            self._latest = max(self._latest, position)
            self._condition.notify_all()

    def wait(self, after: int, timeout: float) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: self._latest > after, timeout)
