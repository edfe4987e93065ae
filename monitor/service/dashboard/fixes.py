"""What to do about a failing source, by the failure's reason code (and HTTP status) as
``source.poll_failed`` records it (pure).  None when there is nothing specific to say."""

from __future__ import annotations

BY_STATUS = {
    401: "the feed needs a login: a public feed URL is needed",
    403: "the site refuses the monitor: check MONITOR_USER_AGENT, or ask the site to allow it",
    404: "the feed is gone or moved: find its new address and change url in sources.yaml",
    410: "the feed was removed: change url in sources.yaml or remove the source",
    429: "the site says too many requests: the monitor waits as told; lengthen the interval",
}

BY_REASON = {
    "timeout": "the site answers too slowly: it is retried; raise MONITOR_FETCH_TIMEOUT if it "
    "stays slow",
    "transport": "no connection (DNS, TLS or network): check the host name and that this "
    "machine reaches it",
    "blocked_address": "the host resolves to a private or local address, which is refused "
    "(MONITOR_ALLOW_PRIVATE_NETWORKS=1 allows it, for internal feeds only)",
    "robots_disallowed": "robots.txt forbids the feed to the monitor: ask the site, or remove "
    "the source",
    "too_large": "the feed is larger than the monitor accepts: use a smaller feed (a section "
    "or a category)",
    "too_many_redirects": "the address redirects in a loop: put the final address in sources.yaml",
    "parse_failed": "the answer is not a feed the monitor reads: check url and kind in "
    "sources.yaml",
    "wrong_kind": "the document is not of the kind sources.yaml says: fix kind (rss, atom, "
    "sitemap…) in sources.yaml",
    "invalid_url": "the address in sources.yaml is not a valid http(s) URL",
    "host_busy": "another request to the same host was in flight: it is retried",
}


def fix_for(reason: str | None, status: int | None) -> str | None:
    """A short hint for a poll failure; 5xx statuses are the site's trouble."""
    if reason == "http_status" and status is not None:
        if status in BY_STATUS:
            return BY_STATUS[status]
        if status >= 500:
            return "the site has a server error: nothing to change here; it is retried"
        return None
    return BY_REASON.get(reason or "")
