"""Renderings of one alert and of a digest: plain text and HTML (the JSON payloads are in
:mod:`alerts.payloads`).

Pure functions of their arguments.  Everything that came from a feed (titles, summaries,
quotes, names) is escaped in HTML, and only ``http(s)`` URLs become links.  A digest is one
message per period, grouped by each alert's strongest dialogue, items sorted by time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from alerts.model import AlertMessage, DialogueHit

PRODUCT = "asean-monitor"
OTHER_GROUP = "Source health and other alerts"
_KIND_LABELS = {
    "follow_up": "Update",
    "test": "Test alert",
    "source_failing": "Source failing",
    "source_silent": "Source silent",
    "source_recovered": "Source recovered",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Rendering:
    subject: str
    text: str
    html: str


def one_line(text: str, limit: int = 200) -> str:
    """``text`` on one line (no control characters, no newlines), cut at ``limit`` characters."""
    flat = _SPACE.sub(" ", _CONTROL.sub("", text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else None (never a ``javascript:`` link)."""
    if url and re.match(r"^https?://[^\s<>\"]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``13th``, ``22nd`` …"""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def format_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def primary_dialogue(message: AlertMessage) -> DialogueHit | None:
    """The dialogue with the highest score (ties: the first named)."""
    best: DialogueHit | None = None
    for hit in message.dialogues:
        if best is None or hit.score > best.score:
            best = hit
    return best


def meeting_label(meeting: Mapping[str, Any]) -> str:
    """``13th ASEAN-US Summit (13th meeting; summit; host Malaysia; 2025-10-26)``."""
    number = meeting.get("ordinal")
    mechanism = str(meeting.get("mechanism") or "meeting")
    name = str(meeting.get("name") or "").strip() or mechanism
    details = [f"{ordinal(number)} meeting" if isinstance(number, int) else "no ordinal"]
    details += [mechanism] if mechanism != name else []
    details += [f"host {meeting['host']}"] if meeting.get("host") else []
    details += [f"chair {meeting['chair']}"] if meeting.get("chair") else []
    details += [str(meeting["date"])] if meeting.get("date") else []
    return one_line(f"{name} ({'; '.join(details)})", 300)


def outlet_label(outlet: Mapping[str, Any]) -> str:
    """``Title (source, vi)`` for one of the story's other reports."""
    where = ", ".join(str(outlet[k]) for k in ("source_id", "language") if outlet.get(k))
    title = one_line(str(outlet.get("title") or outlet.get("url") or ""), 120)
    return f"{title} ({where})" if where else title


def also(message: AlertMessage) -> str:
    """The story's other reports, on one line."""
    return one_line("; ".join(outlet_label(o) for o in message.outlets), 1000)


def headline(message: AlertMessage) -> str:
    label = _KIND_LABELS.get(message.kind)
    title = one_line(message.title) or "(untitled)"
    return f"{label}: {title}" if label else title


def alert_time(message: AlertMessage) -> datetime:
    return message.published_at or message.raised_at


def when(message: AlertMessage) -> str:
    """When the article was published (as its source says) and first seen: "published
    2023-05-03 08:00 UTC; discovered 2026-12-06 10:00 UTC"."""
    published = message.published_at
    parts = [f"published {format_time(published)}" if published else "publication date not given"]
    if message.discovered_at is not None:
        parts.append(f"discovered {format_time(message.discovered_at)}")
    return "; ".join(parts)


def _quotes(hit: DialogueHit, limit: int = 3) -> list[str]:
    return [one_line(e.quote, 300) for e in hit.evidence[:limit] if e.quote.strip()]


def _meetings_for(message: AlertMessage, dialogue_id: str | None) -> list[dict[str, Any]]:
    own = [m for m in message.meetings if dialogue_id and m.get("dialogue") == dialogue_id]
    return own or list(message.meetings)


# ----------------------------------------------------------------------------- one alert


def render_alert(message: AlertMessage) -> Rendering:
    """Subject, plain text and HTML of one alert: what, why (dialogues, evidence), meeting, link."""
    top = primary_dialogue(message)
    label = f"{one_line(top.name)}: " if top else ""
    subject = one_line(f"[{PRODUCT}] {label}{headline(message)}", 250)
    return Rendering(subject, _alert_text(message), _alert_html(message))


def _alert_text(m: AlertMessage) -> str:
    lines = [headline(m), "", f"Why: {one_line(m.reason, 500)}"]
    for hit in m.dialogues:
        lines.append(f"Dialogue: {one_line(hit.name)} (score {hit.score:.2f})")
        lines += [f"  “{quote}”" for quote in _quotes(hit)]
    lines += [f"Meeting: {meeting_label(meeting)}" for meeting in m.meetings]
    if m.topics:
        lines.append(f"Topics: {', '.join(one_line(t) for t in m.topics)}")
    lines.append(f"When: {when(m)}")
    lines += [f"Read: {one_line(m.url, 2000)}"] if m.url else []
    lines += [f"Also reported by: {also(m)}"] if m.outlets else []
    lines += [f"Follow-up to alert {one_line(m.follows)}"] if m.follows else []
    lines += ["", one_line(m.summary, 1000)] if m.summary.strip() else []
    lines += [
        "",
        f"-- {PRODUCT}, subscription “{one_line(m.subscription_name)}”, "
        f"alert {one_line(m.alert_id)}",
    ]
    return "\n".join(lines) + "\n"


def _e(text: object) -> str:
    return html.escape(_CONTROL.sub("", str(text)), quote=True)


def _link(url: str | None, text: str) -> str:
    href = safe_href(url)
    return f'<a href="{_e(href)}">{_e(text)}</a>' if href else _e(text)


def _also_html(m: AlertMessage) -> str:
    return ", ".join(_link(o.get("url"), outlet_label(o)) for o in m.outlets)


def _alert_body_html(m: AlertMessage, level: str = "h2") -> list[str]:
    parts = [f"<{level}>{_link(m.url, headline(m))}</{level}>"]
    parts.append(f"<p><strong>Why:</strong> {_e(one_line(m.reason, 500))}</p>")
    for hit in m.dialogues:
        parts.append(
            f"<p><strong>Dialogue:</strong> {_e(one_line(hit.name))} (score {hit.score:.2f})</p>"
        )
        parts += [f"<blockquote>{_e(quote)}</blockquote>" for quote in _quotes(hit)]
    parts += [f"<p><strong>Meeting:</strong> {_e(meeting_label(x))}</p>" for x in m.meetings]
    if m.topics:
        parts.append(f"<p><strong>Topics:</strong> {_e(', '.join(m.topics))}</p>")
    parts.append(f"<p><strong>When:</strong> {_e(when(m))}</p>")
    if safe_href(m.url):
        parts.append(f"<p><strong>Read:</strong> {_link(m.url, one_line(m.url or '', 2000))}</p>")
    if m.outlets:
        parts.append(f"<p><strong>Also reported by:</strong> {_also_html(m)}</p>")
    if m.follows:
        parts.append(f"<p>Follow-up to alert {_e(m.follows)}</p>")
    if m.summary.strip():
        parts.append(f"<p>{_e(one_line(m.summary, 1000))}</p>")
    return parts


def alert_html_fragment(message: AlertMessage) -> str:
    """The HTML body of one alert without the page around it (for Atom ``content``)."""
    return "\n".join(_alert_body_html(message, "h2"))


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _alert_html(m: AlertMessage) -> str:
    footer = (
        f"<p><small>{PRODUCT}, subscription “{_e(one_line(m.subscription_name))}”, "
        f"alert {_e(m.alert_id)}</small></p>"
    )
    return _page(headline(m), [*_alert_body_html(m, "h1"), footer])


# ----------------------------------------------------------------------------- digest


@dataclass(frozen=True)
class DigestGroup:
    dialogue_id: str | None
    dialogue_name: str
    messages: tuple[AlertMessage, ...]


def group_digest(messages: Sequence[AlertMessage]) -> list[DigestGroup]:
    """Messages grouped by their strongest dialogue (larger groups first), each sorted by time."""
    groups: dict[str | None, list[AlertMessage]] = {}
    names: dict[str | None, str] = {None: OTHER_GROUP}
    for message in messages:
        top = primary_dialogue(message)
        key = top.id if top else None
        names.setdefault(key, one_line(top.name) if top else OTHER_GROUP)
        groups.setdefault(key, []).append(message)
    ordered = sorted(groups, key=lambda k: (k is None, -len(groups[k]), names[k]))
    return [
        DigestGroup(key, names[key], tuple(sorted(groups[key], key=_time_key))) for key in ordered
    ]


def _time_key(message: AlertMessage) -> tuple[float, str]:
    return (alert_time(message).timestamp(), message.alert_id)


def digest_subject(
    messages: Sequence[AlertMessage], subscription_name: str, start: datetime, end: datetime
) -> str:
    count, dialogues = len(messages), len([g for g in group_digest(messages) if g.dialogue_id])
    alerts = f"{count} alert{'s' if count != 1 else ''}"
    groups = f"{dialogues} dialogue{'s' if dialogues != 1 else ''}"
    period = f"{format_time(start)} to {format_time(end)}"
    return one_line(f"[{PRODUCT}] {subscription_name}: {alerts} in {groups}, {period}", 250)


def render_digest(
    messages: Sequence[AlertMessage],
    *,
    subscription_name: str,
    period_start: datetime,
    period_end: datetime,
) -> Rendering:
    """One readable message for the period: counts in the subject, grouped by dialogue."""
    subject = digest_subject(messages, subscription_name, period_start, period_end)
    groups = group_digest(messages)
    intro = subject.removeprefix(f"[{PRODUCT}] ")
    return Rendering(subject, _digest_text(intro, groups), _digest_html(intro, groups))


def _item_text(number: int, m: AlertMessage, dialogue_id: str | None) -> list[str]:
    lines = [f"{number}. {headline(m)}", f"   {when(m)}"]
    lines += [f"   Meeting: {meeting_label(x)}" for x in _meetings_for(m, dialogue_id)]
    hits = [h for h in m.dialogues if h.id == dialogue_id]
    lines += [f"   Evidence: “{quote}”" for hit in hits for quote in _quotes(hit)]
    others = [one_line(h.name) for h in m.dialogues if h.id != dialogue_id]
    lines += [f"   Also: {', '.join(others)}"] if others else []
    lines.append(f"   Why: {one_line(m.reason, 500)}")
    lines += [f"   Read: {one_line(m.url, 2000)}"] if m.url else []
    lines += [f"   Also reported by: {also(m)}"] if m.outlets else []
    return [*lines, ""]


def _digest_text(intro: str, groups: list[DigestGroup]) -> str:
    lines = [intro, ""] if groups else [intro, "", "No alerts in this period.", ""]
    for group in groups:
        lines += [f"== {group.dialogue_name} ({len(group.messages)}) ==", ""]
        for number, message in enumerate(group.messages, 1):
            lines += _item_text(number, message, group.dialogue_id)
    return "\n".join([*lines, f"-- {PRODUCT}"]) + "\n"


def _item_html(m: AlertMessage, dialogue_id: str | None) -> str:
    parts = [f"<li><p>{_link(m.url, headline(m))}<br><small>{_e(when(m))}</small></p>"]
    parts += [f"<p>Meeting: {_e(meeting_label(x))}</p>" for x in _meetings_for(m, dialogue_id)]
    hits = [h for h in m.dialogues if h.id == dialogue_id]
    parts += [f"<blockquote>{_e(q)}</blockquote>" for hit in hits for q in _quotes(hit)]
    others = [one_line(h.name) for h in m.dialogues if h.id != dialogue_id]
    parts += [f"<p>Also: {_e(', '.join(others))}</p>"] if others else []
    parts += [f"<p>Also reported by: {_also_html(m)}</p>"] if m.outlets else []
    parts.append(f"<p>Why: {_e(one_line(m.reason, 500))}</p></li>")
    return "".join(parts)


def _digest_html(intro: str, groups: list[DigestGroup]) -> str:
    body = [f"<h1>{_e(intro)}</h1>"] + ([] if groups else ["<p>No alerts in this period.</p>"])
    for group in groups:
        body.append(f"<h2>{_e(group.dialogue_name)} ({len(group.messages)})</h2>")
        body.append(
            "<ol>" + "".join(_item_html(m, group.dialogue_id) for m in group.messages) + "</ol>"
        )
    return _page(intro, [*body, f"<p><small>{PRODUCT}</small></p>"])


# ----------------------------------------------------------------------------- JSON
