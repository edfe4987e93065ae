"""Leases: which process works on a resource (a source, an article, an alert) right now.

One row per resource in ``leases``: its holder, its fencing token, when the claim expires and,
for scheduled work, when the resource is next due.  A claim takes rows that are free or whose
claim expired, skipping rows another transaction is claiming (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite has one writer anyway), and adds one to each token.  Appends made for the
work carry the lease (:attr:`store.log.Append.fence`): if another process claimed it since,
the append is refused, so a process that stalled past its expiry cannot write over the one
that took its work over.  A process renews its claims while it works and releases them when
done; a dead process's claims expire and are taken over.

Leases coordinate; they record nothing: losing the table costs at most one extra round of
work, never an event.  Times are the callers' clocks (keep replicas' clocks in sync: a lease
should last far longer than their skew).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, text

from store.clock import format_time
from store.engines import dialect_insert
from store.migrations import LEASES
from store.sql import SqlEventLog, translated

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Lease:
    resource: str
    owner: str
    token: int
    """Grows by one at every claim: the fencing token."""
    expires_at: datetime


class Leases:
    """Claims of one process (``owner``) on the leases of one event log."""

    def __init__(self, log: SqlEventLog, owner: str, ttl: timedelta) -> None:
        self.log = log
        self.owner = owner
        self.ttl = ttl
        self._held: dict[str, Lease] = {}
        self._unreleased: dict[str, tuple[Lease, datetime | None, bool]] = {}
        self._mutex = threading.Lock()
        self._claim = text(
            "SELECT resource, token FROM leases WHERE resource IN :rs "
            "AND (owner IS NULL OR expires_at <= :now) "
            "AND (:any_time OR due_at IS NULL OR due_at <= :now) "
            f"ORDER BY due_at, resource LIMIT :n{log.backend.skip_locked}"
        ).bindparams(bindparam("rs", expanding=True))

    def offer(self, resources: Mapping[str, datetime | None]) -> None:
        """Make rows for resources that have none yet, due at the given time (None: now)."""
        rows = [{"resource": r, "token": 0, "due_at": _text(d)} for r, d in resources.items()]
        with translated(), self.log.engine.begin() as conn:
            for chunk in _chunks(rows):
                insert = dialect_insert(conn, LEASES)
                conn.execute(insert.on_conflict_do_nothing(index_elements=["resource"]), chunk)

    def claim(
        self, resources: Sequence[str], now: datetime, *, limit: int, due_only: bool = True
    ) -> list[Lease]:
        """Claim up to ``limit`` of ``resources`` that nobody holds (and that are due, with
        ``due_only``); rows are made for resources that have none.  Earliest due first."""
        if not resources or limit <= 0:
            return []
        self._flush_releases()
        if not due_only:
            self.offer(dict.fromkeys(resources))
        claimed: list[Lease] = []
        expires = now + self.ttl
        with translated(), self.log.engine.begin() as conn:
            for chunk in _chunks(list(resources)):
                wanted = limit - len(claimed)
                if wanted <= 0:
                    break
                claimed += self._claim_chunk(conn, chunk, now, expires, wanted, due_only)
        self._keep(claimed)
        return claimed

    def held(self) -> list[Lease]:
        """The claims this process holds (as far as it knows)."""
        with self._mutex:
            return list(self._held.values())

    def valid(self, lease: Lease, now: datetime) -> bool:
        """Whether this process may still act on ``lease``: it holds it (not lost at a renewal)
        and its last successful renewal keeps it for at least a third of its lifetime more.
        Act only then on what cannot be fenced, such as a send to a receiver: a renewal that
        failed (the database away) lets the claim run out, and another process may take it."""
        with self._mutex:
            held = self._held.get(lease.resource)
        if held is None or held.token != lease.token:
            return False
        return held.expires_at - now > self.ttl / 3

    def renew_held(self, now: datetime) -> list[Lease]:
        """Renew every claim this process holds; return those lost to another process."""
        held = self.held()
        kept = {lease.resource for lease in self.renew(held, now)}
        lost = [lease for lease in held if lease.resource not in kept]
        self._drop(lost)
        return lost

    def _keep(self, leases: Sequence[Lease]) -> None:
        with self._mutex:
            self._held.update((lease.resource, lease) for lease in leases)

    def _drop(self, leases: Sequence[Lease]) -> None:
        with self._mutex:
            for lease in leases:
                if self._held.get(lease.resource, lease).token == lease.token:
                    self._held.pop(lease.resource, None)

    def _claim_chunk(
        self,
        conn: Connection,
        chunk: Sequence[str],
        now: datetime,
        expires: datetime,
        limit: int,
        due_only: bool,
    ) -> list[Lease]:
        params = {"rs": list(chunk), "now": format_time(now), "any_time": not due_only}
        rows = conn.execute(self._claim, {**params, "n": limit}).all()
        if not rows:
            return []
        conn.execute(
            text("UPDATE leases SET owner = :o, token = :t, expires_at = :e WHERE resource = :r"),
            [{"o": self.owner, "t": t + 1, "e": format_time(expires), "r": r} for r, t in rows],
        )
        return [Lease(r, self.owner, int(t) + 1, expires) for r, t in rows]

    def renew(self, leases: Sequence[Lease], now: datetime) -> list[Lease]:
        """Extend the claims still held (same token); the others are lost and left out."""
        expires = now + self.ttl
        kept: list[Lease] = []
        statement = text(
            "UPDATE leases SET expires_at = :e WHERE resource = :r AND token = :t AND owner = :o"
        )
        with translated(), self.log.engine.begin() as conn:
            for lease in sorted(leases, key=lambda held: held.resource):  # one lock order
                params: dict[str, Any] = {"e": format_time(expires), "o": self.owner}
                done = conn.execute(statement, {**params, "r": lease.resource, "t": lease.token})
                if done.rowcount:
                    kept.append(replace(lease, expires_at=expires))
        self._keep(kept)
        return kept

    def release(
        self, lease: Lease, *, due_at: datetime | None = None, forget: bool = False
    ) -> None:
        """Give the claim up (when still ours): the resource is next due at ``due_at``; with
        ``forget`` the row goes (work that is finished for good).  If the database refuses
        (gone, full), the release is kept and tried again before the next claim, so this
        process is not locked out of its own work until the claim expires."""
        self._drop([lease])
        with self._mutex:
            self._unreleased[lease.resource] = (lease, due_at, forget)
        self._flush_releases()

    def _flush_releases(self) -> None:
        with self._mutex:
            waiting = list(self._unreleased.values())
        if not waiting:
            return
        with translated(), self.log.engine.begin() as conn:
            for lease, due_at, forget in sorted(waiting, key=lambda w: w[0].resource):
                self._release_row(conn, lease, due_at, forget)
        with self._mutex:
            for lease, _, _ in waiting:
                if self._unreleased.get(lease.resource, (None,))[0] == lease:
                    del self._unreleased[lease.resource]

    def _release_row(
        self, conn: Connection, lease: Lease, due_at: datetime | None, forget: bool
    ) -> None:
        where = " WHERE resource = :r AND token = :t AND owner = :o"
        params = {"r": lease.resource, "t": lease.token, "o": self.owner}
        if forget:
            conn.execute(text("DELETE FROM leases" + where), params)
        else:
            statement = "UPDATE leases SET owner = NULL, expires_at = NULL, due_at = :d"
            conn.execute(text(statement + where), {**params, "d": _text(due_at)})

    def sweep(self, now: datetime, keep: str = "source:") -> int:
        """Remove expired claims on one-off work (articles, alerts) that their dead holders
        never released; rows of scheduled resources (``keep`` prefix) stay for their due
        time.  Removing an expired claim is what taking it over would do."""
        with translated(), self.log.engine.begin() as conn:
            done = conn.execute(
                text(
                    "DELETE FROM leases WHERE resource NOT LIKE :keep "
                    "AND owner IS NOT NULL AND expires_at <= :cutoff"
                ),
                {"keep": keep + "%", "cutoff": format_time(now - self.ttl)},
            )
            return int(done.rowcount or 0)

    def release_all(self) -> int:
        """Give up every claim of this owner (a clean stop: others take over at once)."""
        with self._mutex:
            self._held.clear()
            self._unreleased.clear()
        with translated(), self.log.engine.begin() as conn:
            done = conn.execute(
                text("UPDATE leases SET owner = NULL, expires_at = NULL WHERE owner = :o"),
                {"o": self.owner},
            )
            return int(done.rowcount or 0)

    def held_by_others(self, resources: Sequence[str], now: datetime) -> set[str]:
        """Resources among ``resources`` that another process holds now."""
        query = text(
            "SELECT resource FROM leases WHERE resource IN :rs AND owner IS NOT NULL "
            "AND owner != :o AND expires_at > :now"
        ).bindparams(bindparam("rs", expanding=True))
        found: set[str] = set()
        with translated(), self.log.reader.connect() as conn:
            for chunk in _chunks(list(resources)):
                params = {"rs": list(chunk), "o": self.owner, "now": format_time(now)}
                found.update(r for (r,) in conn.execute(query, params))
        return found


def _text(moment: datetime | None) -> str | None:
    return None if moment is None else format_time(moment)


def _chunks(values: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
