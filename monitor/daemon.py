"""The daemon: APScheduler 3 ticks pick due sources; polls run on one asyncio loop.

One poll per source at a time.  SIGTERM or SIGINT stops scheduling, lets in-flight polls
finish within ``drain_seconds`` (then cancels them), stops the projection follower, and
returns so the process exits 0.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import structlog
import uvicorn
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from monitor.alerting import Alerting
from monitor.config import Source
from monitor.pipeline import Pipeline, PollOutcome
from store.projections import ProjectionRunner

log = structlog.get_logger("monitor.daemon")


def due_sources(
    sources: Sequence[Source],
    next_checks: dict[str, datetime | None],
    busy: set[str],
    now: datetime,
) -> list[Source]:
    """Enabled sources whose next check has come and that are not being polled (pure)."""
    return [
        s
        for s in sources
        if s.enabled and s.id not in busy and (next_checks.get(s.id) or now) <= now
    ]


class Daemon:
    def __init__(
        self,
        pipeline: Pipeline,
        sources: Sequence[Source],
        runner: ProjectionRunner,
        *,
        tick_seconds: float = 5.0,
        drain_seconds: float = 6.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        server: uvicorn.Server | None = None,
        alerting: Alerting | None = None,
        dispatch_seconds: float = 5.0,
        sealer: Callable[[], object] | None = None,
        seal_seconds: float = 3600.0,
    ) -> None:
        self.pipeline = pipeline
        self.sources = list(sources)
        self.runner = runner
        self.tick_seconds = tick_seconds
        self.drain_seconds = drain_seconds
        self.clock = clock
        self.server = server
        self.alerting = alerting
        self.dispatch_seconds = dispatch_seconds
        self.jobs: set[asyncio.Task[Any]] = set()
        self.sealer = sealer
        self.seal_seconds = seal_seconds
        self.scheduling = False
        self.in_flight: dict[str, asyncio.Task[PollOutcome]] = {}
        self.stopping = asyncio.Event()
        self._projections_stop = threading.Event()

    def request_stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.request_stop)
        follower = threading.Thread(
            target=self.runner.follow,
            args=(self._projections_stop, 1.0),
            daemon=True,
            name="asean-monitor-projections",
        )
        follower.start()
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.tick_seconds,
            coalesce=True,
            max_instances=1,
            next_run_time=self.clock(),
        )
        if self.alerting is not None:
            self._schedule_alerts(scheduler)
        if self.sealer is not None:
            scheduler.add_job(
                self._seal, "interval", seconds=self.seal_seconds, coalesce=True, max_instances=1
            )
        scheduler.start()
        self.scheduling = True
        serving = asyncio.create_task(self.server.serve()) if self.server else None
        log.info("daemon.started", sources=len(self.sources))
        await self.stopping.wait()
        scheduler.shutdown(wait=False)
        self.scheduling = False
        await self.drain()
        if serving is not None and self.server is not None:
            self.server.should_exit = True
            await serving
        self._projections_stop.set()
        follower.join(timeout=5)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        log.info("daemon.stopped")

    async def tick(self) -> None:
        """Start a poll for every due source (never two at once for one source)."""
        if self.stopping.is_set():
            return
        now = self.clock()
        checks = {sid: st.next_check_at for sid, st in self.pipeline.states.items()}
        for source in due_sources(self.sources, checks, set(self.in_flight), now):
            task = asyncio.create_task(self._poll(source), name=f"poll {source.id}")
            self.in_flight[source.id] = task

    async def _poll(self, source: Source) -> PollOutcome:
        correlation = str(uuid.uuid4())
        bound = log.bind(source=source.id, correlation_id=correlation)
        try:
            outcome = await self.pipeline.poll(source, correlation)
            bound.info(
                "source.polled" if outcome.ok else "source.poll_failed",
                new=outcome.items_new,
                reason=outcome.reason,
            )
            return outcome
        except Exception:  # a bug must not stop the daemon: record it and go on
            bound.exception("poll.crashed")
            return PollOutcome(source.id, False, reason="internal_error")
        finally:
            self.in_flight.pop(source.id, None)

    def _schedule_alerts(self, scheduler: AsyncIOScheduler) -> None:
        every = {"trigger": "interval", "coalesce": True, "max_instances": 1}
        scheduler.add_job(self._job, args=["dispatch"], seconds=self.dispatch_seconds, **every)
        scheduler.add_job(self._job, args=["watch_health"], seconds=60, **every)
        scheduler.add_job(
            self._sync_digests, args=[scheduler], seconds=30, next_run_time=self.clock(), **every
        )

    async def _job(self, name: str, *args: Any) -> None:
        """Run one alerting job; a failure is logged and the next round tries again."""
        if self.stopping.is_set() or self.alerting is None:
            return
        task = asyncio.current_task()
        if task is not None:
            self.jobs.add(task)
        try:
            await getattr(self.alerting, name)(*args)
        except Exception:  # a bad receiver or a bug must not stop the daemon
            log.exception("alerting.job_failed", job=name)
        finally:
            if task is not None:
                self.jobs.discard(task)

    async def _seal(self) -> None:
        """Write a signed checkpoint of the head (when it moved since the last one)."""
        if self.sealer is None:
            return
        try:
            written = await asyncio.to_thread(self.sealer)
        except Exception:  # a full disk must not stop the daemon; the next round tries again
            log.exception("checkpoint.failed")
            return
        if written is not None:
            log.info("checkpoint.written", path=str(written))

    async def _sync_digests(self, scheduler: AsyncIOScheduler) -> None:
        """One cron job per digest subscription, in its time zone; kept in step with changes."""
        if self.alerting is None:
            return
        wanted = {
            s.subscription_id: s
            for s in await asyncio.to_thread(self.alerting.digest_subscriptions)
        }
        for job in scheduler.get_jobs():
            if job.id.startswith("digest:") and job.id.split(":", 2)[1] not in wanted:
                job.remove()
        for sid, sub in wanted.items():
            job_id = f"digest:{sid}:{sub.delivery.cron}|{sub.delivery.timezone}"
            if scheduler.get_job(job_id) is None:
                for job in scheduler.get_jobs():
                    if job.id.startswith(f"digest:{sid}:"):
                        job.remove()
                trigger = CronTrigger.from_crontab(
                    str(sub.delivery.cron), timezone=ZoneInfo(sub.delivery.timezone)
                )
                scheduler.add_job(
                    self._job,
                    trigger,
                    args=["digest", sid],
                    id=job_id,
                    coalesce=True,
                    max_instances=1,
                )

    async def drain(self) -> None:
        tasks = [*self.in_flight.values(), *self.jobs]
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=self.drain_seconds)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
