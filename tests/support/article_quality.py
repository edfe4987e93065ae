"""Scoring the matcher (and the keyword rule) on the labelled whole-article excerpts, with the
development and the frozen test part reported apart.

``python -m tests.support.article_quality`` prints the figures; misses are listed for the
development part only (a test item whose miss is read moves to development: split.yaml).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from monitor.matching import Ruleset, judge, load_ruleset
from tests.support.matching_quality import Scores, naive_decision, score

LABELLED = Path(__file__).resolve().parent.parent / "fixtures" / "labelled"
ARTICLES = LABELLED / "articles"
SPLIT = LABELLED / "split.yaml"
NEGATIVE_KINDS = frozenset(
    {"passing-mention", "sidelines-bilateral", "other-grouping", "asean-only", "other-forum",
     "sports", "currency"}
)  # fmt: skip


def load_articles() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in sorted(ARTICLES.glob("*.yaml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(part, list), path
        items += [{**item, "file": path.name} for item in part]
    return items


def load_split() -> tuple[set[str], set[str]]:
    """(the frozen test ids, the ids moved from test to development)."""
    split = yaml.safe_load(SPLIT.read_text(encoding="utf-8"))
    moved = set(split.get("moved") or ())
    return set(split["test"]) - moved, moved


def load_added() -> set[str]:
    """The development items added after the split was made (never test items)."""
    split = yaml.safe_load(SPLIT.read_text(encoding="utf-8"))
    return set(split.get("added") or ())


def parts(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    test, _ = load_split()
    return {
        "development": [i for i in items if i["id"] not in test],
        "test": [i for i in items if i["id"] in test],
    }


@dataclass(frozen=True)
class Figures:
    pairs: Scores
    relevance: Scores
    meetings: tuple[int, int]
    topics: Scores

    def lines(self, name: str) -> list[str]:
        right, total = self.meetings
        f1 = _f1(self.relevance)
        return [
            self.pairs.line(f"{name}: (item, dialogue)"),
            f"{name}: relevance F1 {f1:.3f} ({self.relevance.line('items')})",
            f"{name}: meetings right in {right}/{total} items stating one"
            + (f" ({right / total:.3f})" if total else ""),
            self.topics.line(f"{name}: primary topics"),
        ]


def _f1(s: Scores) -> float:
    p, r = s.precision, s.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def measure(items: list[dict[str, Any]], ruleset: Ruleset, misses: list[str] | None) -> Figures:
    """The matcher's figures on ``items``; misses appended to ``misses`` when given."""
    dialogues = [d.id for d in ruleset.catalogue.active_dialogues()]
    judged = {i["id"]: judge(i["text"], ruleset, title=i.get("title")) for i in items}
    pairs, wrong = score(items, lambda i: {d.id for d in judged[i["id"]].relevant_dialogues()},
                         dialogues)  # fmt: skip
    relevance = _relevance(items, judged)
    meetings = _meetings(items, judged, wrong)
    topics = _topics(items, judged, wrong)
    if misses is not None:
        misses += wrong
    return Figures(pairs, relevance, meetings, topics)


def _relevance(items: Iterable[dict[str, Any]], judged: dict[str, Any]) -> Scores:
    """Item level: relevant to some dialogue or to none."""
    tp = fp = fn = tn = 0
    for item in items:
        hit, real = bool(judged[item["id"]].relevant_dialogues()), bool(item["relevant"])
        tp, fp = tp + (hit and real), fp + (hit and not real)
        fn, tn = fn + (real and not hit), tn + (not hit and not real)
    return Scores(tp, fp, fn, tn)


def _meetings(
    items: Iterable[dict[str, Any]], judged: dict[str, Any], wrong: list[str]
) -> tuple[int, int]:
    right = total = 0
    for item in items:
        expected = {(m["dialogue"], m["mechanism"], m["ordinal"]) for m in item["meetings"]}
        if not expected:
            continue
        total += 1
        found = {(m.dialogue, m.mechanism, m.ordinal) for m in judged[item["id"]].meetings}
        if expected <= found:
            right += 1
        else:
            wrong.append(f"{item['id']}: meetings expected {sorted(expected - found, key=str)}")
    return right, total


def _topics(items: Iterable[dict[str, Any]], judged: dict[str, Any], wrong: list[str]) -> Scores:
    """The matcher's primary topics against the labelled primary ones."""
    tp = fp = fn = 0
    for item in items:
        said = {t.id for t in judged[item["id"]].topics if t.primary}
        truth = set(item.get("topics") or ())
        tp, fp, fn = tp + len(said & truth), fp + len(said - truth), fn + len(truth - said)
        if said != truth and "topics" in item:
            wrong.append(f"{item['id']}: primary topics said {sorted(said)}, not {sorted(truth)}")
    return Scores(tp, fp, fn, 0)


def report(show_misses: bool = True) -> list[str]:
    ruleset = load_ruleset()
    items = load_articles()
    dialogues = [d.id for d in ruleset.catalogue.active_dialogues()]
    lines = [f"whole-article set: {len(items)} items, {len(dialogues)} dialogues"]
    misses: list[str] = []
    for name, part in parts(items).items():
        lines.append(f"-- {name} part: {len(part)} items")
        lines += measure(part, ruleset, misses if name == "development" else None).lines("matcher")
        naive, _ = score(part, naive_decision(ruleset), dialogues)
        lines.append(naive.line("keyword rule: (item, dialogue)"))
    if show_misses:
        lines += ["-- development misses", *misses]
    return lines


if __name__ == "__main__":
    print("\n".join(report(show_misses="--quiet" not in sys.argv)))
