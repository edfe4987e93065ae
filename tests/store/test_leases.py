"""Leases, fencing tokens, singleton roles and the single-daemon guard, on SQLite and
PostgreSQL alike (the contract), plus what only PostgreSQL's replicas need."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store.errors import DatabaseInUseError, FencedError
from store.leases import Leases
from store.log import Append
from store.sql import SqlEventLog
from tests.support.store_events import noted

NOW = datetime(2026, 5, 3, 8, 0, tzinfo=UTC)
TTL = timedelta(seconds=30)


@pytest.fixture
def sql_log(sql_url: str) -> SqlEventLog:
    return SqlEventLog(sql_url)


def test_a_lease_is_claimed_by_one_owner_until_it_expires(sql_log: SqlEventLog) -> None:
    a, b = Leases(sql_log, "a", TTL), Leases(sql_log, "b", TTL)
    a.offer({"source:x": None, "source:y": NOW + timedelta(minutes=5)})
    (first,) = a.claim(["source:x", "source:y"], NOW, limit=10)
    assert (first.resource, first.owner, first.token) == ("source:x", "a", 1)
    assert b.claim(["source:x", "source:y"], NOW, limit=10) == [], "held, or not due"
    later = NOW + TTL + timedelta(seconds=1)
    (taken,) = b.claim(["source:x"], later, limit=10)
    assert (taken.owner, taken.token) == ("b", 2), "an expired claim is taken over"
    assert a.renew([first], later) == [], "the old holder's renewal fails"


def test_release_sets_the_next_due_time(sql_log: SqlEventLog) -> None:
    a = Leases(sql_log, "a", TTL)
    a.offer({"source:x": None})
    (lease,) = a.claim(["source:x"], NOW, limit=1)
    a.release(lease, due_at=NOW + timedelta(minutes=10))
    assert a.claim(["source:x"], NOW + timedelta(minutes=9), limit=1) == []
    (again,) = a.claim(["source:x"], NOW + timedelta(minutes=10), limit=1)
    assert again.token == 2
    assert a.claim(["source:x"], NOW, limit=1, due_only=False) == [], "held by itself"


def test_claim_makes_rows_for_unscheduled_work_and_forget_removes_them(
    sql_log: SqlEventLog,
) -> None:
    a, b = Leases(sql_log, "a", TTL), Leases(sql_log, "b", TTL)
    claimed = a.claim(["article:1", "article:2"], NOW, limit=5, due_only=False)
    assert sorted(c.resource for c in claimed) == ["article:1", "article:2"]
    assert b.held_by_others(["article:1", "article:3"], NOW) == {"article:1"}
    a.release(claimed[0], forget=True)
    assert [c.resource for c in b.claim(["article:1"], NOW, limit=5, due_only=False)] == [
        claimed[0].resource
    ]


def test_an_append_fenced_by_a_lease_taken_over_is_refused(sql_log: SqlEventLog) -> None:
    a, b = Leases(sql_log, "a", TTL), Leases(sql_log, "b", TTL)
    (old,) = a.claim(["source:x"], NOW, limit=1, due_only=False)
    sql_log.append("s", [noted(1)], fence=old)
    (new,) = b.claim(["source:x"], NOW + TTL * 2, limit=1, due_only=False)
    with pytest.raises(FencedError, match="source:x"):
        sql_log.append("s", [noted(2)], fence=old)
    with sql_log.transaction() as tx:
        outcomes = tx.append_all(
            [Append("s", [noted(3)], fence=old), Append("s", [noted(4)], fence=new)]
        )
    assert isinstance(outcomes[0], FencedError)
    assert not isinstance(outcomes[1], Exception)
    assert [e.data_dict()["n"] for e in sql_log.read_stream("s")] == [1, 4]


def test_roles_on_sqlite_belong_to_the_one_daemon(sqlite_url: str) -> None:
    roles = SqlEventLog(sqlite_url).roles()
    assert roles.hold("signer")
    assert roles.holds("signer")


def test_a_second_daemon_on_one_sqlite_file_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    log = SqlEventLog(sqlite_url)
    with log.claim_daemon("asean-monitor run"):
        other = subprocess.run(
            [sys.executable, "-c", _SECOND_DAEMON, sqlite_url],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other.returncode == 3, other.stderr
        assert str(tmp_path / "events.db") in other.stdout
        assert "asean-monitor run" in other.stdout
        assert "pid " in other.stdout
        with pytest.raises(DatabaseInUseError):  # the same process, a second claim
            log.claim_daemon("again").__enter__()
    with log.claim_daemon("after the first stopped"):
        pass


_SECOND_DAEMON = """
import sys
from store.errors import DatabaseInUseError
from store.sql import SqlEventLog
try:
    with SqlEventLog(sys.argv[1]).claim_daemon("second"):
        sys.exit(0)
except DatabaseInUseError as exc:
    print(exc)
    sys.exit(3)
"""


@pytest.mark.postgres
def test_one_replica_holds_a_role_until_its_session_ends(postgres_url: str) -> None:
    log = SqlEventLog(postgres_url)
    first, second = log.roles(), log.roles()
    assert first.hold("signer")
    assert not second.hold("signer")
    assert first.hold("signer"), "held again on the next round"
    first.release_all()
    assert second.hold("signer"), "taken over once the holder's session ended"
    assert not first.hold("signer")
    second.release_all()


@pytest.mark.postgres
def test_concurrent_claims_never_hand_one_lease_to_two(postgres_url: str) -> None:
    log = SqlEventLog(postgres_url)
    resources = [f"article:{i}" for i in range(200)]
    Leases(log, "setup", TTL).offer(dict.fromkeys(resources))
    won: dict[str, list[str]] = {}
    lock = threading.Lock()

    def claimer(owner: str) -> None:
        leases = Leases(log, owner, TTL)
        for _ in range(20):
            for lease in leases.claim(resources, NOW, limit=7):
                with lock:
                    won.setdefault(lease.resource, []).append(owner)

    threads = [threading.Thread(target=claimer, args=(f"r{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == sorted(resources)
    assert all(len(owners) == 1 for owners in won.values())


def test_sweep_removes_expired_one_off_claims_only(sql_log: SqlEventLog) -> None:
    a = Leases(sql_log, "a", TTL)
    a.offer({"source:x": None})
    a.claim(["source:x"], NOW, limit=1)
    a.claim(["article:1", "alert:2"], NOW, limit=5, due_only=False)
    assert a.sweep(NOW + TTL) == 0, "not yet expired for a whole lifetime"
    assert a.sweep(NOW + TTL * 2) == 2
    b = Leases(sql_log, "b", TTL)
    assert [c.resource for c in b.claim(["source:x"], NOW + TTL * 2, limit=1)] == ["source:x"]
