"""Subscriptions: their specification, the events that change them, and their read model."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, ValidationError, field_validator
from sqlalchemy import Connection, Table, select, update
from sqlmodel import Field as Column
from sqlmodel import SQLModel

from alerts.channels.kinds import parse_target
from alerts.errors import SubscriptionError
from alerts.filters import Delivery, SubscriptionFilter
from alerts.model import ClearTarget, Sealed, SealedTarget, Target
from alerts.redaction import redact_target
from alerts.secrets import Keyring, seal_target
from monitor.events import (
    SubscriptionChanged,
    SubscriptionCreated,
    SubscriptionDeleted,
    SubscriptionPaused,
    SubscriptionResumed,
)
from store.projections import Projection, upsert
from store.records import RecordedEvent


class SubscriptionSpec(BaseModel):
    """Everything a subscription says: what to match, where to send, when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    filter: SubscriptionFilter = SubscriptionFilter()
    target: SerializeAsAny[ClearTarget]
    """A target of any registered channel kind (:mod:`alerts.channels.kinds`)."""
    delivery: Delivery = Delivery()

    @field_validator("target", mode="before")
    @classmethod
    def _of_its_kind(cls, value: Any) -> ClearTarget:
        return parse_target(value)


def validate_spec(raw: dict[str, Any]) -> SubscriptionSpec:
    """A spec from plain data; every problem is named by its field."""
    try:
        spec = SubscriptionSpec.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise SubscriptionError(f"invalid subscription: {problems}") from exc
    check_delivery(spec.delivery)
    return spec


def check_delivery(delivery: Delivery) -> None:
    try:
        zone = ZoneInfo(delivery.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SubscriptionError(
            f"delivery.timezone: unknown time zone {delivery.timezone!r} (e.g. Asia/Bangkok)"
        ) from exc
    if delivery.mode == "digest":
        if not delivery.cron:
            raise SubscriptionError(
                "delivery.cron: a digest needs a cron schedule, e.g. '0 8 * * *'"
            )
        try:
            CronTrigger.from_crontab(delivery.cron, timezone=zone)
        except ValueError as exc:
            raise SubscriptionError(
                f"delivery.cron: {delivery.cron!r} is not a cron line: {exc}"
            ) from exc


def created_event(
    subscription_id: str,
    spec: SubscriptionSpec,
    now: datetime,
    *,
    keyring: Keyring | None = None,
) -> SubscriptionCreated:
    """The event of a new subscription; a target with secrets is sealed with ``keyring``
    (:class:`~alerts.secrets.SecretsKeyError` without one)."""
    shown, sealed = seal_target(subscription_id, spec.target.model_dump(mode="json"), keyring)
    return SubscriptionCreated(
        occurred_at=now,
        subscription_id=subscription_id,
        name=spec.name,
        filter=spec.filter.model_dump(mode="json"),
        target=shown,
        delivery=spec.delivery.model_dump(mode="json"),
        sealed=sealed,
    )


def changed_event(
    subscription_id: str,
    spec: SubscriptionSpec,
    given: Collection[str],
    now: datetime,
    *,
    keyring: Keyring | None = None,
) -> SubscriptionChanged:
    """The change of the ``given`` parts (name, filter, target, delivery) to ``spec``'s; a new
    target with secrets is sealed as in :func:`created_event`."""
    parts = spec.model_dump(mode="json")
    changes: dict[str, Any] = {k: parts[k] for k in given if k in ("name", "filter", "delivery")}
    if "target" in given:
        changes["target"], changes["sealed"] = seal_target(
            subscription_id, parts["target"], keyring
        )
    return SubscriptionChanged(occurred_at=now, subscription_id=subscription_id, **changes)


def stored_target(data: dict[str, Any]) -> dict[str, Any]:
    """The target as the read model keeps it: the shown target and its sealed copy (version
    2), or the clear target of a version-1 event (made before sealing; see docs/security.md)."""
    target: dict[str, Any] = dict(data["target"])
    if data.get("sealed"):
        target["sealed"] = data["sealed"]
    return target


def target_from(subscription_id: str, stored: dict[str, Any]) -> Target:
    """A stored target as a channel takes it: sealed (opened at delivery) or clear."""
    if "sealed" in stored:
        shown = {k: v for k, v in stored.items() if k != "sealed"}
        return SealedTarget(
            type=str(stored["type"]),
            subscription_id=subscription_id,
            shown=shown,
            sealed=Sealed.model_validate(stored["sealed"]),
        )
    return parse_target(stored)


def shown_target(target: Target) -> dict[str, Any]:
    """What people see of a target: redacted, whatever its form."""
    if isinstance(target, SealedTarget):
        return redact_target(target.shown)
    return redact_target(target.model_dump(mode="json"))


class SubscriptionRow(SQLModel, table=True):
    __tablename__ = "subscriptions"

    subscription_id: str = Column(primary_key=True)
    name: str
    status: str
    filter: str
    target: str
    delivery: str
    created_position: int
    created_at: str
    updated_at: str


SUBSCRIPTIONS = cast(Table, SubscriptionRow.__table__)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    name: str
    status: str
    filter: SubscriptionFilter
    target: Target
    delivery: Delivery
    created_position: int

    @property
    def active(self) -> bool:
        return self.status == "active"

    @classmethod
    def from_row(cls, row: Any) -> Subscription:
        return cls(
            row.subscription_id,
            row.name,
            row.status,
            SubscriptionFilter.model_validate_json(row.filter),
            target_from(row.subscription_id, json.loads(row.target)),
            Delivery.model_validate_json(row.delivery),
            row.created_position,
        )


def load_subscriptions(
    conn: Connection, *, include_deleted: bool = False, ids: Collection[str] | None = None
) -> list[Subscription]:
    """Subscriptions in creation order (only ``ids`` when given)."""
    query = select(SUBSCRIPTIONS).order_by(SUBSCRIPTIONS.c.created_position)
    if ids is not None:
        query = query.where(SUBSCRIPTIONS.c.subscription_id.in_(list(ids)))
    if not include_deleted:
        query = query.where(SUBSCRIPTIONS.c.status != "deleted")
    return [Subscription.from_row(r) for r in conn.execute(query)]


class SubscriptionProjection(Projection):
    name = "subscriptions"
    version = 1
    tables = (SUBSCRIPTIONS,)
    types = tuple(
        c.type_name
        for c in (
            SubscriptionCreated,
            SubscriptionChanged,
            SubscriptionPaused,
            SubscriptionResumed,
            SubscriptionDeleted,
        )
    )

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        data = event.data_dict()
        key = SUBSCRIPTIONS.c.subscription_id == data["subscription_id"]
        if event.type == SubscriptionCreated.type_name:
            row = {
                "subscription_id": data["subscription_id"],
                "name": data["name"],
                "status": "active",
                "filter": json.dumps(data["filter"]),
                "target": json.dumps(stored_target(data)),
                "delivery": json.dumps(data["delivery"]),
                "created_position": event.position,
                "created_at": event.occurred_at,
                "updated_at": event.occurred_at,
            }
            upsert(conn, SUBSCRIPTIONS, row, ["subscription_id"])
            return
        changes: dict[str, Any] = {"updated_at": event.occurred_at}
        if event.type == SubscriptionChanged.type_name:
            for part in ("filter", "delivery"):
                if data.get(part) is not None:
                    changes[part] = json.dumps(data[part])
            if data.get("target") is not None:
                changes["target"] = json.dumps(stored_target(data))
            if data.get("name"):
                changes["name"] = data["name"]
        else:
            changes["status"] = {
                SubscriptionPaused.type_name: "paused",
                SubscriptionResumed.type_name: "active",
                SubscriptionDeleted.type_name: "deleted",
            }[event.type]
        conn.execute(update(SUBSCRIPTIONS).where(key).values(**changes))
