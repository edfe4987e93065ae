"""The fault harness's checks catch what they claim to (synthetic logs, no daemon), and the
farm's schedule publishes what the harness expects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from alerts.routing import alert_id_for
from tests.support.faults.checks import (
    Ev,
    Fault,
    KeySeen,
    Result,
    check_alerts,
    check_items,
    check_polls,
    role_takeovers,
    why_twice,
)
from tests.support.faults.farm import Schedule

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
MATCH = {
    "ruleset": "r",
    "relevant": True,
    "dialogues": [{"id": "asean-us", "relevant": True, "score": 1.0, "evidence": []}],
    "meetings": [],
    "topics": [],
}


class Log:
    def __init__(self) -> None:
        self.events: list[Ev] = []

    def add(self, stream: str, type_: str, at: float, data: dict[str, Any], **meta: Any) -> None:
        moment = T0 + timedelta(seconds=at)
        self.events.append(Ev(len(self.events) + 1, stream, type_, moment, moment, data, meta))

    def article(self, n: int, at: float, *, extracted: bool = True, matched: int = 1) -> str:
        stream = f"article-{n}"
        url = f"http://farm/articles/{n}/0.html"
        self.add(stream, "item.discovered", at, {"url": url, "canonical_url": url,
                 "title": "t", "source_id": "s"}, correlation_id=f"c{n}")  # fmt: skip
        if extracted:
            self.add(stream, "article.extracted", at + 1, {"text": "x", "title": "t"})
        for _ in range(matched):
            self.add(stream, "article.matched", at + 1, MATCH)
        return stream


def names(result: Result) -> set[str]:
    return {f.check for f in result.failures}


def test_items_lost_doubled_unfinished_and_judged_twice_are_each_named() -> None:
    log = Log()
    log.article(1, 1)
    log.article(2, 2, extracted=False, matched=0)
    log.article(3, 3, matched=2)
    log.add("article-1", "item.discovered", 4, {"url": "http://farm/articles/1/0.html"})
    result = Result()
    urls = [f"http://farm/articles/{n}/0.html" for n in (1, 2, 3, 4)]
    check_items(log.events, urls, result, {"c2": "r0.1"}, {"r0.1": "sigkill at 12:00:05"})
    figure = result.figures[0]
    assert (figure["discovered"], figure["extracted"], figure["lost"]) == (3, 2, 1)
    assert (figure["duplicates"], figure["matched_twice"]) == (1, 1)
    assert names(result) == {
        "items.discovered",
        "items.discovered_once",
        "items.extracted",
        "items.matched",
        "items.matched_once",
    }
    unfinished = next(f for f in result.failures if f.check == "items.extracted")
    assert unfinished.examples[0] == {"by discoverer": {"r0.1 (sigkill at 12:00:05)": 1}}


def test_clean_items_pass_and_a_given_up_page_is_not_extracted() -> None:
    log = Log()
    log.article(1, 1)
    clean = Result()
    check_items(log.events, ["http://farm/articles/1/0.html"], clean)
    assert not clean.failures
    log.article(2, 2, extracted=False)
    log.add("article-2", "article.extraction_failed", 3, {"reason": "x", "attempt": 1})
    retrying = Result()
    check_items(log.events, [f"http://farm/articles/{n}/0.html" for n in (1, 2)], retrying)
    assert retrying.figures[0]["extraction_retried"] == 1
    log.add("article-2", "article.extraction_failed", 4, {"reason": "x", "attempt": 4,
            "gave_up": True})  # fmt: skip
    given_up = Result()
    check_items(log.events, [f"http://farm/articles/{n}/0.html" for n in (1, 2)], given_up)
    assert given_up.figures[0]["gave_up"] == 1
    assert [f.message for f in given_up.failures] == [
        "valid farm pages given up on (extraction_failed with gave_up)"
    ]


def alert_log() -> tuple[Log, str]:
    log = Log()
    log.add("subscription-s1", "subscription.created", 0,
            {"subscription_id": "s1", "filter": {"dialogues": ["asean-us"]}})  # fmt: skip
    log.add("subscription-s2", "subscription.created", 0,
            {"subscription_id": "s2", "filter": {"dialogues": ["asean-japan"]}})  # fmt: skip
    stream = log.article(1, 1)
    return log, alert_id_for("s1", stream)


def test_alerts_once_per_key_pass_and_duplicates_losses_and_strays_fail() -> None:
    log, alert = alert_log()
    log.add(f"alert-{alert}", "alert.raised", 3,
            {"alert_id": alert, "subscription_id": "s1", "kind": "article"})  # fmt: skip
    log.add(f"alert-{alert}", "alert.delivered", 4, {"alert_id": alert})
    rows = [{"alert_id": alert, "status": "delivered"}]
    good = Result()
    check_alerts(log.events, {f"alert-{alert}": KeySeen(2, 1, 0, 1.0)}, rows, good)
    assert not good.failures
    assert good.figures[0]["expected"] == 1  # asean-japan wants nothing here
    doubled = Result()
    keys = {f"alert-{alert}": KeySeen(2, 2), "alert-stray": KeySeen(1, 1)}
    check_alerts(log.events, keys, [{"alert_id": alert, "status": "pending"}], doubled)
    assert names(doubled) == {"alerts.received_once", "alerts.received_known", "alerts.stuck"}
    lost = Result()
    check_alerts(log.events, {f"alert-{alert}": KeySeen(3, 0)}, rows, lost)
    assert names(lost) == {"alerts.received"}
    assert lost.figures[0]["lost"] == 1


def test_a_match_without_its_alert_is_named() -> None:
    log, alert = alert_log()
    result = Result()
    check_alerts(log.events, {}, [], result)
    assert names(result) == {"alerts.raised"}
    assert alert in result.failures[0].examples[0]


def poll(log: Log, source: str, at: float, due: float, corr: str) -> None:
    nxt = (T0 + timedelta(seconds=due)).isoformat()
    log.add(f"source-{source}", "source.polled", at, {"next_check_at": nxt}, correlation_id=corr)


def test_an_early_poll_fails_unless_the_first_pollers_replica_was_killed_between() -> None:
    log = Log()
    poll(log, "a", 0, 60, "c1")
    poll(log, "a", 61, 120, "c2")  # on time
    poll(log, "b", 0, 60, "c3")
    poll(log, "b", 5, 65, "c4")  # early, c3's replica killed at 3 s: excused
    poll(log, "c", 0, 60, "c5")
    poll(log, "c", 5, 65, "c6")  # early, c5's replica alive: double poll
    replica_of = {"c1": "r0", "c2": "r1", "c3": "r2", "c4": "r1", "c5": "r1", "c6": "r0"}
    kill = Fault("sigkill", (T0 + timedelta(seconds=3)).timestamp(), "r2")
    result = Result()
    check_polls(log.events, ["a", "b", "c", "d"], replica_of, [kill],
                (T0 + timedelta(seconds=70)).timestamp(), 60, result)  # fmt: skip
    figure = result.figures[0]
    assert (figure["early"], figure["early_after_kill"], figure["never_polled"]) == (1, 1, 1)
    assert names(result) == {"polls.spacing", "polls.never", "polls.starved"}
    assert result.failures[0].examples[0]["source"] == "c"


def test_a_role_held_by_a_killed_replica_is_taken_over_or_named() -> None:
    kill = Fault("sigkill", 100.0, "r1")
    roles = [(10.0, "r1", "role.acquired", "dispatcher"), (10.0, "r0", "role.acquired", "signer"),
             (111.5, "r2", "role.acquired", "dispatcher")]  # fmt: skip
    taken = Result()
    rows = role_takeovers([kill], roles, taken)
    assert rows == [{"replica": "r1", "role": "dispatcher", "takeover_s": 11.5}]
    assert not taken.failures
    orphaned = Result()
    role_takeovers([kill], roles[:2], orphaned)
    assert names(orphaned) == {"roles.takeover"}


def test_the_farm_publishes_every_item_within_the_window() -> None:
    schedule = Schedule(feeds=50, initial=2, gained=3, window=60.0)
    assert len(schedule.published(0.0)) == 50 * 2
    assert len(schedule.published(60.0)) == 50 * 5
    assert all(0 < schedule.offset(f, i) <= 60 for f in range(50) for i in range(2, 5))
    counts = [schedule.visible(7, t) for t in range(0, 61, 5)]
    assert counts == sorted(counts)
    assert counts[0] == 2
    assert counts[-1] == 5


def test_a_key_accepted_twice_says_whether_a_sigkill_explains_it() -> None:
    twice = KeySeen(3, 2, log=[(10.0, 200, "r0.1"), (11.0, 503, "r1.1"), (25.0, 200, "r1.1")])
    kill = Fault("sigkill", 10.2, "r0.1")
    assert why_twice(twice, None, [kill]) == "after_sigkill"
    assert why_twice(twice, 10.1, [kill]) == "two_live_replicas"  # recorded before the kill
    assert why_twice(twice, None, []) == "two_live_replicas"
    same = KeySeen(2, 2, log=[(10.0, 200, "r0.1"), (12.0, 200, "r0.1")])
    assert why_twice(same, None, []) == "same_replica"


def test_a_post_stamped_just_after_its_senders_kill_was_in_flight_at_it() -> None:
    """A CI run: the receiver stamped the POST 16 ms after the harness stamped the kill."""
    twice = KeySeen(2, 2, log=[(100.116, 200, "r1.3"), (109.3, 200, "r1.4")])
    assert why_twice(twice, None, [Fault("sigkill", 100.1, "r1.3")]) == "after_sigkill"
    late = KeySeen(2, 2, log=[(102.0, 200, "r1.3"), (109.3, 200, "r1.4")])
    assert why_twice(late, None, [Fault("sigkill", 100.1, "r1.3")]) == "two_live_replicas", (
        "a POST two seconds after its sender's death was not sent by it"
    )


def test_a_duplicate_whose_first_sender_died_unnamed_is_told_apart() -> None:
    unnamed = KeySeen(2, 2, log=[(10.0, 200, None), (25.0, 200, "r1.1")])
    assert why_twice(unnamed, None, [Fault("sigkill", 10.1, "r0.1")]) == (
        "after_sigkill_sender_unnamed"
    )
    assert why_twice(unnamed, None, []) == "unidentified_sender"


def test_a_repeat_after_a_sigkill_in_the_window_is_counted_not_failed() -> None:
    """At-least-once: a sender killed between its POST and recording it leaves the alert due,
    and another replica sends it again with the same key, which the receiver drops."""
    log, alert = alert_log()
    log.add(f"alert-{alert}", "alert.raised", 3,
            {"alert_id": alert, "subscription_id": "s1", "kind": "article"})  # fmt: skip
    log.add(f"alert-{alert}", "alert.delivered", 30, {"alert_id": alert})
    rows = [{"alert_id": alert, "status": "delivered"}]
    twice = KeySeen(2, 2, log=[(10.0, 200, "r0.1"), (25.0, 200, "r1.1")])
    resent = Result()
    check_alerts(
        log.events, {f"alert-{alert}": twice}, rows, resent, [Fault("sigkill", 10.2, "r0.1")]
    )
    assert "alerts.received_once" not in names(resent)
    assert (resent.figures[0]["duplicates"], resent.figures[0]["resent_after_sigkill"]) == (0, 1)
    live = Result()
    check_alerts(log.events, {f"alert-{alert}": twice}, rows, live, [])
    assert "alerts.received_once" in names(live), "two live replicas: a claim did not hold"
