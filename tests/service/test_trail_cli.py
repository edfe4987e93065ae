"""``audit trail`` on the command line, over the log the real pipeline made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from alerts.outbox import ALERTS
from monitor.commands.audit_trail import trail
from tests.support.service import make_service


def test_the_trail_of_an_alert_from_poll_to_receipt(dataset: Any, tmp_path: Path) -> None:
    service = make_service(dataset, tmp_path)
    with service.log.reader.connect() as conn:
        alert = conn.execute(select(ALERTS).where(ALERTS.c.attempts == 2)).one()
    service.log.close()
    env = {"MONITOR_DATABASE_URL": service.url}
    text = CliRunner().invoke(trail, [alert.alert_id], env=env)
    as_json = CliRunner().invoke(trail, [alert.article_id, "--json"], env=env)
    missing = CliRunner().invoke(trail, ["article-nothing"], env=env)
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0] == f"audit trail of alert {alert.alert_id}"
    whats = [line.split()[2] for line in lines[1:]]
    assert whats == [
        "polled",
        "discovered",
        "extracted",
        "matched",
        "alert",
        "delivery",
        "delivered",
    ]
    assert "corr-test" in lines[1]
    assert "/feed.xml" in lines[1]
    assert "sha256" in lines[3]
    assert "ruleset" in lines[4]
    assert "(US watchers)" in lines[5]
    assert "HTTP 503" in lines[6]
    assert "status 200" in lines[7]
    steps = [json.loads(line) for line in as_json.output.splitlines()]
    assert [s["what"] for s in steps].count("alert raised") == 2
    assert steps[3]["facts"]["relevant"] is True
    assert missing.exit_code == 2
    assert "no article 'article-nothing'" in missing.output


def test_a_unique_prefix_stands_for_an_article_or_an_alert(dataset: Any, tmp_path: Path) -> None:
    service = make_service(dataset, tmp_path)
    with service.log.reader.connect() as conn:
        alert = conn.execute(select(ALERTS).where(ALERTS.c.attempts == 2)).one()
        alert_ids = [r[0] for r in conn.execute(select(ALERTS.c.alert_id))]
    service.log.close()
    env = {"MONITOR_DATABASE_URL": service.url}
    by_alert = CliRunner().invoke(trail, [alert.alert_id[:8]], env=env)
    by_article = CliRunner().invoke(trail, [alert.article_id[:14]], env=env)
    ambiguous = CliRunner().invoke(trail, ["article-"], env=env)
    assert by_alert.exit_code == 0, by_alert.output
    assert by_alert.output.splitlines()[0] == f"audit trail of alert {alert.alert_id}"
    assert by_article.exit_code == 0, by_article.output
    assert by_article.output.splitlines()[0] == f"audit trail of article {alert.article_id}"
    assert ambiguous.exit_code == 2
    assert "names several articles" in ambiguous.output
    assert len(set(alert_ids)) == len(alert_ids)
