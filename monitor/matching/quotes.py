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


class Earliest:
    """:func:`earliest` of each dialogue's own spans followed by spans every dialogue shares
    (the text's counter terms), the shared ones deduplicated and sorted once per text, not
    once per dialogue."""

    def __init__(self, original: str, shared: list[Span], limit: int) -> None:
        self._original = original
        self._limit = limit
        unique = sorted({(s[0], s[1]): s for s in reversed(shared)}.values())
        self._shared = unique[:limit] if limit >= 0 else unique  # (a limit below 0 cuts late)
        self._alone = earliest(original, self._shared, limit)  # for a dialogue with none

    def of(self, own: list[Span]) -> tuple[Evidence, ...]:
        """What ``earliest(original, own + shared, limit)`` gives: a span of ``own`` keeps
        its kind; the shared spans past the first ``limit`` can never be among the first."""
        if not own:
            return self._alone
        merged = {(s[0], s[1]): s for s in self._shared}
        merged.update({(s[0], s[1]): s for s in reversed(own)})
        unique = sorted(merged.values())[: self._limit]
        original = self._original
        return tuple([Evidence(s[0], s[1], original[s[0] : s[1]], s[2]) for s in unique])


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
