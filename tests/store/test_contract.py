"""The event-log contract, run against the in-memory, SQLite and PostgreSQL backends."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from store import (
    ANY,
    NO_STREAM,
    ConcurrencyError,
    DuplicateEventError,
    EventEncodingError,
)
from store.audit import verify_rows
from store.backends import open_log
from store.log import EventLog, Filter
from tests.support.store_events import Measured, noted


def test_append_assigns_gapless_positions_and_stream_versions(log: EventLog) -> None:
    first = log.append("a", [noted(1), noted(2)], expected_version=NO_STREAM)
    second = log.append("b", [noted(3)], expected_version=NO_STREAM)
    third = log.append("a", [noted(4)], expected_version=2)
    assert first.positions == (1, 2)
    assert first.stream_version == 2
    assert second.positions == (3,)
    assert third.positions == (4,)
    assert [e.stream_version for e in log.read_stream("a")] == [1, 2, 3]
    assert [e.position for e in log.read_page(0, 10)] == [1, 2, 3, 4]
    assert log.head().position == 4


def test_stored_events_read_back_typed(log: EventLog) -> None:
    event = noted(7, "Kuala Lumpur – 13th ASEAN–US Summit 東盟")
    log.append("s", [event])
    stored = log.read_stream("s")[0]
    decoded = stored.decode()
    assert decoded == event
    assert stored.event_id == str(event.event_id)
    assert stored.occurred_at == "2026-05-03T08:00:07.000000Z"


def test_wrong_expected_version_is_a_conflict(log: EventLog) -> None:
    log.append("s", [noted(1)], expected_version=NO_STREAM)
    with pytest.raises(ConcurrencyError) as caught:
        log.append("s", [noted(2)], expected_version=NO_STREAM)
    assert (caught.value.expected, caught.value.actual) == (0, 1)
    with pytest.raises(ConcurrencyError):
        log.append("s", [noted(2)], expected_version=5)
    log.append("s", [noted(2)], expected_version=ANY)
    assert log.head().position == 2


def test_a_bad_event_leaves_nothing_of_its_batch(log: EventLog) -> None:
    log.append("s", [noted(1)])
    with pytest.raises(EventEncodingError):
        log.append("s", [noted(2), Measured(occurred_at=datetime.now(UTC), value=float("nan"))])
    with pytest.raises(EventEncodingError):
        log.append("bad\nstream", [noted(3)])
    assert log.head().position == 1
    assert len(log.read_stream("s")) == 1


def test_a_failing_append_rolls_back_the_whole_transaction(log: EventLog) -> None:
    log.append("taken", [noted(1)])

    def append_two() -> None:
        with log.transaction() as tx:
            tx.append("first", [noted(2), noted(3)])
            tx.append("taken", [noted(4)], expected_version=NO_STREAM)

    with pytest.raises(ConcurrencyError):
        append_two()
    assert log.read_stream("first") == []
    assert log.head().position == 1
    log.append("first", [noted(5)])
    assert [e.position for e in log.read_page()] == [1, 2]


def test_appending_the_same_event_ids_again_is_idempotent(log: EventLog) -> None:
    batch = [noted(1), noted(2)]
    first = log.append("s", batch, expected_version=NO_STREAM)
    again = log.append("s", batch, expected_version=NO_STREAM)
    assert again.replayed
    assert not first.replayed
    assert again.positions == first.positions
    assert log.head().position == 2


def test_a_known_event_id_with_other_content_is_refused(log: EventLog) -> None:
    event = noted(1)
    log.append("s", [event])
    forged = event.model_copy(update={"n": 99})
    with pytest.raises(DuplicateEventError):
        log.append("s", [forged])
    with pytest.raises(DuplicateEventError):
        log.append("other", [event])
    with pytest.raises(DuplicateEventError):
        log.append("s", [event, noted(2)])
    assert log.head().position == 1


def test_pages_filter_by_stream_type_and_time(log: EventLog) -> None:
    log.append("a", [noted(1), noted(30)])
    log.append("b", [Measured(occurred_at=datetime(2026, 5, 4, tzinfo=UTC), value=1.5)])
    assert [e.position for e in log.read_page(where=Filter(stream="a"))] == [1, 2]
    assert [e.type for e in log.read_page(where=Filter(types=("test.measured",)))] == [
        "test.measured"
    ]
    window = Filter(since="2026-05-03T08:00:10.000000Z", until="2026-05-04T00:00:00.000000Z")
    assert [e.position for e in log.read_page(where=window)] == [2]
    assert [e.position for e in log.iter_all(after=1, page_size=1)] == [2, 3]


def test_the_chain_verifies(log: EventLog) -> None:
    for n in range(20):
        log.append(f"s-{n % 3}", [noted(n), noted(n + 100)])
    report = verify_rows(log.raw_rows(page_size=7))
    assert report.count == 40
    assert report.last_hash == log.head().hash


@pytest.mark.slow  # threads writing and tailing for seconds, on each backend
def test_concurrent_writers_and_tailing_readers(log_url: str) -> None:
    """10 writers x 100 appends while 2 readers tail: each sees every event once, in order."""
    writers, appends = 10, 100
    total = writers * appends
    logs = [open_log(log_url) for _ in range(3)] if log_url != "memory://" else None
    shared = open_log(log_url) if logs is None else None
    pick = (lambda i: shared) if logs is None else (lambda i: logs[i % 3])
    seen: list[list[int]] = [[], []]
    stop = threading.Event()

    def read(slot: int) -> None:
        for event in pick(slot).follow(0, page_size=37, stop=stop, wait=0.2):
            seen[slot].append(event.position)
            if len(seen[slot]) >= total:
                return

    def write(w: int) -> None:
        for i in range(appends):
            pick(w).append(f"writer-{w}", [noted(i)], expected_version=i)

    readers = [threading.Thread(target=read, args=(s,)) for s in range(2)]
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in readers + threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    for thread in readers:
        thread.join(timeout=60)
    stop.set()
    assert seen[0] == list(range(1, total + 1))
    assert seen[1] == list(range(1, total + 1))
    for w in range(writers):
        assert [e.stream_version for e in pick(0).read_stream(f"writer-{w}")] == list(
            range(1, appends + 1)
        )
    assert verify_rows(pick(0).raw_rows()).count == total


def test_a_reader_waits_for_an_open_append_then_sees_both(log_url: str) -> None:
    """The sequence race: a later append must never become visible before an earlier one."""
    first_log, second_log = open_log(log_url), open_log(log_url)
    if log_url == "memory://":
        second_log = first_log
    reader_log = open_log(log_url) if log_url != "memory://" else first_log
    first_log.append("warm-up", [noted(0)])
    holding, release = threading.Event(), threading.Event()
    seen: list[tuple[int, str]] = []
    stop = threading.Event()

    def hold_open() -> None:
        with first_log.transaction() as tx:
            tx.append("early", [noted(1)])
            holding.set()
            release.wait(30)

    def read() -> None:
        for event in reader_log.follow(1, stop=stop, wait=0.1):
            seen.append((event.position, event.stream_id))
            if len(seen) == 2:
                return

    early = threading.Thread(target=hold_open)
    early.start()
    assert holding.wait(10)
    late = threading.Thread(target=lambda: second_log.append("late", [noted(2)]))
    late.start()
    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(1.0)
    assert seen == [], "the reader saw an event while an earlier append was still open"
    assert late.is_alive(), "the later append committed while an earlier one was open"
    release.set()
    for thread in (early, late, reader):
        thread.join(timeout=30)
    stop.set()
    assert seen == [(2, "early"), (3, "late")]


@pytest.mark.anyio
async def test_follow_async_wakes_on_append(log: EventLog) -> None:
    import anyio

    received: list[int] = []

    async def consume() -> None:
        async for event in log.follow_async(0, wait=5.0):
            received.append(event.position)
            return

    async with anyio.create_task_group() as group:
        group.start_soon(consume)
        await anyio.sleep(0.3)
        started = time.monotonic()
        await anyio.to_thread.run_sync(lambda: log.append("s", [noted(1)]))
        with anyio.fail_after(5):
            while not received:
                await anyio.sleep(0.01)
        assert time.monotonic() - started < 1.0
    assert received == [1]
