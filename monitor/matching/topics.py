"""Topics of an article, from the taxonomy's terms (one automaton pass, shared with names).

A term counts once per sentence; a topic is reported when its terms weigh at least
``TOPIC_THRESHOLD`` (a strong term 1, a weak one 0.5), with the spans as evidence.

Salience: a reported topic is ``primary`` when the article is about it: its terms weigh at
least ``TOPIC_THRESHOLD`` in the title and the lead, or it is dense in the body (named more
than once, ``DENSE`` weight per 1,000 characters); at most ``MAX_PRIMARY`` topics are primary,
the weightiest.
Every other reported topic is ``mentioned``.  ``weight`` is the topic's share of the weight of
all reported topics.
"""

from __future__ import annotations

from collections import defaultdict

from monitor.matching.automaton import Hit
from monitor.matching.judgement import Evidence, TopicMatch
from monitor.matching.normalise import FoldedText
from monitor.matching.ruleset import Ruleset
from monitor.matching.sentences import Sentences

TOPIC_THRESHOLD = 1.0
DENSE = 1.0
MAX_PRIMARY = 3


def find_topics(
    folded: FoldedText, hits: list[Hit], sentences: Sentences, ruleset: Ruleset, lead_end: int
) -> tuple[TopicMatch, ...]:
    """Topics whose evidence reaches the threshold, in taxonomy order, with their salience."""
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
    found = [t for t in ruleset.catalogue.active_topics() if weights[t.id] >= TOPIC_THRESHOLD]
    total = sum(weights[t.id] for t in found)
    primary = _primary([t.id for t in found], weights, spans, lead_end, len(folded.text))
    return tuple(
        TopicMatch(
            topic.id,
            topic.name,
            _evidence(folded, spans[topic.id], limit),
            role="primary" if topic.id in primary else "mentioned",
            weight=round(weights[topic.id] / total, 3),
        )
        for topic in found
    )


def _primary(
    found: list[str],
    weights: dict[str, float],
    spans: dict[str, list[tuple[float, int, int]]],
    lead_end: int,
    length: int,
) -> set[str]:
    """The topics the article is about: up front (title and lead) or dense, weightiest first."""
    body = max(length - lead_end, 1)

    def salient(ident: str) -> bool:
        up_front = sum(w for w, start, _ in spans[ident] if start < lead_end)
        later = sum(w for w, start, _ in spans[ident] if start >= lead_end)
        dense = later >= 2 * TOPIC_THRESHOLD and later * 1000 / body >= DENSE
        return up_front >= TOPIC_THRESHOLD or dense

    chosen = sorted((i for i in found if salient(i)), key=lambda i: -weights[i])
    return set(chosen[:MAX_PRIMARY])


def _evidence(
    folded: FoldedText, spans: list[tuple[float, int, int]], limit: int
) -> tuple[Evidence, ...]:
    """The ``limit`` weightiest spans (the earlier on a tie), in text order."""
    chosen = sorted(spans, key=lambda span: (-span[0], span[1]))[:limit]
    return tuple(
        Evidence(start, end, folded.quote(start, end), "topic")
        for _, start, end in sorted(chosen, key=lambda span: span[1])
    )
