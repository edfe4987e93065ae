"""Quality gate on the labelled passages (tests/fixtures/labelled), beside the naive rule."""

from __future__ import annotations

from monitor.matching import load_ruleset
from tests.support.matching_quality import (
    load_items,
    matcher_decision,
    meeting_accuracy,
    naive_decision,
    score,
)


def test_labelled_set_is_as_described() -> None:
    items = load_items()
    ruleset = load_ruleset()
    ids = {d.id for d in ruleset.catalogue.active_dialogues()}
    assert len(items) >= 60
    assert len({i["id"] for i in items}) == len(items)
    negatives = [i for i in items if not i["relevant"]]
    assert len(negatives) * 3 >= len(items)
    for ident in ids:
        assert sum(ident in i["relevant"] for i in items) >= 2, ident
    assert {i["lang"] for i in items} >= {"vi", "th", "ja", "ko", "zh", "id"}
    for item in items:
        assert item["url"].startswith("http")
        assert set(item["relevant"]) <= ids
        for meeting in item["meetings"]:
            assert meeting["dialogue"] in ids


def test_quality_gate_against_the_naive_keyword_rule() -> None:
    ruleset = load_ruleset()
    items = load_items()
    dialogues = [d.id for d in ruleset.catalogue.active_dialogues()]
    ours, mistakes = score(items, matcher_decision(ruleset), dialogues)
    naive, _ = score(items, naive_decision(ruleset), dialogues)
    right, total, meeting_mistakes = meeting_accuracy(items, ruleset)
    print()
    print(ours.line("matcher"))
    print(naive.line("naive 'ASEAN' AND partner"))
    print(f"meetings: {right}/{total} ({right / total:.3f})")
    print("\n".join(mistakes + meeting_mistakes))
    assert ours.precision >= 0.95, mistakes
    assert ours.recall >= 0.90, mistakes
    assert right / total >= 0.90, meeting_mistakes
    assert ours.precision > naive.precision
