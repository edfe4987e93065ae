"""Digest subscriptions as APScheduler cron jobs, each in its time zone, kept in step with the
subscriptions (changed, paused or deleted ones lose their job)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from alerts.subscriptions import Subscription

Round = Callable[..., Awaitable[None]]


def sync_digest_jobs(
    scheduler: AsyncIOScheduler,
    subscriptions: Sequence[Subscription],
    round_: Round,
    send: Callable[[str], Awaitable[Any]],
) -> None:
    """One cron job per digest subscription; each firing runs ``round_("digest", send, id)``."""
    wanted = {s.subscription_id: s for s in subscriptions}
    for job in scheduler.get_jobs():
        if job.id.startswith("digest:") and job.id.split(":", 2)[1] not in wanted:
            job.remove()
    for sid, sub in wanted.items():
        job_id = f"digest:{sid}:{sub.delivery.cron}|{sub.delivery.timezone}"
        if scheduler.get_job(job_id) is not None:
            continue
        for job in scheduler.get_jobs():
            if job.id.startswith(f"digest:{sid}:"):
                job.remove()
        scheduler.add_job(
            round_,
            cron_trigger(sub),
            args=["digest", send, sid],
            id=job_id,
            coalesce=True,
            max_instances=1,
        )


def cron_trigger(subscription: Subscription) -> CronTrigger:
    delivery = subscription.delivery
    return CronTrigger.from_crontab(str(delivery.cron), timezone=ZoneInfo(delivery.timezone))
