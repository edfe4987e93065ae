"""``subscriptions edit``: only what is given changes (a filter field, the channel, the
delivery), checked at the door like ``subscribe``; a unique prefix stands for the id in
``edit`` and ``pause``; ``subscribe --atom`` prints the feed's address."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alerts.subscriptions import Subscription, load_subscriptions
from monitor.cli import cli
from monitor.readmodels.registry import all_projections
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for

SOURCES = """\
version: 1
sources:
  - {id: vna, name: Vietnam News Agency, url: https://vna.example/rss, language: vi}
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return {
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp_path / "events.db"),
        "MONITOR_SECRETS_KEY_FILE": str(tmp_path / "keys" / "secrets.key"),
        "MONITOR_SOURCES": str(tmp_path / "sources.yaml"),
        "MONITOR_LISTEN": "127.0.0.1:8099",
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
    }


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def stored(env: dict[str, str]) -> Subscription:
    log = SqlEventLog(env["MONITOR_DATABASE_URL"])
    try:
        runner = ProjectionRunner(log, all_projections())
        runner.prepare()
        runner.catch_up_all()
        with log.reader.connect() as conn:
            (found,) = load_subscriptions(conn)
        return found
    finally:
        log.close()


def test_edit_changes_only_what_is_given(env: dict[str, str]) -> None:
    made = run(env, "subscribe", "--name", "US desk", "--dialogue", "asean-us",
               "--topic", "trade-investment", "--log")  # fmt: skip
    assert made.exit_code == 0, made.output
    sid = made.output.split()[1].rstrip(":")
    run(env, "subscriptions", "list")  # the read models are made
    stored(env)
    renamed = run(env, "subscriptions", "edit", sid[:5], "--dialogue", "asean-japan")
    digest = run(env, "subscriptions", "edit", sid[:5], "--digest", "0 8 * * *")
    typo = run(env, "subscriptions", "edit", sid[:5], "--topic", "scs")
    nothing = run(env, "subscriptions", "edit", sid[:5])
    paused = run(env, "subscriptions", "pause", sid[:5])
    after = stored(env)
    assert renamed.exit_code == 0, renamed.output
    assert f"changed {sid} (US desk): filter" in renamed.output
    assert digest.exit_code == 0, digest.output
    assert after.filter.dialogues == ("asean-japan",)
    assert after.filter.topics == ("trade-investment",), "a field not given is kept"
    assert after.delivery.mode == "digest"
    assert after.delivery.cron == "0 8 * * *"
    assert after.target.type == "log"
    assert typo.exit_code == 2
    assert "Did you mean 'south-china-sea'?" in typo.output
    assert nothing.exit_code == 2
    assert "nothing to change" in nothing.output
    assert paused.exit_code == 0, paused.output
    assert after.status == "paused"


def test_edit_a_webhook_seals_the_new_secret(env: dict[str, str]) -> None:
    made = run(env, "subscribe", "--dialogue", "asean-us", "--atom")
    sid = made.output.split()[1].rstrip(":")
    assert "http://127.0.0.1:8099/api/subscriptions/" + sid + "/atom" in made.output
    edited = run(env, "subscriptions", "edit", sid, "--webhook", "http://127.0.0.1:9/hook",
                 "--secret", "s3cr3t-value")  # fmt: skip
    assert edited.exit_code == 0, edited.output
    log = SqlEventLog(env["MONITOR_DATABASE_URL"])
    try:
        (changed,) = [e for e in log.iter_all() if e.type == "subscription.changed"]
    finally:
        log.close()
    assert changed.data_dict()["sealed"], "the new target is sealed"
    assert "s3cr3t-value" not in str(changed.data_dict())
