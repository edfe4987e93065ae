"""``append_all``: many appends with one look-up and one insert give, part for part, what the
same appends one after another in one transaction give (on every backend)."""

from __future__ import annotations

from typing import Any

from store import NO_STREAM
from store.event_classes import Event
from store.log import ANY, Append, EventLog
from store.memory import MemoryEventLog
from tests.support.store_events import noted


def scenario() -> tuple[list[Event], list[Append]]:
    """Events stored before the batch, and a batch that meets every rule of ``append``."""
    before, again, stored_twice = noted(0), noted(1), noted(2)
    forged = again.model_copy(update={"n": 99})
    parts = [
        Append("new", [noted(3), noted(4)], NO_STREAM),
        Append("new", [noted(5)], NO_STREAM),  # created by the part before: a conflict
        Append("new", [noted(6)], 2),  # sees the version the first part left
        Append("other", [again], ANY),
        Append("other", [again], ANY),  # an idempotent retry inside the batch
        Append("third", [forged]),  # a known id with other content
        Append("old", [before]),  # a retry of what was stored before the batch
        Append("old", [stored_twice, noted(7)], 1),
        Append("bad\nstream", [noted(8)]),  # cannot be encoded
        Append("empty", []),
        Append("old", [noted(9)], 5),  # a wrong expected version
    ]
    return [before], parts


def outcome_of(result: Any) -> tuple[Any, ...]:
    if isinstance(result, Exception):
        return (type(result).__name__,)
    return (result.stream_id, result.positions, result.stream_version, result.replayed)


def stored(log: EventLog) -> list[tuple[Any, ...]]:
    return [(r.position, r.stream_id, r.stream_version, r.event_id, r.data) for r in log.iter_all()]


def one_by_one(log: EventLog, parts: list[Append]) -> list[tuple[Any, ...]]:
    outcomes = []
    with log.transaction() as tx:
        for part in parts:
            try:
                result: Any = tx.append(
                    part.stream_id,
                    part.events,
                    expected_version=part.expected_version,
                    metadata=part.metadata,
                )
            except Exception as refused:  # the refusals append_all reports as outcomes
                result = refused
            outcomes.append(outcome_of(result))
    return outcomes


def test_append_all_gives_what_appends_one_by_one_give(log: EventLog) -> None:
    before, parts = scenario()
    oracle = MemoryEventLog()
    for each in (log, oracle):
        each.append("old", before)
    expected = one_by_one(oracle, parts)
    with log.transaction() as tx:
        outcomes = [outcome_of(o) for o in tx.append_all(parts)]
    assert outcomes == expected
    assert [o[0] for o in outcomes if len(o) == 1] == [
        "ConcurrencyError",
        "DuplicateEventError",
        "EventEncodingError",
        "ConcurrencyError",
    ]
    assert stored(log) == stored(oracle)
    assert log.head().position == 7


def test_append_all_of_nothing_writes_nothing(log: EventLog) -> None:
    with log.transaction() as tx:
        assert tx.append_all([]) == []
    assert log.head().position == 0
