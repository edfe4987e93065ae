"""What differs between the SQL databases, behind one port: :class:`SqlBackend`.

:class:`store.sql.SqlEventLog` and everything built on its tables (projections, leases) ask
the backend for the dialect's own pieces: engines, the writer lock, notifications, upserts,
row locks, singleton-role locks, and the single-daemon guard.  ``store.sqlite`` and
``store.postgres`` are the two adapters; nothing else tests which database it is on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, Table, make_url

from store.errors import StoreError

if TYPE_CHECKING:
    from store.roles import RoleLocks

Insert = Any
"""A dialect's INSERT construct (it has ``on_conflict_do_update`` / ``_do_nothing``)."""


def parse_url(url: str | URL) -> URL:
    """A database URL; ``postgresql://`` means psycopg 3, and SQLite must name a file."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError("an SQLite event log needs a file, e.g. sqlite:///data/events.db")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {parsed.drivername!r}: use sqlite or postgresql")
    return parsed


class Listener(ABC):
    """A background waker: tells this process's readers about other processes' appends."""

    @abstractmethod
    def stop(self) -> None: ...


class SqlBackend(ABC):
    """The dialect's pieces.  One instance per event log."""

    name: str
    wait_slice: float
    """Seconds between head checks while a reader waits for appends."""
    row_lock: str = ""
    """Appended to a SELECT to lock the rows it reads until the transaction ends."""
    share_lock: str = ""
    """Appended to a SELECT to keep the rows it reads from changing until the end."""
    skip_locked: str = ""
    """Appended to a SELECT to lock the rows it reads, skipping rows others hold."""
    several_daemons: bool = False
    """True when several daemons may share the database (they coordinate through it)."""

    def __init__(self, url: URL) -> None:
        self.url = url

    @abstractmethod
    def engines(self) -> tuple[Engine, Engine]:
        """A writer engine (its transactions serialise appends) and a reader engine.  Both are
        made with ``hide_parameters=True``: a database error never quotes the values of its
        statement, so an event's data (a delivery receipt may hold a URL that only the read
        paths' redaction may show) cannot reach a log line through the error's text."""

    @abstractmethod
    def lock_appends(self, conn: Connection) -> None:
        """Take the log's writer lock inside ``conn``'s transaction."""

    def announce(self, conn: Connection, position: int) -> None:  # noqa: B027 - optional
        """Tell other processes, at commit, that the log reached ``position``."""

    def listener(self, wake: Callable[[int], None]) -> Listener | None:
        """Start a waker for other processes' appends (None: readers poll the head)."""
        return None

    @staticmethod
    @abstractmethod
    def insert(table: Table) -> Insert:
        """The dialect's INSERT for upserts."""

    def lock_migrations(self, conn: Connection) -> None:  # noqa: B027 - optional
        """One migrator at a time, inside ``conn``'s transaction."""

    @abstractmethod
    def roles(self) -> RoleLocks:
        """The locks that make one process at a time hold a singleton role."""

    @abstractmethod
    def claim_daemon(self, description: str) -> AbstractContextManager[None]:
        """Held while a daemon works on this database; refuses a second where only one may
        run (:class:`store.errors.DatabaseInUseError`)."""


def backend_class(dialect: str) -> type[SqlBackend]:
    """The adapter class of a dialect name (the one place that maps a dialect to it)."""
    from store.postgres import PostgresBackend
    from store.sqlite import SqliteBackend

    classes: dict[str, type[SqlBackend]] = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}
    return classes[dialect]


def backend_for(url: str | URL) -> SqlBackend:
    """The backend of ``url``'s database."""
    parsed = parse_url(url)
    return backend_class(parsed.get_backend_name())(parsed)


def dialect_insert(conn: Connection, table: Table) -> Insert:
    """The INSERT construct of ``conn``'s dialect (for upserts on any backend)."""
    return backend_class(conn.dialect.name).insert(table)
