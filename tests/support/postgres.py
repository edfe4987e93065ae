"""A throwaway PostgreSQL cluster for the tests.

``MONITOR_TEST_POSTGRES_URL`` names an existing server to use instead.  Otherwise the
cluster is made with Debian's ``initdb``/``pg_ctl`` in a temporary directory, listening on
127.0.0.1 at a free port, and removed at the end.  As root it runs as the ``postgres`` user
(PostgreSQL refuses to run as root).  When neither works the PostgreSQL tests are skipped,
except under ``CI=true``, where a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg


class PostgresUnavailable(RuntimeError):
    pass


def _binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise PostgresUnavailable(f"{name} not found: apt-get install postgresql")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster and yield a ``postgresql+psycopg://`` URL to its ``postgres`` db."""
    root = Path(tempfile.mkdtemp(prefix="asean-monitor-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    try:
        subprocess.run(
            _as_owner([_binary("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                       "-E", "UTF8", "--no-sync"]), **run)  # fmt: skip
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c fsync=off "
                   f"-c unix_socket_directories={sockets} -c max_connections=200")  # fmt: skip
        subprocess.run(
            _as_owner([_binary("pg_ctl"), "-D", str(data), "-o", options, "-l",
                       str(root / "log"), "-w", "start"]), **run)  # fmt: skip
    except (subprocess.CalledProcessError, OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(root, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        raise PostgresUnavailable(f"could not start PostgreSQL: {exc} {detail!r}") from exc
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """Create an empty database on the server and return its URL."""
    name = "t_" + uuid.uuid4().hex[:12]
    dsn = server_url.replace("postgresql+psycopg://", "postgresql://")
    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return server_url.rsplit("/", 1)[0] + "/" + name


class PostgresCluster:
    """A throwaway cluster the caller can restart (the fault harness): :meth:`start`,
    :meth:`restart` (``pg_ctl restart -m fast`` on the same data directory and port),
    :meth:`stop` (removes the files).  ``url`` names its ``postgres`` database."""

    def __init__(self, *, max_connections: int = 200) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="asean-monitor-pg-"))
        self.data, self.sockets = self.root / "data", self.root / "sock"
        self.port = _free_port()
        self.max_connections = max_connections
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def options(self) -> str:
        return (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c fsync=off "
                f"-c unix_socket_directories={self.sockets} "
                f"-c max_connections={self.max_connections}")  # fmt: skip

    def _pg_ctl(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
        argv = [_binary("pg_ctl"), "-D", str(self.data), *args]
        return subprocess.run(_as_owner(argv), check=True, capture_output=True, timeout=timeout)

    def start(self) -> str:
        """initdb and start; the URL of the ``postgres`` database."""
        self.sockets.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sockets, "postgres")
        try:
            subprocess.run(
                _as_owner([_binary("initdb"), "-D", str(self.data), "-U", "postgres", "-A",
                           "trust", "-E", "UTF8", "--no-sync"]),
                check=True, capture_output=True, timeout=120)  # fmt: skip
            self._pg_ctl("-o", self.options, "-l", str(self.root / "log"), "-w", "start")
        except (subprocess.CalledProcessError, OSError, subprocess.TimeoutExpired) as exc:
            self.stop()
            detail = getattr(exc, "stderr", b"") or b""
            raise PostgresUnavailable(f"could not start PostgreSQL: {exc} {detail!r}") from exc
        return self.url

    def restart(self) -> float:
        """``pg_ctl restart -m fast`` (every session is ended); seconds it took."""
        started = time.monotonic()
        self._pg_ctl("-o", self.options, "-l", str(self.root / "log"), "-m", "fast", "-w",
                     "restart")  # fmt: skip
        return time.monotonic() - started

    def stop(self) -> None:
        """Stop at once (``-m immediate``) and remove the cluster's files."""
        if self.data.exists():
            subprocess.run(
                _as_owner([_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
