"""The SQLite adapter: one file in WAL mode, one writer (``BEGIN IMMEDIATE``), one daemon.

A daemon holds an exclusive ``flock`` on ``<database>.daemon.lock`` while it runs and writes
who it is into that file, so a second daemon on the same file is refused with a message that
names the file and the first process.  The operating system drops the lock when the holder
dies (SIGKILL included), so a stale file never blocks a restart.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects import sqlite

from store.engines import Insert, SqlBackend
from store.errors import DatabaseInUseError
from store.files import PRIVATE_FILE, private_dir, private_file
from store.roles import LocalRoles, RoleLocks

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=60000",
    "PRAGMA foreign_keys=ON",
)


class SqliteBackend(SqlBackend):
    name = "sqlite"
    wait_slice = 0.25

    @property
    def path(self) -> Path:
        assert self.url.database is not None
        return Path(self.url.database)

    def engines(self) -> tuple[Engine, Engine]:
        """Both run the driver in autocommit mode so that SQLAlchemy, not pysqlite, decides
        where a transaction begins: ``BEGIN IMMEDIATE`` for writers, none for single-statement
        reads.  A new database file is made ``0600`` in a ``0700`` directory first: SQLite
        gives its ``-wal`` and ``-shm`` files the database file's mode."""
        private_file(self.path)
        args: dict[str, Any] = {"check_same_thread": False, "timeout": 60}
        writer = create_engine(
            self.url, connect_args=args, hide_parameters=True, pool_size=5, max_overflow=20
        )
        reader = create_engine(
            self.url, connect_args=args, hide_parameters=True, pool_size=5, max_overflow=20
        )
        for engine in (writer, reader):
            event.listen(engine, "connect", _configure)
        event.listen(writer, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return writer, reader

    def lock_appends(self, conn: Connection) -> None:
        """``BEGIN IMMEDIATE`` took the write lock already."""

    @staticmethod
    def insert(table: Table) -> Insert:
        return sqlite.insert(table)

    def roles(self) -> RoleLocks:
        return LocalRoles()

    @contextmanager
    def claim_daemon(self, description: str) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".daemon.lock")
        private_dir(lock_path.parent)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DatabaseInUseError(_refusal(self.path, lock_path)) from None
            _write_owner(fd, description)
            yield
        finally:
            os.close(fd)


def _configure(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _write_owner(fd: int, description: str) -> None:
    owner = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": description,
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(owner).encode() + b"\n", 0)


def _refusal(database: Path, lock_path: Path) -> str:
    try:
        owner = json.loads(lock_path.read_text() or "{}")
        who = (
            f"pid {owner.get('pid')} on {owner.get('host')} "
            f"({owner.get('command')}, since {owner.get('started_at')})"
        )
    except (OSError, ValueError):
        who = "another process"
    return (
        f"{database} is in use by another asean-monitor daemon: {who}. SQLite admits one "
        f"daemon per database file; stop that one first, or use PostgreSQL for several "
        f"replicas (lock file {lock_path})"
    )
