"""The alert side of the daemon, wired: channels, dispatcher, digests, health watch."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
import structlog
from sqlalchemy.exc import SQLAlchemyError

from alerts.channels import ChannelContext, ChannelRegistry, SmtpSettings
from alerts.digests import DigestResult, latest_firing, period_start, send_digest
from alerts.dispatcher import Attempt, Dispatcher
from alerts.health_watch import watch
from alerts.subscriptions import Subscription, load_subscriptions
from monitor import __version__
from monitor.delivery import secret_keys
from monitor.delivery.digest_jobs import cron_trigger
from monitor.delivery.outbound import GuardedTransport, outbound_guard
from monitor.events import AlertRaised
from monitor.fetch.address import AddressGuard
from monitor.readmodels.sources import SOURCE_HEALTH
from monitor.settings import Settings
from store.errors import StoreError
from store.projections import ProjectionRunner

log = structlog.get_logger("monitor.delivery")


def smtp_settings(settings: Settings) -> SmtpSettings | None:
    if not settings.smtp_host:
        return None
    return SmtpSettings(
        host=settings.smtp_host,
        from_address=settings.smtp_from,
        port=settings.smtp_port,
        starttls=settings.smtp_starttls,
        username=settings.smtp_username,
        password=settings.smtp_password,
    )


def channels(settings: Settings, client: httpx.AsyncClient) -> ChannelRegistry:
    """A channel for every registered kind (:mod:`alerts.channels.kinds`), built with the
    daemon's guarded client (:func:`webhook_client`), its outbound guard (what Apprise
    connects to is vetted), its SMTP relay and its settings."""
    context = ChannelContext(
        http_client=client,
        guard=outbound_guard(settings),
        smtp=smtp_settings(settings),
        settings=settings,
    )
    return ChannelRegistry.from_kinds(context, secrets=secret_keys.keyring(settings))


def webhook_client(settings: Settings) -> httpx.AsyncClient:
    """The client webhooks are sent with: no redirects, and the fetcher's address guard."""
    headers = {"User-Agent": f"asean-monitor/{__version__} (alerts)"}
    guard = AddressGuard(allow_private=settings.allow_private_networks)
    return httpx.AsyncClient(
        headers=headers, follow_redirects=False, trust_env=False, transport=GuardedTransport(guard)
    )


@dataclass
class Alerting:
    runner: ProjectionRunner
    dispatcher: Dispatcher
    registry: ChannelRegistry
    clock: Callable[[], datetime]
    digest_jobs: dict[str, str] = field(default_factory=dict)

    async def dispatch(self) -> list[Attempt]:
        return await self.dispatcher.dispatch_due()

    async def record_sent(self, within: float, pause: float = 0.25) -> int:
        """Record the attempts that were sent and whose record the database refused, trying
        for up to ``within`` seconds (a database restarting); how many are left unrecorded.
        Called before the daemon lets go of its claims, so that another replica does not send
        them again."""
        courier = self.dispatcher.courier
        deadline = time.monotonic() + within
        while courier.unrecorded:
            try:
                await courier.record_kept()
            except (StoreError, SQLAlchemyError) as exc:
                if time.monotonic() + pause > deadline:
                    log.warning(
                        "alerts.unrecorded_at_stop", count=courier.unrecorded, error=str(exc)[:300]
                    )
                    break
                await asyncio.sleep(pause)
        return courier.unrecorded

    async def watch_health(self) -> list[AlertRaised]:
        now = self.clock()
        return await asyncio.to_thread(
            watch, self.runner.log, SOURCE_HEALTH, now, self.runner.catch_up_all
        )

    async def digest(self, subscription_id: str) -> DigestResult | None:
        """Send the subscription's digest now (its period ends now)."""
        subscription = await asyncio.to_thread(self.subscription, subscription_id)
        if subscription is None or not subscription.active:
            return None
        return await self._send_digest(subscription, self.clock())

    async def digest_due(self, subscription_id: str) -> DigestResult | None:
        """Send the digest whose firing came since the last one sent, if any: the period ends
        at that firing, so a digest missed while the daemon was stopped goes out at start,
        and one resent after a crash carries the same id."""
        subscription = await asyncio.to_thread(self.subscription, subscription_id)
        if subscription is None or not subscription.active:
            return None
        now = self.clock()
        start = await asyncio.to_thread(period_start, self.runner, subscription) or now
        trigger = cron_trigger(subscription)
        end = latest_firing(lambda t: trigger.get_next_fire_time(None, t), start, now)
        if end is None:
            return None
        return await self._send_digest(subscription, now, end)

    async def _send_digest(
        self, subscription: Subscription, now: datetime, end: datetime | None = None
    ) -> DigestResult:
        """Through the dispatcher's courier: one deliver-then-record path for everything."""
        dispatcher = self.dispatcher
        courier, channel_for, enrich = dispatcher.courier, dispatcher.channel_for, dispatcher.enrich
        return await send_digest(
            self.runner, courier, subscription, channel_for, now, end, enrich=enrich
        )

    def subscription(self, subscription_id: str) -> Subscription | None:
        with self.runner.log.reader.connect() as conn:
            found = [s for s in load_subscriptions(conn) if s.subscription_id == subscription_id]
        return found[0] if found else None

    def digest_subscriptions(self) -> list[Subscription]:
        with self.runner.log.reader.connect() as conn:
            return [s for s in load_subscriptions(conn) if s.active and s.delivery.mode == "digest"]
