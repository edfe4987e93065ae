"""uvicorn inside the daemon's loop, leaving signal handling to the daemon and its log lines
to :mod:`monitor.logs` (uvicorn's own logging configuration is not used).

The listening socket is bound before anything else starts (:func:`listen_socket`), so that a
port in use ends the start at once, in one line naming the address and the setting.
"""

from __future__ import annotations

import contextlib
import errno
import socket
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI

from monitor.errors import ListenError

BACKLOG = 2048


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket] | None) -> None:
        super().__init__(config)
        self.bound = sockets

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """The daemon owns SIGTERM/SIGINT: it drains work, then stops the server."""
        yield

    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        await super().serve(sockets=sockets or self.bound)


def make_server(
    app: FastAPI, host: str, port: int, sock: socket.socket | None = None
) -> uvicorn.Server:
    """The server for ``app``; with ``sock`` (from :func:`listen_socket`) it serves there."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    return _Server(config, [sock] if sock is not None else None)


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port``, or :class:`ListenError` in one line naming the
    address and ``MONITOR_LISTEN`` (the port in use, the address not this machine's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise ListenError(_why(exc, address(host, port))) from None
    return sock


def address(host: str, port: int) -> str:
    """``host:port`` as written in ``MONITOR_LISTEN`` (an IPv6 host in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _why(exc: OSError, where: str) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"cannot listen on {where}: port in use by another process "
            "(stop it, or set MONITOR_LISTEN to a free host:port)"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"cannot listen on {where}: not an address of this machine "
            "(set MONITOR_LISTEN to one of its addresses, e.g. 127.0.0.1:8080)"
        )
    if exc.errno == errno.EACCES:
        return (
            f"cannot listen on {where}: permission denied (ports below 1024 need privileges; "
            "set MONITOR_LISTEN to a port above 1023)"
        )
    reason = exc.strerror or str(exc)
    return f"cannot listen on {where}: {reason} (set MONITOR_LISTEN to another host:port)"


def start_lines(host: str, port: int, public_reads: bool) -> list[tuple[str, dict[str, str]]]:
    """The log lines that open ``run``: where the dashboard and the API listen, and how to get
    a token for them (event name and fields, pure)."""
    wildcard = host in ("0.0.0.0", "::", "")
    shown = address("127.0.0.1" if host in ("0.0.0.0", "") else "::1", port) if wildcard else None
    base = f"http://{shown or address(host, port)}"
    where: dict[str, str] = {"dashboard": f"{base}/", "api": f"{base}/api/", "docs": f"{base}/docs"}
    if wildcard:
        where["listening_on"] = f"{address(host, port)} (every address of this machine)"
    create = "asean-monitor token create --scope {scope} --name NAME"
    token = {
        "use": "Authorization: Bearer TOKEN (or ?token=TOKEN)",
        "admin_token": create.format(scope="admin"),
    }
    if public_reads:
        token = {"reads": "public (MONITOR_PUBLIC_READS)", **token}
    else:
        token = {"read_token": create.format(scope="read"), **token}
    return [("service.listening", where), ("service.tokens", token)]
