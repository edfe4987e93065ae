"""Scoring the matcher (and the naive keyword rule) on the labelled passages.

Run ``python -m tests.matching.quality`` (or ``python -m tests.support.matching_quality``) to
print the figures quoted in docs/matching.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from monitor.matching import Ruleset, judge, judged_text, load_ruleset
from monitor.matching.normalise import fold

LABELLED = Path(__file__).resolve().parent.parent / "fixtures" / "labelled" / "items.yaml"


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name}: precision {self.precision:.3f} recall {self.recall:.3f} "
            f"(tp {self.tp} fp {self.fp} fn {self.fn} tn {self.tn})"
        )


def load_items() -> list[dict[str, Any]]:
    items = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return items


def score(
    items: Iterable[dict[str, Any]],
    decide: Callable[[dict[str, Any]], set[str]],
    dialogues: list[str],
) -> tuple[Scores, list[str]]:
    tp = fp = fn = tn = 0
    mistakes: list[str] = []
    for item in items:
        said, truth = decide(item), set(item["relevant"])
        for ident in dialogues:
            hit, real = ident in said, ident in truth
            tp, fp, fn, tn = (
                tp + (hit and real),
                fp + (hit and not real),
                fn + (real and not hit),
                tn + (not hit and not real),
            )
            if hit != real:
                mistakes.append(f"{item['id']}: {ident} {'FP' if hit else 'FN'}")
    return Scores(tp, fp, fn, tn), mistakes


def matcher_decision(ruleset: Ruleset) -> Callable[[dict[str, Any]], set[str]]:
    def decide(item: dict[str, Any]) -> set[str]:
        j = judge(item["text"], ruleset, title=item["title"])
        return {d.id for d in j.relevant_dialogues()}

    return decide


def naive_decision(ruleset: Ruleset) -> Callable[[dict[str, Any]], set[str]]:
    """The keyword rule of alert services: "ASEAN" (any name of it) AND the partner's name
    (any alias, as a case-insensitive substring; for a mechanism, its name)."""
    catalogue = ruleset.catalogue
    bloc = [fold(a).text for a in catalogue.bloc]
    names = {
        d.id: [fold(a).text for a in (*d.aliases, *d.exact_aliases, *d.compounds)]
        for d in catalogue.active_dialogues()
    }

    def decide(item: dict[str, Any]) -> set[str]:
        text = fold(judged_text(item["text"], item["title"])).text
        if not any(b in text for b in bloc):
            return set()
        return {ident for ident, aliases in names.items() if any(a in text for a in aliases)}

    return decide


def meeting_accuracy(
    items: Iterable[dict[str, Any]], ruleset: Ruleset
) -> tuple[int, int, list[str]]:
    right = total = 0
    mistakes: list[str] = []
    for item in items:
        expected = {(m["dialogue"], m["mechanism"], m["ordinal"]) for m in item["meetings"]}
        if not expected:
            continue
        total += 1
        j = judge(item["text"], ruleset, title=item["title"])
        found = {(m.dialogue, m.mechanism, m.ordinal) for m in j.meetings}
        if expected <= found:
            right += 1
        else:
            mistakes.append(
                f"{item['id']}: expected {sorted(expected - found, key=str)} "
                f"found {sorted(found, key=str)}"
            )
    return right, total, mistakes


def report() -> list[str]:
    ruleset = load_ruleset()
    items = load_items()
    dialogues = [d.id for d in ruleset.catalogue.active_dialogues()]
    ours, ours_mistakes = score(items, matcher_decision(ruleset), dialogues)
    naive, _ = score(items, naive_decision(ruleset), dialogues)
    right, total, meeting_mistakes = meeting_accuracy(items, ruleset)
    return [
        f"items {len(items)}, pairs {len(items) * len(dialogues)}",
        ours.line("matcher"),
        naive.line("naive 'ASEAN' AND partner"),
        f"meetings: {right}/{total} items right ({right / total:.3f})",
        *ours_mistakes,
        *meeting_mistakes,
    ]


if __name__ == "__main__":
    print("\n".join(report()))
