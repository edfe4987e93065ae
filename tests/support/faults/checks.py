"""What the fault harness checks at the end of a run, from the event log and what the receiver,
the farm and the replicas' logs saw (pure: data in, figures and failures out).

Every check that fails gives a :class:`Failure`: the check's name, what was wrong, how often,
and a few examples, so whoever fixes the daemon can start from them.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from alerts.filters import SubscriptionFilter, decide
from alerts.routing import alert_id_for, alert_key, article_facts

EXAMPLES = 5
POLL_TYPES = ("source.polled", "source.poll_failed")


@dataclass(frozen=True)
class Ev:
    """One row of the event log, as the checks need it."""

    position: int
    stream_id: str
    type: str
    occurred_at: datetime
    recorded_at: datetime
    data: dict[str, Any]
    metadata: dict[str, Any]
    stream_version: int = 0  # not read by the checks; the article fold records it

    def data_dict(self) -> dict[str, Any]:  # the shape alerts.routing.article_facts reads
        return self.data

    def metadata_dict(self) -> dict[str, Any]:
        return self.metadata


@dataclass(frozen=True)
class Failure:
    check: str
    message: str
    count: int = 0
    examples: list[Any] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "failure": self.check,
            "message": self.message,
            "count": self.count,
            "examples": self.examples[:EXAMPLES],
        }


@dataclass(frozen=True)
class Fault:
    """One fault the harness caused, at ``at`` (``time.time()``)."""

    kind: str
    """``sigkill``, ``sigterm``, ``pg_restart``, ``receiver_down``, ``receiver_up``."""
    at: float
    replica: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KeySeen:
    posts: int
    accepted: int
    bad_signature: int = 0
    first_accepted_at: float | None = None
    log: list[tuple[float, int, str | None]] = field(default_factory=list)
    """Every POST: time, status answered, sending replica (None: not identified)."""
    truncated: int = 0
    """POSTs cut before the end of their body (a sender killed while sending)."""


@dataclass
class Result:
    figures: list[dict[str, Any]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def figure(self, name: str, **values: Any) -> None:
        self.figures.append({"figure": name, **values})

    def fail(self, check: str, message: str, examples: Iterable[Any] = (), count: int = 0) -> None:
        shown = list(examples)
        self.failures.append(Failure(check, message, count or len(shown), shown[:EXAMPLES]))


def epoch(moment: datetime) -> float:
    return moment.timestamp()


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """Count, median, 95th percentile and maximum, rounded to 0.01."""
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


# -- items: discovered once, extracted once, judged once ----------------------------------------


def is_terminal_failure(event: Ev) -> bool:
    """An ``article.extraction_failed`` that ends the article's extraction: ``gave_up``, or the
    first schema (no ``attempt``), which never retried."""
    if event.type != "article.extraction_failed":
        return False
    return bool(event.data.get("gave_up", "attempt" not in event.data))


def check_items(
    events: Sequence[Ev],
    expected_urls: Iterable[str],
    result: Result,
    replica_of: Mapping[str, str] | None = None,
    ends: Mapping[str, str] | None = None,
) -> None:
    """``replica_of``: correlation id -> replica; ``ends``: replica -> how and when it ended
    (both only to say, for an unfinished item, who discovered it and what became of it)."""
    expected = set(expected_urls)
    replica_of, ends = replica_of or {}, ends or {}
    discovered: dict[str, list[Ev]] = defaultdict(list)
    stream_of: dict[str, str] = {}
    per_stream: dict[str, Counter[str]] = defaultdict(Counter)
    failures_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if event.type == "item.discovered":
            url = str(event.data.get("canonical_url") or event.data.get("url"))
            discovered[url].append(event)
            stream_of.setdefault(url, event.stream_id)
        elif event.type in ("article.extracted", "article.matched"):
            per_stream[event.stream_id][event.type] += 1
        elif event.type == "article.extraction_failed":
            per_stream[event.stream_id]["failed"] += 1
            if is_terminal_failure(event):
                per_stream[event.stream_id]["gave_up"] += 1
            failures_of[event.stream_id].append(
                {k: event.data.get(k) for k in ("reason", "attempt", "gave_up", "next_attempt_at")}
            )
    lost = sorted(expected - discovered.keys())
    unexpected = sorted(discovered.keys() - expected)
    doubled = {u: len(e) for u, e in discovered.items() if len(e) > 1}
    streams = {stream_of[u]: u for u in expected & discovered.keys()}
    extracted = {s for s in streams if per_stream[s]["article.extracted"] >= 1}
    not_extracted = {s: streams[s] for s in streams if s not in extracted}
    gave_up = {s: failures_of[s] for s in not_extracted if per_stream[s]["gave_up"]}
    unfinished = {s: u for s, u in not_extracted.items() if s not in gave_up}

    def who(url: str) -> str:
        first = discovered[url][0]
        replica = replica_of.get(str(first.metadata.get("correlation_id")), "?")
        replica = str(first.metadata.get("replica") or replica)
        at = first.occurred_at.strftime("%H:%M:%S")
        return f"discovered at {at} by {replica} ({ends.get(replica, 'still running')})"

    trails: dict[str, list[Ev]] = defaultdict(list)
    for event in events:
        if event.stream_id in streams:
            trails[event.stream_id].append(event)

    def trail(stream: str) -> list[str]:
        """The stream's events: time, type, replica (by correlation id)."""
        return [
            f"{e.occurred_at:%H:%M:%S.%f}"[:-3]
            + f" {e.type} by {replica_of.get(str(e.metadata.get('correlation_id')), '?')}"
            for e in trails[stream]
        ]

    terminal_twice = {
        s: dict(per_stream[s])
        for s in streams
        if per_stream[s]["article.extracted"] + per_stream[s]["gave_up"] > 1
    }
    matched = {s for s in streams if per_stream[s]["article.matched"] >= 1}
    matched_twice = {
        s: per_stream[s]["article.matched"] for s in streams if per_stream[s]["article.matched"] > 1
    }
    unmatched = sorted(streams[s] for s in streams if s not in matched)
    retried = sum(1 for s in streams if per_stream[s]["failed"] > per_stream[s]["gave_up"])
    result.figure(
        "items",
        published=len(expected),
        discovered=len(expected & discovered.keys()),
        extracted=len(extracted),
        matched=len(matched),
        duplicates=sum(n - 1 for n in doubled.values()),
        lost=len(lost),
        not_extracted=len(not_extracted),
        gave_up=len(gave_up),
        extraction_retried=retried,
        extracted_twice=len(terminal_twice),
        matched_twice=len(matched_twice),
        unexpected=len(unexpected),
    )
    if lost:
        result.fail(
            "items.discovered",
            "farm items published before the quiesce point were "
            "never discovered (no item.discovered)",
            lost,
        )
    if doubled:
        result.fail(
            "items.discovered_once", "items discovered more than once", sorted(doubled.items())
        )
    if unexpected:
        result.fail(
            "items.unexpected", "item.discovered for URLs the farm never listed", unexpected
        )
    if unfinished:
        result.fail(
            "items.extracted",
            "discovered items with neither article.extracted nor a "
            "given-up article.extraction_failed (work lost)",
            [
                {
                    "by discoverer": dict(
                        Counter(who(u).split(" by ", 1)[1] for u in unfinished.values())
                    )
                },
                *(
                    {"url": u, "who": who(u), "events": trail(s)}
                    for s, u in sorted(unfinished.items())
                ),
            ],
            len(unfinished),
        )
    if gave_up:
        result.fail(
            "items.extracted",
            "valid farm pages given up on (extraction_failed with gave_up)",
            [{s: f} for s, f in sorted(gave_up.items())],
        )
    if terminal_twice:
        result.fail(
            "items.extracted_once",
            "articles extracted (or given up) more than once",
            [{"url": streams[s], "events": trail(s)} for s in sorted(terminal_twice)],
        )
    if unmatched:
        result.fail(
            "items.matched", "extracted articles never judged (no article.matched)", unmatched
        )
    if matched_twice:
        result.fail(
            "items.matched_once",
            "articles judged more than once",
            [{"url": streams[s], "events": trail(s)} for s in sorted(matched_twice)],
        )


# -- alerts: raised for every match, delivered once per key --------------------------------------


def subscriptions_in(events: Sequence[Ev]) -> dict[str, SubscriptionFilter]:
    """The article subscriptions the log holds (created, not deleted): id -> filter."""
    found: dict[str, SubscriptionFilter] = {}
    for event in events:
        if event.type == "subscription.created":
            found[event.data["subscription_id"]] = SubscriptionFilter.model_validate(
                event.data["filter"]
            )
        elif event.type == "subscription.deleted":
            found.pop(event.data["subscription_id"], None)
    return found


def expected_alerts(events: Sequence[Ev]) -> dict[str, tuple[str, str]]:
    """alert id -> (subscription, article stream) of every first alert the matches call for,
    computed with the router's pure functions (alerts.filters.decide, alerts.routing)."""
    rules = subscriptions_in(events)
    created = {
        e.data["subscription_id"]: e.position for e in events if e.type == "subscription.created"
    }
    streams: dict[str, list[Ev]] = defaultdict(list)
    wanted: dict[str, tuple[str, str]] = {}
    for event in events:
        if event.stream_id.startswith("article-"):
            streams[event.stream_id].append(event)
        if event.type != "article.matched":
            continue
        facts = article_facts(streams[event.stream_id], event.data)  # type: ignore[arg-type]
        for sid, rule in rules.items():
            if created[sid] >= event.position:
                continue
            decision = decide(rule, facts)
            if decision.wanted:
                key = alert_key(_Sub(rule), facts, decision)  # type: ignore[arg-type]
                wanted.setdefault(alert_id_for(sid, key), (sid, event.stream_id))
    return wanted


@dataclass(frozen=True)
class _Sub:
    filter: SubscriptionFilter


def clock(at: float | None) -> str | None:
    """``HH:MM:SS.mmm`` (UTC) of a ``time.time()``."""
    return None if at is None else datetime.fromtimestamp(at, UTC).strftime("%H:%M:%S.%f")[:-3]


AT_LEAST_ONCE = frozenset({"after_sigkill", "after_sigkill_sender_unnamed"})
IN_FLIGHT = 1.0
"""Seconds a POST may be stamped accepted after its sender was killed (see :func:`why_twice`)."""
"""Causes of a repeated key that the at-least-once design explains (see :func:`why_twice`)."""


def why_twice(seen: KeySeen, delivered_at: float | None, faults: Sequence[Fault]) -> str:
    """Why a key was accepted twice: ``after_sigkill`` when the replica that sent the first
    accepted POST was SIGKILLed after it and before any ``alert.delivered`` was recorded (the
    at-least-once window: the repeat is the designed behaviour, the receiver drops it by key);
    ``same_replica`` or ``two_live_replicas`` otherwise (a claim did not hold).

    "After" allows :data:`IN_FLIGHT` seconds: the receiver stamps a POST when it has read and
    stored it, which can be a little after the harness stamps the kill of a sender that had
    already written it (a CI run saw 16 ms); a dead process sends nothing new, so a POST
    accepted that soon after the kill was in flight at it."""
    accepted = [(t, who) for t, status, who in seen.log if 200 <= status < 300]
    if len(accepted) < 2:
        return "unknown"
    (first_at, first), (second_at, second) = accepted[0], accepted[1]
    for fault in faults:
        killed = fault.kind == "sigkill" and fault.replica == first
        unrecorded = delivered_at is None or delivered_at >= fault.at
        if killed and unrecorded and first_at - IN_FLIGHT <= fault.at <= second_at:
            return "after_sigkill"
    if first is None:  # its sender was gone when the receiver looked: killed during the POST?
        for fault in faults:
            unrecorded = delivered_at is None or delivered_at >= fault.at
            in_window = first_at - IN_FLIGHT <= fault.at <= second_at
            if fault.kind == "sigkill" and unrecorded and in_window:
                return "after_sigkill_sender_unnamed"
    if first is None or second is None:
        return "unidentified_sender"
    return "same_replica" if first == second else "two_live_replicas"


def check_alerts(
    events: Sequence[Ev],
    keys: Mapping[str, KeySeen],
    rows: Sequence[Mapping[str, Any]],
    result: Result,
    faults: Sequence[Fault] = (),
    ended_at: float | None = None,
) -> None:
    """``keys``: what the receiver saw per idempotency key; ``rows``: the ``alerts`` table
    (read at ``ended_at``, default now)."""
    ended_at = time.time() if ended_at is None else ended_at
    raised: dict[str, list[Ev]] = defaultdict(list)
    delivered: Counter[str] = Counter()
    delivered_at: dict[str, float] = {}
    failed: Counter[str] = Counter()
    for event in events:
        if event.type == "alert.raised":
            raised[event.data["alert_id"]].append(event)
        elif event.type == "alert.delivered":
            delivered[event.data["alert_id"]] += 1
            delivered_at.setdefault(event.data["alert_id"], epoch(event.recorded_at))
        elif event.type == "alert.delivery_failed":
            failed[event.data["alert_id"]] += 1
    expected = expected_alerts(events)
    first = {a for a, es in raised.items() if es[0].data.get("kind") == "article"}
    not_raised = sorted(set(expected) - first)
    unasked = sorted(first - set(expected))
    raised_twice = {a: len(es) for a, es in raised.items() if len(es) > 1}
    key_of = {f"alert-{a}": a for a in raised}
    missing = sorted(a for k, a in key_of.items() if keys.get(k, KeySeen(0, 0)).accepted == 0)
    doubled = {k: s.accepted for k, s in keys.items() if s.accepted > 1}
    reasons = {k: why_twice(keys[k], delivered_at.get(key_of.get(k, "")), faults) for k in doubled}
    unknown = sorted(k for k, s in keys.items() if k not in key_of and s.posts)
    bad = [
        {"key": k, "posts": [[clock(t), st, who] for t, st, who in s.log]}
        for k, s in sorted(keys.items())
        if s.bad_signature
    ]
    delivered_twice = {a: n for a, n in delivered.items() if n > 1}
    not_recorded = sorted(a for a in raised if delivered[a] == 0)
    stuck = [dict(r) for r in rows if r.get("status") in ("pending", "failed")]
    for row in stuck:  # how long past its due time, at the end (None: no due time)
        due = row.get("next_attempt_at")
        row["overdue_s"] = round(ended_at - parse_time(due).timestamp(), 1) if due else None
    dead = [dict(r) for r in rows if r.get("status") == "dead"]
    not_in_outbox = sorted(set(raised) - {str(r.get("alert_id")) for r in rows})
    latency = [
        keys[k].first_accepted_at - epoch(raised[a][0].occurred_at)  # type: ignore[operator]
        for k, a in key_of.items()
        if k in keys and keys[k].first_accepted_at is not None
    ]
    per_subscription = Counter(es[0].data["subscription_id"] for es in raised.values())
    result.figure(
        "alerts",
        expected=len(expected),
        raised=len(raised),
        follow_ups=len(raised) - len(first),
        per_subscription=dict(sorted(per_subscription.items())),
        delivered_events=sum(delivered.values()),
        delivery_failed_events=sum(failed.values()),
        alerts_failed_twice_or_more=sum(1 for n in failed.values() if n >= 2),
        most_failed_attempts=max(failed.values(), default=0),
        receiver_posts=sum(s.posts for s in keys.values()),
        receiver_accepted=sum(s.accepted for s in keys.values()),
        receiver_truncated=sum(s.truncated for s in keys.values()),
        duplicates=sum(n - 1 for k, n in doubled.items() if reasons[k] not in AT_LEAST_ONCE),
        resent_after_sigkill=sum(n - 1 for k, n in doubled.items() if reasons[k] in AT_LEAST_ONCE),
        duplicates_by_cause=dict(Counter(reasons.values())),
        lost=len(missing),
        stuck=len(stuck),
        stuck_overdue_max_s=max((r["overdue_s"] or 0 for r in stuck), default=0),
        dead=len(dead),
        raised_to_received_s=summary(latency),
    )
    if not_raised:
        result.fail(
            "alerts.raised",
            "matches a subscription asks for with no alert.raised",
            [f"alert {a}: subscription {expected[a][0]}, {expected[a][1]}" for a in not_raised],
            len(not_raised),
        )
    if unasked:
        result.fail("alerts.raised", "alert.raised (kind article) that no match calls for", unasked)
    if raised_twice:
        result.fail(
            "alerts.raised_once", "alert ids raised more than once", sorted(raised_twice.items())
        )
    if missing:
        result.fail(
            "alerts.received",
            "raised alerts the receiver never accepted (lost)",
            [f"alert-{a} (posts {keys.get(f'alert-{a}', KeySeen(0, 0)).posts})" for a in missing],
            len(missing),
        )
    # A repeat whose first sender was SIGKILLed between its POST and recording it is the
    # at-least-once window the design names: the receiver drops it by its key.  It is counted
    # (``resent_after_sigkill`` in the figure), not failed; every other repeat fails.
    doubled = {k: n for k, n in doubled.items() if reasons[k] not in AT_LEAST_ONCE}
    if doubled:
        shown = [
            {
                "key": k,
                "cause": reasons[k],
                "accepted": [[clock(t), who] for t, st, who in keys[k].log if 200 <= st < 300],
                "delivered_recorded": clock(delivered_at.get(key_of.get(k, ""))),
            }
            for k in sorted(doubled, key=lambda k: (reasons[k] == "after_sigkill", k))
        ]
        result.fail(
            "alerts.received_once",
            "idempotency keys the receiver accepted more than once (duplicate deliveries); "
            "cause after_sigkill: the first sender was SIGKILLed after its POST and before "
            "alert.delivered was recorded (at-least-once); any other cause: a claim did not hold",
            [{"by cause": dict(Counter(reasons.values()))}, *shown],
            sum(n - 1 for n in doubled.values()),
        )
    if unknown:
        result.fail("alerts.received_known", "keys POSTed that no alert.raised holds", unknown)
    if bad:
        result.fail("alerts.signature", "POSTs whose HMAC signature did not verify", bad)
    if delivered_twice:
        result.fail(
            "alerts.delivered_once",
            "alerts with more than one alert.delivered",
            sorted(delivered_twice.items()),
        )
    if not_recorded:
        result.fail("alerts.delivered", "raised alerts with no alert.delivered", not_recorded)
    if stuck:
        overdue = [r["overdue_s"] for r in stuck if r["overdue_s"] is not None]
        result.fail(
            "alerts.stuck",
            "alerts still pending or failed in the outbox at the end "
            f"(due for up to {max(overdue, default=0):.0f} s: never picked up again)",
            [
                {
                    k: r.get(k)
                    for k in (
                        "alert_id",
                        "status",
                        "attempts",
                        "next_attempt_at",
                        "overdue_s",
                        "last_error",
                    )
                }
                for r in sorted(stuck, key=lambda r: -(r["overdue_s"] or 0))
            ],
            len(stuck),
        )
    if dead:
        result.fail(
            "alerts.dead",
            "alerts given up (dead letters)",
            [{k: r.get(k) for k in ("alert_id", "attempts", "last_error")} for r in dead],
        )
    if not_in_outbox:
        result.fail("alerts.outbox", "raised alerts missing from the alerts table", not_in_outbox)


# -- polls: never before the source is due, except once after a kill ---------------------------


@dataclass(frozen=True)
class Poll:
    source: str
    at: float
    due_next: float | None
    correlation: str | None
    replica: str | None
    failed: bool


def polls_in(events: Sequence[Ev], replica_of: Mapping[str, str]) -> dict[str, list[Poll]]:
    found: dict[str, list[Poll]] = defaultdict(list)
    for event in events:
        if event.type not in POLL_TYPES:
            continue
        nxt = event.data.get("next_check_at")
        corr = event.metadata.get("correlation_id")
        who = event.metadata.get("replica") or (replica_of.get(corr) if corr else None)
        found[event.stream_id.removeprefix("source-")].append(
            Poll(
                event.stream_id.removeprefix("source-"),
                epoch(event.occurred_at),
                epoch(parse_time(nxt)) if nxt else None,
                corr,
                who,
                event.type == "source.poll_failed",
            )
        )
    return found


def check_polls(
    events: Sequence[Ev],
    sources: Sequence[str],
    replica_of: Mapping[str, str],
    faults: Sequence[Fault],
    ended_at: float,
    starve_after: float,
    result: Result,
) -> None:
    """A poll before the previous poll's ``next_check_at`` is early: a violation, unless the
    previous poll's replica was SIGKILLed (or overran its SIGTERM drain) between the two, which
    is counted apart (the one extra poll a takeover may cost).  A source not polled within
    ``starve_after`` seconds before ``ended_at`` is starved."""
    by_source = polls_in(events, replica_of)
    kills = [f for f in faults if f.kind == "sigkill" or f.detail.get("overran")]
    early: list[dict[str, Any]] = []
    excused: list[dict[str, Any]] = []
    lateness: list[float] = []
    for source, polls in by_source.items():
        for prev, nxt in itertools.pairwise(polls):
            if prev.due_next is None:
                continue
            lateness.append(nxt.at - prev.due_next)
            if nxt.at >= prev.due_next - 1.0:
                continue
            row = {
                "source": source,
                "gap_s": round(nxt.at - prev.at, 2),
                "early_by_s": round(prev.due_next - nxt.at, 2),
                "prev_replica": prev.replica,
                "next_replica": nxt.replica,
                "at": datetime.fromtimestamp(nxt.at, UTC).isoformat(),
            }
            killed = [
                k
                for k in kills
                if prev.at <= k.at <= nxt.at and (prev.replica is None or prev.replica == k.replica)
            ]
            (excused if killed else early).append(row)
    never = sorted(set(sources) - by_source.keys())
    starved = sorted(
        s for s, ps in by_source.items() if s in sources and ps[-1].at < ended_at - starve_after
    )
    counts = [len(by_source.get(s, [])) for s in sources]
    result.figure(
        "polls",
        sources=len(sources),
        polls=sum(counts),
        failed=sum(1 for ps in by_source.values() for p in ps if p.failed),
        per_source_max=max(counts, default=0),
        early=len(early),
        early_after_kill=len(excused),
        never_polled=len(never),
        starved=len(starved),
        lateness_s=summary(lateness),
    )
    if early:
        result.fail(
            "polls.spacing",
            "a source polled again before its next_check_at, with no "
            "kill of the first poll's replica in between (double polling)",
            early,
            len(early),
        )
    if never:
        result.fail("polls.never", "sources never polled", never)
    if starved:
        result.fail(
            "polls.starved",
            f"sources not polled in the last {starve_after:.0f} s of the run",
            starved,
        )


# -- takeovers: from each kill to the moment another replica did the dead one's work -------------


def work_takeovers(
    events: Sequence[Ev], faults: Sequence[Fault], replica_of: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Per SIGKILL, from the log: the time until another replica extracted the articles that
    were discovered and not yet extracted at the kill, and delivered the alerts raised and not
    yet delivered at the kill."""
    discovered: dict[str, float] = {}
    extracted: dict[str, Ev] = {}
    raised: dict[str, float] = {}
    delivered: dict[str, Ev] = {}
    for event in events:
        if event.type == "item.discovered":
            discovered.setdefault(event.stream_id, epoch(event.occurred_at))
        elif event.type == "article.extracted" or is_terminal_failure(event):
            extracted.setdefault(event.stream_id, event)
        elif event.type == "alert.raised":
            raised.setdefault(event.data["alert_id"], epoch(event.occurred_at))
        elif event.type == "alert.delivered":
            delivered.setdefault(event.data["alert_id"], event)
    rows = []
    for kill in (f for f in faults if f.kind == "sigkill"):
        articles = [
            epoch(extracted[s].occurred_at) - kill.at
            for s, t in discovered.items()
            if t <= kill.at and s in extracted and epoch(extracted[s].occurred_at) > kill.at
        ]
        alerts = [
            epoch(delivered[a].occurred_at) - kill.at
            for a, t in raised.items()
            if t <= kill.at and a in delivered and epoch(delivered[a].occurred_at) > kill.at
        ]
        rows.append(
            {
                "replica": kill.replica,
                "at": datetime.fromtimestamp(kill.at, UTC).isoformat(),
                "articles_pending_at_kill_done_after_s": summary(articles),
                "alerts_pending_at_kill_done_after_s": summary(alerts),
            }
        )
    return rows


def role_takeovers(
    faults: Sequence[Fault], roles: Sequence[tuple[float, str, str, str]], result: Result
) -> list[dict[str, Any]]:
    """``roles``: (time, replica, "role.acquired"/"role.lost", role) from the daemons' logs.
    Per SIGKILL: each role the dead replica held, and how long until another acquired it."""
    rows = []
    for kill in (f for f in faults if f.kind == "sigkill"):
        held: dict[str, bool] = {}
        for at, who, what, role in sorted(roles):
            if at > kill.at:
                break
            if who == kill.replica:
                held[role] = what == "role.acquired"
        for role in sorted(r for r, h in held.items() if h):
            taken = [
                at
                for at, who, what, r in sorted(roles)
                if r == role and what == "role.acquired" and at > kill.at and who != kill.replica
            ]
            row = {
                "replica": kill.replica,
                "role": role,
                "takeover_s": round(taken[0] - kill.at, 2) if taken else None,
            }
            rows.append(row)
            if not taken:
                result.fail(
                    "roles.takeover",
                    "a role held by a killed replica was never acquired by another",
                    [row],
                )
    return rows
