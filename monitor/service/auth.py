"""Who may do what: read needs a read token (unless reads are public), changes need admin.

Tokens come as ``Authorization: Bearer am_…`` or, for feed readers and EventSource clients
that cannot send headers, as ``?token=am_…``.  Each token has a rate limit (a token bucket).
401: no or unknown token.  403: a read token asking to change something.  429: too fast.

A request with a body is authenticated before its body is read (:mod:`monitor.service.limits`),
and an open event stream re-checks its token while it lasts (:mod:`monitor.service.streams`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fastapi import HTTPException, Request, status
from sqlalchemy import select
from starlette.requests import HTTPConnection

from monitor.readmodels.tokens import TOKENS
from monitor.service.context import ServiceContext
from monitor.service.tokens import Principal, Scope, find

PUBLIC = Principal(None, "public", "read")


@dataclass
class RateLimiter:
    """A token bucket per key: ``rate`` requests a second, bursts up to ``burst``."""

    rate: float = 20.0
    burst: float = 60.0
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, key: str, now: float) -> bool:
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True


NO_TOKEN = (
    "a token is needed: Authorization: Bearer <token> (make one with `asean-monitor token create`)"
)
UNKNOWN_TOKEN = "unknown or revoked token"


def token_of(connection: HTTPConnection) -> str | None:
    """The token the caller sent (header first, then ``?token=``), or ``None``."""
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return connection.query_params.get("token")


async def authenticate(context: ServiceContext, token: str) -> Principal | None:
    """The token's principal, or ``None`` when it is unknown or revoked."""
    return await asyncio.to_thread(_lookup, context, token)


def require(scope: Scope) -> Callable[[Request], Awaitable[Principal]]:
    """A FastAPI dependency: the caller's principal, or 401/403/429."""

    async def check(request: Request) -> Principal:
        context: ServiceContext = request.app.state.context
        token = token_of(request)
        if token is None:
            if scope == "read" and context.settings.public_reads:
                return PUBLIC
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, NO_TOKEN, headers={"WWW-Authenticate": "Bearer"}
            )
        principal = await authenticate(context, token)
        if principal is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, UNKNOWN_TOKEN, headers={"WWW-Authenticate": "Bearer"}
            )
        if not principal.allows(scope):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this token has scope '{principal.scope}'; '{scope}' is needed",
            )
        limiter: RateLimiter = request.app.state.rate_limiter
        if not limiter.allow(principal.token_id or "public", time.monotonic()):
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "rate limit: slow down",
                headers={"Retry-After": "1"},
            )
        return principal

    return check


def _lookup(context: ServiceContext, token: str) -> Principal | None:
    with context.log.reader.connect() as conn:
        return find(conn, token)


def active_tokens(context: ServiceContext, token_ids: set[str]) -> set[str]:
    """Those of ``token_ids`` that are still valid (known and not revoked): one query."""
    if not token_ids:
        return set()
    query = select(TOKENS.c.token_id).where(
        TOKENS.c.token_id.in_(sorted(token_ids)), TOKENS.c.revoked_at.is_(None)
    )
    with context.log.reader.connect() as conn:
        return {row[0] for row in conn.execute(query)}
