"""The exception tree of the ``monitor`` package.

::

    MonitorError                      anything the daemon raises on purpose
    ├── ConfigError                   sources.yaml or a setting is wrong (file, line, field, reason)
    │   ├── SourcesFileError          sources.yaml is invalid; .problems lists every fault (config)
    │   └── ListenError               MONITOR_LISTEN cannot be listened on (in use, not ours)
    ├── FetchError                    a source or page could not be fetched
    │   ├── BlockedAddressError       the address is private/loopback/link-local and not allowed
    │   ├── TooLargeError             the body (or its decompressed form) passed the cap
    │   ├── TooManyRedirectsError     the redirect chain passed its bound or looped
    │   ├── HTTPStatusError           the server answered with a non-success status
    │   ├── FetchTimeoutError         connect or read timed out
    │   ├── RobotsDisallowedError     robots.txt forbids the page
    │   ├── UnsupportedURLError       not an http(s) URL with a host (monitor.fetch.target)
    │   └── TransportError            DNS, TCP, TLS or protocol failure
    ├── ParseError                    a feed or page could not be parsed at all
    │   └── InvalidURLError           not an absolute http(s) URL (urls; also a ValueError)
    ├── ExtractionError               trafilatura found no article text
    ├── WorkerError                   a worker process failed a call (monitor.extract.worker_pool)
    │   ├── WorkerTimeoutError        the call outlived its timeout; the worker was replaced
    │   └── WorkerDiedError           the worker exited during the call; it was replaced
    ├── TrailNotFoundError            no article or alert by that id (monitor.audit.trail)
    ├── IdError                       an id or prefix names no item or several (readmodels.prefixes)
    │   ├── IdNotFoundError           no item has an id starting so
    │   └── AmbiguousIdError          several do (.candidates lists some)
    ├── RequeueRefusedError           the alert is not failing (monitor.delivery.requeue)
    ├── CheckpointSigningError        no usable signing key (monitor.audit.checkpoints)
    │   └── CheckpointExistsError     that checkpoint file exists; it is never overwritten
    └── MatchError                    a ruleset is invalid
        └── RulesetError              a matching: mapping or rules file is wrong (field path,
                                      what was expected; monitor.matching.catalogue)

Adapters translate library errors (httpx, feedparser, yaml) into these at the boundary, so
callers never catch a third-party exception.  An expected failure is recorded as an event by
the pipeline, not only logged.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Root of everything the ``monitor`` package raises on purpose."""


class ConfigError(MonitorError):
    """Configuration is invalid; the message names the file, line, field and reason."""


class ListenError(ConfigError):
    """The HTTP service cannot listen where ``MONITOR_LISTEN`` says (the port is in use, the
    address is not this machine's); the message names the address and the setting."""


class FetchError(MonitorError):
    """A source or page could not be fetched.  ``reason`` is a short stable code."""

    reason = "fetch_failed"


class BlockedAddressError(FetchError):
    reason = "blocked_address"


class TooLargeError(FetchError):
    reason = "too_large"


class TooManyRedirectsError(FetchError):
    reason = "too_many_redirects"


class HTTPStatusError(FetchError):
    reason = "http_status"

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class FetchTimeoutError(FetchError):
    reason = "timeout"


class RobotsDisallowedError(FetchError):
    reason = "robots_disallowed"


class TransportError(FetchError):
    reason = "transport"


class ParseError(MonitorError):
    """A feed or page could not be parsed at all (a partial parse is not an error)."""


class ExtractionError(MonitorError):
    """No article text could be extracted from a page.  ``reason``: ``no_text``, or
    ``worker_timeout`` / ``worker_died`` when the extraction itself did not finish."""

    reason = "no_text"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class WorkerError(MonitorError):
    """A worker process did not answer a call (:mod:`monitor.extract.worker_pool`)."""


class WorkerTimeoutError(WorkerError):
    """The call ran longer than its timeout; the worker was killed and replaced."""


class WorkerDiedError(WorkerError):
    """The worker exited during the call (or the pool is closed); it was replaced."""


class MatchError(MonitorError):
    """A matching ruleset is invalid."""
