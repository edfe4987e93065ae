"""The whole-article labelled set (tests/fixtures/labelled/articles/) is as its README says:
well-formed labels in the catalogue's vocabulary, the composition the figures rely on, and a
frozen test part that names real items."""

from __future__ import annotations

import re
from collections import Counter

from monitor.matching import load_ruleset
from monitor.matching.mechanisms import MECHANISMS
from tests.support.article_quality import (
    NEGATIVE_KINDS,
    load_added,
    load_articles,
    load_split,
    parts,
)

FIELDS = {"id", "url", "lang", "title", "text", "relevant", "meetings", "topics", "negative"}


def test_every_item_is_well_formed_in_the_catalogue_s_vocabulary() -> None:
    ruleset = load_ruleset()
    dialogues = {d.id for d in ruleset.catalogue.active_dialogues()}
    topics = {t.id for t in ruleset.catalogue.active_topics()}
    items = load_articles()
    assert len({i["id"] for i in items}) == len(items)
    assert len({i["url"] for i in items}) == len(items)
    for item in items:
        where = f"{item['file']}: {item['id']}"
        assert set(item) >= FIELDS, where
        assert re.fullmatch(r"https?://\S+", item["url"]), where
        assert re.fullmatch(r"[a-z]{2}", item["lang"]), where
        assert item["text"].strip(), where
        assert set(item["relevant"]) <= dialogues, where
        assert set(item["topics"]) <= topics, where
        assert len(item["topics"]) <= 4, where
        assert item["negative"] is None or item["negative"] in NEGATIVE_KINDS, where
        for meeting in item["meetings"]:
            assert meeting["dialogue"] in dialogues, where
            assert meeting["mechanism"] in MECHANISMS, where
            assert meeting["ordinal"] is None or meeting["ordinal"] >= 1, where


def test_the_set_has_the_composition_its_figures_rely_on() -> None:
    items = load_articles()
    dialogues = [d.id for d in load_ruleset().catalogue.active_dialogues()]
    relevant = Counter(d for i in items for d in i["relevant"])
    hard = [i for i in items if not i["relevant"] or i["negative"]]
    foreign = [i for i in items if i["lang"] != "en"]
    assert len(items) >= 300
    assert {d: relevant[d] for d in dialogues if relevant[d] < 10} == {}
    assert len(hard) * 10 >= len(items) * 3, "at least 30% hard negatives"
    assert len(foreign) * 4 >= len(items), "at least 25% not in English"
    assert {"ru", "fr", "de", "it", "es", "hi", "ja", "ko", "zh"} <= {i["lang"] for i in items}
    # Every item's primary topics are labelled (R6: [] when none passes), twice; and the set
    # holds enough primary topics for the figures to mean something.
    assert all(isinstance(i["topics"], list) for i in items), "primary topics labelled on each"
    assert sum(len(i["topics"]) for i in items) >= 150, "at least 150 primary topics"


def test_the_frozen_test_part_names_real_items_and_has_150_or_more() -> None:
    items = load_articles()
    test, moved = load_split()
    ids = {i["id"] for i in items}
    assert test <= ids
    assert moved <= ids
    assert len(parts(items)["test"]) >= 150
    added = load_added()
    assert added <= ids
    assert not added & (test | moved)
