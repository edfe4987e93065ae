"""The second labeller's primary topics: development items only, valid ids, and the report."""

from __future__ import annotations

from monitor.matching import load_ruleset
from tests.support.article_quality import load_articles, load_split
from tests.support.label_agreement import agreement, load_second, report


def test_the_second_labels_are_of_development_items_with_known_topics() -> None:
    second = load_second()
    test, _ = load_split()
    known = {item["id"] for item in load_articles()}
    topics = {t.id for t in load_ruleset().catalogue.active_topics()}
    assert len(second) == 60
    assert second.keys() <= known - test
    assert all(set(labels) <= topics and len(labels) <= 4 for labels in second.values())


def test_agreement_scores_one_set_of_labels_against_another() -> None:
    scores = agreement({"a": ["x", "y"], "b": []}, {"a": ["x"], "b": ["z"]})
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 1)


def test_the_report_says_how_far_the_labellers_agree() -> None:
    lines = report()
    assert lines[0].startswith("items: 60;")
    assert "second labels against the first: precision" in lines[1]
    assert lines[-1].startswith("items where both labellers agree exactly:")
