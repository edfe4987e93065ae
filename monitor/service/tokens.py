"""API tokens: made by ``asean-monitor token create``, stored as events with only their hash.

A token is ``am_`` + 32 random URL-safe characters; the log keeps ``sha256(token)``, its scope
(``read`` or ``admin``; admin includes read) and a name.  Revoking is an event too.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, select

from monitor.events import TokenCreated, token_stream
from monitor.readmodels.tokens import TOKENS

__all__ = ["PREFIX", "Principal", "Scope", "created", "digest", "find", "new_token", "token_stream"]

Scope = Literal["read", "admin"]
PREFIX = "am_"


def new_token() -> tuple[str, str, str]:
    """``(token_id, secret token, its sha256)``; the token is shown once and never stored."""
    token = PREFIX + secrets.token_urlsafe(24)
    return secrets.token_hex(6), token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    token_id: str | None
    name: str
    scope: str

    def allows(self, wanted: Scope) -> bool:
        return self.scope == "admin" or wanted == "read"


def find(conn: Connection, token: str) -> Principal | None:
    row = conn.execute(
        select(TOKENS).where(TOKENS.c.sha256 == digest(token), TOKENS.c.revoked_at.is_(None))
    ).first()
    return None if row is None else Principal(row.token_id, row.name, row.scope)


def created(name: str, scope: Scope, now: datetime) -> tuple[str, str, TokenCreated]:
    token_id, token, sha = new_token()
    return (
        token_id,
        token,
        TokenCreated(occurred_at=now, token_id=token_id, name=name, scope=scope, sha256=sha),
    )
