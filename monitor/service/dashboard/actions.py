"""What an admin may do from the dashboard: send a dead or failing alert again now (the same
``alert.requeued`` as ``asean-monitor alerts retry`` and ``POST /api/alerts/{id}/retry``,
through :func:`monitor.delivery.requeue.requeue_alert`)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from alerts.outbox import ALERTS
from monitor.delivery.requeue import RequeueRefusedError, requeue_alert
from monitor.service.context import ServiceContext
from monitor.service.tokens import Principal


def retry_now(context: ServiceContext, alert_id: str, who: Principal) -> tuple[bool, str]:
    """``(done, what happened)``: only a dead or failing alert is sent again."""
    with context.log.reader.connect() as conn:
        stream_id = conn.execute(
            select(ALERTS.c.stream_id).where(ALERTS.c.alert_id == alert_id)
        ).scalar()
    if stream_id is None:
        return False, f"no alert {alert_id}"
    by = f"dashboard:{who.name}"
    try:
        done = requeue_alert(context.log, stream_id, alert_id, datetime.now(UTC), by)
    except RequeueRefusedError as exc:
        return False, str(exc)
    return True, f"alert {alert_id} ({done.was}) requeued: the dispatcher sends it again shortly"
