"""Secrets never leave in clear (issue 15).

One log is planted once per module with the real pipeline: webhook secrets, webhook URLs with
``user:password@`` and a query token, and Apprise URLs with passwords and tokens, through the
``subscribe`` command, through the API with an admin token (a creation and a change), and one
``subscription.created`` of schema version 1 holding its target in clear (a log written before
sealing).  Two feeds are polled: the first one's alerts are delivered (the receivers verify
each signature with the real secret), the second one's are left pending.

Then: every GET endpoint of the OpenAPI document (ids followed from list responses) and every
dashboard page, with a read token, an admin token and public reads; the ``events`` export, the
``audit trail`` of every alert and article, ``subscriptions list`` and ``alerts list``; none
holds a planted string.  The database file holds none of the sealed ones.  A lost key fails
the pending deliveries permanently with a clear error while ``audit verify`` still passes.
"""

from __future__ import annotations

import json
import shutil
import stat
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from sqlalchemy import select

from alerts.outbox import ALERTS
from alerts.redaction import redact_text, redact_url
from alerts.secrets import (
    Keyring,
    SecretsKeyError,
    SecretUnavailableError,
    load_keyring,
    redacted_export,
)
from monitor.cli import cli
from monitor.events import SubscriptionCreated, subscription_stream
from monitor.extract.extractor import Extractor
from monitor.readmodels.registry import all_projections
from monitor.service.app import create_app
from monitor.service.auth import RateLimiter
from monitor.service.context import ServiceContext
from monitor.service.tokens import Scope, created, token_stream
from monitor.settings import load_settings
from store import Event, EventRegistry, event_type
from store.audit import verify_log
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.alert_flow import flow
from tests.support.databases import sqlite_url_for
from tests.support.extraction import extractor
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import PAGES, harness, rss
from tests.support.receivers import Reply, WebhookReceiver, free_port
from tests.support.service import client

__all__ = ["extractor"]

HTML = {"Content-Type": "text/html; charset=utf-8"}
LEGACY_LABELS = ("legacy_secret", "legacy_user", "legacy_password")


def _made(label: str) -> str:
    return f"{label.replace('_', '')}{uuid.uuid4().hex[:16]}"


PLANTED: dict[str, str] = {
    label: _made(label)
    for label in (
        "cli_secret",
        "cli_user",
        "cli_password",
        "cli_query",
        "api_secret",
        "api_user",
        "api_password",
        "patch_secret",
        "apprise_cli_password",
        "apprise_cli_token",
        "apprise_api_password",
        "apprise_api_token",
        *LEGACY_LABELS,
    )
}
SEALED = {k: v for k, v in PLANTED.items() if k not in LEGACY_LABELS}
"""Planted through this version: never in the database in clear."""

legacy_registry = EventRegistry()


@event_type("subscription.created", version=1, registry=legacy_registry)
class LegacySubscriptionCreated(Event):
    """``subscription.created`` as version 1 wrote it: the target in clear."""

    subscription_id: str
    name: str
    filter: dict[str, Any]
    target: dict[str, Any]
    delivery: dict[str, Any]


@dataclass
class Planted:
    path: Path
    key: str
    ids: dict[str, str]
    """label (cli, cli_apprise, api, api_apprise, patch, legacy) -> subscription id"""
    receivers: dict[str, WebhookReceiver]
    delivered_before: dict[str, int]
    """label -> signed POSTs accepted while the log was built"""


def _leaks(text: str, planted: dict[str, str] | None = None) -> list[str]:
    return [label for label, value in (planted or PLANTED).items() if value in text]


def _cli(env: dict[str, str | None], *args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


async def _cli_in_thread(env: dict[str, str | None], *args: str) -> Any:
    """The command line from async code (it runs its own event loop)."""
    return await anyio.to_thread.run_sync(lambda: _cli(env, *args))


def _serve(server: HTTPTestServer) -> None:
    for path in sorted(PAGES.glob("*.html")):
        server.add(f"/articles/{path.name}", path.read_bytes(), headers=HTML)
    first = [("us-0", "000_c7365452d3490c23.html"), ("us-2", "002_d01c55418f42a680.html")]
    second = [("jp-4", "004_f7c1be859b819757.html")]
    for name, items in (("first", first), ("second", second)):
        body = rss([(g, server.url(f"/articles/{p}"), f"ASEAN story {g}") for g, p in items])
        server.add(f"/{name}.xml", body)


def _hook_url(receiver: WebhookReceiver, user: str, password: str, query: str = "") -> str:
    suffix = f"?token={query}" if query else ""
    return f"http://{user}:{password}@127.0.0.1:{receiver.port}/hook{suffix}"


async def _plant(
    directory: Path,
    server: HTTPTestServer,
    extractor: Extractor,
    receivers: dict[str, WebhookReceiver],
) -> Planted:
    p = PLANTED
    closed = free_port()
    _serve(server)
    receivers["cli"].script(Reply(503, body=b"try later"))  # a failed attempt is recorded too
    ids: dict[str, str] = {}
    async with harness(server, directory, extractor) as h, flow(h) as f:
        key = f.keyring.keys[0].decode("ascii")
        env: dict[str, str | None] = {
            "MONITOR_DATABASE_URL": str(h.log.url),
            "MONITOR_SECRETS_KEY": key,
            "MONITOR_SIGNING_KEY": str(directory / "keys" / "checkpoint.key"),
            "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        }
        # through the `subscribe` command: a secret file, an Apprise URL in the environment
        secret_file = directory / "hook.secret"
        secret_file.write_text(p["cli_secret"] + "\n", encoding="utf-8")
        url = _hook_url(receivers["cli"], p["cli_user"], p["cli_password"], p["cli_query"])
        made = await _cli_in_thread(env, "subscribe", "--name", "cli hook", "--webhook", url,
                                    "--secret-file", str(secret_file))  # fmt: skip
        assert made.exit_code == 0, made.output
        ids["cli"] = made.stdout.split()[1].rstrip(":")
        apprise = (
            f"json://appuser:{p['apprise_cli_password']}@127.0.0.1:{closed}/notify"
            f"?token={p['apprise_cli_token']}"
        )
        with_url = {**env, "PLANTED_APPRISE": apprise}
        made = await _cli_in_thread(with_url, "subscribe", "--name", "cli apprise",
                                    "--apprise-env", "PLANTED_APPRISE")  # fmt: skip
        assert made.exit_code == 0, made.output
        ids["cli_apprise"] = made.stdout.split()[1].rstrip(":")
        # through the API with an admin token: two creations and a change of target
        app = create_app(ServiceContext(load_settings(env), h.log, h.runner))  # type: ignore[arg-type]
        token_id, admin, token_event = created("planter", "admin", datetime.now(UTC))
        h.log.append(token_stream(token_id), [token_event])
        h.runner.catch_up_all()
        hook = {
            "type": "webhook",
            "url": _hook_url(receivers["api"], p["api_user"], p["api_password"]),
            "secret": p["api_secret"],
        }
        apprise_api = (
            f"form://{p['apprise_api_token']}:{p['apprise_api_password']}@127.0.0.1:{closed}/x"
        )
        patched = {
            "type": "webhook",
            "url": f"http://127.0.0.1:{receivers['patch'].port}/hook",
            "secret": p["patch_secret"],
        }
        bodies: list[tuple[str, dict[str, Any]]] = [
            ("api", {"name": "api hook", "target": hook}),
            (
                "api_apprise",
                {"name": "api apprise", "target": {"type": "apprise", "url": apprise_api}},
            ),
            ("patch", {"name": "api patched", "target": {"type": "log"}}),
        ]
        async with client(app, admin) as http:
            for label, body in bodies:
                answer = await http.post("/api/subscriptions", json=body)
                assert answer.status_code == 201, answer.text
                assert not _leaks(answer.text)
                ids[label] = answer.json()["subscription_id"]
            h.runner.catch_up_all()
            answer = await http.patch(
                f"/api/subscriptions/{ids['patch']}", json={"target": patched}
            )
            assert answer.status_code == 200, answer.text
            assert not _leaks(answer.text)
        # written before sealing: schema version 1, the target in clear
        ids["legacy"] = uuid.uuid4().hex[:12]
        legacy = LegacySubscriptionCreated(
            occurred_at=h.clock(),
            subscription_id=ids["legacy"],
            name="legacy hook",
            filter={},
            target={
                "type": "webhook",
                "url": _hook_url(receivers["legacy"], p["legacy_user"], p["legacy_password"]),
                "secret": p["legacy_secret"],
            },
            delivery={"mode": "instant", "cron": None, "timezone": "UTC", "send_empty": False},
        )
        h.log.append(subscription_stream(ids["legacy"]), [legacy])
        h.runner.catch_up_all()
        await h.poll(h.source("/first.xml", source_id="first"))
        await f.dispatch()
        h.clock.advance(hours=2)
        await f.dispatch()
        h.clock.advance(hours=1)
        await h.poll(h.source("/second.xml", source_id="second"))  # its alerts stay pending
        h.runner.catch_up_all()
        path = Path(str(h.log.url).removeprefix("sqlite:///"))
    delivered = {label: _accepted(r) for label, r in receivers.items()}
    return Planted(path, key, ids, receivers, delivered)


def _accepted(receiver: WebhookReceiver) -> int:
    return sum(1 for r in receiver.received if r.signature_ok and r.answered == 200)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[Planted]:
    directory = tmp_path_factory.mktemp("planted")
    server = HTTPTestServer()
    secrets = {"cli": "cli_secret", "api": "api_secret", "patch": "patch_secret"}
    receivers = {label: WebhookReceiver(PLANTED[s]) for label, s in secrets.items()}
    receivers["legacy"] = WebhookReceiver(PLANTED["legacy_secret"])
    server.start()
    for receiver in receivers.values():
        receiver.start()
    try:
        yield anyio.run(_plant, directory, server, extractor, receivers)
    finally:
        for receiver in receivers.values():
            receiver.stop()
        server.stop()


def _copy(planted: Planted, directory: Path) -> str:
    target = directory / "events.db"
    shutil.copyfile(planted.path, target)
    return sqlite_url_for(target)


def _app(url: str, **env: str) -> tuple[FastAPI, SqlEventLog, ProjectionRunner]:
    log = SqlEventLog(url)
    runner = ProjectionRunner(log, all_projections())
    runner.prepare()
    runner.catch_up_all()
    settings = load_settings({"MONITOR_DATABASE_URL": url, **env})
    app = create_app(ServiceContext(settings, log, runner))
    app.state.rate_limiter = RateLimiter(rate=1000.0, burst=10000.0)  # the crawl is no abuse
    return app, log, runner


# -- the planting itself -----------------------------------------------------------------------


def test_deliveries_are_signed_with_the_real_secrets(planted: Planted) -> None:
    """Sealed or not, each webhook got its alerts signed with the secret it was given."""
    for label in ("cli", "api", "patch", "legacy"):
        assert planted.delivered_before[label] >= 1, f"{label}: no signed delivery accepted"
        receiver = planted.receivers[label]
        assert all(r.signature_ok for r in receiver.received), f"{label}: a bad signature"
    cli_hook = planted.receivers["cli"].received[0]
    assert cli_hook.answered == 503, "the scripted failure was an attempt of its own"


def test_the_database_file_holds_no_sealed_secret(planted: Planted) -> None:
    files = sorted(planted.path.parent.glob(planted.path.name + "*"))
    stored = b"".join(f.read_bytes() for f in files)
    assert stored
    assert [label for label, value in SEALED.items() if value.encode() in stored] == []
    # the search can see clear text: the version-1 event wrote its secret in clear
    assert PLANTED["legacy_secret"].encode() in stored


def test_subscription_events_are_version_2_and_version_1_upcasts_redacted(
    planted: Planted,
) -> None:
    log = SqlEventLog(sqlite_url_for(planted.path))
    try:
        events = {e.data_dict()["subscription_id"]: e for e in log.iter_all()
                  if e.type == "subscription.created"}  # fmt: skip
        changed = [e for e in log.iter_all() if e.type == "subscription.changed"]
    finally:
        log.close()
    new = events[planted.ids["cli"]]
    assert new.version == 2
    assert new.data_dict()["sealed"]["key"] == Keyring((planted.key.encode(),), "").ids[0]
    assert new.data_dict()["target"]["secret"] == "***"
    assert [e.version for e in changed] == [2]
    assert changed[0].data_dict()["sealed"]["token"]
    old = events[planted.ids["legacy"]]
    assert old.version == 1
    typed = old.decode()
    assert isinstance(typed, SubscriptionCreated)
    assert typed.sealed is None
    assert typed.target["secret"] == "***"
    assert typed.target["url"].startswith("http://***@127.0.0.1:")
    assert not _leaks(json.dumps(typed.model_dump(mode="json")))
    assert not _leaks(json.dumps(redacted_export(old)))


# -- every read path ---------------------------------------------------------------------------

ID_KEYS = ("subscription_id", "alert_id", "article_id", "source_id")
NOT_CRAWLED = {"/api/stream"}
"""Server-sent events never end; they carry alert payloads, which hold no target."""


def _collect(value: Any, ids: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ID_KEYS and isinstance(item, str) and item:
                ids[key].add(item)
            _collect(item, ids)
    elif isinstance(value, list):
        for item in value:
            _collect(item, ids)


async def _crawl(app: FastAPI, token: str | None) -> dict[str, str]:
    """Every GET of the OpenAPI document (every page of lists, every id seen) and every
    dashboard page: address -> body.  Each must answer 200 (an atom feed of a subscription
    that is not an atom one may answer 404)."""
    bodies: dict[str, str] = {}
    ids: dict[str, set[str]] = defaultdict(set)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://service.test", headers=headers
    ) as http:
        if token:
            http.cookies.set("am_dashboard", token)

        async def fetch(path: str, params: dict[str, str] | None = None) -> Any:
            answer = await http.get(path, params=params)
            where = str(answer.request.url)
            allowed = (200, 404) if path.endswith("/atom") else (200,)
            assert answer.status_code in allowed, f"{where}: {answer.status_code} {answer.text}"
            bodies[where] = answer.text
            kind = answer.headers.get("content-type", "")
            if "json" in kind:
                for line in answer.text.splitlines() if "ndjson" in kind else [answer.text]:
                    if line.strip():
                        _collect(json.loads(line), ids)
                return answer.json() if "ndjson" not in kind else None
            return None

        spec = await fetch("/openapi.json")
        gets = [p for p, ops in spec["paths"].items() if "get" in ops and p not in NOT_CRAWLED]
        for path in (p for p in gets if "{" not in p):
            found = await fetch(path)
            if path == "/api/meetings":  # identities with a stream (an article's may have none)
                ids["key"] |= {meeting["key"] for meeting in found}
            while isinstance(found, dict) and found.get("next_cursor"):
                found = await fetch(path, {"cursor": found["next_cursor"]})
        for path in (p for p in gets if "{" in p):
            name = path[path.index("{") + 1 : path.index("}")]
            values = ids["article_id"] | ids["alert_id"] if name == "subject" else ids[name]
            assert values, f"no {name} seen to crawl {path}"
            for value in sorted(values):
                await fetch(path.replace("{" + name + "}", value))
        await fetch("/")
        for article_id in sorted(ids["article_id"]):
            await fetch(f"/articles/{article_id}")
    return bodies


@pytest.mark.anyio
@pytest.mark.parametrize("who", ["read", "admin", "public"])
async def test_no_endpoint_or_page_shows_a_planted_secret(
    planted: Planted, tmp_path: Path, who: str
) -> None:
    env = {"MONITOR_SECRETS_KEY": planted.key}
    if who == "public":
        env["MONITOR_PUBLIC_READS"] = "1"
    app, log, runner = _app(_copy(planted, tmp_path), **env)
    token = None
    scopes: dict[str, Scope] = {"read": "read", "admin": "admin"}
    if who in scopes:
        token_id, token, event = created("crawler", scopes[who], datetime.now(UTC))
        log.append(token_stream(token_id), [event])
        runner.catch_up_all()
    try:
        bodies = await _crawl(app, token)
    finally:
        log.close()
    leaks = {where: _leaks(body) for where, body in bodies.items() if _leaks(body)}
    assert leaks == {}
    everything = "\n".join(bodies.values())
    for label, sid in planted.ids.items():
        assert any(where.endswith(f"/api/subscriptions/{sid}") for where in bodies), label
        assert sid in everything
    assert "http://***@127.0.0.1:" in everything, "webhook URLs are shown without credentials"
    assert "json://***" in everything
    assert any("/api/audit/" in where for where in bodies)
    assert any("/api/alerts/" in where for where in bodies)


def test_the_command_line_shows_no_planted_secret(planted: Planted, tmp_path: Path) -> None:
    url = _copy(planted, tmp_path)
    env: dict[str, str | None] = {"MONITOR_DATABASE_URL": url, "MONITOR_SECRETS_KEY": planted.key}
    outputs: dict[str, str] = {}
    for args in (["events"], ["subscriptions", "list"], ["alerts", "list", "--limit", "500"],
                 ["secrets", "check"]):  # fmt: skip
        result = CliRunner().invoke(cli, args, env=env)
        outputs[" ".join(args)] = result.output
    assert outputs["events"].count("\n") > 20
    log = SqlEventLog(url)
    with log.reader.connect() as conn:
        alert_ids = [r[0] for r in conn.execute(select(ALERTS.c.alert_id))]
        articles = {r[0] for r in conn.execute(select(ALERTS.c.article_id)) if r[0]}
    log.close()
    assert alert_ids
    for subject in [*alert_ids, *sorted(articles)]:
        for extra in ([], ["--json"]):
            result = CliRunner().invoke(cli, ["audit", "trail", subject, *extra], env=env)
            assert result.exit_code == 0, result.output
            outputs[f"trail {subject} {extra}"] = result.output
    leaks = {what: _leaks(text) for what, text in outputs.items() if _leaks(text)}
    assert leaks == {}
    assert "IN CLEAR" in outputs["secrets check"], "the version-1 subscription is named"
    assert planted.ids["legacy"] in outputs["secrets check"]
    assert "delivered" in "".join(v for k, v in outputs.items() if k.startswith("trail"))


# -- a lost key --------------------------------------------------------------------------------


def _dispatch(url: str, tmp_path: Path, key: str | None) -> Any:
    env: dict[str, str | None] = {
        "MONITOR_DATABASE_URL": url,
        "MONITOR_SECRETS_KEY": key,
        "MONITOR_SECRETS_KEY_FILE": str(tmp_path / "keys" / "secrets.key"),
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
    }
    return CliRunner().invoke(cli, ["alerts", "dispatch"], env=env, catch_exceptions=False)


def test_with_the_key_the_daemon_wiring_opens_the_secrets(planted: Planted, tmp_path: Path) -> None:
    before = {label: _accepted(r) for label, r in planted.receivers.items()}
    result = _dispatch(_copy(planted, tmp_path), tmp_path, planted.key)
    assert result.exit_code == 0, result.output
    after = {label: _accepted(r) for label, r in planted.receivers.items()}
    assert all(after[k] > before[k] for k in ("cli", "api", "patch", "legacy")), (before, after)


def test_a_lost_key_fails_deliveries_permanently_and_the_log_still_verifies(
    planted: Planted, tmp_path: Path
) -> None:
    url = _copy(planted, tmp_path)
    before = {label: _accepted(r) for label, r in planted.receivers.items()}
    result = _dispatch(url, tmp_path, None)
    assert result.exit_code == 0, result.output
    after = {label: _accepted(r) for label, r in planted.receivers.items()}
    log = SqlEventLog(url)
    try:
        with log.reader.connect() as conn:
            rows = {r.alert_id: r.subscription_id for r in conn.execute(select(ALERTS))}
        failed = [e.data_dict() for e in log.iter_all() if e.type == "alert.delivery_failed"]
        lost = [d for d in failed if "cannot be decrypted" in d["error"]]
        assert lost
        victims = {rows[d["alert_id"]] for d in lost}
        sealed = {planted.ids[k] for k in ("cli", "api", "patch", "cli_apprise", "api_apprise")}
        assert victims == sealed
        assert all(d["permanent"] and d["dead"] for d in lost)
        key = Keyring((planted.key.encode(),), "").ids[0]
        assert all(key in d["error"] and "docs/security.md" in d["error"] for d in lost)
        assert not _leaks(json.dumps(failed))
        assert after["legacy"] > before["legacy"], "a clear (version 1) target still delivers"
        assert all(after[k] == before[k] for k in ("cli", "api", "patch"))
        assert verify_log(log).count == log.head().position
    finally:
        log.close()
    verified = CliRunner().invoke(cli, ["audit", "verify"], env={"MONITOR_DATABASE_URL": url})
    assert verified.exit_code == 0, verified.output


# -- subscribe: where the secret comes from; the key ------------------------------------------


def _subscribe(tmp_path: Path, *args: str, **env: str | None) -> Any:
    base: dict[str, str | None] = {
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp_path / "events.db"),
        "MONITOR_SIGNING_KEY": str(tmp_path / "keys" / "checkpoint.key"),
        "MONITOR_SECRETS_KEY": None,
        "MONITOR_SECRETS_KEY_FILE": None,
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
    }
    hook = ["--webhook", "http://127.0.0.1:9/hook"]
    return CliRunner().invoke(cli, ["subscribe", "--name", "n", *hook, *args], env={**base, **env})


def test_subscribe_takes_the_secret_from_a_file_the_environment_or_the_command_line(
    tmp_path: Path,
) -> None:
    values = [_made("fromfile"), _made("fromenv"), _made("fromline")]
    (tmp_path / "s").write_text(values[0] + "\n", encoding="utf-8")
    by_file = _subscribe(tmp_path, "--secret-file", str(tmp_path / "s"))
    by_env = _subscribe(tmp_path, "--secret-env", "HOOK_KEY", HOOK_KEY=values[1])
    by_line = _subscribe(tmp_path, "--secret", values[2])
    assert [r.exit_code for r in (by_file, by_env, by_line)] == [0, 0, 0], by_file.output
    assert "made the secrets key" in by_file.output
    key_file = tmp_path / "keys" / "secrets.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    stored = b"".join(f.read_bytes() for f in tmp_path.glob("events.db*"))
    assert [v for v in values if v.encode() in stored] == []
    ring = load_keyring(None, key_file)
    log = SqlEventLog(sqlite_url_for(tmp_path / "events.db"))
    try:
        sealed = [e.data_dict() for e in log.iter_all() if e.type == "subscription.created"]
    finally:
        log.close()
    opened = [ring.open(d["subscription_id"], d["sealed"])["secret"] for d in sealed]
    assert opened == values


def test_subscribe_refuses_unclear_secret_sources(tmp_path: Path) -> None:
    (tmp_path / "s").write_text("from-a-file-0123", encoding="utf-8")
    two = _subscribe(tmp_path, "--secret", "x" * 12, "--secret-file", str(tmp_path / "s"))
    unset = _subscribe(tmp_path, "--secret-env", "NOT_THERE", NOT_THERE=None)
    none = _subscribe(tmp_path)  # not a terminal: no prompt
    assert two.exit_code == 2
    assert "one way only" in two.output
    assert unset.exit_code == 2
    assert "NOT_THERE is not set" in unset.output
    assert none.exit_code == 2
    assert "--secret-file" in none.output
    assert "--secret-env" in none.output
    assert not (tmp_path / "keys" / "secrets.key").exists()


def test_subscribe_will_not_replace_a_lost_key_silently(tmp_path: Path) -> None:
    first = _subscribe(tmp_path, "--secret", "first-secret-0123")
    assert first.exit_code == 0, first.output
    key_file = tmp_path / "keys" / "secrets.key"
    made = load_keyring(None, key_file).ids[0]
    key_file.unlink()
    again = _subscribe(tmp_path, "--secret", "second-secret-0123")
    assert again.exit_code == 2
    assert made in again.output
    assert "secrets keygen" in again.output
    assert not key_file.exists()


def test_keygen_makes_an_owner_only_key_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "k" / "secrets.key"
    made = CliRunner().invoke(cli, ["secrets", "keygen", "--key", str(path)])
    again = CliRunner().invoke(cli, ["secrets", "keygen", "--key", str(path)])
    printed = CliRunner().invoke(cli, ["secrets", "keygen", "--print"])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text("utf-8")
    assert again.exit_code == 2
    assert "refusing to overwrite" in again.output
    assert path.read_text("utf-8") == text
    assert printed.exit_code == 0
    assert len(load_keyring(printed.stdout.strip(), path).keys) == 1


def test_a_bad_key_is_named_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(SecretsKeyError) as bad_env:
        load_keyring("not-a-key", tmp_path / "none")
    (tmp_path / "bad.key").write_text("# comment\nshort\n", encoding="utf-8")
    with pytest.raises(SecretsKeyError) as bad_file:
        load_keyring(None, tmp_path / "bad.key")
    for caught in (bad_env, bad_file):
        assert "\n" not in str(caught.value)
        assert "44 characters" in str(caught.value)
    assert "MONITOR_SECRETS_KEY" in str(bad_env.value)
    assert "bad.key line 2" in str(bad_file.value)
    sealed = Keyring.generate().seal("sub-1", {"type": "webhook", "secret": "s"})
    with pytest.raises(SecretUnavailableError, match="not available") as lost:
        Keyring.generate().open("sub-1", sealed)
    assert lost.value.permanent
    ring = Keyring.generate()
    with pytest.raises(SecretUnavailableError, match="belongs to subscription"):
        ring.open("sub-2", ring.seal("sub-1", {"type": "log"}))


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://u:p@127.0.0.1:8/hook?token=abc&x=1#f", "http://***@127.0.0.1:8/hook?token=***&x=***#***"),
        ("https://Example.ORG/hook", "https://example.org/hook"),
        ("http://[::1]:9/h", "http://[::1]:9/h"),
        ("tgram://123456:ABCDEF/987", "tgram://***"),
        ("json://user:pass@host/path", "json://***"),
        ("not a url", "***"),
    ],
)  # fmt: skip
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_url(shown) == shown, "redaction is idempotent"


def test_redact_text_redacts_every_url_in_a_message() -> None:
    text = "webhook http://a:b@h/x?k=v: receiver answered HTTP 500; see slack://T/B/C"
    shown = "webhook http://***@h/x?k=***: receiver answered HTTP 500; see slack://***"
    assert redact_text(text) == shown
