"""The in-memory event log: the same contract as the SQL backends, for tests and tools."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from store.clock import Clock, format_time, utc_now
from store.log import EMPTY_HEAD, AppendTransaction, EventLog, Filter, Head, Notifier
from store.records import RecordedEvent


class _MemoryTransaction(AppendTransaction):
    def __init__(self, log: MemoryEventLog, head: Head, recorded_at: str) -> None:
        super().__init__(head, recorded_at, log.software_version)
        self._log = log

    def _read_stream(self, stream_id: str) -> list[RecordedEvent]:
        staged = [r for r in self.written if r.stream_id == stream_id]
        return [*self._log._streams.get(stream_id, ()), *staged]

    def _stream_version(self, stream_id: str) -> int:
        staged = [r.stream_version for r in self.written if r.stream_id == stream_id]
        if staged:
            return staged[-1]
        stored = self._log._streams.get(stream_id)
        return stored[-1].stream_version if stored else 0

    def _existing(self, event_ids: Sequence[str]) -> list[RecordedEvent]:
        staged = {r.event_id: r for r in self.written}
        found = [self._log._by_id.get(i) or staged.get(i) for i in event_ids]
        return [r for r in found if r is not None]

    def _insert(self, rows: Sequence[RecordedEvent]) -> None:
        """Rows are kept in ``written`` by the caller until the transaction commits."""


class MemoryEventLog(EventLog):
    """Everything in lists and dicts; one writer at a time, readers never blocked."""

    def __init__(self, *, clock: Clock = utc_now, software_version: str = "0") -> None:
        self.software_version = software_version
        self._clock = clock
        self._events: list[RecordedEvent] = []
        self._streams: dict[str, list[RecordedEvent]] = {}
        self._by_id: dict[str, RecordedEvent] = {}
        self._write_lock = threading.Lock()
        self._notifier = Notifier()

    @contextmanager
    def transaction(self) -> Iterator[AppendTransaction]:
        with self._write_lock:
            tx = _MemoryTransaction(self, self.head(), format_time(self._clock()))
            yield tx
            for row in tx.written:
                self._streams.setdefault(row.stream_id, []).append(row)
                self._by_id[row.event_id] = row
            self._events.extend(tx.written)
        if tx.written:
            self._notifier.notify(tx.written[-1].position)

    def read_stream(self, stream_id: str, from_version: int = 1) -> list[RecordedEvent]:
        return [r for r in self._streams.get(stream_id, ()) if r.stream_version >= from_version]

    def read_page(
        self, after: int = 0, limit: int = 1000, where: Filter | None = None
    ) -> list[RecordedEvent]:
        snapshot = self._events[after:] if after >= 0 else self._events
        if where is None:
            return snapshot[:limit]
        return [r for r in snapshot if _passes(r, where)][:limit]

    def stream_version(self, stream_id: str) -> int:
        stored = self._streams.get(stream_id)
        return stored[-1].stream_version if stored else 0

    def head(self) -> Head:
        if not self._events:
            return EMPTY_HEAD
        last = self._events[-1]
        return Head(last.position, last.hash)

    def wait_for(self, after: int, timeout: float) -> bool:
        if len(self._events) > after:
            return True
        return self._notifier.wait(after, timeout)

    def all_rows(self) -> list[RecordedEvent]:
        """Every stored row in order (what ``verify`` reads)."""
        return list(self._events)


def _passes(row: RecordedEvent, where: Filter) -> bool:
    return (
        (where.stream is None or row.stream_id == where.stream)
        and (not where.types or row.type in where.types)
        and (where.since is None or row.occurred_at >= where.since)
        and (where.until is None or row.occurred_at < where.until)
    )
