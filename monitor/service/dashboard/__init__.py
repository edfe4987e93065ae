"""The dashboard: server-rendered pages (Jinja2, autoescaped), inline SVG charts, one
stylesheet and one small same-origin script (times in the viewer's zone; everything reads
without it).  Every page carries a strict Content-Security-Policy.

Pages: ``/`` (summary, timeline, stories), ``/articles/{id}``, ``/meetings``, ``/alerts``
(with "retry now" for admins), ``/sources``, ``/subscriptions``, and ``/docs`` (the API,
from its OpenAPI document).  Reading needs a read token unless ``MONITOR_PUBLIC_READS=1``
(see ``access``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from alerts.delivery_state import RECENT
from monitor import __version__
from monitor.service.dashboard import format as fmt
from monitor.service.dashboard.access import gate, same_origin
from monitor.service.dashboard.actions import retry_now, send_test
from monitor.service.dashboard.apidocs import operations
from monitor.service.dashboard.filters import RANGES, linker, parse_filters
from monitor.service.dashboard.pages import (
    alerts_view,
    meetings_view,
    sources_view,
    subscriptions_view,
)
from monitor.service.dashboard.views import article_view, front
from monitor.service.tokens import Principal

HERE = Path(__file__).resolve().parent
STATIC = {
    "dashboard.css": "text/css; charset=utf-8",
    "localtime.js": "text/javascript; charset=utf-8",
}
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
templates.globals.update(
    when=fmt.when,
    ago=fmt.ago,
    dialogue_name=fmt.dialogue_name,
    topic_name=fmt.topic_name,
    mechanism_name=fmt.mechanism_name,
    meeting_title=fmt.meeting_title,
    ranges=RANGES,
)
templates.filters["dialogue_name"] = fmt.dialogue_name
router = APIRouter(include_in_schema=False)


def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    values.setdefault("now", datetime.now(UTC))
    body = templates.get_template(name).render(version=__version__, **values)
    return HTMLResponse(body, status_code=status, headers=HEADERS)


async def _reader(request: Request) -> Principal | Response:
    decision = await gate(request)
    if isinstance(decision, tuple):
        status, why = decision
        return page("denied.html", status, why=why)
    return decision


def _number(request: Request, name: str) -> int:
    value = request.query_params.get(name, "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


async def _render(
    request: Request, name: str, view: Callable[..., Any], *args: Any, **values: Any
) -> Response:
    who = await _reader(request)
    if isinstance(who, Response):
        return who
    data = await asyncio.to_thread(view, request.app.state.context, *args)
    return page(name, view=data, who=who, section=name.removesuffix(".html"), **values)


@router.get("/")
async def index(request: Request) -> Response:
    filters = parse_filters(request.query_params)
    choices = {
        "dialogues": fmt.dialogue_choices(),
        "mechanisms": fmt.mechanism_choices(),
        "topics": fmt.topic_choices(),
    }
    return await _render(request, "index.html", front, filters, datetime.now(UTC), **choices)


@router.get("/articles/{article_id}")
async def article(article_id: str, request: Request) -> Response:
    who = await _reader(request)
    if isinstance(who, Response):
        return who
    view = await asyncio.to_thread(article_view, request.app.state.context, article_id)
    if view is None:
        return page("denied.html", 404, why=f"no article {article_id}")
    return page("article.html", view=view, who=who, section="index")


@router.get("/meetings")
async def meetings(request: Request) -> Response:
    dialogue = request.query_params.get("dialogue", "")[:100]
    page_number = _number(request, "page")
    link = linker(dialogue=dialogue)
    return await _render(request, "meetings.html", meetings_view, dialogue, page_number, link=link)


@router.get("/alerts")
async def alerts(request: Request) -> Response:
    status = request.query_params.get("status", "")[:20]
    subscription = request.query_params.get("subscription", "")[:100]
    page_number = _number(request, "page")
    message = request.query_params.get("message", "")[:300]
    link = linker(status=status, subscription=subscription)
    return await _render(
        request,
        "alerts.html",
        alerts_view,
        status,
        subscription,
        page_number,
        message=message,
        link=link,
    )


@router.post("/alerts/{alert_id}/retry")
async def retry(alert_id: str, request: Request) -> Response:
    who = await _reader(request)
    if isinstance(who, Response):
        return who
    if who.scope != "admin" or not same_origin(request):
        return page("denied.html", 403, why="sending an alert again needs an admin token")
    _, message = await asyncio.to_thread(retry_now, request.app.state.context, alert_id[:100], who)
    return RedirectResponse("/alerts?" + urlencode({"message": message}), status_code=303)


@router.post("/subscriptions/{subscription_id}/test")
async def test_alert(subscription_id: str, request: Request) -> Response:
    who = await _reader(request)
    if isinstance(who, Response):
        return who
    if who.scope != "admin" or not same_origin(request):
        return page("denied.html", 403, why="sending a test alert needs an admin token")
    message = await send_test(request.app.state.context, subscription_id[:64], who)
    return RedirectResponse("/subscriptions?" + urlencode({"message": message}), status_code=303)


@router.get("/sources")
async def sources(request: Request) -> Response:
    return await _render(request, "sources.html", sources_view)


@router.get("/subscriptions")
async def subscriptions(request: Request) -> Response:
    message = request.query_params.get("message", "")[:300]
    return await _render(
        request, "subscriptions.html", subscriptions_view, recent=RECENT, message=message
    )


@router.get("/docs")
async def api_docs(request: Request) -> Response:
    """The API's operations, from the app's OpenAPI document (public, like /openapi.json)."""
    found = operations(request.app.openapi())
    return page("apidocs.html", operations=found, title=request.app.title, section="docs")


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise HTTPException(404, "no such file")
    body = (HERE / "static" / name).read_bytes()
    return Response(body, media_type=STATIC[name], headers={"Cache-Control": "max-age=300"})
