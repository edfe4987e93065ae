"""Resume work from the log: articles discovered and never extracted, retries that are due,
texts never judged, whatever the feeds say now.

The ``articles`` read model lists candidates (:func:`monitor.readmodels.articles.pending`);
each is claimed (one process at a time), its stream is read (the log, not the read model,
says what is left: :func:`monitor.ingest.pending.next_step`), and the step is done with the stream's
version as the expected one, so a second worker's events are refused, never doubled.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import dataclass, field

import structlog

from monitor.ingest.pending import Step, next_step
from monitor.ingest.polling import Pipeline
from monitor.readmodels.articles import pending
from store.leases import Lease
from store.sql import SqlEventLog

log = structlog.get_logger("monitor.ingest.resume")


@dataclass
class Resumer:
    log: SqlEventLog
    pipeline: Pipeline
    batch: int = 200
    done: Counter[str] = field(default_factory=Counter)
    """Steps done since start, by kind (for logs and tests)."""

    async def resume(self, correlation_id: str | None = None) -> Counter[str]:
        """Do the pending work that is due now, one batch; the counts of what was done."""
        corr = correlation_id or str(uuid.uuid4())
        now = self.pipeline.clock()
        judged = self.pipeline.judge is not None
        with self.log.reader.connect() as conn:
            ids = pending(conn, now, self.batch, judged=judged)
        ids = [i for i in ids if i not in self.pipeline.articles.working]
        if not ids:
            return Counter()
        leases = await self.pipeline.articles.claim_articles(ids)
        gate = asyncio.Semaphore(self.pipeline.page_concurrency)

        async def one(stream: str, lease: Lease | None) -> str:
            async with gate:
                try:
                    return await self._step(stream, lease, corr)
                finally:
                    await self.pipeline.articles.release(lease)

        steps = Counter(await asyncio.gather(*(one(s, lease) for s, lease in leases.items())))
        self.done.update(steps)
        log.info("work.resumed", **{str(k): v for k, v in steps.items()})
        return steps

    async def resume_all(self, correlation_id: str | None = None) -> Counter[str]:
        """Resume batch after batch until nothing due is left (``once`` at start)."""
        total: Counter[str] = Counter()
        while True:
            steps = await self.resume(correlation_id)
            total.update(steps)
            if not (steps["extracted"] + steps["failed"] + steps["judged"]):
                return total

    async def _step(self, stream: str, lease: Lease | None, corr: str) -> str:
        events = await asyncio.to_thread(self.log.read_stream, stream)
        work = next_step(events, self.pipeline.clock())
        if work is None or work.step in (Step.DONE, Step.WAIT):
            return "nothing"
        if work.step is Step.JUDGE:
            ok = await self.pipeline.articles.judge_text(work, corr, lease)
            return "judged" if ok else "superseded"
        item, version = work.item, work.version
        extracted = await self.pipeline.articles.process_article(
            stream, item, corr, attempt=work.attempt, version=version, fence=lease
        )
        return "extracted" if extracted else "failed"
