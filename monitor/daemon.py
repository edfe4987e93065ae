"""The daemon: APScheduler 3 ticks drive polls, resumed work, alerts and checkpoints on one
asyncio loop.

How several daemons (replicas on one PostgreSQL) share the work:

- **Sources** are leased (:mod:`store.leases`): each tick claims the due sources nobody holds
  (the lease row carries the next due time), polls them with the lease as the fencing token of
  every event the poll appends, and releases each with its next check.  Before polling, the
  source's latest events are read from the log: if another replica polled it since, its next
  check stands and the source is not polled twice.
- **Articles and alerts** are claimed the same way, by the pipeline, the resumer and the
  dispatcher; their appends expect the stream's version as read, so a second worker's events
  are refused, never doubled.
- **Singleton roles** (the projection follower that writes alerts, the checkpoint signer,
  digests, the source-health watch) run only where :meth:`store.roles.RoleLocks.hold` says so;
  a dead holder's role is taken over at the next tick of another replica.
- Claims are renewed every third of their lifetime while the work runs; a killed replica's
  claims expire and are taken over.  On SQLite a single daemon holds everything.

SIGHUP reads ``sources.yaml`` again (so does a change of the file, looked for every few
seconds): a valid file replaces the sources without a restart, a bad one is refused with its
problems and the sources in force stay (:mod:`monitor.config.reload`); each outcome is an
event.  Each replica reads its own file.

SIGTERM or SIGINT stops taking work, lets work in flight finish within ``drain`` seconds
(then cancels it) and records what was sent but not recorded, its claims renewed all the while
(:mod:`monitor.stopping`), then releases claims and roles so other replicas take over at once,
and returns so the process exits 0.  Whatever did not finish is resumed from the log by the
next start.  A database that goes away makes every round fail; rounds back off (1 s doubling
to 60 s) and resume by themselves when it is back.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
import uvicorn
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.exc import SQLAlchemyError

from monitor.audit.checkpoints import CheckpointSigningError
from monitor.config import Source
from monitor.config.reload import ReloadFailed, SourcesReloader, outcome_event
from monitor.delivery.assembly import Alerting
from monitor.delivery.digest_jobs import sync_digest_jobs
from monitor.events import SOURCES_CONFIG_STREAM, SourcesReloaded, SourcesReloadFailed
from monitor.ingest.advice import log_poll
from monitor.ingest.polling import Pipeline, PollOutcome
from monitor.ingest.ports import state_from_events
from monitor.ingest.resume import Resumer
from monitor.ingest.rounds import Backoff, Cadence, due_sources, source_resource
from monitor.stopping import fresh_executor, keep_claims, record_window
from store.errors import FencedError, StoreError
from store.leases import Lease, Leases
from store.projections import ProjectionRunner
from store.roles import RoleLocks

log = structlog.get_logger("monitor.daemon")
__all__ = ["Cadence", "Daemon", "due_sources"]

ROLES = ("projections", "signer", "digests", "health")
RETRY_AFTER_CRASH = timedelta(minutes=1)
RECENT_SOURCE_EVENTS = 10
DEFAULT_CADENCE = Cadence()


class Daemon:
    def __init__(
        self,
        pipeline: Pipeline,
        sources: Sequence[Source],
        runner: ProjectionRunner,
        *,
        leases: Leases,
        roles: RoleLocks,
        cadence: Cadence = DEFAULT_CADENCE,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        server: uvicorn.Server | None = None,
        alerting: Alerting | None = None,
        signer: Callable[[], object] | None = None,
        reloader: SourcesReloader | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.reloader = reloader
        self.sources = {s.id: s for s in sources}
        self.runner = runner
        self.leases = leases
        self.roles = roles
        self.cadence = cadence
        self.clock = clock
        self.server = server
        self.alerting = alerting
        self.signer = signer
        self.resumer = Resumer(runner.log, pipeline)
        self.jobs: set[asyncio.Task[Any]] = set()
        self.scheduling = False
        self.in_flight: dict[str, asyncio.Task[PollOutcome | None]] = {}
        self.stopping = asyncio.Event()
        self.backoff = Backoff()
        self._resuming: asyncio.Task[Any] | None = None
        self._follower_stop = threading.Event()

    def request_stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.request_stop)
        loop.add_signal_handler(signal.SIGHUP, self._reload_now)
        follower = threading.Thread(target=self._follow, daemon=True, name="asean-monitor-follow")
        follower.start()
        scheduler = self._scheduler()
        scheduler.start()
        self.scheduling = True
        serving = asyncio.create_task(self.server.serve()) if self.server else None
        log.info("daemon.started", sources=len(self.sources), owner=self.leases.owner)
        await self.stopping.wait()
        self._follower_stop.set()  # the log keeps what it has not projected: resumed later
        scheduler.pause()  # no new rounds; the running ones drain (a shutdown would cancel them)
        self.scheduling = False
        await self._finish()
        scheduler.shutdown(wait=False)
        await self._let_go()
        if serving is not None and self.server is not None:
            self.server.should_exit = True
            await serving
        follower.join(timeout=1)  # a page in progress commits or rolls back; it is resumed
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.remove_signal_handler(signum)
        log.info("daemon.stopped")

    def _scheduler(self) -> AsyncIOScheduler:
        scheduler = AsyncIOScheduler(timezone=UTC)
        every = {"trigger": "interval", "coalesce": True, "max_instances": 1}
        first = {"next_run_time": self.clock()}
        cadence = self.cadence
        renew = max(1.0, self.leases.ttl.total_seconds() / 3)
        scheduler.add_job(
            self._round, args=["tick", self.tick], seconds=cadence.tick, **every, **first
        )
        scheduler.add_job(self._round, args=["renew", self._renew], seconds=renew, **every)
        scheduler.add_job(self._round, args=["sign", self._sign], seconds=cadence.sign, **every)
        reload = self.reload_sources
        scheduler.add_job(self._round, args=["reload", reload], seconds=cadence.reload, **every)
        if self.alerting is not None:
            dispatch = self.alerting.dispatch
            scheduler.add_job(
                self._round, args=["dispatch", dispatch], seconds=cadence.dispatch, **every
            )
            scheduler.add_job(
                self._round, args=["health", self._watch_health], seconds=cadence.health, **every
            )
            sync = self._sync_digests
            scheduler.add_job(
                self._round, args=["digests", sync, scheduler], seconds=30, **every, **first
            )
        return scheduler  # fmt: skip

    async def _round(self, name: str, work: Callable[..., Awaitable[Any]], *args: Any) -> None:
        """One round of ``work``; a failure is logged, and a database failure backs off (every
        round but the renewal of claims, which is tried every time: a claim must not lapse
        while its work goes on)."""
        if self.stopping.is_set() or (name != "renew" and not self.backoff.ready()):
            return
        task = asyncio.current_task()
        if task is not None:
            self.jobs.add(task)
        try:
            await work(*args)
            self.backoff.succeeded()
        except asyncio.CancelledError:
            if not self.stopping.is_set():
                raise
            return  # the drain's cut: the scheduler need not report a stop as a failure
        except (StoreError, SQLAlchemyError) as exc:
            self.backoff.failed(name, exc)
        except Exception:  # a bad receiver or a bug must not stop the daemon
            log.exception("round.failed", round=name)
        finally:
            if task is not None:
                self.jobs.discard(task)

    async def tick(self) -> None:
        """Hold the roles that are free, claim and poll the due sources, resume work."""
        await self._refresh_roles()
        now = self.clock()
        candidates = due_sources(list(self.sources.values()), {}, set(self.in_flight), now)
        resources = [source_resource(s.id) for s in candidates]
        claimed = await asyncio.to_thread(self.leases.claim, resources, now, limit=len(resources))
        for lease in claimed:
            source = self.sources[lease.resource.removeprefix("source:")]
            task = asyncio.create_task(self._poll(source, lease), name=f"poll {source.id}")
            self.in_flight[source.id] = task
        if self._resuming is None or self._resuming.done():
            self._resuming = asyncio.create_task(self._resume())

    def _reload_now(self) -> None:
        """SIGHUP: read ``sources.yaml`` again now, changed or not."""
        task = asyncio.create_task(self._round("reload", self.reload_sources, True))
        self.jobs.add(task)
        task.add_done_callback(self.jobs.discard)

    async def reload_sources(self, force: bool = False) -> None:
        """Use ``sources.yaml`` again if it changed (or ``force``): a valid file replaces the
        sources (polls in flight finish), a bad one is refused and the old sources stay; the
        outcome is recorded in the log before it is acted on."""
        reloader = self.reloader
        outcome = None if reloader is None else await asyncio.to_thread(reloader.check, force)
        if reloader is None or outcome is None:
            return
        event = outcome_event(outcome, reloader.path, self.leases.owner, self.clock())
        await asyncio.to_thread(self.runner.log.append, SOURCES_CONFIG_STREAM, [event])
        reloader.settle(outcome)
        if isinstance(outcome, ReloadFailed):
            log.warning(SourcesReloadFailed.type_name, path=str(reloader.path),
                        kept=len(self.sources), problems=list(outcome.problems))  # fmt: skip
            return
        self.sources = {s.id: s for s in outcome.sources}
        await self.offer_sources()
        change = outcome.change
        log.info(SourcesReloaded.type_name, path=str(reloader.path), sources=len(self.sources),
                 added=change.added, removed=change.removed, changed=change.changed)  # fmt: skip

    async def offer_sources(self) -> None:
        """Make a lease row for each source, due when the read model says (first start)."""
        states = self.pipeline.states
        due: dict[str, datetime | None] = {
            source_resource(i): states[i].next_check_at if i in states else None
            for i in self.sources
        }
        await asyncio.to_thread(self.leases.offer, due)

    async def _resume(self) -> None:
        try:
            await self.resumer.resume()
        except (StoreError, SQLAlchemyError) as exc:
            self.backoff.failed("resume", exc)
        except Exception:
            log.exception("resume.failed")

    async def _poll(self, source: Source, lease: Lease) -> PollOutcome | None:
        correlation = str(uuid.uuid4())
        bound = log.bind(source=source.id, correlation_id=correlation)
        due: datetime | None = self.clock() + RETRY_AFTER_CRASH
        try:
            state = await self._state_from_log(source.id)
            if state.next_check_at is not None and state.next_check_at > self.clock():
                due = state.next_check_at  # polled by another replica since: not again
                return None
            outcome = await self.pipeline.poll(source, correlation, lease)
            due = outcome.next_check_at
            log_poll(bound, outcome)
            return outcome
        except FencedError:
            bound.warning("poll.fenced", token=lease.token)
            due = None
            return None
        except (StoreError, SQLAlchemyError) as exc:
            self.backoff.failed("poll", exc)
            due = self.clock()  # the database's fault, not the source's: again when it is back
            return None
        except Exception:  # a bug must not stop the daemon: record it and go on
            bound.exception("poll.crashed")
            return None
        finally:
            self.in_flight.pop(source.id, None)
            task = asyncio.current_task()
            cut = task is not None and task.cancelling() > 0  # a stop releases all at once
            if due is not None and not cut:
                await self._release(lease, due)

    async def _state_from_log(self, source_id: str) -> Any:
        stream = f"source-{source_id}"
        log_ = self.runner.log
        version = await asyncio.to_thread(log_.stream_version, stream)
        start = max(1, version - RECENT_SOURCE_EVENTS + 1)
        events = await asyncio.to_thread(log_.read_stream, stream, start) if version else []
        state = state_from_events(events, self.pipeline.states.get(source_id))
        self.pipeline.states[source_id] = state
        return state

    async def _release(self, lease: Lease, due: datetime | None) -> None:
        try:
            await asyncio.to_thread(self.leases.release, lease, due_at=due)
        except (StoreError, SQLAlchemyError) as exc:  # it expires by itself
            log.warning("lease.release_failed", resource=lease.resource, error=str(exc)[:200])

    async def _renew(self) -> None:
        lost = await asyncio.to_thread(self.leases.renew_held, self.clock())
        for lease in lost:
            log.warning("lease.lost", resource=lease.resource, token=lease.token)
        if self.roles.holds("projections"):
            await asyncio.to_thread(self.leases.sweep, self.clock())

    async def _refresh_roles(self) -> None:
        for role in ROLES:
            had = self.roles.holds(role)
            holds = await asyncio.to_thread(self.roles.hold, role)
            if holds != had:
                log.info("role.acquired" if holds else "role.lost", role=role)

    async def _sign(self) -> None:
        """Write a signed checkpoint of the head (when it moved since the last one)."""
        if self.signer is None or not self.roles.holds("signer"):
            return
        try:
            written = await asyncio.to_thread(self.signer)
        except CheckpointSigningError as exc:
            log.warning("checkpoint.failed", error=str(exc))
            return
        if written is not None:
            log.info("checkpoint.written", path=str(written))

    async def _watch_health(self) -> None:
        if self.alerting is not None and self.roles.holds("health"):
            await self.alerting.watch_health()

    async def _sync_digests(self, scheduler: AsyncIOScheduler) -> None:
        """Cron jobs for digest subscriptions; digests missed while stopped go out now."""
        if self.alerting is None or not self.roles.holds("digests"):
            return
        alerting = self.alerting
        subscriptions = await asyncio.to_thread(alerting.digest_subscriptions)
        sync_digest_jobs(scheduler, subscriptions, self._round, self._digest_due)
        for subscription in subscriptions:
            await self._digest_due(subscription.subscription_id)

    async def _digest_due(self, subscription_id: str) -> None:
        if self.alerting is not None and self.roles.holds("digests"):
            await self.alerting.digest_due(subscription_id)

    def _follow(self) -> None:
        """Keep the read models (and the alert router) up with the log, while this process
        holds the ``projections`` role; database failures back off."""
        wait, prepared = 0.0, False
        while not self._follower_stop.is_set():
            try:
                if not prepared:
                    self.runner.prepare()
                    prepared = True
                if self.roles.holds("projections"):
                    self.runner.catch_up_all(stop=self._follower_stop)
                lowest = min((self.runner.position(p) for p in self.runner.projections), default=0)
                wait = 0.0
                self.runner.log.wait_for(lowest, 1.0)
            except (StoreError, SQLAlchemyError) as exc:
                wait = min(60.0, max(1.0, wait * 2))
                log.warning("projections.unavailable", error=str(exc)[:300], retry_in=wait)
                self._follower_stop.wait(wait)

    async def _finish(self) -> None:
        """Drain, then record what was sent and not recorded, the claims kept all along."""
        every = max(1.0, self.leases.ttl.total_seconds() / 3)
        keeper = asyncio.create_task(keep_claims(self.leases, self.clock, every))
        began = time.monotonic()
        try:
            if await self.drain():
                fresh_executor(asyncio.get_running_loop())
            self.runner.halt()  # a catch-up left in a thread by the cut ends after its page
            if self.alerting is not None:  # sent but not recorded: record before letting go
                elapsed = time.monotonic() - began
                await self.alerting.record_sent(within=record_window(self.cadence.drain, elapsed))
        finally:
            keeper.cancel()
            await asyncio.gather(keeper, return_exceptions=True)

    async def drain(self) -> bool:
        """Wait for the work in flight, at most the drain period; whether it was cut."""
        tasks = [*self.in_flight.values(), *self.jobs, *filter(None, [self._resuming])]
        tasks = [t for t in tasks if t is not asyncio.current_task()]
        if not tasks:
            return False
        _, pending = await asyncio.wait(tasks, timeout=self.cadence.drain)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if pending:
            log.info("daemon.drain_cut", unfinished=len(pending))
        return bool(pending)

    async def _let_go(self) -> None:
        """Release claims and roles so that other replicas take over at once (the loop's
        executor is free: a cut drain gave it fresh threads, :meth:`_finish`)."""
        try:
            released = await asyncio.to_thread(self.leases.release_all)
            await asyncio.to_thread(self.roles.release_all)
            log.info("daemon.released", leases=released)
        except (StoreError, SQLAlchemyError) as exc:
            log.warning("daemon.release_failed", error=str(exc)[:300])
