"""Group commit: appends from concurrent polls share one short log transaction.

Each caller awaits its own result, so a poll still ends only when its events are durable; but
a thousand polls finishing together cost a handful of transactions instead of a thousand.
A batch waits at most ``max_delay`` for company.  Expected failures of one append (a stream
that exists, an event id stored already) are that caller's result; a database failure fails
the whole batch, and nothing of it is stored.
"""

from __future__ import annotations

import asyncio

from store.log import Append, AppendResult, EventLog, Refusal

__all__ = ["Append", "GroupCommitter", "Outcome"]

Outcome = AppendResult | Refusal


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
        """Every caller's parts in one transaction and one ``append_all``; split back."""
        with self.log.transaction() as tx:
            flat = tx.append_all([part for parts in batch for part in parts])
        outcomes = iter(flat)
        return [[next(outcomes) for _ in parts] for parts in batch]
