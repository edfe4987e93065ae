"""Canonical bytes of events and the hash chain over them.

Every column of an event row is stored as exact text; ``data`` and ``metadata`` hold canonical
JSON (sorted keys, no spaces, UTF-8, no NaN).  An event's canonical bytes are its columns joined
by the unit separator (U+001F, which canonical JSON and validated names never contain)::

    position ␟ stream_id ␟ stream_version ␟ type ␟ version ␟ event_id ␟ occurred_at
             ␟ recorded_at ␟ data ␟ metadata

and the chain is ``hash_n = SHA-256(hash_(n-1) || bytes_n)`` with ``hash_0`` 32 zero bytes.
Verification hashes the stored text itself, so nothing is re-encoded on the way.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from store.errors import EventEncodingError

GENESIS_HASH = "0" * 64
_SEPARATOR = "\x1f"


def canonical_json(value: Any) -> str:
    """The one JSON text for ``value``; refuses what JSON cannot say exactly (NaN, infinities,
    objects that are not JSON types)."""
    try:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise EventEncodingError(f"event data is not JSON-compatible: {exc}") from exc


def check_name(kind: str, value: str, limit: int = 200) -> None:
    """Stream ids and type names: non-empty printable text without control characters."""
    if not value or len(value) > limit or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise EventEncodingError(
            f"{kind} {value!r} must be 1..{limit} printable characters without control characters"
        )


def event_bytes(
    position: int,
    stream_id: str,
    stream_version: int,
    type_name: str,
    version: int,
    event_id: str,
    occurred_at: str,
    recorded_at: str,
    data: str,
    metadata: str,
) -> bytes:
    """The canonical bytes of one stored event (see the module docstring)."""
    return _SEPARATOR.join(
        (
            str(position),
            stream_id,
            str(stream_version),
            type_name,
            str(version),
            event_id,
            occurred_at,
            recorded_at,
            data,
            metadata,
        )
    ).encode("utf-8")


def chain_hash(previous: str, body: bytes) -> str:
    """``SHA-256(previous || body)`` as lowercase hex; ``previous`` is hex too."""
    return hashlib.sha256(bytes.fromhex(previous) + body).hexdigest()
