"""Group commit: appends from concurrent polls share one short log transaction.

Each caller awaits its own result, so a poll still ends only when its events are durable; but
a thousand polls finishing together cost a handful of transactions instead of a thousand.
A batch waits at most ``max_delay`` for company.  Expected failures of one append (a stream
that exists, an event id stored already) are that caller's result; a database failure fails
the whole batch, and nothing of it is stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from store import ConcurrencyError, DuplicateEventError, Event, EventEncodingError, Metadata
from store.log import ANY, AppendResult, EventLog

Outcome = AppendResult | ConcurrencyError | DuplicateEventError | EventEncodingError


@dataclass(frozen=True)
class Append:
    """One stream's part of a batch (several parts of one caller commit together)."""

    stream_id: str
    events: Sequence[Event]
    expected_version: int | None = ANY
    metadata: Metadata | None = None


class GroupCommitter:
    def __init__(self, log: EventLog, *, max_delay: float = 0.002, max_batch: int = 500) -> None:
        self.log = log
        self.max_delay = max_delay
        self.max_batch = max_batch
        self._pending: list[tuple[list[Append], asyncio.Future[list[Outcome]]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def append(self, *parts: Append) -> list[Outcome]:
        """Append ``parts`` in order, in the same transaction, in the next batch; one outcome
        per part (a part refused for its stream's version or an event id is reported and does
        not stop the others)."""
        future: asyncio.Future[list[Outcome]] = asyncio.get_running_loop().create_future()
        self._pending.append((list(parts), future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        await asyncio.sleep(self.max_delay)
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                outcomes = await asyncio.to_thread(self._write, [parts for parts, _ in batch])
            except Exception as exc:  # a database failure: every caller of the batch hears it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if not future.done():
                    future.set_result(outcome)

    def _write(self, batch: list[list[Append]]) -> list[list[Outcome]]:
        results: list[list[Outcome]] = []
        with self.log.transaction() as tx:
            for parts in batch:
                outcome: list[Outcome] = []
                for part in parts:
                    try:
                        outcome.append(
                            tx.append(
                                part.stream_id,
                                part.events,
                                expected_version=part.expected_version,
                                metadata=part.metadata,
                            )
                        )
                    except (ConcurrencyError, DuplicateEventError, EventEncodingError) as exc:
                        outcome.append(exc)
                results.append(outcome)
        return results
