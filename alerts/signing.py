"""Webhook signatures: HMAC-SHA256 over ``f"{timestamp}.{body}"`` with the subscription's secret.

A delivery carries two headers::

    X-Asean-Monitor-Timestamp: 1763793000
    X-Asean-Monitor-Signature: v1=5f0c…(64 hex digits)

A receiver recomputes the HMAC over the timestamp, a dot and the raw body bytes exactly as
received, compares in constant time, and refuses timestamps older (or newer) than a tolerance,
so a captured request cannot be replayed later.  This module has no dependency beyond the
standard library: receivers may copy it as it is.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

TIMESTAMP_HEADER = "X-Asean-Monitor-Timestamp"
SIGNATURE_HEADER = "X-Asean-Monitor-Signature"
SCHEME = "v1"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value: ``v1=<hex HMAC-SHA256 of b"{timestamp}." + body>``."""
    signed = str(int(timestamp)).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float,
    tolerance: float = 300,
) -> bool:
    """True when the headers carry a valid ``v1`` signature of ``body`` made within ``tolerance``.

    Header names are matched case-insensitively.  Several signatures may be sent separated by
    commas (during a secret rotation); one valid ``v1`` signature is enough.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    stamp = lowered.get(TIMESTAMP_HEADER.lower(), "").strip()
    offered = lowered.get(SIGNATURE_HEADER.lower(), "")
    if not stamp.isdigit() or abs(now - int(stamp)) > tolerance:
        return False
    expected = sign(secret, int(stamp), body).encode("ascii")
    candidates = [part.strip().encode("utf-8", "replace") for part in offered.split(",")]
    # Compare against every candidate so the time taken does not depend on which one matched.
    results = [hmac.compare_digest(expected, candidate) for candidate in candidates]
    return any(results)
