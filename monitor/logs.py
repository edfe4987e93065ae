"""Structured logs on stderr through structlog: one line per event, in one format.

``MONITOR_LOG_FORMAT`` chooses the format: ``json`` (one JSON object a line, for ``| jq`` and
log collectors) or ``console`` (aligned, readable in a terminal); unset, it is ``console``
when stderr is a terminal and ``json`` otherwise.

Every line follows it, the libraries' included: structlog's :class:`ProcessorFormatter` sits
on the standard library's root handler, so httpx, uvicorn, SQLAlchemy and APScheduler records
are rendered by the same processors as the daemon's own events.  The libraries' chatter
(httpx's line per request, which would also carry a webhook's secret URL) is kept to
warnings.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Literal, TextIO

import structlog
from structlog.typing import EventDict, Processor

LogFormat = Literal["json", "console"]

QUIET = ("httpx", "httpcore", "apscheduler", "urllib3", "asyncio", "multipart")
"""Libraries whose INFO lines are noise (one per request or job): WARNING and above only."""
UVICORN = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")
FIRST = ("timestamp", "level", "event", "logger")
"""The keys a JSON line starts with; the event's own fields follow."""

CHILD_ENV = "ASEAN_MONITOR_LOGGING"
"""``format:level`` as :func:`configure_logging` chose them, for the worker processes it spawns
(they inherit the environment): :func:`configure_child_logging` applies it there."""

_configured: list[LogFormat] = []


def configured_format() -> LogFormat | None:
    """The format :func:`configure_logging` chose in this process (None: not configured)."""
    return _configured[-1] if _configured else None


def default_format(stream: TextIO | None = None) -> LogFormat:
    """``console`` when ``stream`` (stderr) is a terminal, ``json`` otherwise."""
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return "console" if isatty is not None and isatty() else "json"


def configure_logging(
    level: str = "INFO", log_format: LogFormat | None = None, stream: TextIO | None = None
) -> None:
    """Route structlog and the standard library's logging to one handler on ``stream``
    (stderr), rendering every record as ``log_format`` (see :func:`default_format`)."""
    stream = sys.stderr if stream is None else stream
    chosen = log_format or default_format(stream)
    shared = _shared_processors()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *_renderer(chosen, stream),
            ],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    _route_libraries()
    _configured.append(chosen)
    os.environ[CHILD_ENV] = f"{chosen}:{level}"
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


def configure_child_logging() -> None:
    """In a worker process: log as the parent that spawned it does (nothing when the parent
    configured no logging), so a library's warning there is a line in the same format."""
    chosen, _, level = os.environ.get(CHILD_ENV, "").partition(":")
    if chosen in ("json", "console") and level:
        configure_logging(level, "json" if chosen == "json" else "console")


def _shared_processors() -> list[Processor]:
    """What every record gets, structlog's and the standard library's alike."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _renderer(chosen: LogFormat, stream: TextIO) -> Sequence[Processor]:
    if chosen == "json":
        return [
            structlog.processors.format_exc_info,
            _first_keys,
            structlog.processors.JSONRenderer(default=str),
        ]
    colors = bool(getattr(stream, "isatty", lambda: False)())
    return [structlog.dev.ConsoleRenderer(colors=colors, sort_keys=False)]


def _first_keys(_logger: object, _name: str, event: EventDict) -> EventDict:
    """The event's time, level, name and logger first, for eyes and ``jq`` alike."""
    return {**{k: event[k] for k in FIRST if k in event}, **event}


def _route_libraries() -> None:
    """Libraries log through the root handler (their own handlers removed) at warnings."""
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in UVICORN:
        library = logging.getLogger(name)
        for old in list(library.handlers):
            library.removeHandler(old)
        library.propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
