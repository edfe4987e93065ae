"""Benchmark of the matching core against its bars, in one run: the scan's throughput, its
cost against the number of aliases, and judging an article against extracting it.

    python -m bench.bench_matching     # or python bench/bench_matching.py: JSON lines on stdout,
                                       # the machine and the bars on stderr

Each line is ``{"name", "value", "unit", "baseline", "ratio"}``; ``ratio = value / baseline``.
A line that carries a bar also has ``"bar"`` and ``"holds"``.  Times are CPU time
(``time.process_time``), the best of several repeats, so that other work on the machine
disturbs them less.  The bars:

- the scan (folding plus both automata, boundary checks and overlaps) at 20 MB/s or more on
  the five seed articles;
- the scan with 5,000 aliases at most 1.5x the scan with 50 (beside it, a loop of compiled
  regexes over the same aliases in the same run);
- judging an article at most 10 % of extracting it, on the feed farm's realistic pages
  (:mod:`bench.bench_judging`).

The text of the scan is real: the five seed articles and the 83 labelled passages
(tests/fixtures), both dense with ASEAN names (a worst case: every name is a hit to check, and
the cost is per hit); the passages (a short text pays the fixed cost of a call more) are shown
beside the bar, not held to it.  The full judgement's throughput on the same texts is shown
against the scan's, measured in the same run: it has no bar of its own.
"""

from __future__ import annotations

import json
import platform
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from monitor.matching import Ruleset, judge, judged_text, load_ruleset
from monitor.matching.automaton import Scanner, Term
from monitor.matching.normalise import fold, fold_term

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TARGET_MB_S = 20.0
"""The bar of the scan on the seed articles."""
TARGET_SCALING = 1.5
REPEATS = 7


def articles() -> list[str]:
    """The five seed articles: whole articles as the pipeline judges them (4-14 kB each)."""
    return [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*.txt"))]


def snippets() -> list[str]:
    """The 83 labelled passages (headline and lead, about 400 bytes each, 13 not in English)."""
    items = yaml.safe_load((FIXTURES / "labelled" / "items.yaml").read_text(encoding="utf-8"))
    return [judged_text(item["text"], item["title"]) for item in items]


def corpus() -> list[str]:
    return articles() + snippets()


def best_seconds(work: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return best


def line(name: str, value: float, unit: str, baseline: float) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": baseline,
        "ratio": round(value / baseline, 4),
    }


def synthetic_aliases(count: int, seed: int = 4) -> list[str]:
    """Names that never occur in the corpus (letters drawn from a fixed seed)."""
    rng = random.Random(seed)
    letters = "bcdfghjklmnpqrstvwxz"
    return [
        " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
            for _ in range(rng.randint(1, 3))
        )
        for _ in range(count)
    ]


def real_aliases(count: int) -> list[str]:
    """The first ``count`` bloc and partner names of the shipped catalogue (they do occur)."""
    catalogue = load_ruleset().catalogue
    names = list(catalogue.bloc)
    for dialogue in catalogue.dialogues:
        names.extend(dialogue.aliases)
    return names[:count]


def automaton_seconds(aliases: list[str], texts: list[str]) -> float:
    scanner = Scanner((a, Term("partner", "x")) for a in aliases)
    folded = [fold(t) for t in texts]
    return best_seconds(lambda: [scanner.scan(f) for f in folded])


def regex_loop_seconds(aliases: list[str], texts: list[str]) -> float:
    patterns = [re.compile(rf"(?<!\w){re.escape(fold_term(a))}(?!\w)") for a in aliases]
    folded = [fold(t).text for t in texts]

    def loop() -> int:
        found = 0
        for text in folded:
            for pattern in patterns:
                for _ in pattern.finditer(text):
                    found += 1
        return found

    return best_seconds(loop, repeats=3)


def megabytes_per_second(texts: list[str], work: Callable[[str], object]) -> float:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return megabytes / best_seconds(lambda: [work(t) for t in texts])


def with_bar(row: dict[str, Any], bar: str, holds: bool) -> dict[str, Any]:
    return {**row, "bar": bar, "holds": holds}


def throughputs(ruleset: Ruleset) -> list[dict[str, Any]]:
    """The scan against its bar (articles) and the full judgement against the scan."""

    def scan(text: str) -> object:
        return ruleset.scanner.scan(fold(text))

    def judgement(text: str) -> object:
        return judge(text, ruleset)

    scan_articles = megabytes_per_second(articles(), scan)
    scan_snippets = megabytes_per_second(snippets(), scan)
    return [
        with_bar(
            line("scan_throughput_articles", scan_articles, "MB/s", TARGET_MB_S),
            f">= {TARGET_MB_S} MB/s",
            scan_articles >= TARGET_MB_S,
        ),
        line("scan_throughput_snippets", scan_snippets, "MB/s", TARGET_MB_S),
        line(
            "judge_throughput_articles",
            megabytes_per_second(articles(), judgement),
            "MB/s",
            round(scan_articles, 4),
        ),
        line(
            "judge_throughput_snippets",
            megabytes_per_second(snippets(), judgement),
            "MB/s",
            round(scan_snippets, 4),
        ),
    ]


def scaling() -> list[dict[str, Any]]:
    """The automaton with 50 and with 5,000 aliases, and the regex loop over the same."""
    texts = corpus()
    matching = real_aliases(50)
    many_aliases = matching + synthetic_aliases(4950)
    few = automaton_seconds(matching, texts)
    many = automaton_seconds(many_aliases, texts)
    regex_few = regex_loop_seconds(matching, texts)
    regex_many = regex_loop_seconds(many_aliases, texts)
    return [
        line("automaton_scan_50_aliases", few * 1000, "ms", few * 1000),
        line("automaton_scan_5000_aliases", many * 1000, "ms", few * 1000),
        with_bar(
            line("alias_cost_5000_vs_50", many / few, "x", TARGET_SCALING),
            f"<= {TARGET_SCALING}x",
            many / few <= TARGET_SCALING,
        ),
        line("regex_loop_50_aliases", regex_few * 1000, "ms", few * 1000),
        line("regex_loop_5000_aliases", regex_many * 1000, "ms", many * 1000),
    ]


def run() -> list[dict[str, Any]]:
    from bench import bench_judging  # here: main() makes ``bench`` importable from a script

    return [*throughputs(load_ruleset()), *scaling(), *bench_judging.run()]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}; Python {platform.python_version()}; {platform.platform()}"


def main() -> None:
    if str(ROOT) not in sys.path:  # run as a script: python bench/bench_matching.py
        sys.path.insert(0, str(ROOT))
    print(f"# {machine()}", file=sys.stderr)
    rows = run()
    for row in rows:
        print(json.dumps(row))
    for row in rows:
        if "holds" in row:
            verdict = "holds" if row["holds"] else "does not hold"
            print(
                f"# {row['name']} = {row['value']} {row['unit']}: bar {row['bar']} {verdict}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    main()
