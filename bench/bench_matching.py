"""Benchmark of the matching core: throughput, cost against the number of aliases, and a loop
of compiled regexes over the same aliases in the same run.

    python bench/bench_matching.py            # JSON lines on stdout, the machine on stderr

Each line is ``{"name", "value", "unit", "baseline", "ratio"}``; ``ratio = value / baseline``.
Times are CPU time (``time.process_time``), the best of several repeats, so that other work
on the machine disturbs them less.  The text is real: the five seed articles and the 83
labelled passages (tests/fixtures), both dense with ASEAN names (a worst case: every name is a
hit to check, and the cost is per hit).  Throughput is given for the articles and for the
short passages apart (a short text pays the fixed cost of a call more).  "scan" is folding
plus both automata, boundary checks and overlaps; "judge" the whole judgement.
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

from monitor.matching import judge, judged_text, load_ruleset
from monitor.matching.automaton import Scanner, Term
from monitor.matching.normalise import fold, fold_term

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TARGET_MB_S = 20.0
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


def throughput(name: str, texts: list[str], work: Callable[[str], object]) -> dict[str, Any]:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    seconds = best_seconds(lambda: [work(t) for t in texts])
    return line(name, megabytes / seconds, "MB/s", TARGET_MB_S)


def run() -> list[dict[str, Any]]:
    ruleset = load_ruleset()
    texts = corpus()

    def scan(text: str) -> object:
        return ruleset.scanner.scan(fold(text))

    def judgement(text: str) -> object:
        return judge(text, ruleset)

    matching = real_aliases(50)
    many_aliases = matching + synthetic_aliases(4950)
    few = automaton_seconds(matching, texts)
    many = automaton_seconds(many_aliases, texts)
    regex_few = regex_loop_seconds(matching, texts)
    regex_many = regex_loop_seconds(many_aliases, texts)
    return [
        throughput("scan_throughput_articles", articles(), scan),
        throughput("scan_throughput_snippets", snippets(), scan),
        throughput("judge_throughput_articles", articles(), judgement),
        throughput("judge_throughput_snippets", snippets(), judgement),
        line("automaton_scan_50_aliases", few * 1000, "ms", few * 1000),
        line("automaton_scan_5000_aliases", many * 1000, "ms", few * 1000),
        line("alias_cost_5000_vs_50", many / few, "x", TARGET_SCALING),
        line("regex_loop_50_aliases", regex_few * 1000, "ms", few * 1000),
        line("regex_loop_5000_aliases", regex_many * 1000, "ms", many * 1000),
    ]


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
    print(f"# {machine()}", file=sys.stderr)
    for row in run():
        print(json.dumps(row))


if __name__ == "__main__":
    main()
