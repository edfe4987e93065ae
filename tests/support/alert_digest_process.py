"""A process that sends one subscription's due digest as the daemon does, for the SIGKILL
tests (``tests/alerts/test_crash.py``)::

    python -m tests.support.alert_digest_process SUBSCRIPTION_ID NOW

Settings come from the environment (``MONITOR_DATABASE_URL``, ``MONITOR_SECRETS_KEY``,
``MONITOR_ALLOW_PRIVATE_NETWORKS``); the wiring is the daemon's (``assemble_alerting``: its
guarded webhook client, its channels), under the database's daemon claim like ``alerts
dispatch``; only the clock is fixed at ``NOW``, so the period that is due is known.  Prints
``{"sent": …, "alerts": …, "digest_id": …, "error": …}``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime

from alerts.digests import DigestResult
from monitor.commands import as_daemon
from monitor.settings import load_settings
from monitor.wiring import assemble_alerting, leases_for
from store.clock import parse_time
from store.sql import SqlEventLog


def main(subscription_id: str, now: datetime) -> DigestResult | None:
    settings = load_settings()

    async def once(log: SqlEventLog) -> DigestResult | None:
        async with assemble_alerting(settings, leases_for(log, settings)) as alerting:
            alerting.clock = lambda: now
            return await alerting.digest_due(subscription_id)

    return as_daemon(settings, "tests.support.alert_digest_process", once)


if __name__ == "__main__":
    result = main(sys.argv[1], parse_time(sys.argv[2]))
    shown = (
        None
        if result is None
        else {
            "sent": result.sent,
            "alerts": result.alerts,
            "digest_id": result.digest_id,
            "error": result.error,
        }
    )
    print(json.dumps(shown), flush=True)
