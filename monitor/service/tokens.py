"""API tokens: made by ``asean-monitor token create``, stored as events with only their hash.

A token is ``am_`` + 32 random URL-safe characters; the log keeps ``sha256(token)``, its scope
(``read`` or ``admin``; admin includes read) and a name.  Revoking is an event too.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from sqlalchemy import Connection, Table, select, update
from sqlmodel import Field, SQLModel

from store import Event, event_type
from store.projections import Projection, upsert
from store.records import RecordedEvent

Scope = Literal["read", "admin"]
PREFIX = "am_"


def token_stream(token_id: str) -> str:
    return f"token-{token_id}"


@event_type("token.created")
class TokenCreated(Event):
    token_id: str
    name: str
    scope: str
    sha256: str


@event_type("token.revoked")
class TokenRevoked(Event):
    token_id: str


def new_token() -> tuple[str, str, str]:
    """``(token_id, secret token, its sha256)``; the token is shown once and never stored."""
    token = PREFIX + secrets.token_urlsafe(24)
    return secrets.token_hex(6), token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenRow(SQLModel, table=True):
    __tablename__ = "api_tokens"

    token_id: str = Field(primary_key=True)
    name: str
    scope: str
    sha256: str = Field(index=True)
    created_at: str
    revoked_at: str | None = None


TOKENS = cast(Table, TokenRow.__table__)  # type: ignore[attr-defined]


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


class TokenProjection(Projection):
    name = "tokens"
    version = 1
    tables = (TOKENS,)
    types = (TokenCreated.type_name, TokenRevoked.type_name)

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        data = event.data_dict()
        if event.type == TokenCreated.type_name:
            row = {
                **{k: data[k] for k in ("token_id", "name", "scope", "sha256")},
                "created_at": event.occurred_at,
            }
            upsert(conn, TOKENS, row, ["token_id"])
        else:
            conn.execute(
                update(TOKENS)
                .where(TOKENS.c.token_id == data["token_id"])
                .values(revoked_at=event.occurred_at)
            )


def created(name: str, scope: Scope, now: datetime) -> tuple[str, str, TokenCreated]:
    token_id, token, sha = new_token()
    return (
        token_id,
        token,
        TokenCreated(occurred_at=now, token_id=token_id, name=name, scope=scope, sha256=sha),
    )
