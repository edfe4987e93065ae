"""Open server-sent event streams: how many, whose, and one shared wait on the event log.

Every stream of the app registers here (:meth:`StreamHub.open`) and leaves when it ends.

- **Caps**: at most :data:`MAX_STREAMS_PER_CLIENT` open streams per token (per client address
  for public reads) and :data:`MAX_STREAMS` in all; one more is refused with 429.
- **One notifier**: a single watcher task waits on the log for new events (in one worker thread
  at a time, whatever the number of streams) and wakes the streams, which wait on the event loop
  and hold no thread while idle.  It runs while any stream is open.
- **Tokens re-checked**: every :data:`TOKEN_RECHECK` seconds the watcher asks the database, in
  one query, which of the open streams' tokens are still valid; a stream whose token was revoked
  is woken and ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import structlog

from monitor.service.auth import active_tokens
from monitor.service.context import ServiceContext

log = structlog.get_logger(__name__)

MAX_STREAMS_PER_CLIENT = 10
"""Open streams one token (or, with public reads, one client address) may hold."""
MAX_STREAMS = 200
"""Open streams the service holds in all."""
TOKEN_RECHECK = 2.0
"""Seconds between checks that the open streams' tokens are still valid."""
WATCH_SLICE = 1.0
"""Longest wait of the watcher on the log before it looks at tokens and shutdown again."""


class StreamsFull(Exception):
    """No stream can be opened now: the message says which cap was reached."""


@dataclass(eq=False)
class StreamSlot:
    """One open stream: who holds it and whether its token was revoked meanwhile."""

    client: str
    token_id: str | None
    revoked: bool = False


@dataclass
class StreamHub:
    context: ServiceContext
    per_client: int = MAX_STREAMS_PER_CLIENT
    total: int = MAX_STREAMS
    recheck: float = TOKEN_RECHECK
    slots: set[StreamSlot] = field(default_factory=set)
    head: int = 0
    """The latest log position the watcher has seen."""
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _watcher: asyncio.Task[None] | None = None

    def open(self, client: str, token_id: str | None) -> StreamSlot:
        """Register a stream, or raise :class:`StreamsFull`."""
        if len(self.slots) >= self.total:
            raise StreamsFull(f"{self.total} event streams are open, the most this service holds")
        if sum(1 for s in self.slots if s.client == client) >= self.per_client:
            raise StreamsFull(
                f"{self.per_client} event streams are open for this token, the most one may hold"
            )
        slot = StreamSlot(client, token_id)
        self.slots.add(slot)
        if self._watcher is None:
            self._watcher = asyncio.get_running_loop().create_task(self._watch())
        return slot

    def close(self, slot: StreamSlot) -> None:
        self.slots.discard(slot)

    async def wait(self, seen: int, timeout: float) -> None:
        """Return when the log's head passes ``seen``, a stream must look at its state
        (revoked, shutting down), or after ``timeout`` seconds."""
        if self.head > seen:
            return
        changed = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), timeout)

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _watch(self) -> None:
        try:
            next_check = time.monotonic() + self.recheck
            while self.slots:
                try:
                    await self._watch_once()
                    if time.monotonic() >= next_check:
                        next_check = time.monotonic() + self.recheck
                        await self._check_tokens()
                except Exception as exc:  # the database may be away a while: streams wait
                    log.warning("streams.watch_failed", error=str(exc)[:300])
                    await asyncio.sleep(WATCH_SLICE)
                if self.context.stopping():
                    self._wake()
        finally:
            self._watcher = None

    async def _watch_once(self) -> None:
        log_ = self.context.log
        woke = await asyncio.to_thread(log_.wait_for, self.head, WATCH_SLICE)
        if woke:
            head = (await asyncio.to_thread(log_.head)).position
            if head > self.head:
                self.head = head
                self._wake()

    async def _check_tokens(self) -> None:
        held = {s.token_id for s in self.slots if s.token_id is not None}
        if not held:
            return
        valid = await asyncio.to_thread(active_tokens, self.context, held)
        revoked = [s for s in self.slots if s.token_id is not None and s.token_id not in valid]
        for slot in revoked:
            slot.revoked = True
        if revoked:
            self._wake()
