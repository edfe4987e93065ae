"""A feed farm whose feeds gain items over time (the fault harness's news sources).

Feed ``n`` lists ``initial`` items from the start and gains ``gained`` more during the first
``window`` seconds: item ``i`` appears at ``start + Schedule.offset(n, i)``, a pure function,
so the harness knows without asking which items were published by any moment.  Each feed has
an ETag naming how many items it lists (``"grow-<n>-<count>"``): a matching ``If-None-Match``
gets a 304 until the next item appears, so unchanged polls are cheap.  Pages are
:class:`bench.farm.Farm`'s (the seed articles of ``tests/fixtures/pages`` recombined, each an
ASEAN-relevant article), small by default to spare the CPU.

``/_stats`` adds to the bench farm's counts: page GETs in all, and every page fetched more
than once (``"feed-item": count``), which tells how often a page was fetched again after a
replica died or twice by two replicas.

Run alone: ``python -m tests.support.faults.farm --feeds 300 --initial 2 --gained 2 --window 90``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

from bench.farm import _TAG, HOST, Farm, Response, serve_connection

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Schedule:
    """When each item of each feed appears, in seconds after the farm's start (pure)."""

    feeds: int
    initial: int
    gained: int
    window: float

    @property
    def items(self) -> int:
        return self.initial + self.gained

    def offset(self, feed: int, item: int) -> float:
        """Seconds after the start at which item ``item`` of feed ``feed`` appears."""
        if item < self.initial:
            return 0.0
        phase = ((feed * 7919) % 997 + 1) / 998  # in (0, 1): spreads the feeds over the window
        return self.window * (item - self.initial + phase) / self.gained

    def visible(self, feed: int, elapsed: float) -> int:
        """How many items feed ``feed`` lists ``elapsed`` seconds after the start."""
        return sum(1 for i in range(self.items) if self.offset(feed, i) <= elapsed)

    def published(self, elapsed: float) -> list[tuple[int, int]]:
        """Every (feed, item) listed by ``elapsed`` seconds after the start."""
        return [(f, i) for f in range(self.feeds) for i in range(self.visible(f, elapsed))]


@dataclass
class GrowingFarm(Farm):
    """:class:`bench.farm.Farm` with feeds that follow a :class:`Schedule` from ``start``."""

    schedule: Schedule = field(default_factory=lambda: Schedule(1, 1, 1, 1.0))
    start: float = 0.0
    """``time.time()`` of the start."""
    page_gets: Counter[tuple[int, int]] = field(default_factory=Counter)
    feed_answers: Counter[int] = field(default_factory=Counter)
    _grown: dict[tuple[int, int], bytes] = field(default_factory=dict)

    def answer(self, path: str, if_none_match: str | None) -> Response:
        if path == "/_stats":
            return self._stats()
        return super().answer(path, if_none_match)

    def _stats(self) -> Response:
        counts: dict[str, object] = {str(k): v for k, v in sorted(self.stats.items())}
        counts["connections"] = self.connections
        counts["page_gets"] = sum(self.page_gets.values())
        counts["pages"] = len(self.page_gets)
        counts["feed_answers"] = sum(self.feed_answers.values())
        counts["pages_fetched_again"] = {
            f"{f}-{i}": n for (f, i), n in sorted(self.page_gets.items()) if n > 1
        }
        return Response(200, json.dumps(counts).encode(), (("Content-Type", "application/json"),))

    def _route(self, path: str, if_none_match: str | None) -> Response:
        parts = path.split("?", 1)[0].strip("/").split("/")
        page = len(parts) == 3 and parts[0] == "articles" and parts[2].endswith(".html")
        if page and parts[1].isdigit() and parts[2][:-5].isdigit():
            self.page_gets[(int(parts[1]), int(parts[2][:-5]))] += 1
        return super()._route(path, if_none_match)

    def listed(self, feed: int) -> int:
        return self.schedule.visible(feed, time.time() - self.start)

    def etag(self, feed: int) -> str:
        return f'"grow-{feed}-{self.listed(feed)}"'

    def _feed_response(self, feed: int, if_none_match: str | None) -> Response:
        count = self.listed(feed)
        self.feed_answers[feed] += 1
        etag = f'"grow-{feed}-{count}"'
        newest = max(self.schedule.offset(feed, i) for i in range(count))
        modified = format_datetime(datetime.fromtimestamp(self.start + newest, UTC), usegmt=True)
        validators = (("ETag", etag), ("Last-Modified", modified))
        if if_none_match is not None and etag in (t.strip() for t in if_none_match.split(",")):
            return Response(304, b"", validators)
        body = self._grown.get((feed, count))
        if body is None:
            body = self._grown[(feed, count)] = self._build_grown(feed, count)
        headers = (("Content-Type", "application/rss+xml; charset=utf-8"), *validators)
        return Response(200, body, headers)

    def _build_grown(self, feed: int, count: int) -> bytes:
        entries = []
        for item in reversed(range(count)):  # newest first, as feeds list them
            title = escape(self.title(feed, item))
            summary = escape(self._summary(feed, item))
            moment = datetime.fromtimestamp(self.start + self.schedule.offset(feed, item), UTC)
            entries.append(
                f"<item><title>{title}</title><link>{self.page_url(feed, item)}</link>"
                f"<guid isPermaLink='false'>grow-{feed}-{item}</guid>"
                f"<pubDate>{format_datetime(moment, usegmt=True)}</pubDate>"
                f"<description>{summary}</description></item>"
            )
        return (
            "<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel>"
            f"<title>Growing feed {feed}</title><link>{self.base}/</link>"
            f"<description>Fault harness feed {feed}</description>{''.join(entries)}"
            "</channel></rss>"
        ).encode()

    def _summary(self, feed: int, item: int) -> str:
        return _TAG.sub("", self._blocks(feed, item)[0])[:300]


async def serve(schedule: Schedule, start: float, port: int, page_size: str) -> None:
    holder: list[GrowingFarm] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await serve_connection(holder[0], reader, writer)

    server = await asyncio.start_server(handle, HOST, port, backlog=4096)
    bound = server.sockets[0].getsockname()[1]
    base = f"http://{HOST}:{bound}"
    farm = GrowingFarm(schedule.feeds, schedule.items, base, page_size, schedule=schedule)
    farm.start = start
    holder.append(farm)
    print(f"listening {base}", flush=True)
    async with server:
        await server.serve_forever()


@contextmanager
def running_growing_farm(
    schedule: Schedule, start: float, page_size: str = "small"
) -> Iterator[tuple[str, int]]:
    """The farm in a child process; yields its base URL and its process id."""
    command = [
        sys.executable,
        "-m",
        "tests.support.faults.farm",
        "--feeds",
        str(schedule.feeds),
        "--initial",
        str(schedule.initial),
        "--gained",
        str(schedule.gained),
        "--window",
        str(schedule.window),
        "--start",
        repr(start),
        "--page-size",
        page_size,
    ]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if not line.startswith("listening "):
            raise RuntimeError(f"the farm did not start (said {line!r}, exit {child.poll()})")
        yield line.removeprefix("listening "), child.pid
    finally:
        child.terminate()
        child.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--initial", type=int, default=2)
    parser.add_argument("--gained", type=int, default=2)
    parser.add_argument("--window", type=float, default=90.0)
    parser.add_argument("--start", type=float, default=0.0, help="time.time() of the start")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--page-size", choices=("realistic", "small"), default="small")
    args = parser.parse_args()
    schedule = Schedule(args.feeds, args.initial, args.gained, args.window)
    with suppress(KeyboardInterrupt):
        asyncio.run(serve(schedule, args.start or time.time(), args.port, args.page_size))


if __name__ == "__main__":
    main()
