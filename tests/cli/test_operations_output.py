"""Operations that explain themselves, piece by piece: the fix named for each kind of failing
source, the start lines, the log format every library follows, failed and dead deliveries
logged without secrets, a port in use in one line (exit 2), and the console format as a
person reads it (a real daemon refusing a loopback source)."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import structlog

from alerts.courier import Parcel, failed_event, log_failure
from alerts.errors import DeliveryError
from monitor.errors import ConfigError
from monitor.ingest.advice import fix_for
from monitor.logs import default_format
from monitor.service.server import start_lines
from monitor.settings import load_settings
from store.log import Append
from tests.support.daemons import count, wait_for
from tests.support.databases import sqlite_url_for
from tests.support.receivers import free_port

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("reason", "detail", "status", "wanted"),
    [
        ("blocked_address", "refusing '127.0.0.1': 127.0.0.1 is loopback", None,
         "MONITOR_ALLOW_PRIVATE_NETWORKS=1"),
        ("transport", "cannot resolve host 'nowhere.invalid': [Errno -2] Name or service not "
         "known", None, "DNS"),
        ("transport", "https://x.example/f: ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] "
         "certificate verify failed", None, "TLS"),
        ("transport", "http://x.example/f: ConnectError: [Errno 111] Connection refused", None,
         "nothing accepts connections"),
        ("http_status", "http://x.example/f: HTTP 404", 404, "update the source's url"),
        ("http_status", "http://x.example/f: HTTP 410", None, "gone for good"),
        ("http_status", "http://x.example/f: HTTP 503", 503, "retried with backoff"),
        ("timeout", "http://x.example/f: ReadTimeout", None, "MONITOR_FETCH_TIMEOUT"),
        ("too_large", "Content-Length 99 passes the cap", None, "MONITOR_MAX_RESPONSE_BYTES"),
        ("robots_disallowed", "robots.txt", None, "robots.txt"),
    ],
)  # fmt: skip
def test_a_failing_source_is_told_its_fix(
    reason: str, detail: str, status: int | None, wanted: str
) -> None:
    fix = fix_for(reason, detail, status)
    assert fix is not None
    assert wanted in fix


def test_no_fix_is_made_up_for_an_unknown_failure() -> None:
    assert fix_for("transport", "ReadError: connection reset", None) is None
    assert fix_for("http_status", "HTTP 418", 418) is None


def test_start_lines_give_the_urls_and_the_token_command() -> None:
    (listening, where), (tokens, how) = start_lines("127.0.0.1", 8080, public_reads=False)
    assert (listening, tokens) == ("service.listening", "service.tokens")
    assert where["dashboard"] == "http://127.0.0.1:8080/"
    assert where["api"] == "http://127.0.0.1:8080/api/"
    assert how["read_token"] == "asean-monitor token create --scope read --name NAME"
    (_, everywhere), (_, public) = start_lines("::", 9000, public_reads=True)
    assert everywhere["dashboard"] == "http://[::1]:9000/"
    assert "every address" in everywhere["listening_on"]
    assert "read_token" not in public
    assert public["admin_token"].startswith("asean-monitor token create --scope admin")


def _parcel(key: str) -> Parcel:
    async def send() -> None:  # never called
        raise AssertionError

    return Parcel(key, "webhook", send, lambda _r: [], lambda _e: [])  # type: ignore[arg-type]


def test_a_failed_and_a_dead_delivery_are_logged_redacted() -> None:
    error = DeliveryError(
        "webhook https://user:pw-9a8b@hooks.example/h?token=tk-5c6d: HTTP 500", status=500
    )
    later = failed_event("a-1", 2, "webhook", error, NOW, NOW, dead=False)
    dead = failed_event("a-2", 10, "webhook", error, NOW, None, dead=True)
    with structlog.testing.capture_logs() as logged:
        log_failure(_parcel("a-1"), error, [Append("alert-a-1", [later])])
        log_failure(_parcel("a-2"), error, [Append("alert-a-2", [dead])])
    failed, gone = logged
    assert (failed["event"], failed["log_level"]) == ("alert.delivery_failed", "warning")
    assert (gone["event"], gone["log_level"]) == ("alert.dead", "error")
    assert (failed["alert_id"], failed["attempt"], failed["channel"]) == ("a-1", 2, "webhook")
    assert (gone["alert_id"], gone["attempt"]) == ("a-2", 10)
    assert failed["next_attempt_at"] == NOW.isoformat()
    text = json.dumps(logged, default=str)
    assert "pw-9a8b" not in text
    assert "tk-5c6d" not in text
    assert "hooks.example/h" in failed["reason"]


def test_a_failed_digest_is_one_line_naming_the_digest() -> None:
    error = DeliveryError("smtp 127.0.0.1:25: 451 try later", status=451)
    held = [failed_event(a, 1, "email", error, NOW, None, dead=False) for a in ("a-1", "a-2")]
    with structlog.testing.capture_logs() as logged:
        log_failure(_parcel("digest-7"), error, [Append(f"alert-{e.alert_id}", [e]) for e in held])
    [line] = logged
    assert (line["event"], line["log_level"]) == ("alert.delivery_failed", "warning")
    assert (line["digest_id"], line["alerts"]) == ("digest-7", 2)
    assert "alert_id" not in line


LIBRARIES = """
import logging, sys
import structlog
from monitor.logs import configure_logging
configure_logging("INFO", sys.argv[1])
structlog.get_logger("monitor.x").info("own.event", n=1)
logging.getLogger("httpx").info("HTTP Request: POST https://hooks.example/secret-path")
logging.getLogger("httpx").warning("httpx warned")
logging.getLogger("uvicorn.error").error("uvicorn failed")
logging.getLogger("sqlalchemy.engine").warning("sqlalchemy warned")
logging.getLogger("apscheduler.scheduler").warning("apscheduler warned")
try:
    raise ValueError("boom")
except ValueError:
    structlog.get_logger("monitor.x").exception("own.crash")
"""


def _libraries(log_format: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", LIBRARIES, log_format],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    return done.stderr.splitlines()


def test_every_library_logs_in_the_chosen_format() -> None:
    lines = [json.loads(line) for line in _libraries("json")]  # a line not JSON fails here
    crash = lines.pop()
    assert crash["event"] == "own.crash"
    assert "ValueError: boom" in crash["exception"]
    assert [(r["logger"], r["level"], r["event"]) for r in lines] == [
        ("monitor.x", "info", "own.event"),
        ("httpx", "warning", "httpx warned"),
        ("uvicorn.error", "error", "uvicorn failed"),
        ("sqlalchemy.engine", "warning", "sqlalchemy warned"),
        ("apscheduler.scheduler", "warning", "apscheduler warned"),
    ]


def test_the_console_format_is_for_people() -> None:
    lines = _libraries("console")
    assert not any(line.lstrip().startswith("{") for line in lines)
    own = next(line for line in lines if "own.event" in line)
    assert "[info" in own
    assert "n=1" in own
    assert "[monitor.x]" in own
    assert not any("secret-path" in line for line in lines), "httpx's request lines are off"
    assert any("ValueError: boom" in line for line in lines)


WORKER = """
import multiprocessing, sys
from monitor.logs import configure_logging
from tests.support.logging_child import warn_like_a_library
if __name__ == "__main__":
    configure_logging("INFO", sys.argv[1])
    child = multiprocessing.get_context("spawn").Process(
        target=warn_like_a_library, args=("empty HTML tree: http://x.example/a",)
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0
"""


@pytest.mark.parametrize("log_format", ["json", "console"])
def test_an_extraction_worker_logs_in_the_daemons_format(log_format: str, tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(WORKER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), log_format],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    [line] = done.stderr.splitlines()
    if log_format == "json":
        record = json.loads(line)
        assert (record["logger"], record["level"]) == ("trafilatura.core", "warning")
        assert record["event"] == "empty HTML tree: http://x.example/a"
    else:
        assert "[warning" in line
        assert "empty HTML tree" in line
        assert not line.startswith("{")


def test_the_default_format_follows_the_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert default_format(Terminal()) == "console"
    assert default_format(io.StringIO()) == "json"
    assert load_settings({"MONITOR_LOG_FORMAT": "JSON"}).log_format == "json"
    assert load_settings({}).log_format is None
    with pytest.raises(ConfigError, match="MONITOR_LOG_FORMAT"):
        load_settings({"MONITOR_LOG_FORMAT": "xml"})


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return {
        **env,
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp / "events.db"),
        "MONITOR_SIGNING_KEY": str(tmp / "keys" / "checkpoint.key"),
        "MONITOR_CHECKPOINT_DIR": str(tmp / "checkpoints"),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def _sources(tmp: Path, url: str) -> Path:
    sources = tmp / "sources.yaml"
    sources.write_text(f"version: 1\nsources:\n  - {{id: local, name: L, url: '{url}'}}\n")
    return sources


@pytest.mark.slow
@pytest.mark.parametrize("log_format", ["console", "json"])
def test_a_port_in_use_is_one_line_and_exit_2(
    taken_port: int, tmp_path: Path, log_format: str
) -> None:
    sources = _sources(tmp_path, "https://example.org/feed.xml")
    env = _env(tmp_path, MONITOR_LISTEN=f"127.0.0.1:{taken_port}", MONITOR_LOG_FORMAT=log_format)
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "run", "--sources", str(sources)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    message = json.loads(line)["error"] if log_format == "json" else line
    assert f"127.0.0.1:{taken_port}" in message
    assert "port in use" in message
    assert "MONITOR_LISTEN" in message
    assert not (tmp_path / "events.db").exists(), "refused before the database is opened"


@pytest.mark.slow
def test_the_console_format_names_the_fix_of_a_refused_loopback_source(tmp_path: Path) -> None:
    port = free_port()
    sources = _sources(tmp_path, f"http://127.0.0.1:{free_port()}/feed.xml")
    env = _env(tmp_path, MONITOR_LISTEN=f"127.0.0.1:{port}", MONITOR_LOG_FORMAT="console")
    with (tmp_path / "out.log").open("wb") as out:
        daemon = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--sources", str(sources)],
            env=env, cwd=tmp_path, stdout=out, stderr=out,
        )  # fmt: skip
    try:
        url = sqlite_url_for(tmp_path / "events.db")
        wait_for(lambda: (tmp_path / "events.db").exists() and count(url, "source.poll_failed")
                 >= 1, 90, "the refused poll")  # fmt: skip
    finally:
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=40)
    lines = (tmp_path / "out.log").read_text("utf-8").splitlines()
    assert code == 0, lines[-20:]
    assert not any(line.lstrip().startswith("{") for line in lines)
    assert "service.listening" in lines[0]
    assert f"dashboard=http://127.0.0.1:{port}/" in lines[0]
    assert "asean-monitor token create --scope read" in lines[1]
    [refused] = [line for line in lines if "source.poll_failed" in line]
    assert "[warning" in refused
    assert "loopback" in refused
    assert "MONITOR_ALLOW_PRIVATE_NETWORKS=1" in refused


@pytest.mark.slow
def test_a_bad_sources_file_stops_run_in_json_lines_too(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("version: 1\nsources:\n  - {id: x, name: X, url: 'ftp://x.example/f'}\n")
    env = _env(tmp_path, MONITOR_LISTEN=f"127.0.0.1:{free_port()}", MONITOR_LOG_FORMAT="json")
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "run", "--sources", str(sources)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert done.returncode == 2
    records = [json.loads(line) for line in done.stderr.splitlines()]
    [failed] = records
    assert (failed["event"], failed["level"], failed["exit_code"]) == ("command.failed", "error", 2)
    assert f"{sources}:3" in failed["error"]


AS_DAEMON = """
import structlog
from monitor.commands import as_daemon
from monitor.settings import load_settings

async def work(log):
    structlog.get_logger("alerts.courier").warning("alert.delivery_failed", alert_id="a-1")

as_daemon(load_settings(), "asean-monitor alerts dispatch", work)
"""


@pytest.mark.slow
def test_a_command_doing_the_daemons_work_logs_as_the_daemon(tmp_path: Path) -> None:
    """``alerts dispatch`` (and any command through ``as_daemon``): lines on stderr, in the
    chosen format; stdout keeps the command's own output."""
    done = subprocess.run(
        [sys.executable, "-c", AS_DAEMON],
        env=_env(tmp_path, MONITOR_LOG_FORMAT="json"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    [line] = [json.loads(text) for text in done.stderr.splitlines()]
    assert (line["event"], line["level"], line["alert_id"]) == (
        "alert.delivery_failed",
        "warning",
        "a-1",
    )
