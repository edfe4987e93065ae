"""SQLAlchemy engines for the log, configured per dialect (SQLite WAL, PostgreSQL psycopg 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url

from store.errors import StoreError

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=60000",
    "PRAGMA foreign_keys=ON",
)


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


def sqlite_engines(url: URL) -> tuple[Engine, Engine]:
    """A writer engine whose transactions take SQLite's write lock at BEGIN, and a reader.

    Both run the driver in autocommit mode so that SQLAlchemy, not pysqlite, decides where a
    transaction begins: ``BEGIN IMMEDIATE`` for writers, none for single-statement reads.
    """
    assert url.database is not None
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    args: dict[str, Any] = {"check_same_thread": False, "timeout": 60}
    writer = create_engine(url, connect_args=args, pool_size=5, max_overflow=20)
    reader = create_engine(url, connect_args=args, pool_size=5, max_overflow=20)
    for engine in (writer, reader):
        event.listen(engine, "connect", _configure_sqlite)
    event.listen(writer, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return writer, reader


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def postgresql_engine(url: URL) -> Engine:
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def libpq_dsn(url: URL) -> str:
    """The URL as psycopg's own ``connect`` wants it (for LISTEN connections)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
