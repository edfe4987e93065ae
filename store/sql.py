"""The SQL event log: SQLite (one file, WAL) or PostgreSQL (psycopg 3), by URL.

Appends are serialised under the backend's writer lock (``store.sqlite``: ``BEGIN
IMMEDIATE``; ``store.postgres``: ``LOCK TABLE events IN EXCLUSIVE MODE``; readers are not
blocked).  Positions are assigned under that lock, so commit order is position order and a
tailing reader never sees position n+1 before n.  Keep append transactions short: encode,
lock, insert, commit; never fetch anything while holding them.

An append may carry a lease (:mod:`store.leases`) as a fencing token: it is refused
(:class:`~store.errors.FencedError`) when another process has claimed that lease since.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, bindparam, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from store.clock import Clock, format_time, utc_now
from store.engines import Listener, SqlBackend, backend_for
from store.errors import AppendOnlyError, BackendError, StoreError
from store.log import EMPTY_HEAD, AppendTransaction, EventLog, Filter, Head, Notifier
from store.migrations import migrate
from store.records import RecordedEvent

if TYPE_CHECKING:
    from store.roles import RoleLocks

COLUMNS = (
    "position, stream_id, stream_version, type, version, event_id, "
    "occurred_at, recorded_at, data, metadata, hash"
)
_HEAD = text("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
_STREAM_VERSION = text("SELECT MAX(stream_version) FROM events WHERE stream_id = :s")
_STREAM = text(
    f"SELECT {COLUMNS} FROM events WHERE stream_id = :s AND stream_version >= :v "
    "ORDER BY stream_version"
)
_LEASE_TOKENS = "SELECT resource, token FROM leases WHERE resource IN :rs ORDER BY resource"


class _SqlTransaction(AppendTransaction):
    fenced = True

    def __init__(
        self, conn: Connection, head: Head, recorded_at: str, version: str, share_lock: str
    ) -> None:
        super().__init__(head, recorded_at, version)
        self._conn = conn
        self._fence_query = text(_LEASE_TOKENS + share_lock).bindparams(
            bindparam("rs", expanding=True)
        )

    def _lease_tokens(self, resources: Sequence[str]) -> dict[str, int]:
        """The leases' tokens now, their rows kept from changing until this transaction ends
        (locked in resource order)."""
        rows = self._conn.execute(self._fence_query, {"rs": list(resources)})
        return {str(r): int(t) for r, t in rows}

    def _read_stream(self, stream_id: str) -> list[RecordedEvent]:
        rows = self._conn.execute(_STREAM, {"s": stream_id, "v": 1})
        return [RecordedEvent(*r) for r in rows]

    def _stream_version(self, stream_id: str) -> int:
        return int(self._conn.execute(_STREAM_VERSION, {"s": stream_id}).scalar() or 0)

    def _existing(self, event_ids: Sequence[str]) -> list[RecordedEvent]:
        found: list[RecordedEvent] = []
        for chunk in _chunks(event_ids):
            query = f"SELECT {COLUMNS} FROM events WHERE event_id IN ({self._markers(len(chunk))})"
            found += [RecordedEvent(*row) for row in self._conn.exec_driver_sql(query, chunk)]
        return found

    def _stream_versions(self, stream_ids: Sequence[str]) -> dict[str, int]:
        """One grouped query per chunk of streams (streams not stored yet are at 0)."""
        versions = dict.fromkeys(stream_ids, 0)
        for chunk in _chunks(stream_ids):
            query = (
                "SELECT stream_id, MAX(stream_version) FROM events "
                f"WHERE stream_id IN ({self._markers(len(chunk))}) GROUP BY stream_id"
            )
            versions.update((s, int(v)) for s, v in self._conn.exec_driver_sql(query, chunk))
        return versions

    def _insert(self, rows: Sequence[RecordedEvent]) -> None:
        """One driver-level executemany (no per-row bind processing: the values are text and
        integers already)."""
        statement = f"INSERT INTO events ({COLUMNS}) VALUES ({self._markers(11)})"
        self._conn.exec_driver_sql(statement, [_as_tuple(r) for r in rows])

    def _markers(self, count: int) -> str:
        marker = "?" if self._conn.dialect.paramstyle == "qmark" else "%s"
        return ", ".join([marker] * count)


def _chunks(values: Sequence[str], size: int = 500) -> Iterator[tuple[str, ...]]:
    """Values in tuples of at most ``size`` (SQLite's bound-parameter limit is 999 in builds
    before 3.32)."""
    for start in range(0, len(values), size):
        yield tuple(values[start : start + size])


_as_tuple: Callable[[RecordedEvent], tuple[Any, ...]] = attrgetter(*RecordedEvent.__slots__)


class SqlEventLog(EventLog):
    """The event log in an SQL database; see the module docstring for the ordering rule."""

    def __init__(
        self,
        url: str | URL,
        *,
        clock: Clock = utc_now,
        software_version: str = "0",
        create: bool = True,
    ) -> None:
        self.backend: SqlBackend = backend_for(url)
        self.url = self.backend.url
        self.dialect = self.backend.name
        self.software_version = software_version
        self._clock = clock
        self.engine, self.reader = self.backend.engines()
        self._local_lock = threading.Lock()
        self._notifier = Notifier()
        self._listener: Listener | None = None
        self._listening = False
        if create:
            with translated():
                migrate(self.engine, self.backend)

    @contextmanager
    def transaction(self) -> Iterator[AppendTransaction]:
        with (
            self._local_lock,
            translated(),
            self.engine.begin() as conn,
            self.transaction_on(conn) as tx,
        ):
            yield tx
        if tx.written:
            self._notifier.notify(tx.written[-1].position)

    @contextmanager
    def transaction_on(self, conn: Connection) -> Iterator[AppendTransaction]:
        """Append inside a transaction the caller already holds (a projection's page), so its
        rows, its position and the events it appends commit together.  Takes the writer lock
        (PostgreSQL) on that connection; the caller commits.  Readers in this process are woken
        by :meth:`notify_committed` after the commit."""
        self.backend.lock_appends(conn)
        tx = _SqlTransaction(
            conn,
            _read_head(conn),
            format_time(self._clock()),
            self.software_version,
            self.backend.share_lock,
        )
        yield tx
        if tx.written:
            self.backend.announce(conn, tx.written[-1].position)

    def notify_committed(self) -> None:
        self._notifier.notify(self.head().position)

    def read_stream(self, stream_id: str, from_version: int = 1) -> list[RecordedEvent]:
        query = text(
            f"SELECT {COLUMNS} FROM events WHERE stream_id = :s AND stream_version >= :v "
            "ORDER BY stream_version"
        )
        with translated(), self.reader.connect() as conn:
            return [
                RecordedEvent(*r) for r in conn.execute(query, {"s": stream_id, "v": from_version})
            ]

    def stream_version(self, stream_id: str) -> int:
        with translated(), self.reader.connect() as conn:
            return int(conn.execute(_STREAM_VERSION, {"s": stream_id}).scalar() or 0)

    def read_page(
        self, after: int = 0, limit: int = 1000, where: Filter | None = None
    ) -> list[RecordedEvent]:
        clauses, params = _where(where or Filter())
        query = text(
            f"SELECT {COLUMNS} FROM events WHERE position > :after{clauses} "
            "ORDER BY position LIMIT :limit"
        )
        if where is not None and where.types:
            query = query.bindparams(bindparam("types", expanding=True))
        with translated(), self.reader.connect() as conn:
            rows = conn.execute(query, {"after": after, "limit": limit, **params})
            return [RecordedEvent(*r) for r in rows]

    def head(self) -> Head:
        with translated(), self.reader.connect() as conn:
            return _read_head(conn)

    def wait_for(self, after: int, timeout: float) -> bool:
        """In-process appends wake the waiter at once; other processes' appends through the
        backend's listener (PostgreSQL's LISTEN/NOTIFY) or a cheap head check every
        ``wait_slice`` seconds."""
        self._ensure_listener()
        slice_ = self.backend.wait_slice
        remaining = timeout
        while True:
            if self.head().position > after:
                return True
            if remaining <= 0:
                return False
            step = min(slice_, remaining)
            if self._notifier.wait(after, step):
                return True
            remaining -= step

    def _ensure_listener(self) -> None:
        if self._listening:
            return
        with self._local_lock:
            if not self._listening:
                self._listener = self.backend.listener(self._notifier.notify)
                self._listening = True

    def roles(self) -> RoleLocks:
        """Singleton-role locks for this process (:mod:`store.roles`)."""
        return self.backend.roles()

    @contextmanager
    def claim_daemon(self, description: str) -> Iterator[None]:
        """Held while a daemon works here; SQLite refuses a second one
        (:class:`~store.errors.DatabaseInUseError`).  Where one daemon is admitted, leases
        left by a process that died are freed at once: nobody else can hold them."""
        with self.backend.claim_daemon(description):
            if not self.backend.several_daemons:
                with translated(), self.engine.begin() as conn:
                    conn.execute(
                        text(
                            "UPDATE leases SET owner = NULL, expires_at = NULL "
                            "WHERE owner IS NOT NULL"
                        )
                    )
            yield

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        self.engine.dispose()
        self.reader.dispose()

    def raw_rows(self, after: int = 0, page_size: int = 10_000) -> Iterator[tuple[Any, ...]]:
        """Every stored row as plain tuples, in position order (what ``verify`` reads)."""
        with translated(), self.reader.connect() as conn:
            marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            query = (
                f"SELECT {COLUMNS} FROM events WHERE position > {marker} "
                f"ORDER BY position LIMIT {marker}"
            )
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            while True:
                cursor.execute(query, (after, page_size))
                rows = cursor.fetchall()
                yield from rows
                if len(rows) < page_size:
                    return
                after = rows[-1][0]


def _read_head(conn: Connection) -> Head:
    row = conn.execute(_HEAD).first()
    return EMPTY_HEAD if row is None else Head(int(row[0]), str(row[1]))


def _where(where: Filter) -> tuple[str, dict[str, Any]]:
    clauses, params = "", dict[str, Any]()
    if where.stream is not None:
        clauses += " AND stream_id = :stream"
        params["stream"] = where.stream
    if where.types:
        clauses += " AND type IN :types"
        params["types"] = list(where.types)
    if where.since is not None:
        clauses += " AND occurred_at >= :since"
        params["since"] = where.since
    if where.until is not None:
        clauses += " AND occurred_at < :until"
        params["until"] = where.until
    return clauses, params


@contextmanager
def translated() -> Iterator[None]:
    """Translate SQLAlchemy and driver errors into the store's tree at the boundary."""
    try:
        yield
    except StoreError:
        raise
    except DBAPIError as exc:
        if "append-only" in str(exc.orig):
            raise AppendOnlyError(str(exc.orig).strip()) from exc
        raise BackendError(f"database error: {str(exc.orig).strip()}") from exc
    except SQLAlchemyError as exc:
        raise BackendError(f"database error: {exc}") from exc
