"""An httpx client on the ASGI app (no socket), with a token if given."""

from __future__ import annotations

import httpx
from fastapi import FastAPI


def client(app: FastAPI, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://service.test", headers=headers
    )
