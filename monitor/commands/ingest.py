"""``asean-monitor run | once | check-config``: the daemon, one cycle, and the config check."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from alerts.dispatcher import Attempt
from monitor.commands import fail, settings_or_exit
from monitor.config import SourcesConfig, SourcesFileError, check_sources, load_sources
from monitor.daemon import Daemon
from monitor.errors import ConfigError
from monitor.logs import configure_logging
from monitor.pipeline import PollOutcome
from monitor.sealing import seal
from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.service.server import make_server
from monitor.settings import Settings
from monitor.wiring import assemble

sources_option = click.option(
    "--sources",
    "sources_path",
    type=click.Path(path_type=Path),
    envvar="MONITOR_SOURCES",
    help="sources.yaml to read (default: MONITOR_SOURCES, then ./sources.yaml).",
)


def _load(settings: Settings, path: Path | None) -> SourcesConfig:
    try:
        return load_sources(path or settings.sources)
    except SourcesFileError as exc:
        fail("\n".join(str(p) for p in exc.problems), 2)
        raise
    except ConfigError as exc:
        fail(str(exc), 2)
        raise


@click.command("check-config")
@sources_option
def check_config(sources_path: Path | None) -> None:
    """Report every problem of sources.yaml at once (file:line: field: reason)."""
    path = sources_path or settings_or_exit().sources
    problems = check_sources(path)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        fail(f"{path}: {len(problems)} problem(s)", 1)
    config = load_sources(path)
    enabled = sum(1 for s in config.sources if s.enabled)
    click.echo(f"{path}: OK, {len(config.sources)} sources ({enabled} enabled)")


@click.command()
@sources_option
def run(sources_path: Path | None) -> None:
    """Run the daemon: poll due sources on their schedules until SIGTERM."""
    settings = settings_or_exit()
    configure_logging(settings.log_level)
    config = _load(settings, sources_path)
    asyncio.run(_run(settings, config))


async def _run(settings: Settings, config: SourcesConfig) -> None:
    async with assemble(settings, config) as app:
        context = ServiceContext(settings, app.log, app.runner)
        server = make_server(create_app(context), settings.listen_host, settings.listen_port)

        def sealer() -> Path | None:
            return seal(
                app.log,
                settings.signing_key,
                settings.checkpoint_dir,
                datetime.now(UTC),
                only_if_new=True,
            )

        daemon = Daemon(
            app.pipeline,
            config.sources,
            app.runner,
            server=server,
            alerting=app.alerting,
            dispatch_seconds=settings.dispatch_interval,
        )
        context.scheduler_running = lambda: daemon.scheduling
        context.stopping = daemon.stopping.is_set
        await daemon.run()


@click.command()
@sources_option
@click.option("--source", "source_ids", multiple=True, help="Poll only this source (repeatable).")
def once(sources_path: Path | None, source_ids: tuple[str, ...]) -> None:
    """Poll every enabled source once, process new articles, print a summary."""
    settings = settings_or_exit()
    configure_logging(settings.log_level)
    config = _load(settings, sources_path)
    known = {s.id: s for s in config.sources}
    missing = [i for i in source_ids if i not in known]
    if missing:
        raise click.BadParameter(
            f"unknown source id(s): {', '.join(missing)}", param_hint="--source"
        )
    chosen = [known[i] for i in source_ids] or [s for s in config.sources if s.enabled]
    outcomes, attempts = asyncio.run(_once(settings, config, [s.id for s in chosen]))
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
    settings: Settings, config: SourcesConfig, ids: list[str]
) -> tuple[list[PollOutcome], list[Attempt]]:
    """The whole cycle once: poll, extract, match, route, and dispatch what is due."""
    async with assemble(settings, config) as app:
        correlation = str(uuid.uuid4())
        polls = [app.pipeline.poll(config.source(i), correlation) for i in ids]
        outcomes = list(await asyncio.gather(*polls))
        await app.alerting.watch_health()
        attempts = await app.alerting.dispatch()
        return outcomes, attempts


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
