"""Evidence as marked text (pure): which parts of a judged text to wrap in ``<mark>``.

A segment is ``(text, marked)``; templates print each one escaped, inside ``<mark>`` when
marked, so feed text can never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Segment = tuple[str, bool]
Span = tuple[int, int]


def merged(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans clipped to the text, sorted, overlapping ones joined."""
    result: list[Span] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


def highlight(text: str, spans: Iterable[Span]) -> list[Segment]:
    """The whole text, cut into plain and marked segments."""
    segments: list[Segment] = []
    at = 0
    for start, end in merged(spans, len(text)):
        if start > at:
            segments.append((text[at:start], False))
        segments.append((text[start:end], True))
        at = end
    if at < len(text):
        segments.append((text[at:], False))
    return segments


def snippets(
    text: str, spans: Sequence[Span], width: int = 70, limit: int = 3
) -> list[list[Segment]]:
    """Up to ``limit`` short passages around the first spans, each with its marks."""
    found: list[list[Segment]] = []
    windows = merged(((max(0, s - width), e + width) for s, e in spans), len(text))
    for start, end in windows[:limit]:
        inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
        cut = highlight(text[start:end], inside)
        if start > 0:
            cut.insert(0, ("…", False))
        if end < len(text):
            cut.append(("…", False))
        found.append(cut)
    return found
