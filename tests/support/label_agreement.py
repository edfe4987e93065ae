"""How far labellers agree on primary topics, beside the matcher.

``python -m tests.support.label_agreement`` prints two studies (``tests/fixtures/labelled/
agreement/``):

* R6 as first written ("in the title or the lead, or a main theme of the body"): a second
  labeller's topics for 60 development items (``topics-second.yaml``) scored against the first
  labels (``topics-first.yaml``) as if they were a matcher's;
* R6 made precise (README.md): every item labelled by two labellers blind to each other, to the
  earlier labels and to the matcher (``topics-a.yaml``, ``topics-b.yaml``), A scored against B,
  the items they label alike, and how many a third decided (``adjudicated.yaml``).

The matcher is shown against the labels of development items only (the test part is read by
the gate alone).  A bar means little above what two careful readers reach with the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from monitor.matching import judge, load_ruleset
from tests.support.article_quality import LABELLED, load_articles, load_split
from tests.support.matching_quality import Scores

AGREEMENT = LABELLED / "agreement"
SECOND = AGREEMENT / "topics-second.yaml"
FIRST = AGREEMENT / "topics-first.yaml"


def load_labels(path: Path) -> dict[str, list[str]]:
    """A labelling: item id → topics."""
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(labels, dict), path
    return {str(ident): list(topics or ()) for ident, topics in labels.items()}


def load_second(path: Path = SECOND) -> dict[str, list[str]]:
    return load_labels(path)


def agreement(said: Mapping[str, Sequence[str]], truth: Mapping[str, Sequence[str]]) -> Scores:
    """``said`` scored against ``truth`` over the ids of ``truth``, as a matcher's topics are."""
    tp = fp = fn = 0
    for ident, topics in truth.items():
        have, want = set(said.get(ident, ())), set(topics)
        tp, fp, fn = tp + len(have & want), fp + len(have - want), fn + len(want - have)
    return Scores(tp, fp, fn, 0)


def alike(one: Mapping[str, Sequence[str]], other: Mapping[str, Sequence[str]]) -> int:
    return sum(1 for ident in other if set(one.get(ident, ())) == set(other[ident]))


def first_study() -> list[str]:
    second, first_all = load_second(), load_labels(FIRST)
    test, _ = load_split()
    assert not test & second.keys(), "the second labels are of development items only"
    first = {ident: first_all[ident] for ident in second}
    return [
        f"R6 as first written: items: {len(second)}; primary topics: first labels "
        f"{sum(map(len, first.values()))}, second labels {sum(map(len, second.values()))}",
        agreement(second, first).line("second labels against the first"),
        f"items where both labellers agree exactly: {alike(second, first)}/{len(second)}",
    ]


def precise_study() -> list[str]:
    a, b = load_labels(AGREEMENT / "topics-a.yaml"), load_labels(AGREEMENT / "topics-b.yaml")
    decided = load_labels(AGREEMENT / "adjudicated.yaml")
    items = {item["id"]: item for item in load_articles()}
    test, _ = load_split()
    development = [ident for ident in items if ident not in test]
    ruleset = load_ruleset()
    matcher = {
        ident: [t.id for t in judge(items[ident]["text"], ruleset,
                                    title=items[ident].get("title")).topics if t.primary]
        for ident in development
    }  # fmt: skip
    final = {ident: list(items[ident].get("topics") or ()) for ident in development}
    return [
        f"R6 made precise: items: {len(b)}; primary topics: A {sum(map(len, a.values()))}, "
        f"B {sum(map(len, b.values()))}; decided by a third: {len(decided)}",
        agreement(a, b).line("labeller A against labeller B"),
        f"items where both labellers agree exactly: {alike(a, b)}/{len(b)}",
        agreement(matcher, final).line("matcher against the labels, development part"),
    ]


def report() -> list[str]:
    return [*precise_study(), *first_study()]


if __name__ == "__main__":
    print("\n".join(report()))
