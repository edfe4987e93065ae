"""``/api/subscriptions``: read them (no secrets, whatever the token), and change them (admin) by
appending ``subscription.*`` events, a target's secrets sealed with the secrets key; the read
model follows the log."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request, Response
from sqlalchemy import select

from alerts.delivery_state import delivery_state
from alerts.errors import SubscriptionError
from alerts.model import Target
from alerts.redaction import has_secret, redact_target
from alerts.secrets import SecretsKeyError
from alerts.subscriptions import (
    SUBSCRIPTIONS,
    SubscriptionSpec,
    changed_event,
    created_event,
    validate_spec,
)
from monitor.delivery.outbound import check_target, outbound_guard
from monitor.delivery.secret_keys import sealing_keyring_for
from monitor.events import (
    SubscriptionChanged,
    SubscriptionDeleted,
    SubscriptionPaused,
    SubscriptionResumed,
    subscription_stream,
)
from monitor.readmodels.prefixes import AmbiguousIdError, IdError, resolve_prefix
from monitor.service.api.access import (
    ADMIN_RESPONSES,
    AUTH_RESPONSES,
    Admin,
    Reader,
    context_of,
    invalid,
)
from monitor.service.api.catalogue import choices_of, refusal
from monitor.service.api.schemas import SubscriptionCreate, SubscriptionOut, SubscriptionPatch
from monitor.service.context import ServiceContext
from monitor.service.tokens import Principal
from monitor.vetting import Refused, check_email, check_filter
from store import NO_STREAM, ConcurrencyError, Metadata

router = APIRouter(tags=["subscriptions"])
SubscriptionId = Annotated[
    str, Path(description="A subscription id (12 hex digits) or a unique prefix of 4 or more")
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such subscription (or it was deleted)"},
    409: {"description": "The prefix names several subscriptions"},
}
Lifecycle = type[SubscriptionPaused | SubscriptionResumed | SubscriptionDeleted]


def subscription_out(values: dict[str, Any]) -> SubscriptionOut:
    """A subscription for the API: the target redacted (:func:`alerts.secrets.redact_target`:
    URLs without credentials, no sealed copy) and its secret dropped; ``has_secret`` says
    whether it has one."""
    target = redact_target(values["target"])
    target.pop("secret", None)
    return SubscriptionOut(
        subscription_id=values["subscription_id"],
        name=values["name"],
        status=values["status"],
        filter=values["filter"],
        target=target,
        delivery=values["delivery"],
        has_secret=has_secret(values["target"]),
        created_at=values.get("created_at"),
        updated_at=values.get("updated_at"),
    )


def _stored(context: ServiceContext, subscription_id: str) -> dict[str, Any] | None:
    """The stored subscription an id or a unique prefix names (409 when several do)."""
    column = SUBSCRIPTIONS.c.subscription_id
    with context.log.reader.connect() as conn:
        try:
            full = resolve_prefix(conn, column, subscription_id, "subscription")
        except AmbiguousIdError as exc:
            raise HTTPException(409, str(exc)) from exc
        except IdError:
            return None
        row = conn.execute(select(SUBSCRIPTIONS).where(column == full)).first()
    if row is None or row.status == "deleted":
        return None
    values = dict(row._mapping)
    for part in ("filter", "target", "delivery"):
        values[part] = json.loads(values[part])
    return values


@router.get(
    "/api/subscriptions",
    summary="Subscriptions (webhook secrets are never returned)",
    responses=AUTH_RESPONSES,
)
async def list_subscriptions(request: Request, _: Reader) -> list[SubscriptionOut]:
    return await asyncio.to_thread(list_all, context_of(request))


def list_all(context: ServiceContext) -> list[SubscriptionOut]:
    query = (
        select(SUBSCRIPTIONS.c.subscription_id)
        .where(SUBSCRIPTIONS.c.status != "deleted")
        .order_by(SUBSCRIPTIONS.c.created_position)
    )
    with context.log.reader.connect() as conn:
        ids = [r[0] for r in conn.execute(query)]
    found = [_stored(context, i) for i in ids]
    return with_state(context, [subscription_out(v) for v in found if v is not None])


def with_state(context: ServiceContext, found: list[SubscriptionOut]) -> list[SubscriptionOut]:
    """Each subscription with how its deliveries are going (:mod:`alerts.delivery_state`)."""
    with context.log.reader.connect() as conn:
        states = [delivery_state(conn, s.subscription_id, s.status) for s in found]
    return [
        s.model_copy(update={"state": d.state, "state_text": d.text})
        for s, d in zip(found, states, strict=True)
    ]


@router.get(
    "/api/subscriptions/{subscription_id}",
    summary="One subscription",
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
async def get_subscription(
    subscription_id: SubscriptionId, request: Request, _: Reader
) -> SubscriptionOut:
    context = context_of(request)
    values = await asyncio.to_thread(_stored, context, subscription_id)
    if values is None:
        raise HTTPException(404, f"no subscription {subscription_id!r}")
    (found,) = await asyncio.to_thread(with_state, context, [subscription_out(values)])
    return found


def _spec(raw: dict[str, Any]) -> Any:
    try:
        return validate_spec(raw)
    except SubscriptionError as exc:
        raise invalid("body", "subscription", str(exc)) from exc


def _at_the_door(context: ServiceContext, spec: SubscriptionSpec, given: Collection[str]) -> None:
    """Refuse, as 422, the ``given`` parts naming what does not exist (a dialogue, mechanism,
    topic or source not in the catalogue or sources.yaml, a language that is no code) or an
    e-mail target that cannot be sent (a bad address, no SMTP server): :mod:`monitor.vetting`.
    Parts a change leaves alone are not checked again."""
    try:
        if "filter" in given:
            check_filter(spec.filter, choices_of(context))
        if "target" in given:
            check_email(spec.target, context.settings.smtp_host is not None)
    except Refused as exc:
        raise refusal("body", exc) from exc


async def _vetted(context: ServiceContext, target: Target) -> None:
    """Refuse, as 422, a target the daemon would refuse to send to (a private address while
    they are not allowed, an Apprise scheme off the allow-list): the same guard as at send."""
    try:
        await check_target(target, outbound_guard(context.settings))
    except SubscriptionError as exc:
        raise invalid("body", "target", str(exc)) from exc


KEPT_TARGET = {"type": "log"}
"""Stands in for a stored target that a change leaves alone (it is not validated again)."""


def _sealing(context: ServiceContext, target: dict[str, Any]) -> Any:
    """The keyring to seal ``target`` with (None when it has no secret); 503 without a key."""
    if not has_secret(target):
        return None
    try:
        return sealing_keyring_for(context.settings, context.log)
    except SecretsKeyError as exc:
        raise HTTPException(503, f"the server cannot seal the target's secrets: {exc}") from exc


def _append(
    context: ServiceContext, stream: str, event: Any, expected: int | None, who: Principal
) -> None:
    metadata = Metadata(causation_id=f"api:{who.token_id or who.name}")
    try:
        context.log.append(stream, [event], expected_version=expected, metadata=metadata)
    except ConcurrencyError as exc:
        raise HTTPException(409, f"{stream} changed meanwhile; read it again and retry") from exc


@router.post(
    "/api/subscriptions",
    status_code=201,
    summary="Subscribe: appends subscription.created",
    responses={**ADMIN_RESPONSES, 422: {"description": "The subscription is invalid"}},
)
async def create_subscription(
    body: SubscriptionCreate, request: Request, who: Admin
) -> SubscriptionOut:
    spec = _spec(body.model_dump())
    context = context_of(request)
    await asyncio.to_thread(_at_the_door, context, spec, ("filter", "target"))
    await _vetted(context, spec.target)
    subscription_id = uuid.uuid4().hex[:12]
    now = datetime.now(UTC)
    target = spec.target.model_dump(mode="json")
    keyring = await asyncio.to_thread(_sealing, context, target)
    event = created_event(subscription_id, spec, now, keyring=keyring)
    stream = subscription_stream(subscription_id)
    await asyncio.to_thread(_append, context, stream, event, NO_STREAM, who)
    values = {
        "subscription_id": subscription_id,
        "status": "active",
        **spec.model_dump(mode="json"),
    }
    return subscription_out(values)


@router.patch(
    "/api/subscriptions/{subscription_id}",
    summary="Change a subscription's name, filter, target or delivery (an event in its stream)",
    responses={
        **ADMIN_RESPONSES,
        **NOT_FOUND,
        409: {"description": "Changed meanwhile; ambiguous"},
    },
)
async def change_subscription(
    subscription_id: SubscriptionId, body: SubscriptionPatch, request: Request, who: Admin
) -> SubscriptionOut:
    context = context_of(request)
    current = await asyncio.to_thread(_stored, context, subscription_id)
    if current is None:
        raise HTTPException(404, f"no subscription {subscription_id!r}")
    subscription_id = current["subscription_id"]
    given = body.model_dump(exclude_none=True)
    if not given:
        raise invalid("body", "patch", "nothing to change: give name, filter, target or delivery")
    merged = {k: current[k] for k in ("name", "filter", "delivery")}
    merged["target"] = KEPT_TARGET
    spec = _spec(merged | given)
    await asyncio.to_thread(_at_the_door, context, spec, list(given))
    parts = spec.model_dump(mode="json")
    keyring = None
    if "target" in given:
        await _vetted(context, spec.target)
        keyring = await asyncio.to_thread(_sealing, context, parts["target"])
    event: SubscriptionChanged = changed_event(
        subscription_id, spec, list(given), datetime.now(UTC), keyring=keyring
    )
    stream = subscription_stream(subscription_id)
    version = await asyncio.to_thread(context.log.stream_version, stream)
    await asyncio.to_thread(_append, context, stream, event, version, who)
    shown = {k: v for k, v in parts.items() if k in given}
    return subscription_out({**current, **shown})


async def _lifecycle(
    request: Request, subscription_id: SubscriptionId, kind: Lifecycle, who: Principal
) -> dict[str, Any]:
    context = context_of(request)
    current = await asyncio.to_thread(_stored, context, subscription_id)
    if current is None:
        raise HTTPException(404, f"no subscription {subscription_id!r}")
    subscription_id = current["subscription_id"]
    event = kind(occurred_at=datetime.now(UTC), subscription_id=subscription_id)
    stream = subscription_stream(subscription_id)
    version = await asyncio.to_thread(context.log.stream_version, stream)
    await asyncio.to_thread(_append, context, stream, event, version, who)
    return current


@router.post(
    "/api/subscriptions/{subscription_id}/pause",
    summary="Pause: appends subscription.paused (no alerts until resumed)",
    responses={**ADMIN_RESPONSES, **NOT_FOUND},
)
async def pause_subscription(
    subscription_id: SubscriptionId, request: Request, who: Admin
) -> SubscriptionOut:
    current = await _lifecycle(request, subscription_id, SubscriptionPaused, who)
    return subscription_out({**current, "status": "paused"})


@router.post(
    "/api/subscriptions/{subscription_id}/resume",
    summary="Resume: appends subscription.resumed",
    responses={**ADMIN_RESPONSES, **NOT_FOUND},
)
async def resume_subscription(
    subscription_id: SubscriptionId, request: Request, who: Admin
) -> SubscriptionOut:
    current = await _lifecycle(request, subscription_id, SubscriptionResumed, who)
    return subscription_out({**current, "status": "active"})


@router.delete(
    "/api/subscriptions/{subscription_id}",
    status_code=204,
    summary="Delete: appends subscription.deleted",
    responses={**ADMIN_RESPONSES, **NOT_FOUND},
)
async def delete_subscription(
    subscription_id: SubscriptionId, request: Request, who: Admin
) -> Response:
    await _lifecycle(request, subscription_id, SubscriptionDeleted, who)
    return Response(status_code=204)
