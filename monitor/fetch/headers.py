"""Pure readers of HTTP response headers: charset, Retry-After, Cache-Control.

Every function takes the header value (and ``now`` where time matters) as an argument and
never reads the clock, so the rules can be tested without a server.  ``Retry-After`` is read
by :func:`alerts.http.retry_after_seconds`, the one reader the webhook channel uses too
(re-exported here for the fetcher).
"""

from __future__ import annotations

import email.message
from functools import lru_cache

from alerts.http import retry_after_seconds

__all__ = ["charset_of", "max_age_seconds", "media_type", "retry_after_seconds"]


def media_type(content_type: str | None) -> str | None:
    """The bare media type of a Content-Type value, lower-cased (``text/html``), or None."""
    if not content_type:
        return None
    bare = content_type.split(";", 1)[0].strip().lower()
    return bare or None


@lru_cache(maxsize=256)
def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value, lower-cased, or None (pure, so
    the few values servers send are parsed once)."""
    if not content_type:
        return None
    message = email.message.Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    if not isinstance(charset, str):
        return None
    cleaned = charset.strip().strip("\"'").strip().lower()
    return cleaned or None


def max_age_seconds(cache_control: str | None) -> int | None:
    """The ``max-age`` directive of a Cache-Control value (``s-maxage`` is ignored), or None."""
    if not cache_control:
        return None
    for directive in cache_control.split(","):
        name, _, argument = directive.strip().partition("=")
        if name.strip().lower() != "max-age":
            continue
        digits = argument.strip().strip('"')
        if digits.isdigit():
            return int(digits)
    return None
