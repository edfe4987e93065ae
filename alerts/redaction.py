"""Redaction of what may carry a secret: URLs, free text with URLs in it, subscription targets
(pure; see :mod:`alerts.secrets` for what is secret and how it is sealed)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

REDACTED = "***"
SEALED_TYPES = frozenset({"webhook", "apprise"})
"""Target types whose target is sealed whole (they carry a secret or a URL with credentials)."""
_SECRET_NAMES = re.compile(r"secret|passw|token|api[_-]?key|credential|auth", re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"\b[A-Za-z][A-Za-z0-9+.\-]{1,31}://[^\s'\"<>`]+")


def redact_url(url: str) -> str:
    """``url`` without credentials: for http(s) the user name and password and every query value
    become ``***`` (scheme, host, port and path stay, so people can tell targets apart); any
    other scheme (an Apprise URL: ``tgram://TOKEN/CHAT``) keeps only its scheme."""
    text = str(url)
    scheme, sep, _ = text.partition("://")
    if not sep or not scheme:
        return REDACTED
    if scheme.lower() not in ("http", "https"):
        return f"{scheme}://{REDACTED}"
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return f"{scheme}://{REDACTED}"
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    if "@" in parts.netloc:
        netloc = f"{REDACTED}@{netloc}"
    query = "&".join(
        f"{name}={REDACTED}" for name, _ in parse_qsl(parts.query, keep_blank_values=True)
    )
    if parts.query and not query:
        query = REDACTED
    fragment = REDACTED if parts.fragment else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def redact_text(text: str) -> str:
    """Free text (a delivery error, a receipt) with every URL in it passed through
    :func:`redact_url`."""
    return _URL_IN_TEXT.sub(_redact_match, text)


def _redact_match(match: re.Match[str]) -> str:
    """A URL found in text; punctuation that ends a sentence is not part of it."""
    found = match.group(0)
    url = found.rstrip(".,;:!?)]}")
    return redact_url(url) + found[len(url) :]


def redact_target(target: Mapping[str, Any]) -> dict[str, Any]:
    """A target as anyone may see it: URLs through :func:`redact_url`, a webhook's ``secret``
    and every field named like a credential as ``***``, a sealed copy (as the read model keeps
    it beside the target) dropped."""
    shown: dict[str, Any] = {}
    for name, value in target.items():
        if name == "sealed":
            continue
        if name == "url" and isinstance(value, str):
            shown[name] = redact_url(value)
        elif name != "type" and _SECRET_NAMES.search(name):
            shown[name] = REDACTED if value else value
        else:
            shown[name] = value
    return shown


def has_secret(target: Mapping[str, Any]) -> bool:
    """Whether the target carries (or carried, when sealed) a secret."""
    return target.get("type") in SEALED_TYPES or any(
        _SECRET_NAMES.search(name) and value for name, value in target.items() if name != "type"
    )
