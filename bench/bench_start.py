"""Benchmark of the command's start: ``asean-monitor --help`` and ``asean-monitor
check-config`` beside ``python -c pass``, measured in the same run.

    python -m bench.bench_start        # or python bench/bench_start.py: JSON lines on stdout,
                                       # the machine and the bars on stderr

Each line is ``{"name", "value", "unit", "baseline", "ratio"}``; ``ratio = value / baseline``,
the baseline being ``python -c pass`` (the interpreter's own start, the floor) in the same
run.  A line that carries a bar also has ``"bar"`` and ``"holds"``.  Each command runs
``--repeats`` times, the three interleaved so that load on the machine falls on all alike:

- ``*.wall_median``: the median wall-clock time of a run (what a person waits);
- ``*.cpu_best``: the least CPU time (user + system) of a run (what the start costs, the
  least disturbed by other work on a shared machine).

The bar: each command starts in under 0.5 s of wall-clock time (the median), and ``--help``
imports none of SQLAlchemy, FastAPI, trafilatura, Apprise or the matcher
(``tests/cli/test_start.py``).  ``check-config`` reads the repository's ``sources.yaml``.

The commands run as an installed package does, from compiled bytecode: the first, unmeasured
run of each writes it (``PYTHONDONTWRITEBYTECODE`` is dropped from the children's
environment; a checkout run with it set compiles every module of its own at each start).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BAR_SECONDS = 0.5


def command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m monitor``."""
    script = Path(sys.executable).with_name("asean-monitor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "monitor"]


def cases() -> dict[str, list[str]]:
    return {
        "python_pass": [sys.executable, "-c", "pass"],
        "help": [*command(), "--help"],
        "check_config": [*command(), "check-config", "--sources", str(ROOT / "sources.yaml")],
    }


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(repeats: int) -> dict[str, tuple[float, float]]:
    """Each case's median wall time and best CPU time, the cases interleaved."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MONITOR_") and k != "PYTHONDONTWRITEBYTECODE"}  # fmt: skip
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases()}
    for argv in cases().values():  # warm the file cache and write bytecode: not measured
        run_once(argv, env)
    for _ in range(repeats):
        for name, argv in cases().items():
            runs[name].append(run_once(argv, env))
    return {
        name: (statistics.median(w for w, _ in got), min(c for _, c in got))
        for name, got in runs.items()
    }


def line(name: str, value: float, baseline: float, bar: float | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": name,
        "value": round(value, 4),
        "unit": "s",
        "baseline": round(baseline, 4),
        "ratio": round(value / baseline, 2) if baseline else None,
    }
    if bar is not None:
        row.update(bar=bar, holds=value < bar)
    return row


def rows(results: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    base_wall, base_cpu = results["python_pass"]
    found = []
    for name in ("help", "check_config"):
        wall, cpu = results[name]
        found.append(line(f"start.{name}.wall_median", wall, base_wall, BAR_SECONDS))
        found.append(line(f"start.{name}.cpu_best", cpu, base_cpu))
    return found


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{cpu}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"{platform.platform()}; load {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="runs of each command")
    args = parser.parse_args()
    print(f"# {machine()}", file=sys.stderr)
    print(f"# {' '.join(command())}", file=sys.stderr)
    for row in rows(measure(args.repeats)):
        print(json.dumps(row))
        if "bar" in row:
            verdict = "holds" if row["holds"] else "MISSED"
            print(f"# {row['name']}: {row['value']} s, bar < {row['bar']} s: {verdict}",
                  file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
