"""The ``tokens`` read model: every API token by id, with its hash, scope and revocation."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Connection, Table, update
from sqlmodel import Field, SQLModel

from monitor.events import TokenCreated, TokenRevoked
from store.projections import Projection, upsert
from store.records import RecordedEvent


class TokenRow(SQLModel, table=True):
    __tablename__ = "api_tokens"

    token_id: str = Field(primary_key=True)
    name: str
    scope: str
    sha256: str = Field(index=True)
    created_at: str
    revoked_at: str | None = None


TOKENS = cast(Table, TokenRow.__table__)  # type: ignore[attr-defined]


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
