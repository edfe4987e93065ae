"""A channel made by following docs/alerts-channels.md, "Adding a channel", and nothing else:
each alert (or digest) becomes one JSON file, named by its idempotency key, in the directory
its target names.  ``tests/alerts/test_channel_recipe.py`` registers it through the
``asean_monitor.channels`` entry point, as another package would.

A resend writes the same file again (same key, same name): the receiver's idempotency is the
file system's.  A directory that is not there is a permanent failure (the subscription must
be corrected); any other OS error is temporary.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import anyio.to_thread
from pydantic import Field

from alerts.channels import ChannelKind, ConnectionGuard
from alerts.errors import DeliveryError, SubscriptionError
from alerts.model import AlertMessage, ClearTarget, Receipt
from alerts.payloads import alert_payload, digest_payload, to_json_bytes


class FileDropTarget(ClearTarget):
    type: Literal["filedrop"] = "filedrop"
    directory: str = Field(min_length=1, description="An existing directory to write into")


class FileDropChannel:
    async def send(self, message: AlertMessage, target: FileDropTarget) -> Receipt:
        body = to_json_bytes(alert_payload(message))
        return await self._drop(Path(target.directory), message.idempotency_key, body)

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: FileDropTarget,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
        subscription_id: str | None = None,
    ) -> Receipt:
        payload: dict[str, Any] = digest_payload(
            messages,
            subscription_name=subscription_name,
            period_start=period_start,
            period_end=period_end,
            subscription_id=subscription_id,
        )
        return await self._drop(
            Path(target.directory), payload["digest_id"], to_json_bytes(payload)
        )

    async def _drop(self, directory: Path, key: str, body: bytes) -> Receipt:
        if not directory.is_dir():
            raise DeliveryError(f"filedrop: {directory} is not a directory", permanent=True)
        try:
            await anyio.to_thread.run_sync(_write, directory / f"{key}.json", body)
        except OSError as exc:
            raise DeliveryError(f"filedrop: {type(exc).__name__}: {exc}") from exc
        return Receipt(None, key, detail=f"filedrop {key}.json")


def _write(path: Path, body: bytes) -> None:
    """Whole or not at all: written beside, then renamed over."""
    partial = path.with_suffix(".partial")
    partial.write_bytes(body)
    os.replace(partial, path)


async def vet(target: FileDropTarget, guard: ConnectionGuard) -> None:
    if not Path(target.directory).is_dir():
        raise SubscriptionError(f"target.directory: {target.directory} is not a directory")


CHANNEL = ChannelKind(
    "filedrop",
    FileDropTarget,
    lambda context: FileDropChannel(),
    "each alert as a JSON file in a directory",
    vet=vet,
)
