"""robots.txt, fetched once per origin and kept for a while (RFC 9309 rules on failure)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from monitor.errors import HTTPStatusError

RobotsLoader = Callable[[str], Awaitable[bytes]]
"""Fetches a robots.txt URL and returns its body; raises HTTPStatusError on a non-2xx."""


def parse_robots(body: bytes) -> RobotFileParser:
    """A parser loaded with ``body`` (decoded as UTF-8, undecodable bytes replaced)."""
    parser = RobotFileParser()
    parser.parse(body.decode("utf-8", errors="replace").splitlines())
    return parser


def policy_for_status(status: int) -> RobotFileParser:
    """RFC 9309: 4xx means no rules (allow all); 5xx means assume everything is disallowed."""
    parser = RobotFileParser()
    parser.parse(["User-agent: *", "Disallow: /"] if status >= 500 else [])
    return parser


def origin_of(url: str) -> str:
    """``scheme://host:port`` of a URL, the key robots rules apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


@dataclass
class _Entry:
    parser: RobotFileParser
    expires: float


class RobotsCache:
    """Answers "may this user agent fetch this URL?", loading each origin's rules once per TTL
    (the rules are kept per origin; each question names its agent, ``user_agent`` by default)."""

    def __init__(self, loader: RobotsLoader, *, user_agent: str, ttl: float) -> None:
        self._loader = loader
        self._agent = user_agent
        self._ttl = ttl
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allows(self, url: str, user_agent: str | None = None) -> bool:
        parser = await self._rules(origin_of(url))
        return bool(parser.can_fetch(user_agent or self._agent, url))

    async def _rules(self, origin: str) -> RobotFileParser:
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            entry = self._entries.get(origin)
            now = time.monotonic()
            if entry is not None and entry.expires > now:
                return entry.parser
            parser = await self._load(origin)
            self._entries[origin] = _Entry(parser, now + self._ttl)
            return parser

    async def _load(self, origin: str) -> RobotFileParser:
        try:
            body = await self._loader(f"{origin}/robots.txt")
        except HTTPStatusError as exc:
            return policy_for_status(exc.status)
        return parse_robots(body)
