"""Projections: read-model tables that follow the log, rebuilt from it at will.

A projection owns some tables and applies events to them.  The runner applies each page of
events and moves the projection's position in the same transaction, so a crash can neither
apply an event twice nor skip one.  A projection whose ``version`` changed is rebuilt from
position 0.  Rebuilding gives the same rows; :func:`digest` proves it.
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    select,
    text,
)

from store.clock import format_time, utc_now
from store.codec import canonical_json
from store.engines import dialect_insert
from store.records import RecordedEvent
from store.sql import SqlEventLog, translated

Progress = Callable[[int, int], None]
"""Called with ``(position reached, head position)`` after each page."""


class Projection(ABC):
    """A read model: a name, a version, its tables, and how each event changes them."""

    name: str
    version: int = 1
    tables: Sequence[Table] = ()
    types: Sequence[str] = ()
    """Event types it reads; empty means every type."""
    writes_events: bool = False
    """True for processors that append events from ``apply`` (with ``log.transaction_on``)."""

    @abstractmethod
    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        """Change the tables for one event, through ``conn`` (inside the runner's transaction)."""


@dataclass(frozen=True, slots=True)
class TableDigest:
    table: str
    rows: int
    sha256: str


def upsert(
    conn: Connection,
    table: Table,
    values: dict[str, Any],
    keys: Sequence[str],
    update: Sequence[str] | None = None,
) -> None:
    """INSERT, or UPDATE the row with the same ``keys``, on SQLite and PostgreSQL alike.

    ``update`` names the columns an existing row takes from ``values`` (default: all others).
    """
    statement = dialect_insert(conn, table).values(**values)
    names = update if update is not None else [k for k in values if k not in keys]
    changes = {k: values[k] for k in names}
    if changes:
        conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changes))
    else:
        conn.execute(statement.on_conflict_do_nothing(index_elements=list(keys)))


class ProjectionRunner:
    """Keeps projections in step with one SQL event log."""

    def __init__(self, log: SqlEventLog, projections: Sequence[Projection], page: int = 500):
        self.log = log
        self.projections = list(projections)
        self.page = page
        self.halted = threading.Event()
        """Set by :meth:`halt`: every catch-up, in any thread, stops after its page."""

    def halt(self) -> None:
        """Stop every catch-up after the page it is applying, for good (a stopping process:
        a catch-up in a thread whose task was cancelled would hold the process's exit).  The
        read models stay where they are and are caught up by the next process."""
        self.halted.set()

    def prepare(self) -> None:
        """Create missing tables; rebuild any projection whose version changed.  One process
        at a time (replicas starting together would race to create the same tables)."""
        for projection in self.projections:
            with translated(), self.log.engine.begin() as conn:
                self.log.backend.lock_migrations(conn)
                stored = self._stored_on(conn, projection)
                if stored is not None and stored[1] != projection.version:
                    self._reset_on(conn, projection)
                else:
                    for table in projection.tables:
                        table.create(conn, checkfirst=True)

    def reset(self, projection: Projection) -> None:
        """Drop the projection's tables and start it again from position 0."""
        with translated(), self.log.engine.begin() as conn:
            self.log.backend.lock_migrations(conn)
            self._reset_on(conn, projection)

    def _reset_on(self, conn: Connection, projection: Projection) -> None:
        for table in reversed(projection.tables):
            table.drop(conn, checkfirst=True)
        for table in projection.tables:
            table.create(conn)
        self._save(conn, projection, 0)

    def position(self, projection: Projection) -> int:
        stored = self._stored(projection)
        return 0 if stored is None else stored[0]

    def catch_up(
        self,
        projection: Projection,
        progress: Progress | None = None,
        stop: threading.Event | None = None,
    ) -> int:
        """Apply every event past the checkpoint, page by page (until ``stop`` is set, if
        given, or the runner is halted: a page is whole or not applied); return the new
        position."""
        head = self.log.head().position
        while not (stop is not None and stop.is_set()) and not self.halted.is_set():
            reached, count = self._apply_page(projection)
            if count and projection.writes_events:
                self.log.notify_committed()
            if progress is not None:
                progress(reached, max(head, reached))
            if count < self.page:
                return reached
        return self.position(projection)

    def catch_up_all(self, stop: threading.Event | None = None) -> None:
        for projection in self.projections:
            self.catch_up(projection, stop=stop)

    def follow(self, stop: threading.Event, wait: float = 1.0) -> None:
        """Catch up, then keep up with new appends until ``stop`` is set."""
        self.prepare()
        while not stop.is_set():
            self.catch_up_all()
            lowest = min((self.position(p) for p in self.projections), default=0)
            self.log.wait_for(lowest, wait)

    def _apply_page(self, projection: Projection) -> tuple[int, int]:
        with translated(), self.log.engine.begin() as conn:
            after = self._locked_position(conn, projection)
            rows = conn.execute(
                text(
                    "SELECT position, stream_id, stream_version, type, version, event_id, "
                    "occurred_at, recorded_at, data, metadata, hash FROM events "
                    "WHERE position > :a ORDER BY position LIMIT :n"
                ),
                {"a": after, "n": self.page},
            ).all()
            wanted = set(projection.types)
            for row in rows:
                event = RecordedEvent(*row)
                if not wanted or event.type in wanted:
                    projection.apply(conn, event)
            reached = rows[-1][0] if rows else after
            if rows:
                self._save(conn, projection, reached)
            return reached, len(rows)

    def _locked_position(self, conn: Connection, projection: Projection) -> int:
        lock = self.log.backend.row_lock
        value = conn.execute(
            text(f"SELECT position FROM projection_positions WHERE name = :n{lock}"),
            {"n": projection.name},
        ).scalar()
        return int(value or 0)

    def _stored(self, projection: Projection) -> tuple[int, int] | None:
        with translated(), self.log.reader.connect() as conn:
            return self._stored_on(conn, projection)

    def _stored_on(self, conn: Connection, projection: Projection) -> tuple[int, int] | None:
        row = conn.execute(
            text("SELECT position, version FROM projection_positions WHERE name = :n"),
            {"n": projection.name},
        ).first()
        return None if row is None else (int(row[0]), int(row[1]))

    def _save(self, conn: Connection, projection: Projection, position: int) -> None:
        values = {
            "name": projection.name,
            "position": position,
            "version": projection.version,
            "updated_at": format_time(utc_now()),
        }
        upsert(conn, CHECKPOINTS, values, ["name"])


CHECKPOINTS = Table(
    "projection_positions",
    MetaData(),
    Column("name", String, primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", String, nullable=False),
)
"""Created by migration 2; described here for upserts."""


def digest(log: SqlEventLog, projection: Projection) -> list[TableDigest]:
    """A SHA-256 over each table's rows in primary-key order: equal digests, equal tables."""
    result: list[TableDigest] = []
    with translated(), log.reader.connect() as conn:
        for table in projection.tables:
            order = list(table.primary_key.columns) or list(table.columns)
            hasher, count = hashlib.sha256(), 0
            for row in conn.execute(select(table).order_by(*order)):
                hasher.update(canonical_json([_plain(v) for v in row]).encode("utf-8") + b"\n")
                count += 1
            result.append(TableDigest(table.name, count, hasher.hexdigest()))
    return result


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    return str(value)
