"""Topics of an article, from the taxonomy's terms (one automaton pass, shared with names).

A term counts once per sentence; a topic is reported when its terms weigh at least
``TOPIC_THRESHOLD`` (a strong term 1, a weak one 0.5), with the spans as evidence.
"""

from __future__ import annotations

from collections import defaultdict

from monitor.matching.automaton import Hit
from monitor.matching.judgement import Evidence, TopicMatch
from monitor.matching.normalise import FoldedText
from monitor.matching.ruleset import Ruleset
from monitor.matching.sentences import Sentences

TOPIC_THRESHOLD = 1.0


def find_topics(
    folded: FoldedText, hits: list[Hit], sentences: Sentences, ruleset: Ruleset
) -> tuple[TopicMatch, ...]:
    """Topics whose evidence reaches the threshold, in taxonomy order."""
    weights: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[tuple[float, Evidence]]] = defaultdict(list)
    counted: set[tuple[str, int, str]] = set()
    for hit in hits:
        key = folded.text[hit.start : hit.end]
        sentence = sentences.index(hit.start)
        for term in hit.terms:
            if (term.ref, sentence, key) in counted:
                continue
            counted.add((term.ref, sentence, key))
            weights[term.ref] += term.weight
            quote = folded.quote(hit.start, hit.end)
            evidence[term.ref].append((term.weight, Evidence(hit.start, hit.end, quote, "topic")))
    limit = ruleset.catalogue.settings.max_evidence
    found = []
    for topic in ruleset.catalogue.active_topics():
        if weights.get(topic.id, 0.0) >= TOPIC_THRESHOLD:
            chosen = sorted(evidence[topic.id], key=lambda we: (-we[0], we[1].start))[:limit]
            spans = tuple(sorted((e for _, e in chosen), key=lambda e: e.start))
            found.append(TopicMatch(topic.id, topic.name, spans))
    return tuple(found)
