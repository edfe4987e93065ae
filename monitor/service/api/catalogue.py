"""``GET /api/catalogue``: every id a subscription or a filter may name, with its name; and the
422 of a refused one (:mod:`monitor.vetting`), shared by the routes that check their input."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from monitor.choices import catalogue_document, choices_for, event_types
from monitor.service.api.access import AUTH_RESPONSES, Reader, context_of
from monitor.service.context import ServiceContext
from monitor.vetting import Choices, Refused

router = APIRouter(tags=["catalogue"], responses=AUTH_RESPONSES)
LISTING = "GET /api/catalogue"


class Named(BaseModel):
    id: str
    name: str


class CatalogueOut(BaseModel):
    dialogues: list[Named]
    mechanisms: list[Named] = Field(description="Meeting mechanisms (summit, forum …)")
    topics: list[Named]
    sources: list[Named] | None = Field(
        description="The sources of sources.yaml; null when the service cannot read it "
        "(then sources are not checked)"
    )
    languages: list[str] = Field(description="The configured sources' languages")
    event_types: list[str] = Field(description="The types /api/events?type= accepts")
    notes: list[str] = Field(description="Why a part is missing")


@router.get(
    "/api/catalogue",
    summary="Valid ids: dialogues, mechanisms, topics, sources, languages, event types",
)
async def get_catalogue(request: Request, _: Reader) -> CatalogueOut:
    document = await asyncio.to_thread(_document, context_of(request))
    return CatalogueOut.model_validate(document)


def _document(context: ServiceContext) -> dict[str, Any]:
    return catalogue_document(choices_of(context), event_types())


def choices_of(context: ServiceContext) -> Choices:
    """The deployment's choices, refusals pointing at this route."""
    return choices_for(context.settings, LISTING)


def refusal(where: str, exc: Refused, given: Any = None) -> RequestValidationError:
    """A 422 in FastAPI's shape: ``loc`` is the field's path (``body, filter, dialogues``) and
    ``msg`` the whole refusal, with the closest and the valid choices."""
    loc = (where, *exc.field.split("."))
    error = {"loc": loc, "msg": str(exc), "type": "value_error", "input": given}
    return RequestValidationError([error])
