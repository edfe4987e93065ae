"""Versioned schema migrations for the SQL backends, applied in order, each exactly once.

``schema_migrations`` records what was applied.  A database whose schema is newer than this
software is refused (:class:`~store.errors.SchemaError`) rather than half-understood.
Read-model tables are not migrated: projections own them and rebuild them from the log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Connection, Engine, MetaData, String, Table, text

from store.clock import format_time, utc_now
from store.engines import SqlBackend
from store.errors import SchemaError


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]


_EVENTS_COLUMNS = """
    stream_id      TEXT    NOT NULL,
    stream_version INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    event_id       TEXT    NOT NULL UNIQUE,
    occurred_at    TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    hash           TEXT    NOT NULL,
    UNIQUE (stream_id, stream_version)
"""

_SQLITE_REFUSE = (
    "CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events BEGIN "
    "SELECT RAISE(ABORT, 'asean-monitor: the event log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events BEGIN "
    "SELECT RAISE(ABORT, 'asean-monitor: the event log is append-only: DELETE refused'); END",
)

_PG_REFUSE = (
    "CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION USING ERRCODE = 'restrict_violation', "
    "MESSAGE = 'asean-monitor: the event log is append-only: ' || TG_OP || ' refused'; END $$",
    "CREATE TRIGGER events_refuse_change BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION events_refuse_change()",
    "CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()",
)

_CHECKPOINTS = """CREATE TABLE projection_checkpoints (
    name       TEXT    PRIMARY KEY,
    position   BIGINT  NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
)"""

_POSITIONS = "ALTER TABLE projection_checkpoints RENAME TO projection_positions"
"""A read model's place in the log is its position; "checkpoint" means a signed log head."""

_LEASES = (
    """CREATE TABLE leases (
    resource   TEXT    PRIMARY KEY,
    owner      TEXT,
    token      BIGINT  NOT NULL DEFAULT 0,
    expires_at TEXT,
    due_at     TEXT
)""",
    "CREATE INDEX leases_by_due ON leases (due_at)",
)
"""Who works on what (:mod:`store.leases`): coordination, not history, so not in the log."""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "event log with append-only triggers",
        sqlite=(
            f"CREATE TABLE events (position INTEGER PRIMARY KEY, {_EVENTS_COLUMNS})",
            "CREATE INDEX events_by_type ON events (type, position)",
            "CREATE INDEX events_by_time ON events (occurred_at)",
            *_SQLITE_REFUSE,
        ),
        postgresql=(
            f"CREATE TABLE events (position BIGINT PRIMARY KEY, {_EVENTS_COLUMNS})",
            "CREATE INDEX events_by_type ON events (type, position)",
            "CREATE INDEX events_by_time ON events (occurred_at)",
            *_PG_REFUSE,
        ),
    ),
    Migration(2, "projection checkpoints", sqlite=(_CHECKPOINTS,), postgresql=(_CHECKPOINTS,)),
    Migration(3, "leases", sqlite=_LEASES, postgresql=_LEASES),
    Migration(4, "projection positions", sqlite=(_POSITIONS,), postgresql=(_POSITIONS,)),
)

LATEST = MIGRATIONS[-1].version


def migrate(engine: Engine, backend: SqlBackend, target: int = LATEST) -> list[int]:
    """Apply every pending migration up to ``target`` in one transaction; return the versions
    applied.  (A lower ``target`` makes a database as an older release left it.)"""
    with engine.begin() as conn:
        backend.lock_migrations(conn)
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        )
        current = schema_version(conn)
        if current > LATEST:
            raise SchemaError(
                f"the database schema is at version {current}, this asean-monitor knows up to "
                f"{LATEST}: upgrade asean-monitor before using this database"
            )
        applied = [m for m in MIGRATIONS if current < m.version <= target]
        for migration in applied:
            _apply(conn, migration, backend.name)
    return [m.version for m in applied]


def schema_version(conn: Connection) -> int:
    value = conn.execute(text("SELECT MAX(version) FROM schema_migrations")).scalar()
    return int(value or 0)


def _apply(conn: Connection, migration: Migration, dialect: str) -> None:
    statements = migration.postgresql if dialect == "postgresql" else migration.sqlite
    for statement in statements:
        conn.exec_driver_sql(statement)
    conn.execute(
        text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)"),
        {"v": migration.version, "n": migration.name, "t": format_time(utc_now())},
    )


LEASES = Table(
    "leases",
    MetaData(),
    Column("resource", String, primary_key=True),
    Column("owner", String),
    Column("token", BigInteger, nullable=False),
    Column("expires_at", String),
    Column("due_at", String),
)
"""Made by migration 3; described here for inserts."""
