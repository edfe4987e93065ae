"""Topics of an article, from the taxonomy's terms (one automaton pass, shared with names).

A term counts once per sentence; a topic is reported when its terms weigh at least
``TOPIC_THRESHOLD`` (a strong term 1, a weak one 0.5), with the spans as evidence.  ``weight``
is the topic's share of the weight of all reported topics.

Salience: a reported topic is ``primary`` when the article is about it, else ``mentioned``.
Salience counts *mentions*, one per sentence naming the topic:

* a mention weighs its terms' weight in that sentence, at most ``SENTENCE_CAP`` ("the COVID-19
  pandemic" is one mention of health, not two), and ``DENSE_BONUS`` more when the sentence
  names the topic in ``DENSE_TERMS`` different terms or more (a sentence about trade: "free
  trade, tariffs and supply chains"; "biển Đông ... DOC ... COC");
* a sentence naming ``LIST_TOPICS`` topics or more is a list of cooperation areas ("trade,
  climate change, health and education"): each topic in it is named in passing and its
  mention weighs ``LIST_FACTOR`` of that.

A member state's name that is also a topic's term ("Myanmar") counts nothing where it is a
place: in a list of member states, or in a photo's caption.

A topic is primary when it leads the text (a mention of full weight in the first sentence,
which is the title when there is one), or when its mentions weigh at least ``SALIENT`` (more
than one sentence) and it is up front (``LEAD_WEIGHT`` before ``lead_end``) or a main theme of
a paragraph (``PARAGRAPH_WEIGHT`` in one paragraph).  At most ``MAX_PRIMARY`` topics are
primary, those whose mentions weigh most.  Thresholds were set on the development part of the
labelled articles only (tests/fixtures/labelled, rule R6).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from monitor.matching.automaton import COUNTER, MEMBER, Hit
from monitor.matching.judgement import Evidence, TopicMatch
from monitor.matching.normalise import FoldedText
from monitor.matching.ruleset import Ruleset
from monitor.matching.sentences import Sentences

TOPIC_THRESHOLD = 1.0
SENTENCE_CAP = 1.0
DENSE_TERMS = 3
DENSE_BONUS = 0.5
LIST_TOPICS = 3
LIST_FACTOR = 0.25
SALIENT = 1.5
LEAD_WEIGHT = 0.5
PARAGRAPH_WEIGHT = 1.0
MAX_PRIMARY = 2
MEMBER_LIST = 3

_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass
class _Tally:
    """What the hits say: raw weights and spans per topic, and the mentions per sentence (a
    topic or sentence is a key only once named)."""

    weights: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[tuple[float, int, int]]] = field(default_factory=dict)
    mentions: dict[str, dict[int, list[float]]] = field(default_factory=dict)
    named: dict[int, set[str]] = field(default_factory=dict)


def find_topics(
    folded: FoldedText, hits: list[Hit], sentences: Sentences, ruleset: Ruleset, lead_end: int
) -> tuple[TopicMatch, ...]:
    """Topics whose evidence reaches the threshold, in taxonomy order, with their salience
    (``hits`` without the places: :func:`without_places`)."""
    tally = _tally(folded.text, hits, sentences)
    weights, spans = tally.weights, tally.spans
    limit = ruleset.catalogue.settings.max_evidence
    found = [
        t for t in ruleset.catalogue.active_topics() if weights.get(t.id, 0.0) >= TOPIC_THRESHOLD
    ]
    total = sum(weights[t.id] for t in found)
    primary = (
        _primary([t.id for t in found], tally, _paragraph_starts(folded.text), lead_end)
        if found
        else set()
    )
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


def _tally(text: str, hits: list[Hit], sentences: Sentences) -> _Tally:
    """Each term once per sentence; a mention is [weight, first offset, terms] per (topic,
    sentence).  Runs once per topic hit: plain dicts, no call per hit."""
    tally = _Tally()
    weights, spans, mentions, named = tally.weights, tally.spans, tally.mentions, tally.named
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
                by_sentence = mentions[ref]
            else:
                weights[ref] = 0.0 + weight
                spans[ref] = [(weight, start, end)]
                by_sentence = mentions[ref] = {}
            if sentence in by_sentence:
                mention = by_sentence[sentence]
                mention[0] += weight
                mention[2] += 1
            else:
                by_sentence[sentence] = [0.0 + weight, float(start), 1.0]
                if sentence in named:
                    named[sentence].add(ref)
                else:
                    named[sentence] = {ref}
    return tally


def _paragraph_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]


def _primary(found: list[str], tally: _Tally, paragraphs: list[int], lead_end: int) -> set[str]:
    """The topics the article is about, those whose mentions weigh most first."""
    scores = {i: _salience(tally, i, paragraphs, lead_end) for i in found}
    salient = [i for i in found if scores[i] is not None]
    return set(sorted(salient, key=lambda i: -(scores[i] or 0.0))[:MAX_PRIMARY])


def _salience(tally: _Tally, ident: str, paragraphs: list[int], lead_end: int) -> float | None:
    """The weight of a topic's mentions (plus those up front) when it is salient, else None."""
    leads, total, up_front = False, 0.0, 0.0
    by_paragraph: dict[int, float] = defaultdict(float)
    for sentence, (weight, start, terms) in tally.mentions[ident].items():
        mention = min(weight, SENTENCE_CAP) + (DENSE_BONUS if terms >= DENSE_TERMS else 0.0)
        if len(tally.named[sentence]) >= LIST_TOPICS:
            mention *= LIST_FACTOR
        leads = leads or (sentence == 0 and mention >= SENTENCE_CAP)
        total += mention
        if start < lead_end:
            up_front += mention
        else:
            by_paragraph[bisect.bisect_right(paragraphs, start)] += mention
    themed = up_front >= LEAD_WEIGHT or max(by_paragraph.values(), default=0.0) >= PARAGRAPH_WEIGHT
    return total + up_front if leads or (total >= SALIENT and themed) else None


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
