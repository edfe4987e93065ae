"""The labellers' primary topics: whole labellings, valid ids, and the report."""

from __future__ import annotations

from monitor.matching import load_ruleset
from tests.support.article_quality import load_added, load_articles, load_split
from tests.support.label_agreement import AGREEMENT, agreement, load_labels, load_second, report


def test_the_second_labels_are_of_development_items_with_known_topics() -> None:
    second = load_second()
    test, _ = load_split()
    known = {item["id"] for item in load_articles()}
    topics = {t.id for t in load_ruleset().catalogue.active_topics()}
    assert len(second) == 60
    assert second.keys() <= known - test
    assert all(set(labels) <= topics and len(labels) <= 4 for labels in second.values())


def test_every_item_was_labelled_twice_and_the_labels_are_the_agreed_or_decided_ones() -> None:
    items = {item["id"]: set(item["topics"]) for item in load_articles()}
    a, b = load_labels(AGREEMENT / "topics-a.yaml"), load_labels(AGREEMENT / "topics-b.yaml")
    decided = load_labels(AGREEMENT / "adjudicated.yaml")
    topics = {t.id for t in load_ruleset().catalogue.active_topics()}
    first = load_labels(AGREEMENT / "topics-first.yaml")
    test, moved = load_split()
    assert a.keys() == b.keys() == items.keys()
    # The earlier labels cover every item but those that came in after R6 was made precise
    # (test items that replaced moved ones, some moved since, and development items added:
    # split.yaml).
    added = load_added()
    assert first.keys() <= items.keys()
    assert items.keys() - first.keys() <= test | moved | added
    assert not added & test
    assert decided.keys() == {i for i in items if set(a[i]) != set(b[i])}
    for ident, labels in items.items():
        assert labels == set(decided.get(ident, a[ident])), ident
        assert labels <= topics, ident
        assert len(labels) <= 4, ident


def test_agreement_scores_one_set_of_labels_against_another() -> None:
    scores = agreement({"a": ["x", "y"], "b": []}, {"a": ["x"], "b": ["z"]})
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 1)


def test_the_report_says_how_far_the_labellers_agree() -> None:
    lines = report()
    assert lines[0].startswith(f"R6 made precise: items: {len(load_articles())};")
    assert "labeller A against labeller B: precision" in lines[1]
    assert "matcher against the labels, development part" in lines[3]
    assert lines[4].startswith("R6 as first written: items: 60;")
    assert lines[-1].startswith("items where both labellers agree exactly:")
