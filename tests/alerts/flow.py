"""The alert side wired for tests on top of the ingest harness: subscriptions, router,
dispatcher with the real channels (webhook, e-mail, Apprise, log) and a controllable clock."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select

from alerts.channels import SmtpSettings, build_registry
from alerts.dispatcher import Attempt, Dispatcher
from alerts.outbox import ALERTS
from alerts.published import PublishedChannel
from alerts.retry import RetryPolicy
from alerts.secrets import Keyring
from alerts.subscriptions import created_event, validate_spec
from monitor.delivery.assembly import Alerting
from monitor.events import subscription_stream
from tests.ingest.harness import Harness


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


@asynccontextmanager
async def flow(h: Harness, smtp_port: int | None = None, **retry: Any) -> AsyncIterator[Flow]:
    smtp = (
        SmtpSettings(
            host="127.0.0.1", port=smtp_port, from_address="monitor@example.org", timeout=5
        )
        if smtp_port
        else None
    )
    async with httpx.AsyncClient(trust_env=False) as client:
        keyring = Keyring.generate()
        registry = build_registry(
            http_client=client, smtp=smtp, webhook_timeout=1.0, secrets=keyring
        )
        registry.register("atom", PublishedChannel("the Atom feed"))
        registry.register("sse", PublishedChannel("the SSE stream"))
        policy = RetryPolicy(**retry)
        dispatcher = Dispatcher(h.runner, registry.channel_for, h.clock, policy, random.Random(3))
        yield Flow(h, Alerting(h.runner, dispatcher, registry, h.clock), keyring)
