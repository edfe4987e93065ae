"""The evidence a dialogue's verdict shows: which of its scored spans are quoted."""

from __future__ import annotations

from monitor.matching.judgement import Evidence

Span = tuple[int, int, str]  # start, end, kind: made an Evidence only if it is shown


def earliest(original: str, spans: list[Span], limit: int) -> tuple[Evidence, ...]:
    """The first ``limit`` distinct spans, in text order (the first seen of a span's kinds)."""
    unique = sorted({(s[0], s[1]): s for s in reversed(spans)}.values())[:limit]
    return tuple(
        [Evidence(span[0], span[1], original[span[0] : span[1]], span[2]) for span in unique]
    )


def strongest(original: str, scored: list[tuple[float, Span]], limit: int) -> tuple[Evidence, ...]:
    """The ``limit`` strongest distinct spans (the earlier, then the first seen, on a tie), in
    text order.  Sorted as plain tuples, the first seen order making each key unique."""
    best: dict[tuple[int, int], tuple[float, Span]] = {}
    for points, span in scored:
        key = (span[0], span[1])
        kept = best.get(key)
        if kept is None or points > kept[0]:
            best[key] = (points, span)
    ranked = [(-points, span[0], seen, span) for seen, (points, span) in enumerate(best.values())]
    if len(ranked) > limit:
        ranked.sort()
        del ranked[limit:]
    shown = sorted([(span[0], weight, seen, span) for weight, _, seen, span in ranked])
    return tuple([Evidence(s[0], s[1], original[s[0] : s[1]], s[2]) for _, _, _, s in shown])
