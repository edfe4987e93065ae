"""Who may see the dashboard: a read token (header, ``?token=`` once, then a cookie), or
anyone when ``MONITOR_PUBLIC_READS=1``.

``?token=am_…`` is checked, put in an HttpOnly, SameSite=Strict cookie scoped to the
dashboard, and the browser is sent back to the same page without it (so the token leaves the
address bar and the history).
"""

from __future__ import annotations

import asyncio
import time

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from monitor.service.auth import PUBLIC, RateLimiter
from monitor.service.context import ServiceContext
from monitor.service.tokens import Principal, find

COOKIE = "am_dashboard"


def _given(request: Request) -> tuple[str | None, bool]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), False
    if "token" in request.query_params:
        return request.query_params["token"], True
    return request.cookies.get(COOKIE), False


def _lookup(context: ServiceContext, token: str) -> Principal | None:
    with context.log.reader.connect() as conn:
        return find(conn, token)


async def gate(request: Request) -> tuple[int, str] | Response | Principal:
    """A principal: go on, as them.  A response: send it (the cookie redirect).  ``(status,
    why)``: refuse."""
    context: ServiceContext = request.app.state.context
    token, from_query = _given(request)
    if token is None:
        return PUBLIC if context.settings.public_reads else (401, "a read token is needed")
    principal = await asyncio.to_thread(_lookup, context, token)
    if principal is None:
        return (401, "unknown or revoked token")
    limiter: RateLimiter = request.app.state.rate_limiter
    if not limiter.allow(principal.token_id or "public", time.monotonic()):
        return (429, "rate limit: slow down")
    if from_query:
        clean = str(request.url.remove_query_params("token"))
        redirect = RedirectResponse(clean, status_code=303)
        redirect.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return redirect
    return principal


def same_origin(request: Request) -> bool:
    """A form posted from this site, as the browser says: ``Sec-Fetch-Site: same-origin``, or
    (older browsers) an ``Origin`` of this site.  The pages' ``Referrer-Policy: no-referrer``
    makes Chromium send ``Origin: null`` with a form, so Sec-Fetch-Site comes first.  With the
    SameSite=Strict cookie, this refuses cross-site requests (CSRF); a client that sends
    neither header is no browser."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == f"{request.url.scheme}://{request.url.netloc}"
    return True
