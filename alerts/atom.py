"""An Atom 1.0 feed (RFC 4287) of one subscription's alerts, for feed readers.

Pure: the alerts, the feed's own URL and its ``updated`` time come in as arguments.  Entry ids
are ``urn:uuid:`` when the alert id is a UUID and a tag URI otherwise, so they never change.
Text from feeds is escaped by the XML serializer; characters XML cannot carry are dropped.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from alerts.model import AlertMessage
from alerts.render import PRODUCT, alert_html_fragment, headline, one_line, safe_href

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "tag:asean-monitor.org,2025"
TOPIC_SCHEME = "https://asean-monitor.org/ns/topic"
DIALOGUE_SCHEME = "https://asean-monitor.org/ns/dialogue"
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def rfc3339(moment: datetime) -> str:
    """UTC, seconds precision, ``Z`` suffix; a naive time is taken as UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def entry_id(alert_id: str) -> str:
    """``urn:uuid:…`` for a UUID alert id, else ``tag:asean-monitor.org,2025:alert:<id>``."""
    try:
        return uuid.UUID(alert_id).urn
    except ValueError:
        return f"{TAG_AUTHORITY}:alert:{quote(alert_id, safe='')}"


def feed_id(subscription_id: str) -> str:
    return f"{TAG_AUTHORITY}:subscription:{quote(subscription_id, safe='')}"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def render_atom(
    subscription_id: str,
    subscription_name: str,
    messages: Sequence[AlertMessage],
    *,
    feed_url: str,
    updated: datetime,
) -> bytes:
    """The feed as UTF-8 bytes, newest alert first."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _child(feed, "id", feed_id(subscription_id))
    _child(feed, "title", f"{PRODUCT}: {one_line(subscription_name)}", type="text")
    _child(feed, "updated", rfc3339(updated))
    _child(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    author = _child(feed, "author")
    _child(author, "name", PRODUCT)
    _child(feed, "generator", PRODUCT)
    for message in sorted(messages, key=lambda m: (m.raised_at, m.alert_id), reverse=True):
        _entry(feed, message)
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data


def _entry(feed: ET.Element, message: AlertMessage) -> None:
    entry = _child(feed, "entry")
    _child(entry, "id", entry_id(message.alert_id))
    _child(entry, "title", headline(message), type="text")
    _child(entry, "updated", rfc3339(message.raised_at))
    if message.published_at is not None:
        _child(entry, "published", rfc3339(message.published_at))
    href = safe_href(message.url)
    if href is not None:
        _child(entry, "link", rel="alternate", href=href, type="text/html")
    for hit in message.dialogues:
        _child(entry, "category", term=hit.id, label=hit.name, scheme=DIALOGUE_SCHEME)
    for topic in message.topics:
        _child(entry, "category", term=topic, scheme=TOPIC_SCHEME)
    _child(entry, "summary", one_line(message.reason, 1000), type="text")
    _child(entry, "content", alert_html_fragment(message), type="html")
