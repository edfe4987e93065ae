"""Files the daemon makes are its own (issue 15): ``0600`` files and ``0700`` directories for
the database and its ``-wal``/``-shm``/lock files, the signing key, the checkpoints and
``data/`` itself, whatever the umask (the tests use the most permissive one, 000)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from store.files import private_dir, private_file
from tests.support.httpserver import HTTPTestServer, http_server
from tests.support.receivers import free_port

__all__ = ["http_server"]

ROOT = Path(__file__).resolve().parents[2]
RSS = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
    b"<item><title>ASEAN-US</title><link>https://example.org/a</link><guid>a</guid></item>"
    b"</channel></rss>"
)


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def _umask(value: int) -> Callable[[], None]:
    def set_umask() -> None:
        os.umask(value)

    return set_umask


def _env(**extra: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return {**kept, "PYTHONPATH": str(ROOT), **extra}


def cli(cwd: Path, *args: str, umask: int = 0o000, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        preexec_fn=_umask(umask),
    )


@pytest.mark.slow  # the CLI as a process, twice
@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_subscribe_makes_a_private_data_directory_and_database(tmp_path: Path, umask: int) -> None:
    done = cli(tmp_path, "subscribe", "--name", "desk", "--log", umask=umask)
    assert done.returncode == 0, done.stderr
    data = tmp_path / "data"
    assert mode(data) == "0o700"
    assert mode(data / "events.db") == "0o600"
    for sidecar in ("events.db-wal", "events.db-shm", "events.db-journal"):
        if (data / sidecar).exists():
            assert mode(data / sidecar) == "0o600", sidecar


@pytest.mark.slow  # the CLI as a process
def test_audit_keygen_makes_a_private_key_in_a_private_directory(tmp_path: Path) -> None:
    done = cli(tmp_path, "audit", "keygen")
    assert done.returncode == 0, done.stderr
    key = tmp_path / "data" / "keys" / "checkpoint.key"
    assert mode(key) == "0o600"
    assert mode(key.parent) == "0o700"
    assert mode(tmp_path / "data") == "0o700"


@pytest.mark.slow  # the CLI as processes
def test_audit_checkpoint_writes_a_private_checkpoint(tmp_path: Path) -> None:
    assert cli(tmp_path, "subscribe", "--name", "desk", "--log").returncode == 0
    assert cli(tmp_path, "audit", "keygen").returncode == 0
    done = cli(tmp_path, "audit", "checkpoint")
    assert done.returncode == 0, done.stderr
    [checkpoint] = (tmp_path / "data" / "checkpoints").glob("checkpoint-*.json")
    assert mode(checkpoint) == "0o600"
    assert mode(checkpoint.parent) == "0o700"


def _wait(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow  # the daemon as a process
def test_run_makes_every_file_private_while_it_runs(
    tmp_path: Path, http_server: HTTPTestServer
) -> None:
    http_server.add("/feed.xml", RSS, headers={"Content-Type": "application/rss+xml"})
    sources = tmp_path / "sources.yaml"
    feed = http_server.url("/feed.xml")
    sources.write_text(
        f"version: 1\nsources:\n  - {{id: wire, name: Wire, url: '{feed}'}}\n", encoding="utf-8"
    )
    env = _env(
        MONITOR_ALLOW_PRIVATE_NETWORKS="1",
        MONITOR_CHECKPOINT_INTERVAL="1",
        MONITOR_LISTEN=f"127.0.0.1:{free_port()}",
    )
    log = (tmp_path / "run.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--sources", str(sources)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_umask(0o000),
    )
    data = tmp_path / "data"
    try:
        _wait(lambda: any((data / "checkpoints").glob("checkpoint-*.json")), 60, "a checkpoint")
        seen = {
            path.relative_to(tmp_path).as_posix(): mode(path)
            for path in [data, *sorted(data.rglob("*"))]
            if not path.name.endswith(".tmp")
        }
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        log.close()
    assert code == 0, (tmp_path / "run.log").read_text()[-2000:]
    for name in (
        "data/events.db",
        "data/events.db-wal",
        "data/events.db-shm",
        "data/events.db.daemon.lock",
        "data/keys/checkpoint.key",
    ):
        assert seen.get(name) == "0o600", (name, seen)
    for name in ("data", "data/keys", "data/checkpoints"):
        assert seen.get(name) == "0o700", (name, seen)
    wrong = {
        name: got
        for name, got in seen.items()
        if got not in ("0o600", "0o700") and not name.startswith("data/checkpoints/.")
    }
    assert wrong == {}


def test_existing_directories_and_files_keep_their_modes(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    private_dir(shared / "a" / "b")
    assert (mode(shared), mode(shared / "a"), mode(shared / "a" / "b")) == (
        "0o755",
        "0o700",
        "0o700",
    )
    given = shared / "given.db"
    given.write_bytes(b"")
    os.chmod(given, 0o640)
    private_file(given)
    assert mode(given) == "0o640"
    private_file(shared / "new.db")
    assert mode(shared / "new.db") == "0o600"
