"""``GET /api/meetings`` and ``GET /api/meetings/{key}``: meetings as identities.

Each meeting is one identity (:mod:`monitor.matching.identity`) however the articles spell it,
with the facts the articles stated (the first report of each stands; every report is in the
meeting's stream, ``/api/events?stream=meeting-<key>``) and the articles that report it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy import select

from monitor.matching.titles import meeting_title
from monitor.readmodels.meetings import MEETING_REPORTS, MEETINGS
from monitor.service.api.access import AUTH_RESPONSES, Reader, context_of
from monitor.service.api.catalogue import choices_of, refusal
from monitor.service.api.schemas import MeetingDetailOut, MeetingReportOut, MeetingSummaryOut
from monitor.service.context import ServiceContext
from monitor.vetting import Refused, check_ids

router = APIRouter(tags=["meetings"], responses=AUTH_RESPONSES)


@router.get("/api/meetings", summary="Meetings, the most recently reported first")
async def list_meetings(
    request: Request,
    _: Reader,
    dialogue: Annotated[str | None, Query(description="A dialogue id, e.g. asean-us")] = None,
    mechanism: Annotated[str | None, Query(description="A mechanism, e.g. summit")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[MeetingSummaryOut]:
    context = context_of(request)
    await asyncio.to_thread(_vet, context, dialogue, mechanism)
    return await asyncio.to_thread(load_meetings, context, dialogue, mechanism, limit)


def _vet(context: ServiceContext, dialogue: str | None, mechanism: str | None) -> None:
    """An id the catalogue does not have would list nothing, silently: 422 naming the closest."""
    choices = choices_of(context)
    try:
        if dialogue is not None:
            check_ids("dialogue", "dialogue", [dialogue], choices.dialogues, choices.listing)
        if mechanism is not None:
            check_ids("mechanism", "mechanism", [mechanism], choices.mechanisms, choices.listing)
    except Refused as exc:
        raise refusal("query", exc, dialogue if exc.field == "dialogue" else mechanism) from exc


@router.get(
    "/api/meetings/{key:path}",
    summary="One meeting with the articles that report it",
    responses={404: {"description": "no meeting has this key"}},
)
async def get_meeting(request: Request, _: Reader, key: str) -> MeetingDetailOut:
    found = await asyncio.to_thread(load_meeting, context_of(request), key)
    if found is None:
        raise HTTPException(404, f"no meeting {key!r}: see /api/meetings for the keys")
    return found


def load_meetings(
    context: ServiceContext, dialogue: str | None, mechanism: str | None, limit: int
) -> list[MeetingSummaryOut]:
    query = select(MEETINGS)
    if dialogue:
        query = query.where(MEETINGS.c.dialogue == dialogue)
    if mechanism:
        query = query.where(MEETINGS.c.mechanism == mechanism)
    newest = MEETINGS.c.last_published_at.desc().nulls_last()
    query = query.order_by(newest, MEETINGS.c.key).limit(limit)
    names = choices_of(context).dialogues
    with context.log.reader.connect() as conn:
        return [summary(row._mapping, names) for row in conn.execute(query)]


def load_meeting(context: ServiceContext, key: str) -> MeetingDetailOut | None:
    reports = select(MEETING_REPORTS).where(MEETING_REPORTS.c.key == key)
    with context.log.reader.connect() as conn:
        row = conn.execute(select(MEETINGS).where(MEETINGS.c.key == key)).first()
        if row is None:
            return None
        found = conn.execute(reports.order_by(MEETING_REPORTS.c.published_at)).all()
    articles = [MeetingReportOut.model_validate(dict(r._mapping)) for r in found]
    names = choices_of(context).dialogues
    return MeetingDetailOut(**summary(row._mapping, names).model_dump(), articles=articles)


def summary(row: Any, dialogue_names: Mapping[str, str]) -> MeetingSummaryOut:
    derived = ("documents", "title")
    values = {name: row[name] for name in MeetingSummaryOut.model_fields if name not in derived}
    title = meeting_title(row["key"], dialogue_names.get(row["dialogue"], row["dialogue"]))
    return MeetingSummaryOut(**values, title=title, documents=json.loads(row["documents"]))
