"""Limits before work: a request body is read only from a known token, and only up to
``MONITOR_MAX_REQUEST_BYTES``.

FastAPI reads a body before it resolves an endpoint's dependencies (authentication among
them), so without this a client with no token could make the daemon hold any body in memory.
This ASGI middleware, outermost but for Starlette's error handler, looks at a request that
carries a body (``Content-Length`` above 0, or ``Transfer-Encoding: chunked``) before anything
else does:

1. a declared length above the cap: **413** at once, nothing read;
2. no token, or an unknown or revoked one: **401**, nothing read (a request body is only ever
   taken by endpoints that change something, and those need a token);
3. otherwise the body is read as it arrives, counting; past the cap (a chunked body has no
   declared length) reading stops and the answer is **413**.  A body within the cap is handed
   to the application as one message.

An answer given before the body was read whole says ``Connection: close``, so the server
drops the connection instead of reading (and discarding) the rest.  The endpoint still checks
the token's scope and rate as for any request.  (FastAPI's own ``max_body_size`` counts bytes
only as the body is read, which it does before authentication: hence this middleware.)
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor.service.auth import NO_TOKEN, UNKNOWN_TOKEN, authenticate, token_of
from monitor.service.context import ServiceContext


class RequestLimits:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        if not chunked and (declared is None or declared.strip() in ("", "0")):
            await self.app(scope, receive, send)
            return
        context: ServiceContext = scope["app"].state.context
        cap = context.settings.max_request_bytes
        if declared is not None and not chunked:
            if not declared.strip().isascii() or not declared.strip().isdigit():
                await _answer(send, 400, "Content-Length is not a number of bytes")
                return
            if int(declared) > cap:
                await _answer(send, 413, _too_large(cap))
                return
        token = token_of(HTTPConnection(scope))
        if token is None:
            await _answer(send, 401, NO_TOKEN, authenticate_header=True)
            return
        if await authenticate(context, token) is None:
            await _answer(send, 401, UNKNOWN_TOKEN, authenticate_header=True)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > cap:
                await _answer(send, 413, _too_large(cap))
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)


def _too_large(cap: int) -> str:
    return f"the request body is larger than {cap} bytes (MONITOR_MAX_REQUEST_BYTES)"


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read already, then what the server says next."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replay


async def _answer(
    send: Send, status: int, detail: str, *, authenticate_header: bool = False
) -> None:
    """A JSON error in FastAPI's shape, closing the connection (the body stays unread)."""
    payload = json.dumps({"detail": detail}).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode("ascii")),
        (b"connection", b"close"),
    ]
    if authenticate_header:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload, "more_body": False})
