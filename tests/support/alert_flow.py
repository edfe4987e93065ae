"""The alert side wired for tests on top of the ingest harness: subscriptions, router,
dispatcher with the real channels (webhook, e-mail, Apprise, log, Atom, SSE) and a controllable
clock, on SQLite or PostgreSQL.

- :func:`harness_on`: the ingest harness (:mod:`tests.support.ingest_harness`) on any log URL.
- :func:`flow`: the alert side on a harness; on PostgreSQL the dispatcher claims each alert's
  lease as the daemon's does (``monitor.wiring.shared``).
- :func:`refusing_appends`: the database refuses every append to the log (a trigger raising a
  database error, on SQLite and PostgreSQL alike) until the block ends: what a database that
  went away looks like to the code that records a delivery.
- :func:`digest_process`: ``python -m tests.support.alert_digest_process``, a process that sends
  one due digest through the daemon's wiring (for the SIGKILL tests).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, text

from alerts.channels import SmtpSettings, build_registry
from alerts.dispatcher import Attempt, Dispatcher
from alerts.outbox import ALERTS
from alerts.retry import RetryPolicy
from alerts.secrets import Keyring
from alerts.subscriptions import created_event, validate_spec
from monitor.delivery.assembly import Alerting
from monitor.delivery.outlets import story_outlets
from monitor.events import subscription_stream
from monitor.extract.extractor import Extractor
from monitor.fetch import Fetcher
from monitor.ingest.polling import Pipeline
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge
from monitor.readmodels.registry import all_projections, processors
from store.leases import Leases
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import Clock, Harness, fetcher_config, loopback

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Flow:
    h: Harness
    alerting: Alerting
    keyring: Keyring
    """The secrets key that seals the subscriptions' secrets (and opens them to send)."""

    def subscribe(self, **spec: Any) -> str:
        subscription_id = uuid.uuid4().hex[:12]
        spec.setdefault("name", subscription_id)
        event = created_event(
            subscription_id, validate_spec(spec), self.h.clock(), keyring=self.keyring
        )
        self.h.log.append(subscription_stream(subscription_id), [event])
        self.h.runner.catch_up_all()
        return subscription_id

    async def dispatch(self) -> list[Attempt]:
        return await self.alerting.dispatch()

    def alerts(self, subscription_id: str | None = None) -> list[dict[str, Any]]:
        self.h.runner.catch_up_all()
        query = select(ALERTS).order_by(ALERTS.c.raised_at, ALERTS.c.alert_id)
        if subscription_id:
            query = query.where(ALERTS.c.subscription_id == subscription_id)
        with self.h.log.reader.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def events(self, type_name: str) -> list[dict[str, Any]]:
        """The data of every event of ``type_name`` in the log, in order."""
        return [e.data_dict() for e in self.h.log.iter_all() if e.type == type_name]

    @property
    def secrets_key(self) -> str:
        return self.keyring.keys[0].decode("ascii")


@asynccontextmanager
async def harness_on(
    url: str, server: HTTPTestServer, extractor: Extractor, **config: Any
) -> AsyncIterator[Harness]:
    """The ingest harness of :func:`tests.support.ingest_harness.harness` on the log at ``url``."""
    log = SqlEventLog(url)
    clock = Clock()
    runner = ProjectionRunner(log, [*all_projections(), *processors(log, clock)])
    runner.prepare()
    judge = RulesetJudge(load_ruleset())
    try:
        async with Fetcher(fetcher_config(**config), resolver=loopback) as fetcher:
            pipeline = Pipeline(log, fetcher, extractor, clock, judge, rng=random.Random(7))
            yield Harness(server, log, runner, pipeline, clock)
    finally:
        log.close()


def _smtp(port: int | None) -> SmtpSettings | None:
    if port is None:
        return None
    return SmtpSettings(host="127.0.0.1", port=port, from_address="monitor@example.org", timeout=5)


@asynccontextmanager
async def flow(h: Harness, smtp_port: int | None = None, **retry: Any) -> AsyncIterator[Flow]:
    async with httpx.AsyncClient(trust_env=False) as client:
        keyring = Keyring.generate()
        registry = build_registry(
            http_client=client, smtp=_smtp(smtp_port), webhook_timeout=1.0, secrets=keyring
        )
        several = h.log.backend.several_daemons
        claims = Leases(h.log, "flow-test", timedelta(seconds=60)) if several else None
        policy = RetryPolicy(**retry)
        dispatcher = Dispatcher(
            h.runner, registry.channel_for, h.clock, policy, random.Random(3), claims=claims,
            enrich=story_outlets(h.log),
        )  # fmt: skip
        yield Flow(h, Alerting(h.runner, dispatcher, registry, h.clock), keyring)


_SQLITE_REFUSE = (
    "CREATE TRIGGER test_refuse_appends BEFORE INSERT ON events BEGIN "
    "SELECT RAISE(ABORT, 'test: the database refuses appends'); END",
)
_PG_REFUSE = (
    "CREATE FUNCTION test_refuse_appends() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION USING ERRCODE = 'admin_shutdown', "
    "MESSAGE = 'test: the database refuses appends'; END $$",
    "CREATE TRIGGER test_refuse_appends BEFORE INSERT ON events "
    "FOR EACH ROW EXECUTE FUNCTION test_refuse_appends()",
)


@contextmanager
def refusing_appends(log: SqlEventLog) -> Iterator[None]:
    """Inside, every append to ``log`` fails with a database error (a trigger on the events
    table: the projections and leases still work); after, appends work again."""
    postgres = log.dialect == "postgresql"
    with log.engine.begin() as conn:
        for statement in _PG_REFUSE if postgres else _SQLITE_REFUSE:
            conn.execute(text(statement))
    try:
        yield
    finally:
        with log.engine.begin() as conn:
            conn.execute(
                text("DROP TRIGGER test_refuse_appends" + (" ON events" if postgres else ""))
            )
            if postgres:
                conn.execute(text("DROP FUNCTION test_refuse_appends()"))


def _process(argv: list[str], url: str, secrets_key: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": url,
        "MONITOR_SECRETS_KEY": secrets_key,
        "PYTHONPATH": str(ROOT),
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
    }
    pipe = subprocess.PIPE
    return subprocess.Popen([sys.executable, *argv], env=env, cwd=ROOT, stdout=pipe, stderr=pipe)


def dispatch_process(url: str, secrets_key: str) -> subprocess.Popen[bytes]:
    """``asean-monitor alerts dispatch``: sends every alert due, prints how many it did."""
    return _process(["-m", "monitor", "alerts", "dispatch"], url, secrets_key)


def digest_process(
    url: str, secrets_key: str, subscription_id: str, now: str
) -> subprocess.Popen[bytes]:
    """Sends the subscription's due digest through the daemon's wiring, its clock at ``now``
    (ISO 8601); prints the result as one JSON line."""
    argv = ["-m", "tests.support.alert_digest_process", subscription_id, now]
    return _process(argv, url, secrets_key)
