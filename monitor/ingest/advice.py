"""What to do about a failed poll: the fix for each known failure, in words (pure).

:func:`fix_for` reads a poll's ``reason`` (the :class:`~monitor.errors.FetchError` code), its
detail and its HTTP status, and names the setting or the ``sources.yaml`` field to change, or
says that nothing needs changing (a temporary failure, retried on its own).  ``None`` when
nothing useful is known.  :func:`log_poll` writes a poll's line with it, on the logger it is
given (the daemon's and ``once``'s).
"""

from __future__ import annotations

import re
from typing import Any

from alerts.redaction import redact_text
from monitor.events import SourcePolled, SourcePollFailed
from monitor.ingest.ports import PollOutcome

__all__ = ["fix_for", "log_poll"]

_STATUS = re.compile(r"\bHTTP (\d{3})\b")
_TLS = re.compile(r"\b(?:ssl|tls)\b|certificate", re.IGNORECASE)
_REFUSED = re.compile(r"\bconnection refused\b|\bconnect call failed\b", re.IGNORECASE)

_BY_REASON = {
    "blocked_address": (
        "the source's host is a private, loopback or link-local address, which is refused; "
        "if it is meant to be fetched, set MONITOR_ALLOW_PRIVATE_NETWORKS=1"
    ),
    "timeout": (
        "no complete answer within MONITOR_FETCH_TIMEOUT seconds: the site is slow or "
        "unreachable; raise MONITOR_FETCH_TIMEOUT if it is only slow (retried with backoff)"
    ),
    "too_large": (
        "the body passed MONITOR_MAX_RESPONSE_BYTES (or MONITOR_MAX_DECOMPRESSED_BYTES once "
        "decoded); raise it if the feed really is that large"
    ),
    "too_many_redirects": (
        "the redirects passed MONITOR_MAX_REDIRECTS or looped; set the source's url in "
        "sources.yaml to where it ends"
    ),
    "robots_disallowed": (
        "the site's robots.txt forbids fetching this URL; remove the source from "
        "sources.yaml (or set enabled: false) unless the site allows it"
    ),
    "parse_failed": (
        "the answer is not a document the source's kind can read; check the url and the "
        "kind in sources.yaml (asean-monitor check-config)"
    ),
}

_BY_STATUS = {
    401: "the site asks for credentials; it is not a public feed: remove or replace the source",
    403: (
        "the site refuses the fetcher (often a bot filter); set the source's user_agent in "
        "sources.yaml, or remove the source"
    ),
    404: (
        "the feed is not there (HTTP 404): find its new address on the site and update the "
        "source's url in sources.yaml, or set enabled: false"
    ),
    410: (
        "the feed is gone for good (HTTP 410): update the source's url in sources.yaml to its "
        "new address, or remove the source"
    ),
    429: "the site asks to slow down; the next check follows its Retry-After (nothing to do)",
}


def fix_for(reason: str | None, detail: str | None = None, status: int | None = None) -> str | None:
    """The fix for a poll that failed with ``reason`` (and ``detail``, ``status``)."""
    text = detail or ""
    if reason == "http_status":
        return _for_status(status or _status_in(text))
    if reason == "transport":
        return _for_transport(text)
    return _BY_REASON.get(reason or "")


def _status_in(text: str) -> int | None:
    match = _STATUS.search(text)
    return int(match.group(1)) if match else None


def _for_status(status: int | None) -> str | None:
    if status is None:
        return None
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return f"the site failed (HTTP {status}); retried with backoff (nothing to do here)"
    return None


def _for_transport(text: str) -> str | None:
    lowered = text.lower()
    if "cannot resolve host" in lowered or "resolved to no address" in lowered:
        return (
            "DNS: the host name does not resolve; check the source's url in sources.yaml "
            "(a typo, or the site moved) and this machine's DNS"
        )
    if _TLS.search(text):
        return (
            "TLS: the secure connection failed (a certificate expired, for another host, or "
            "signed by an unknown authority); check the site's certificate and the url's scheme"
        )
    if _REFUSED.search(text) or "all connection attempts failed" in lowered:
        return (
            "nothing accepts connections at the source's address: the site is down or the "
            "url's host or port is wrong (retried with backoff)"
        )
    return None


def log_poll(bound: Any, outcome: PollOutcome) -> None:
    """One line per poll: INFO when it answered; a failure is a WARNING with its error and,
    where one is known, its fix (:func:`monitor.ingest.advice.fix_for`)."""
    if outcome.ok:
        bound.info(SourcePolled.type_name, new=outcome.items_new, not_modified=outcome.not_modified)
        return
    fix = fix_for(outcome.reason, outcome.detail, outcome.status)
    bound.warning(
        SourcePollFailed.type_name,
        reason=outcome.reason,
        status=outcome.status,
        error=redact_text(outcome.detail or "")[:500],
        **({"fix": fix} if fix else {}),
        next_check_at=outcome.next_check_at.isoformat() if outcome.next_check_at else None,
    )
