"""Short ids, as git takes them: a unique prefix of an id stands for it everywhere an id is
asked for (``alerts retry``, ``audit trail``, ``subscriptions pause``, ``/api/alerts/{id}`` …).

:func:`resolve_prefix` looks the prefix up in one column of a read model: the full id when
exactly one row's id starts with it (an exact id always wins), :class:`IdNotFoundError` when
none does, :class:`AmbiguousIdError` (with some of the candidates) when several do.  A prefix
needs :data:`MIN_PREFIX` characters, as in git.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, select

from monitor.errors import MonitorError

MIN_PREFIX = 4
SHOWN = 5


class IdError(MonitorError):
    """An id or a prefix that names no item, or several."""


class IdNotFoundError(IdError):
    """No item has an id starting with the prefix."""


class AmbiguousIdError(IdError):
    """Several items have ids starting with the prefix; ``candidates`` lists some."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


def resolve_prefix(conn: Connection, column: Column[str], given: str, noun: str) -> str:
    """The one id in ``column`` that is ``given`` or starts with it."""
    given = given.strip()
    if not given:
        raise IdNotFoundError(f"no {noun} id given")
    if conn.execute(select(column).where(column == given)).first() is not None:
        return given
    if len(given) < MIN_PREFIX:
        raise IdNotFoundError(f"no {noun} {given!r}: give at least {MIN_PREFIX} characters")
    query = select(column).where(column.startswith(given, autoescape=True)).order_by(column)
    found = [str(row[0]) for row in conn.execute(query.limit(SHOWN + 1))]
    if not found:
        raise IdNotFoundError(f"no {noun} has an id starting with {given!r}")
    if len(found) > 1:
        shown = ", ".join(found[:SHOWN]) + (", …" if len(found) > SHOWN else "")
        raise AmbiguousIdError(
            f"{given!r} names several {noun}s ({shown}): give more of the id", found[:SHOWN]
        )
    return found[0]
