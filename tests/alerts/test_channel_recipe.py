"""docs/alerts-channels.md, "Adding a channel", followed: a new kind of channel (one module,
``tests/support/alert_filedrop_channel.py``) registered by one entry point, as an installed
package registers it, is known to subscriptions, the command line's checks and the registry,
and an alert goes out through the real dispatcher."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from alerts.channels import kinds
from alerts.errors import SubscriptionError
from alerts.subscriptions import SubscriptionSpec, validate_spec
from monitor.cli import cli
from monitor.delivery.outbound import check_target, outbound_guard
from monitor.events import DigestSent, SubscriptionCreated
from monitor.extract.extractor import Extractor
from monitor.settings import load_settings
from store.sql import SqlEventLog
from tests.support.alert_flow import flow, harness_on
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import page, rss

pytestmark = pytest.mark.anyio
ENTRY_POINT = "filedrop = tests.support.alert_filedrop_channel:CHANNEL"
JP = "004_f7c1be859b819757.html"


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[None]:
    """An installed distribution (a ``.dist-info`` on the path) whose only content is the
    entry point: the one registration the recipe asks for."""
    dist = tmp_path / "site" / "asean_monitor_filedrop-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: asean-monitor-filedrop\nVersion: 0.1\n", "utf-8"
    )
    (dist / "entry_points.txt").write_text(f"[{kinds.ENTRY_POINTS}]\n{ENTRY_POINT}\n", "utf-8")
    sys.path.insert(0, str(dist.parent))
    try:
        kinds.reload()
        yield
    finally:
        sys.path.remove(str(dist.parent))
        kinds.reload()


def test_without_its_registration_the_kind_is_unknown() -> None:
    assert "filedrop" not in kinds.registered()
    with pytest.raises(SubscriptionError, match="no channel of type 'filedrop'"):
        validate_spec({"name": "drop", "target": {"type": "filedrop", "directory": "/tmp"}})


async def test_a_channel_added_by_the_recipe_delivers_through_the_dispatcher(
    plugin: None,
    http_server: HTTPTestServer,
    sqlite_url: str,
    extractor: Extractor,
    tmp_path: Path,
) -> None:
    drops = tmp_path / "drops"
    drops.mkdir()
    assert kinds.kind_for("filedrop").summary == "each alert as a JSON file in a directory"
    guard = outbound_guard(load_settings({}))
    await check_target(drop_spec(drops).target, guard)
    nowhere = drop_spec(tmp_path / "nowhere")
    with pytest.raises(SubscriptionError, match=r"^target\.directory: .*nowhere"):
        await check_target(nowhere.target, guard)
    http_server.add("/a/jp.html", page(JP), headers={"Content-Type": "text/html"})
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    async with harness_on(sqlite_url, http_server, extractor) as h, flow(h) as f:
        assert "filedrop" in f.alerting.registry.types()
        instant = f.subscribe(target={"type": "filedrop", "directory": str(drops)})
        daily = f.subscribe(
            target={"type": "filedrop", "directory": str(drops)},
            delivery={"mode": "digest", "cron": "0 9 * * *", "timezone": "UTC"},
        )
        await h.poll(h.source("/feed.xml"))
        attempts = await f.dispatch()
        h.clock.advance(hours=2)
        digest = await f.alerting.digest_due(daily)
        [alert] = f.alerts(instant)
        [sent] = f.events(DigestSent.type_name)
    assert [(a.delivered, a.status) for a in attempts] == [(True, None)]
    assert alert["status"] == "delivered"
    dropped = json.loads((drops / f"alert-{alert['alert_id']}.json").read_text("utf-8"))
    assert dropped["alert_id"] == alert["alert_id"]
    assert digest is not None
    assert digest.sent
    assert json.loads((drops / f"{sent['digest_id']}.json").read_text("utf-8"))["count"] == 1
    assert len(list(drops.iterdir())) == 2


def test_the_command_line_subscribes_to_it(plugin: None, sqlite_url: str, tmp_path: Path) -> None:
    target = json.dumps({"type": "filedrop", "directory": str(tmp_path)})
    env = {"MONITOR_DATABASE_URL": sqlite_url}
    done = CliRunner().invoke(cli, ["subscribe", "--name", "drop", "--target", target], env=env)
    nowhere = json.dumps({"type": "filedrop", "directory": str(tmp_path / "nowhere")})
    refused = CliRunner().invoke(cli, ["subscribe", "--target", nowhere], env=env)
    both = CliRunner().invoke(cli, ["subscribe", "--log", "--target", target], env=env)
    assert done.exit_code == 0, done.output
    assert "→ filedrop" in done.output
    log = SqlEventLog(sqlite_url)
    [created] = [e.data_dict() for e in log.iter_all() if e.type == SubscriptionCreated.type_name]
    log.close()
    assert created["target"] == {"type": "filedrop", "directory": str(tmp_path)}
    assert refused.exit_code == 2
    assert "target.directory" in refused.output
    assert both.exit_code == 2
    assert "choose one channel" in both.output
    assert "filedrop" in both.output, "the kinds registered are named"


def drop_spec(directory: Path) -> SubscriptionSpec:
    return validate_spec(
        {"name": "drop", "target": {"type": "filedrop", "directory": str(directory)}}
    )
