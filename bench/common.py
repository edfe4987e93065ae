"""Shared helpers for benchmarks: timing and the JSON-lines figure format."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any]) -> float:
    """Seconds taken by one call (best of one: the workloads are large enough)."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def emit(name: str, value: float, unit: str, baseline: float, **extra: Any) -> dict[str, Any]:
    """Print one figure: ``ratio`` is ours over the baseline measured in the same run."""
    record = {
        "name": name,
        "value": round(value, 1),
        "unit": unit,
        "baseline": round(baseline, 1),
        "ratio": round(value / baseline, 3) if baseline else None,
        **extra,
    }
    print(json.dumps(record), flush=True)
    return record
