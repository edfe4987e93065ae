"""``asean-monitor run | once``: the daemon and one cycle (``check-config`` is in
:mod:`monitor.commands.check`, which starts without the daemon's libraries)."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import click
import structlog
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from alerts.dispatcher import Attempt
from monitor.audit.checkpoints import daemon_signer
from monitor.commands import as_daemon, fail, settings_or_exit
from monitor.commands.check import sources_option
from monitor.config import SourcesConfig, SourcesFileError, load_sources
from monitor.config.model import Source
from monitor.config.reload import SourcesReloader
from monitor.daemon import Cadence, Daemon
from monitor.errors import ConfigError
from monitor.ingest.advice import log_poll
from monitor.ingest.polling import PollOutcome
from monitor.ingest.resume import Resumer
from monitor.logs import configure_logging
from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.service.server import listen_socket, make_server, start_lines
from monitor.settings import Settings
from monitor.shutdown import exit_on_sigterm, force_exit_after, returned
from monitor.wiring import App, assemble
from store.errors import FencedError, StoreError
from store.leases import Lease, Leases
from store.sql import SqlEventLog

T = TypeVar("T")
EXIT_GRACE = 4.0
"""Seconds from ``daemon.stopped`` to the process's exit at most (:mod:`monitor.shutdown`)."""
logger = structlog.get_logger("monitor.commands.ingest")


def _load(settings: Settings, path: Path | None) -> SourcesConfig:
    try:
        return load_sources(path or settings.sources)
    except SourcesFileError as exc:
        fail("\n".join(str(p) for p in exc.problems), 2)
        raise
    except ConfigError as exc:
        fail(str(exc), 2)
        raise


@click.command()
@sources_option
def run(sources_path: Path | None) -> None:
    """Run the daemon: poll due sources on their schedules until SIGTERM."""
    # Until the daemon's loop handles it, SIGTERM (a deploy while starting, or while waiting
    # for the database) ends the start cleanly: nothing has been taken on yet.
    exit_on_sigterm()
    settings = settings_or_exit()
    configure_logging(settings.log_level, settings.log_format)
    config = _load(settings, sources_path)
    sock = _listen(settings)
    try:
        as_daemon(
            settings,
            "asean-monitor run",
            lambda log: _run_when_ready(settings, config, log, sock),
            wait_for_database=True,
        )
    finally:
        sock.close()
        returned()


def _listen(settings: Settings) -> socket.socket:
    """The service's socket, bound before anything else (a port in use: one line, exit 2),
    and the first log lines: where the dashboard and the API are, how to get a token."""
    sock = listen_socket(settings.listen_host, settings.listen_port)
    for event, fields in start_lines(
        settings.listen_host, settings.listen_port, settings.public_reads
    ):
        logger.info(event, **fields)
    return sock


async def _run_when_ready(
    settings: Settings, config: SourcesConfig, log: SqlEventLog, sock: socket.socket
) -> None:
    """:func:`_run`, started again (backing off to 30 s) while the database fails before the
    daemon has started; once started, the daemon rides database failures out itself."""
    delay = 1.0
    started = asyncio.Event()
    while True:
        try:
            await _run(settings, config, log, sock, started)
            return
        except (StoreError, SQLAlchemyError) as exc:
            if started.is_set():
                raise
            logger.warning("database.unavailable", round="start", error=str(exc)[:300],
                           retry_in=delay)  # fmt: skip
            await asyncio.sleep(delay)
            delay = min(30.0, delay * 2)


async def _run(
    settings: Settings,
    config: SourcesConfig,
    log: SqlEventLog,
    sock: socket.socket,
    started: asyncio.Event,
) -> None:
    async with assemble(settings, config, log) as app:
        structlog.contextvars.bind_contextvars(replica=app.leases.owner)
        context = ServiceContext(settings, app.log, app.runner)
        service = create_app(context)
        server = make_server(service, settings.listen_host, settings.listen_port, sock)
        roles = app.log.roles()
        app.alerting.dispatcher.follows = lambda: roles.holds("projections")
        daemon = Daemon(
            app.pipeline,
            config.sources,
            app.runner,
            leases=app.leases,
            roles=roles,
            cadence=Cadence(
                drain=settings.drain_seconds,
                dispatch=settings.dispatch_interval,
                sign=settings.checkpoint_interval,
            ),
            server=server,
            alerting=app.alerting,
            signer=daemon_signer(
                app.log, settings.signing_key, settings.checkpoint_dir, lambda: datetime.now(UTC)
            ),
            reloader=SourcesReloader(config.path, config.sources) if config.path else None,
        )
        context.scheduler_running = lambda: daemon.scheduling
        context.stopping = daemon.stopping.is_set
        await daemon.offer_sources()
        started.set()
        await daemon.run()
        force_exit_after(EXIT_GRACE)  # teardown is bounded: see monitor.shutdown


@click.command()
@sources_option
@click.option("--source", "source_ids", multiple=True, help="Poll only this source (repeatable).")
def once(sources_path: Path | None, source_ids: tuple[str, ...]) -> None:
    """Finish the work a stop left, poll every enabled source once, process new articles,
    send due alerts, and print a summary."""
    settings = settings_or_exit()
    configure_logging(settings.log_level, settings.log_format)
    config = _load(settings, sources_path)
    known = {s.id: s for s in config.sources}
    missing = [i for i in source_ids if i not in known]
    if missing:
        raise click.BadParameter(
            f"unknown source id(s): {', '.join(missing)}", param_hint="--source"
        )
    chosen = [known[i] for i in source_ids] or [s for s in config.sources if s.enabled]
    ids = [s.id for s in chosen]
    resumed, outcomes, attempts = as_daemon(
        settings, "asean-monitor once", lambda log: _once(settings, config, ids, log)
    )
    if resumed.total():
        click.echo("resumed from the log: " + ", ".join(f"{v} {k}" for k, v in resumed.items()))
    _print_summary(outcomes)
    delivered = sum(1 for a in attempts if a.delivered)
    if attempts:
        click.echo(
            f"alerts: {delivered} delivered, {len(attempts) - delivered} failed "
            f"({sum(1 for a in attempts if a.dead)} to the dead letters)"
        )
    if outcomes and not any(o.ok for o in outcomes):
        fail("no source could be polled", 1)


async def _once(
    settings: Settings, config: SourcesConfig, ids: list[str], log: SqlEventLog
) -> tuple[Counter[str], list[PollOutcome], list[Attempt]]:
    """The whole cycle once: resume, poll, extract, match, route, and dispatch what is due."""
    async with assemble(settings, config, log) as app:
        renewing = asyncio.create_task(_renew(app.leases))
        try:
            correlation = str(uuid.uuid4())
            resumed = await Resumer(app.log, app.pipeline).resume_all(correlation)
            outcomes = await _poll_all(app, config, ids, correlation)
            await app.alerting.watch_health()
            attempts = await app.alerting.dispatch()
        finally:
            renewing.cancel()
        return resumed, outcomes, attempts


async def _renew(leases: Leases) -> None:
    """Keep this process's claims alive while ``once`` works (as the daemon's renew job)."""
    while True:
        await asyncio.sleep(max(1.0, leases.ttl.total_seconds() / 3))
        await asyncio.to_thread(leases.renew_held, datetime.now(UTC))


async def _poll_all(
    app: App, config: SourcesConfig, ids: list[str], correlation: str
) -> list[PollOutcome]:
    """Poll the sources nobody else is polling now, due or not."""
    wanted = [f"source:{i}" for i in ids]
    now = datetime.now(UTC)
    leases = await asyncio.to_thread(
        app.leases.claim, wanted, now, limit=len(wanted), due_only=False
    )
    polls = [_poll_once(app, config.source(lease.resource[7:]), lease, correlation)
             for lease in leases]  # fmt: skip
    outcomes = list(await asyncio.gather(*polls))
    held = sorted(set(ids) - {o.source_id for o in outcomes})
    busy = [PollOutcome(i, False, reason="busy", detail="claimed by another daemon") for i in held]
    return outcomes + busy


async def _poll_once(app: App, source: Source, lease: Lease, correlation: str) -> PollOutcome:
    try:
        outcome = await app.pipeline.poll(source, correlation, lease)
    except FencedError as exc:  # another daemon took the source over: its poll stands
        return PollOutcome(source.id, False, reason="fenced", detail=str(exc))
    await asyncio.to_thread(app.leases.release, lease, due_at=outcome.next_check_at)
    log_poll(logger.bind(source=source.id, correlation_id=correlation), outcome)
    return outcome


def _print_summary(outcomes: list[PollOutcome]) -> None:
    table = Table(title="asean-monitor once")
    for column in ("source", "result", "items", "new", "extracted", "next check", "problem"):
        table.add_column(column)
    for o in outcomes:
        result = "not modified" if o.not_modified else ("ok" if o.ok else "FAILED")
        when = o.next_check_at.strftime("%Y-%m-%d %H:%M UTC") if o.next_check_at else "-"
        problem = f"{o.reason}: {o.detail}"[:80] if o.reason else ""
        table.add_row(
            o.source_id,
            result,
            str(o.items_seen),
            str(o.items_new),
            str(o.extracted),
            when,
            problem,
        )
    Console(width=160).print(table)
