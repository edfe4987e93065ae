"""The dashboard at ``/``: server-rendered pages (Jinja2, autoescaped), an inline SVG timeline,
one stylesheet, no scripts.  Every page carries a strict Content-Security-Policy.

Reading it needs a read token unless ``MONITOR_PUBLIC_READS=1`` (see ``access``).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from monitor import __version__
from monitor.service.dashboard.access import gate
from monitor.service.dashboard.views import article_view, overview

HERE = Path(__file__).resolve().parent
STATIC = {"dashboard.css": "text/css; charset=utf-8"}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
router = APIRouter(include_in_schema=False)


def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    body = templates.get_template(name).render(version=__version__, **values)
    return HTMLResponse(body, status_code=status, headers=HEADERS)


async def _refused(request: Request) -> Response | None:
    decision = await gate(request)
    if isinstance(decision, tuple):
        status, why = decision
        return page("denied.html", status, why=why)
    return decision


@router.get("/")
async def index(request: Request) -> Response:
    refused = await _refused(request)
    if refused is not None:
        return refused
    data = await asyncio.to_thread(overview, request.app.state.context)
    return page("index.html", view=data)


@router.get("/articles/{article_id}")
async def article(article_id: str, request: Request) -> Response:
    refused = await _refused(request)
    if refused is not None:
        return refused
    view = await asyncio.to_thread(article_view, request.app.state.context, article_id)
    if view is None:
        return page("denied.html", 404, why=f"no article {article_id}")
    return page("article.html", view=view)


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise HTTPException(404, "no such file")
    body = (HERE / "static" / name).read_bytes()
    return Response(body, media_type=STATIC[name], headers={"Cache-Control": "max-age=300"})
