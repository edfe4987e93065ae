"""Build the adapters from settings and sources.yaml (the one place that combines them)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from alerts.dispatcher import Dispatcher
from monitor import __version__
from monitor.config import SourcesConfig
from monitor.delivery.assembly import Alerting, channels, webhook_client
from monitor.delivery.outlets import story_outlets
from monitor.extract.extractor import Extractor
from monitor.fetch import Fetcher, FetcherConfig
from monitor.ingest.polling import Pipeline, SourceState
from monitor.ingest.stories import StoryIndex
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge
from monitor.readmodels.articles import ARTICLES
from monitor.readmodels.registry import all_projections, processors
from monitor.readmodels.sources import SOURCE_HEALTH
from monitor.settings import Settings
from store.clock import parse_time
from store.leases import Leases
from store.projections import ProjectionRunner
from store.sql import SqlEventLog


def open_store(settings: Settings) -> SqlEventLog:
    """The event log at ``MONITOR_DATABASE_URL`` (migrated to the current schema)."""
    return SqlEventLog(settings.database_url, software_version=__version__)


def open_current_store(settings: Settings) -> SqlEventLog:
    """The event log with every read model caught up (for commands that read them)."""
    log = open_store(settings)
    runner = ProjectionRunner(log, all_projections())
    runner.prepare()
    runner.catch_up_all()
    return log


def fetcher_config(settings: Settings) -> FetcherConfig:
    return FetcherConfig(
        user_agent=settings.user_agent,
        connect_timeout=min(10.0, settings.fetch_timeout),
        read_timeout=settings.fetch_timeout,
        total_timeout=settings.fetch_timeout * 3,
        max_body_bytes=settings.max_response_bytes,
        max_decoded_bytes=settings.max_decompressed_bytes,
        max_redirects=settings.max_redirects,
        max_connections=settings.concurrency,
        max_connections_per_host=settings.per_host_concurrency,
        allow_private_networks=settings.allow_private_networks,
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


def load_states(log: SqlEventLog) -> dict[str, SourceState]:
    """What the pipeline remembers of each source, from the ``sources`` read model."""
    states: dict[str, SourceState] = {}
    with log.reader.connect() as conn:
        for row in conn.execute(select(SOURCE_HEALTH)):
            states[row.source_id] = SourceState(
                etag=row.etag,
                last_modified=row.last_modified,
                body_sha256=row.body_sha256,
                failures=row.consecutive_failures,
                next_check_at=parse_time(row.next_check_at) if row.next_check_at else None,
            )
    return states


def load_stories(log: SqlEventLog) -> StoryIndex:
    """Fingerprints of stored articles, oldest first, so the first of a story stays first."""
    index = StoryIndex()
    query = select(ARTICLES.c.article_id, ARTICLES.c.fingerprint).where(
        ARTICLES.c.fingerprint.is_not(None), ARTICLES.c.story_id == ARTICLES.c.article_id
    )
    with log.reader.connect() as conn:
        for article_id, print_ in conn.execute(query.order_by(ARTICLES.c.discovered_at)):
            index.add(article_id, print_)
    return index


@dataclass
class App:
    settings: Settings
    config: SourcesConfig
    log: SqlEventLog
    runner: ProjectionRunner
    pipeline: Pipeline
    alerting: Alerting
    leases: Leases


def process_name() -> str:
    """Who holds a lease: host, process id and a random tag (a restarted pid differs)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def leases_for(log: SqlEventLog, settings: Settings) -> Leases:
    return Leases(log, process_name(), timedelta(seconds=settings.lease_seconds))


def shared(leases: Leases) -> Leases | None:
    """Leases for articles and alerts where several daemons may share the database; on SQLite
    the one daemon works alone (its claim is held) and needs none."""
    return leases if leases.log.backend.several_daemons else None


@asynccontextmanager
async def assemble_alerting(
    settings: Settings, leases: Leases | None = None
) -> AsyncIterator[Alerting]:
    """The alert side alone (routing, dispatch, digests, health), for ``alerts dispatch``."""
    log = leases.log if leases is not None else open_store(settings)
    claims = shared(leases or leases_for(log, settings))
    runner = ProjectionRunner(log, [*all_projections(), *processors(log, utc_now)])
    runner.prepare()
    async with webhook_client(settings) as client:
        registry = channels(settings, client)
        dispatcher = Dispatcher(
            runner, registry.channel_for, utc_now, claims=claims, enrich=story_outlets(log)
        )
        try:
            yield Alerting(runner, dispatcher, registry, utc_now)
        finally:
            if leases is None:
                log.close()


@asynccontextmanager
async def assemble(
    settings: Settings, config: SourcesConfig, log: SqlEventLog
) -> AsyncIterator[App]:
    """Build the pipeline and the alert side around ``log`` (the caller holds its daemon
    claim), with the read models caught up."""
    leases = leases_for(log, settings)
    async with assemble_alerting(settings, leases) as alerting:
        runner = alerting.runner
        runner.catch_up_all()
        source = str(config.path or "sources.yaml")
        judge = RulesetJudge(load_ruleset(config.matching, source=source))
        async with (
            Fetcher(fetcher_config(settings)) as fetcher,
            Extractor(judge=judge) as extractor,
        ):
            pipeline = Pipeline(
                log,
                fetcher,
                extractor,
                utc_now,
                judge,
                states=load_states(log),
                stories=load_stories(log),
                claims=shared(leases),
                sources={s.id: s for s in config.sources},
            )
            yield App(settings, config, log, runner, pipeline, alerting, leases)
