"""The PostgreSQL adapter (psycopg 3): many processes, one writer lock, advisory-lock roles.

Appends take ``LOCK TABLE events IN EXCLUSIVE MODE`` inside their transaction, so positions
are assigned, and become visible, in commit order (a sequence would let a later position be
seen before an earlier one and a tailing reader skip it).  Readers are not blocked.  Appends
are announced with ``NOTIFY``; a listener thread wakes this process's readers.

Singleton roles are session-level advisory locks held on a connection of their own
(:class:`AdvisoryRoles`): the server frees them when the holder's session ends.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import Connection, Engine, Table, create_engine, text
from sqlalchemy.dialects import postgresql

from store.engines import Insert, Listener, SqlBackend
from store.roles import RoleLocks, role_key

CHANNEL = "asean_monitor_events"
MIGRATION_KEY = 0x6173_6561  # "asea": one migrator at a time


class PostgresBackend(SqlBackend):
    name = "postgresql"
    wait_slice = 2.0
    row_lock = " FOR UPDATE"
    share_lock = " FOR SHARE"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    several_daemons = True

    @property
    def dsn(self) -> str:
        """The URL as psycopg's own ``connect`` wants it."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def engines(self) -> tuple[Engine, Engine]:
        engine = create_engine(
            self.url, hide_parameters=True, pool_size=10, max_overflow=20, pool_pre_ping=True
        )
        return engine, engine

    def lock_appends(self, conn: Connection) -> None:
        conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")

    def announce(self, conn: Connection, position: int) -> None:
        conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": str(position)})

    def listener(self, wake: Callable[[int], None]) -> Listener:
        listener = _PgListener(self.dsn, wake)
        listener.start()
        return listener

    @staticmethod
    def insert(table: Table) -> Insert:
        return postgresql.insert(table)

    def lock_migrations(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_KEY})

    def roles(self) -> RoleLocks:
        return AdvisoryRoles(self.dsn)

    @contextmanager
    def claim_daemon(self, description: str) -> Iterator[None]:
        """Replicas share PostgreSQL through leases and roles: nothing to refuse."""
        yield


class AdvisoryRoles(RoleLocks):
    """Roles as session advisory locks on one connection; a lost connection loses them all,
    and the next :meth:`hold` reconnects."""

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    def _hold(self, role: str) -> bool:
        try:
            conn = self._connection()
            if role in self._held:
                conn.execute("SELECT 1")
                return True
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (role_key(role),)).fetchone()
            return bool(row and row[0])
        except psycopg.Error:
            self._drop()
            return False

    def _connection(self) -> psycopg.Connection[tuple[object, ...]]:
        if self._conn is None or self._conn.closed:
            self._held.clear()
            self._conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5)
        return self._conn

    def _drop(self) -> None:
        self._held.clear()
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    def _release(self) -> None:
        """Free the locks at once (a closed session frees them too, but the server may take a
        moment to notice), then close."""
        if self._conn is not None and not self._conn.closed:
            with contextlib.suppress(psycopg.Error):
                self._conn.execute("SELECT pg_advisory_unlock_all()")
        self._drop()


class _PgListener(threading.Thread, Listener):
    """LISTENs on the append channel and wakes this process's readers; reconnects."""

    def __init__(self, dsn: str, wake: Callable[[int], None]) -> None:
        super().__init__(name="asean-monitor-listen", daemon=True)
        self._dsn = dsn
        self._wake = wake
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stopping.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self._wake(int(note.payload))
            except psycopg.Error:
                self._stopping.wait(1.0)

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=5)
