"""How far two labellers agree on primary topics, beside the matcher (development items only).

``python -m tests.support.label_agreement`` prints, on the items that a second labeller
labelled blind (``tests/fixtures/labelled/agreement/topics-second.yaml``), the second labels
scored against the first as if they were a matcher's, the matcher against each, and the items
on which the two labellers agree exactly.  A bar set on the first labels means little above
what a second careful reader, given the same written rule, reaches on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from monitor.matching import judge, load_ruleset
from tests.support.article_quality import LABELLED, load_articles, load_split
from tests.support.matching_quality import Scores

SECOND = LABELLED / "agreement" / "topics-second.yaml"


def load_second(path: Path = SECOND) -> dict[str, list[str]]:
    second = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(second, dict), path
    return {str(ident): list(topics or ()) for ident, topics in second.items()}


def agreement(said: Mapping[str, Sequence[str]], truth: Mapping[str, Sequence[str]]) -> Scores:
    """``said`` scored against ``truth`` over the ids of ``truth``, as a matcher's topics are."""
    tp = fp = fn = 0
    for ident, topics in truth.items():
        have, want = set(said.get(ident, ())), set(topics)
        tp, fp, fn = tp + len(have & want), fp + len(have - want), fn + len(want - have)
    return Scores(tp, fp, fn, 0)


def report() -> list[str]:
    second = load_second()
    test, _ = load_split()
    assert not test & second.keys(), "the second labels are of development items only"
    items = {item["id"]: item for item in load_articles() if item["id"] in second}
    first = {ident: list(items[ident].get("topics") or ()) for ident in second}
    ruleset = load_ruleset()
    matcher = {
        ident: [t.id for t in judge(item["text"], ruleset, title=item.get("title")).topics
                if t.primary]
        for ident, item in items.items()
    }  # fmt: skip
    same = sum(1 for ident in second if set(second[ident]) == set(first[ident]))
    return [
        f"items: {len(second)}; primary topics: first labels {sum(map(len, first.values()))}, "
        f"second labels {sum(map(len, second.values()))}",
        agreement(second, first).line("second labels against the first"),
        agreement(matcher, first).line("matcher against the first labels"),
        agreement(matcher, second).line("matcher against the second labels"),
        f"items where both labellers agree exactly: {same}/{len(second)}",
    ]


if __name__ == "__main__":
    print("\n".join(report()))
