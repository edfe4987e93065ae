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
    spans: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
    counted: set[tuple[str, int, str]] = set()
    text = folded.text
    for hit, sentence in zip(hits, sentences.indices([h.start for h in hits]), strict=True):
        start, end, terms = hit.start, hit.end, hit.terms
        key = text[start:end]
        for term in terms:
            mark = (term.ref, sentence, key)
            if mark not in counted:
                counted.add(mark)
                weights[term.ref] += term.weight
                spans[term.ref].append((term.weight, start, end))
    limit = ruleset.catalogue.settings.max_evidence
    return tuple(
        TopicMatch(topic.id, topic.name, _evidence(folded, spans[topic.id], limit))
        for topic in ruleset.catalogue.active_topics()
        if weights.get(topic.id, 0.0) >= TOPIC_THRESHOLD
    )


def _evidence(
    folded: FoldedText, spans: list[tuple[float, int, int]], limit: int
) -> tuple[Evidence, ...]:
    """The ``limit`` weightiest spans (the earlier on a tie), in text order."""
    chosen = sorted(spans, key=lambda span: (-span[0], span[1]))[:limit]
    return tuple(
        Evidence(start, end, folded.quote(start, end), "topic")
        for _, start, end in sorted(chosen, key=lambda span: span[1])
    )
