"""The safeguard on ``link_pattern`` at load time: a pattern that repeats a repeat is refused.

A nested quantifier such as ``(a+)+`` or ``(/\\w+)*`` lets a backtracking engine split the
same text in exponentially many ways, so one unlucky URL can hold the daemon for minutes
("catastrophic backtracking").  The check is structural (Python's own regex parser), so it
refuses some harmless patterns too; each has an equivalent without the nesting (``[/\\w-]+``
for ``(/[\\w-]+)+``).  Bounded nestings such as ``(\\d{1,3}\\.){3}`` are allowed: they cannot
grow with the URL.  Patterns that pass still run under a time budget on every page
(:func:`monitor.feeds.listing.parse_listing`), for the slow patterns no structural check sees
(overlapping alternatives such as ``(a|ab)+$``).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["nested_quantifier"]

_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

_BACKTRACKING_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)
_UNBOUNDED = _constants.MAXREPEAT


def nested_quantifier(pattern: str) -> str | None:
    """Why ``pattern`` is refused (a sentence), or None when it has no nested quantifier.

    Refused: a repeat that may match more than once (``*``, ``+``, ``{2,}``, ``{1,5}`` …)
    inside another such repeat, when either of the two is unbounded.  Possessive repeats and
    atomic groups do not backtrack and are not looked into.  ``pattern`` must compile.
    """
    found = _walk(_parser.parse(pattern), outer=None)
    if found is None:
        return None
    outer, inner = found
    return (
        f"nested quantifiers: a group repeated with {_describe(outer)} contains a repeat "
        f"({_describe(inner)}); as in (a+)+ or (/\\w+)*, that can take exponential time on "
        "some URLs (catastrophic backtracking). Repeat once instead, e.g. [/\\w-]+ rather "
        "than (/[\\w-]+)+"
    )


Bounds = tuple[int, int]


def _walk(items: Any, outer: Bounds | None) -> tuple[Bounds, Bounds] | None:
    for op, av in items:
        found = _visit(op, av, outer)
        if found is not None:
            return found
    return None


def _visit(op: Any, av: Any, outer: Bounds | None) -> tuple[Bounds, Bounds] | None:
    if op in _BACKTRACKING_REPEATS:
        low, high, body = av
        bounds = (int(low), int(high))
        if high > 1 and outer is not None and _UNBOUNDED in (high, outer[1]):
            return outer, bounds
        return _walk(body, bounds if high > 1 else outer)
    if op is _constants.SUBPATTERN:
        return _walk(av[-1], outer)
    if op is _constants.BRANCH:
        for branch in av[1]:
            found = _walk(branch, outer)
            if found is not None:
                return found
        return None
    if op in (_constants.ASSERT, _constants.ASSERT_NOT):
        return _walk(av[1], outer)
    if op is _constants.GROUPREF_EXISTS:
        _, yes, no = av
        return _walk(yes, outer) or (_walk(no, outer) if no is not None else None)
    return None  # literals, sets, anchors; possessive repeats and atomic groups never backtrack


def _describe(bounds: Bounds) -> str:
    low, high = bounds
    if high == _UNBOUNDED:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"
