"""A test alert through a subscription's real channel: ``alerts test`` on the command line and
``POST /api/subscriptions/{id}/test``; the receiver gets a message that says it is a test, a
receiver that is down is reported (exit 1, delivered false), and each outcome is recorded as
``subscription.tested`` without the target's secret."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.extract.extractor import Extractor
from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.service.tokens import created, token_stream
from monitor.settings import load_settings
from tests.support.alert_flow import flow, harness_on
from tests.support.httpserver import HTTPTestServer
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver
from tests.support.service import client

pytestmark = pytest.mark.anyio


def invoke(args: list[str], env: dict[str, str]) -> Result:
    """The CLI in a thread of its own (it runs its own event loop)."""
    return CliRunner().invoke(cli, args, env=env)


async def test_a_test_alert_on_the_cli_and_the_api(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    hook = {"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET}
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        sid = f.subscribe(name="US desk", target=hook)
        env = {
            "MONITOR_DATABASE_URL": database_url,
            "MONITOR_SECRETS_KEY": f.secrets_key,
            "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        }
        sent = await asyncio.to_thread(invoke, ["alerts", "test", sid[:6]], env)
        webhook_receiver.script(Reply(503))
        down = await asyncio.to_thread(invoke, ["alerts", "test", sid], env)
        token_id, secret, event = created("ops", "admin", h.clock())
        h.log.append(token_stream(token_id), [event])
        h.runner.catch_up_all()
        app = create_app(ServiceContext(load_settings(env), h.log, h.runner))
        async with client(app, secret) as http:
            answer = await http.post(f"/api/subscriptions/{sid[:6]}/test")
        tested = f.events("subscription.tested")
    assert sent.exit_code == 0, sent.output
    assert "test alert to US desk" in sent.output
    assert "delivered by webhook (status 200)" in sent.output
    body = webhook_receiver.received[0].json()
    assert (body["kind"], body["article"]["title"]) == ("test", "this subscription's channel works")
    assert down.exit_code == 1
    assert "failed on webhook" in down.output
    assert answer.status_code == 200, answer.text
    assert answer.json()["delivered"] is True
    assert [t["delivered"] for t in tested] == [True, False, True]
    assert [t["requested_by"] for t in tested] == ["cli", "cli", "api:ops"]
    assert WEBHOOK_SECRET not in json.dumps(tested)
