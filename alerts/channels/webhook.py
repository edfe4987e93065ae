"""Webhook channel: a signed JSON POST with the alert's idempotency key.

Messages, receipts and errors name the URL redacted (:func:`alerts.secrets.redact_url`).
Headers: ``Content-Type: application/json``, ``Idempotency-Key``, ``X-Asean-Monitor-Timestamp``,
``X-Asean-Monitor-Signature: v1=<hex HMAC-SHA256 of "{timestamp}.{body}">`` (see
:mod:`alerts.signing`) and a ``User-Agent`` naming the product.  Only a 2xx is a delivery.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from alerts.channels.port import ChannelContext, ChannelKind, ConnectionGuard, vet_error
from alerts.errors import DeliveryError
from alerts.http import USER_AGENT, http_failure, retry_after_seconds
from alerts.model import AlertMessage, Receipt, WebhookTarget
from alerts.payloads import alert_payload, digest_payload, to_json_bytes
from alerts.redaction import redact_text, redact_url
from alerts.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
_REQUEST_ID_HEADERS = ("x-request-id", "x-delivery-id", "x-amzn-requestid", "cf-ray")


class WebhookChannel:
    """POSTs alerts with an injected ``httpx.AsyncClient`` (its transport, limits, proxies).

    ``timeout`` applies per request; ``clock`` gives the Unix time used in the signature.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._clock = clock

    async def send(self, message: AlertMessage, target: WebhookTarget) -> Receipt:
        body = to_json_bytes(alert_payload(message))
        return await self._post(target, body, message.idempotency_key)

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: WebhookTarget,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
        subscription_id: str | None = None,
    ) -> Receipt:
        payload = digest_payload(
            messages,
            subscription_name=subscription_name,
            period_start=period_start,
            period_end=period_end,
            subscription_id=subscription_id,
        )
        return await self._post(target, to_json_bytes(payload), payload["digest_id"])

    def headers(self, target: WebhookTarget, body: bytes, key: str) -> dict[str, str]:
        """The request headers for ``body``, signed now."""
        stamp = int(self._clock())
        return {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": key,
            TIMESTAMP_HEADER: str(stamp),
            SIGNATURE_HEADER: sign(target.secret, stamp, body),
        }

    async def _post(self, target: WebhookTarget, body: bytes, key: str) -> Receipt:
        url = str(target.url)
        shown = redact_url(url)  # what messages, receipts and events say: no credentials
        headers = self.headers(target, body, key)
        request = self._client.build_request(
            "POST", url, content=body, headers=headers, timeout=self._timeout
        )
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise DeliveryError(f"webhook {shown}: timed out ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            reason = redact_text(str(exc)).replace(url, shown)
            raise DeliveryError(f"webhook {shown}: {type(exc).__name__}: {reason}") from exc
        try:
            if response.is_success:
                await _drain(response)
                snippet = ""
            else:
                snippet = await _snippet(response)
        finally:
            await response.aclose()
        return _receipt(shown, response, snippet, now=datetime.fromtimestamp(self._clock(), UTC))


def _receipt(url: str, response: httpx.Response, snippet: str, *, now: datetime) -> Receipt:
    """The receipt of a 2xx; else the DeliveryError (the status decides, never the body)."""
    status = response.status_code
    if 200 <= status < 300:
        return Receipt(status, _request_id(response.headers), detail=f"webhook {url}")
    retry_after = retry_after_seconds(response.headers.get("retry-after"), now=now)
    raise http_failure(status, retry_after=retry_after, detail=f"webhook {url}: {snippet}")


def _request_id(headers: Mapping[str, Any]) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


async def _drain(response: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read a small accepted answer to its end, so the connection is kept for the next alert;
    a larger one is abandoned (the status was all that counted)."""
    read = 0
    try:
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read > limit:
                return
    except httpx.HTTPError:
        return


async def _snippet(response: httpx.Response, limit: int = 2048) -> str:
    """The start of an error body, for the failure message; never more than ``limit`` bytes read.

    Raw bytes (no decompression: a hostile receiver cannot inflate them); a compressed or
    unreadable body gives the reason phrase instead.
    """
    data = b""
    if "content-encoding" not in response.headers:
        try:
            async for chunk in response.aiter_raw():
                data += chunk
                if len(data) >= limit:
                    break
        except httpx.HTTPError:
            data = b""
    text = " ".join(data[:limit].decode("utf-8", "replace").split())[:200]
    return text or response.reason_phrase


async def vet(target: WebhookTarget, guard: ConnectionGuard) -> None:
    """Refuse a webhook whose host the guard refuses (or that does not resolve now)."""
    url = httpx.URL(str(target.url))
    host = url.raw_host.decode("ascii")  # IDNA (punycode) form, as the transport resolves it
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        await guard.vet(host, port)
    except DeliveryError as exc:
        raise vet_error("target.url", exc) from exc


def build(context: ChannelContext) -> WebhookChannel:
    return WebhookChannel(context.client("webhook"), timeout=context.timeout("webhook", 10.0))


CHANNEL = ChannelKind(
    "webhook",
    WebhookTarget,
    build,
    "a signed JSON POST to your URL (HMAC-SHA256 with the subscription's secret)",
    vet=vet,
)
