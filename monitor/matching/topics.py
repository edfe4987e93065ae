"""Topics of an article, from the taxonomy's terms (one automaton pass, shared with names).

A term counts once per sentence; a topic is reported when its terms weigh at least
``TOPIC_THRESHOLD`` (a strong term 1, a weak one 0.5, a context term 0.5), or when the article
is about it, with the spans as evidence.  ``weight`` is the topic's share of the weight of all
reported topics.

``role``: ``primary`` when the article is about the topic, by label rule R6
(:mod:`monitor.matching.salience`: the title or the lead names it, or a meeting is said to
focus on it, or it is named in two sentences of a paragraph or three of the text, lists and
examples aside), else ``mentioned``.  A topic's *context* terms ("Myanmar" the member state,
"economic cooperation") weigh but never make it primary.

A member state's name that is also a topic's term counts nothing where it is a place: in a
list of member states, or in a photo's caption.  A topic's weak word counts nothing in an
institution's name ("the Japan Chamber of Commerce": :mod:`monitor.matching.institutions`),
nor trade's weak words in a sentence of the currency or bond markets ("the ringgit is set to
trade within a tight range against the greenback").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from monitor.matching.automaton import COUNTER, MEMBER, WEAK, Hit
from monitor.matching.institutions import without_institutions
from monitor.matching.judgement import Evidence, TopicMatch
from monitor.matching.normalise import FoldedText
from monitor.matching.ruleset import Ruleset
from monitor.matching.salience import Mention, primary_topics
from monitor.matching.sentences import Sentences
from monitor.matching.topic_cues import MARKET, Cues

TOPIC_THRESHOLD = 1.0
MEMBER_LIST = 3
MARKET_TOPIC = "trade-investment"  # whose weak words a market's sentence takes for its own


@dataclass
class _Tally:
    """What the hits say: raw weights and spans per topic, and per topic the sentences that
    name it (with the span of its first naming term there)."""

    weights: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[tuple[float, int, int]]] = field(default_factory=dict)
    mentions: dict[str, dict[int, tuple[int, int]]] = field(default_factory=dict)


def find_topics(
    folded: FoldedText,
    hits: list[Hit],
    sentences: Sentences,
    ruleset: Ruleset,
    title_end: int = 0,
) -> tuple[TopicMatch, ...]:
    """Topics whose evidence reaches the threshold or that the text is about, in taxonomy
    order, with their salience (``hits`` without the places: :func:`without_places`)."""
    cues = Cues(folded)
    hits = without_markets(without_institutions(folded.original, hits, cues), cues, sentences)
    tally = _tally(folded.text, hits, sentences)
    weights, spans = tally.weights, tally.spans
    limit = ruleset.catalogue.settings.max_evidence
    said = {
        topic: [Mention(sentence, *span) for sentence, span in by_sentence.items()]
        for topic, by_sentence in tally.mentions.items()
    }
    terms = [(hit.start, hit.end) for hit in hits]
    owners = [hit.by_kind["topic"] for hit in hits]
    primary = primary_topics(folded, said, sentences, title_end, terms, owners, cues)
    found = [
        t
        for t in ruleset.catalogue.active_topics()
        if weights.get(t.id, 0.0) >= TOPIC_THRESHOLD or t.id in primary
    ]
    total = sum(weights[t.id] for t in found)
    return tuple(
        TopicMatch(
            topic.id,
            topic.name,
            _evidence(folded.original, spans[topic.id], limit),
            role="primary" if topic.id in primary else "mentioned",
            weight=round(weights[topic.id] / total, 3),
        )
        for topic in found
    )


def without_places(hits: list[Hit], names: Sequence[Hit], sentences: Sequence[int]) -> list[Hit]:
    """Topic ``hits`` without the terms that are a member state's name ("Myanmar") where the
    name is a place, not the subject: in a list of member states (``MEMBER_LIST`` of them in
    the sentence: "Brunei, Cambodia, ... and Myanmar") or in a photo's caption ("写真は、
    ミャンマー・ネピドーで開かれた ...").  ``sentences[i]`` is the sentence of ``names[i]``."""
    members: dict[int, int] = defaultdict(int)
    captions: set[int] = set()
    spans: dict[tuple[int, int], int] = {}
    for name, sentence in zip(names, sentences, strict=True):
        if name.mask & MEMBER:
            members[sentence] += 1
            spans[(name.start, name.end)] = sentence
        if name.mask & COUNTER and "captions" in name.by_kind.get("counter", ()):
            captions.add(sentence)
    if not spans:
        return hits
    placed = {
        span
        for span, sentence in spans.items()
        if members[sentence] >= MEMBER_LIST or sentence in captions
    }
    return [h for h in hits if (h.start, h.end) not in placed]


def without_markets(hits: list[Hit], cues: Cues, sentences: Sentences) -> list[Hit]:
    """``hits`` without trade's weak words in a sentence of the currency or bond markets."""
    if not cues.held(0, sentences.length) & MARKET:
        return hits
    weak = [
        n
        for n, hit in enumerate(hits)
        if hit.mask & WEAK and all(term.ref == MARKET_TOPIC for term in hit.terms)
    ]
    if not weak:
        return hits
    market = {
        n
        for n, index in zip(weak, sentences.indices([hits[n].start for n in weak]), strict=True)
        if cues.held(*sentences.span(index)) & MARKET
    }
    return [hit for n, hit in enumerate(hits) if n not in market] if market else hits


def _tally(text: str, hits: list[Hit], sentences: Sentences) -> _Tally:
    """Each term once per sentence; a topic's mention in a sentence is the span of its first
    naming term there (context terms weigh, name nothing).  Runs once per topic hit: plain
    dicts, no call per hit."""
    tally = _Tally()
    weights, spans, mentions = tally.weights, tally.spans, tally.mentions
    counted: set[tuple[str, int, str]] = set()
    for hit, sentence in zip(hits, sentences.indices([h.start for h in hits]), strict=True):
        start, end = hit.start, hit.end
        key = text[start:end]
        for term in hit.terms:
            ref, weight = term.ref, term.weight
            mark = (ref, sentence, key)
            if mark in counted:
                continue
            counted.add(mark)
            if ref in spans:
                weights[ref] += weight
                spans[ref].append((weight, start, end))
            else:
                weights[ref] = 0.0 + weight
                spans[ref] = [(weight, start, end)]
            if not term.names:
                continue
            by_sentence = mentions.setdefault(ref, {})
            if sentence not in by_sentence:
                by_sentence[sentence] = (start, end)
    return tally


def _evidence(
    original: str, spans: list[tuple[float, int, int]], limit: int
) -> tuple[Evidence, ...]:
    """The ``limit`` weightiest spans (the earlier on a tie), in text order.  ``spans`` are
    in text order with distinct starts (one per topic hit), so plain tuple sorts choose as a
    sort by (weight, start) would, and no sort is needed when all are shown."""
    if len(spans) > limit:
        chosen = sorted([(-weight, start, end) for weight, start, end in spans])[:limit]
        shown = sorted([(start, end) for _, start, end in chosen])
    else:
        shown = [(start, end) for _, start, end in spans]
    return tuple([Evidence(start, end, original[start:end], "topic") for start, end in shown])
