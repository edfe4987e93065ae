"""Judging an article: which dialogues it is about, which meetings and topics it names.

Per dialogue the matcher adds up points (see docs/matching.md, "Scoring"):

* an anchor (:mod:`monitor.matching.anchors`): 1 point (a mechanism's acronym 0.5, a
  compound joined by a word such as "and" 0.6);
* a sentence naming the bloc and the partner without an anchor (co-occurrence): 0.3 points;
* points in the title count twice, in the lead (first 500 characters of the body) 1.5 times;
* a co-occurrence in a sentence that names several dialogues ("the United States, China,
  Japan, India and Australia") is divided among them, and so is a mechanism's name among the
  mechanisms of its sentence ("the East Asia Summit and the ASEAN Regional Forum");  a
  compound such as "ASEAN-India" is never divided;
* counter-evidence: a co-occurrence in a sentence holding counter-evidence (SEA Games,
  Shangri-La Dialogue, Mekong-US Partnership ...) counts nothing, an anchor there a quarter;
  in a text that names a sports event anywhere, or other counter-evidence in its title or
  lead, every co-occurrence and mechanism's name counts half;  if the
  text is mostly bilateral (the partner with one member state: "US-Vietnam", or the two in a
  sentence without ASEAN) and no anchor names the dialogue, its points are halved;  a sentence
  telling of a meeting on the sidelines of another, or of bilateral talks (counter group
  ``sidelines``), is counter-evidence in that sentence only (the ASEAN meeting it names is the
  occasion; a summit gives occasion for many, so it never weakens the whole text); so is a
  framework of a partner with some member states (counter group ``other-groupings``, the Mekong
  frameworks), for the partners of its sentence only: a mechanism named beside it keeps its
  points (a week of ASEAN-related meetings often holds a Mekong one); and a photo's caption
  (counter group ``captions``: "Photo:", "사진은", "写真は" ...), whose picture is often of
  another occasion;
* a sentence naming ASEAN with China, Japan and Korea names ASEAN Plus Three, not each of them
  (:mod:`monitor.matching.plusthree`).

``score = 1 - exp(-points)``.  A dialogue is relevant when its score reaches ``min_score`` and
its points reach ``passing_share`` of the leading dialogue's points or the title names it by
an anchor (a dialogue named in passing in an article about another is listed, with its
evidence, as not relevant), it is not named only once after the title and the lead of a long
text (unless the text says someone attends it), and, for a partner that no anchor names, the
text names no ASEAN-led mechanism by its name (then the partner is a participant of the
mechanism's meeting: label rule R3); these three in :mod:`monitor.matching.passing`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from monitor.matching.anaphora import resolved
from monitor.matching.anchors import Anchor, bilateral_pairs, find_anchors
from monitor.matching.automaton import BLOC, COUNTER, MEMBER, PARTNER, SPORTS, Hit
from monitor.matching.judgement import DialogueMatch, Judgement, judged_text
from monitor.matching.meetings import find_meetings
from monitor.matching.normalise import FoldedText, fold
from monitor.matching.ordinals import ORDINAL_WINDOW, ordinal_before
from monitor.matching.passing import in_passing, participant, titled
from monitor.matching.plusthree import (
    PLUS_THREE,
    PlusThreeCredit,
    member_anchors,
    three_blocs,
    with_members,
)
from monitor.matching.quotes import Earliest, Span, strongest
from monitor.matching.roster import roster
from monitor.matching.ruleset import Ruleset
from monitor.matching.sentences import Sentences, unwrapped
from monitor.matching.topics import find_topics, without_places

CO_OCCURRENCE = 0.3
BILATERAL = 0.3
TITLE_FACTOR = 2.0
LEAD_FACTOR = 1.5
LEAD_CHARS = 500
"""Characters of body after the lead from which a single mention there is only in passing."""
COUNTERED_ANCHOR = 0.25
COUNTERED_DOCUMENT = 0.5
SENTENCE_ONLY = frozenset({"sidelines", "other-groupings", "captions"})
"""Counter groups that weigh in their sentence only, never on the whole text."""
GROUPINGS = frozenset({"other-groupings"})
"""Counter groups that weaken a partner beside ASEAN, not a mechanism named in the sentence."""


@dataclass(frozen=True, slots=True)
class Context:
    """One judged text, folded, scanned and split: what every finder works from.
    ``name_sentences[i]`` is the sentence of ``names[i]``, ``anchor_sentences[i]`` that of
    ``anchors[i]``."""

    folded: FoldedText
    names: list[Hit]
    topic_hits: list[Hit]
    sentences: Sentences
    anchors: list[Anchor]
    name_sentences: list[int]
    anchor_sentences: list[int]
    title_end: int
    lead_end: int

    def factor(self, offset: int) -> float:
        if offset < self.title_end:
            return TITLE_FACTOR
        return LEAD_FACTOR if offset < self.lead_end else 1.0


@dataclass(slots=True)
class Tally:
    """Points and evidence gathered for one dialogue."""

    points: float = 0.0
    anchored: bool = False
    bilateral: float = 0.0
    evidence: list[tuple[float, Span]] = field(default_factory=list)
    counter: list[Span] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def add(self, points: float, span: Span) -> None:
        self.points += points
        self.evidence.append((points, span))
        self.seen.add(span[0])


def build_context(text: str, ruleset: Ruleset, title: str | None) -> Context:
    full = judged_text(text, title)
    folded = fold(full)
    names, topic_hits = ruleset.scanner.scan(folded)
    names = resolved(folded.text, names)
    title_end = len(title) if title is not None else 0
    body_start = title_end + 2 if title is not None else 0
    text = unwrapped(folded.text)
    sentences = Sentences(text, folded.original)
    anchors = find_anchors(text, names, title_end)
    name_sentences = sentences.indices([h.start for h in names])
    return Context(
        folded=folded,
        names=names,
        topic_hits=without_places(topic_hits, names, name_sentences),
        sentences=sentences,
        anchors=anchors,
        name_sentences=name_sentences,
        anchor_sentences=sentences.indices([a.start for a in anchors]),
        title_end=title_end,
        lead_end=body_start + LEAD_CHARS,
    )


@dataclass(slots=True)
class Survey:
    """What the name hits say per sentence, gathered in one pass (each step of the scoring
    reads it, instead of a loop of its own over every hit)."""

    partners: list[tuple[int, Hit]] = field(default_factory=list)  # (sentence, partner hit)
    named: dict[int, set[str]] = field(default_factory=dict)  # partner dialogues per sentence
    blocs: dict[int, Hit] = field(default_factory=dict)  # the first bloc name of a sentence
    members: set[int] = field(default_factory=set)  # sentences naming a member state
    countered: set[int] = field(default_factory=set)  # sentences holding counter-evidence
    hard: set[int] = field(default_factory=set)  # ... of a group beyond GROUPINGS
    counters: list[Span] = field(default_factory=list)
    weak: float = 1.0

    def add_counter(self, hit: Hit, sentence: int, lead_end: int) -> None:
        """A counter term's sentence, span and weight on the text: half weight
        (``COUNTERED_DOCUMENT``) for weak evidence in a text that opens with, or names,
        counter-evidence (:data:`SENTENCE_ONLY` groups aside: a summit gives occasion for many
        sidelines meetings, and a week of ASEAN-related meetings often holds a Mekong one)."""
        groups = hit.by_kind["counter"]
        self.countered.add(sentence)
        if not GROUPINGS.issuperset(groups):
            self.hard.add(sentence)
        self.counters.append((hit.start, hit.end, "counter"))
        if hit.mask & SPORTS or (hit.start < lead_end and not SENTENCE_ONLY.issuperset(groups)):
            self.weak = COUNTERED_DOCUMENT


def _survey(ctx: Context) -> Survey:
    survey = Survey()
    blocs, members, named, partners = survey.blocs, survey.members, survey.named, survey.partners
    for hit, sentence in zip(ctx.names, ctx.name_sentences, strict=True):
        mask = hit.mask
        if mask & BLOC and sentence not in blocs:
            blocs[sentence] = hit
        if mask & MEMBER:
            members.add(sentence)
        if mask & PARTNER:
            partners.append((sentence, hit))
            if sentence in named:
                named[sentence].update(hit.by_kind["partner"])
            else:
                named[sentence] = set(hit.by_kind["partner"])
        if mask & COUNTER:
            survey.add_counter(hit, sentence, ctx.lead_end)
    return survey


def _crowding(ctx: Context, survey: Survey) -> tuple[dict[int, int], dict[int, int]]:
    """How many dialogues each sentence names: all of them (partners, mechanisms, compounds),
    and the mechanisms alone (a mechanism's name is not diminished by its participants)."""
    named = {index: set(refs) for index, refs in survey.named.items()}
    mechanisms: dict[int, set[str]] = defaultdict(set)
    for anchor, sentence in zip(ctx.anchors, ctx.anchor_sentences, strict=True):
        named.setdefault(sentence, set()).add(anchor.dialogue)
        if anchor.kind != "compound":
            mechanisms[sentence].add(anchor.dialogue)
    return (
        {index: len(refs) for index, refs in named.items()},
        {index: len(refs) for index, refs in mechanisms.items()},
    )


@dataclass(frozen=True, slots=True)
class Weights:
    """What tempers the points of a text: counter-evidence and crowded sentences."""

    countered: set[int]
    crowded: dict[int, int]
    mechanisms: dict[int, int]
    weak: float
    three: PlusThreeCredit
    softly: set[int]


def _weights(ctx: Context, survey: Survey) -> Weights:
    crowded, mechanisms = _crowding(ctx, survey)
    blocs = three_blocs(survey.blocs, survey.named)
    three = PlusThreeCredit(ctx.folded.text, survey.partners, blocs, ctx.anchors)
    countered = survey.countered
    return Weights(countered, crowded, mechanisms, survey.weak, three, countered - survey.hard)


def _sharing(ctx: Context, anchor: Anchor, mechanisms: int) -> int:
    """Among how many mechanisms a mechanism's name shares its sentence's points: none when it
    names a numbered meeting ("第23次东盟与中日韩领导人会议、第15届东亚峰会": each its own)."""
    begin, end = max(0, anchor.start - ORDINAL_WINDOW), anchor.start
    if mechanisms == 1 or ordinal_before(
        ctx.folded.text[begin:end], ctx.folded.original[begin:end]
    ):
        return 1
    return mechanisms


def _tally_anchors(ctx: Context, tallies: dict[str, Tally], weights: Weights, bloc: bool) -> None:
    has_bloc = bloc or any(a.kind != "acronym" for a in ctx.anchors)
    for anchor, sentence in zip(ctx.anchors, ctx.anchor_sentences, strict=True):
        if anchor.kind == "acronym" and not has_bloc:
            continue
        points = anchor.weight * ctx.factor(anchor.start)
        if anchor.kind != "compound":
            points *= weights.weak / _sharing(ctx, anchor, weights.mechanisms.get(sentence, 1))
        if sentence in weights.countered and not (
            anchor.kind != "compound" and sentence in weights.softly
        ):
            points *= COUNTERED_ANCHOR
        tally = tallies[anchor.dialogue]
        three = weights.three
        if anchor.weight < 1.0 and three.withholds(
            sentence, anchor.dialogue, anchor.start, anchor.end
        ):
            three.withhold(sentence, points)
            tally.counter.append((anchor.start, anchor.end, anchor.kind))
            continue
        tally.anchored = True
        tally.add(points, (anchor.start, anchor.end, anchor.kind))


def _tally_sentences(
    ctx: Context, tallies: dict[str, Tally], weights: Weights, survey: Survey
) -> None:
    """Co-occurrences: each partner name, in text order, with its sentence's first bloc name
    (one loop, no call per name: it runs for every partner name of the text)."""
    anchored = set(zip(ctx.anchor_sentences, (a.dialogue for a in ctx.anchors), strict=True))
    blocs, members, countered, three = (
        survey.blocs,
        survey.members,
        weights.countered,
        weights.three,
    )
    for index, hit in survey.partners:
        bloc = blocs.get(index)
        span = (hit.start, hit.end, "partner")
        for ref in hit.by_kind["partner"]:
            tally = tallies[ref]
            if bloc is None:
                tally.evidence.append((0.0, span))
                tally.bilateral += BILATERAL if index in members else 0.0
            elif (index, ref) in anchored or hit.start in tally.seen:
                continue
            elif index in countered:
                tally.counter.append(span)
            elif three.withholds(index, ref, hit.start):
                three.withhold(index, CO_OCCURRENCE * ctx.factor(hit.start) * weights.weak)
                tally.counter.append(span)
            else:
                share = weights.weak / weights.crowded.get(index, 1)
                tally.add(CO_OCCURRENCE * ctx.factor(hit.start) * share, span)
                tally.evidence.append((0.0, (bloc.start, bloc.end, "bloc")))
                anchored.add((index, ref))


def _tally_bilateral(ctx: Context, tallies: dict[str, Tally]) -> None:
    for ref, left, right in bilateral_pairs(ctx.folded.text, ctx.names):
        tally = tallies[ref]
        tally.bilateral += 1.0 * ctx.factor(left.start)
        tally.counter.append((left.start, right.end, "bilateral"))


def _verdicts(
    ctx: Context, ruleset: Ruleset, tallies: dict[str, Tally], counters: list[Span]
) -> tuple[DialogueMatch, ...]:
    """Each dialogue's verdict, its counter-evidence its own spans, then the text's counter
    terms (``counters``, every dialogue's)."""
    settings = ruleset.catalogue.settings
    for tally in tallies.values():
        if tally.bilateral > tally.points and not tally.anchored:
            tally.points /= 2
    leading = max((t.points for t in tallies.values()), default=0.0)
    dialogues = roster(ruleset.catalogue)
    order, by_id = dialogues.order, dialogues.by_id
    matches, original, limit = [], ctx.folded.original, settings.max_evidence
    countered = Earliest(original, counters, limit)
    for ident, tally in tallies.items():
        score = round(1.0 - math.exp(-tally.points), 3)
        relevant = (
            score >= settings.min_score
            and (tally.points >= settings.passing_share * leading or titled(ctx, tally))
            and not in_passing(ctx, tally)
            and not participant(ctx, tally, by_id[ident])
        )
        matches.append(
            DialogueMatch(
                id=ident,
                name=by_id[ident].name,
                relevant=relevant,
                score=score,
                evidence=strongest(original, tally.evidence, limit),
                counter_evidence=countered.of(tally.counter),
            )
        )
    matches.sort(key=lambda m: (not m.relevant, -m.score, order[m.id]))
    return tuple(matches)


def _tally_three(ctx: Context, tallies: dict[str, Tally], weights: Weights) -> list[Anchor]:
    """ASEAN Plus Three from the sentences naming its three: the bloc and the three named as
    one ("ASEAN, China, Japan and Korea") count as a compound, else the credit's points."""
    blocs = [hit for hit in ctx.names if hit.mask & BLOC] if weights.three.sentences else []
    members = member_anchors(ctx.folded.text, blocs, weights.three.sentences)
    tally = tallies[PLUS_THREE]
    for sentence, anchor in members.items():
        points = ctx.factor(anchor.start)
        tally.anchored = True
        tally.add(points * (COUNTERED_ANCHOR if sentence in weights.countered else 1.0),
                  (anchor.start, anchor.end, anchor.kind))  # fmt: skip
    for sentence, points, named in weights.three.credits():
        if sentence not in members:
            tally.add(points, (named.start, named.end, "partner"))
    return list(members.values())


def judge_dialogues(
    ctx: Context, ruleset: Ruleset
) -> tuple[tuple[DialogueMatch, ...], list[Anchor]]:
    """The dialogues, and ASEAN Plus Three's names by its members (for the meetings)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    survey = _survey(ctx)
    weights = _weights(ctx, survey)
    _tally_anchors(ctx, tallies, weights, bool(survey.blocs))
    _tally_sentences(ctx, tallies, weights, survey)
    members = _tally_three(ctx, tallies, weights)
    _tally_bilateral(ctx, tallies)
    active = roster(ruleset.catalogue).active
    chosen = {k: v for k, v in tallies.items() if k in active}
    return _verdicts(ctx, ruleset, chosen, survey.counters), members


def _partner_about(dialogues: tuple[DialogueMatch, ...], ruleset: Ruleset) -> str | None:
    """The one dialogue judged relevant, if it is a partner's (not a mechanism's)."""
    relevant = {d.id for d in dialogues if d.relevant}
    partners = roster(ruleset.catalogue).partners
    return relevant.pop() if len(relevant) == 1 and relevant <= partners else None


def judge(text: str, ruleset: Ruleset, *, title: str | None = None) -> Judgement:
    """Judge one article (pure).  Offsets refer to :func:`judged_text` of ``text``/``title``."""
    ctx = build_context(text, ruleset, title)
    dialogues, members = judge_dialogues(ctx, ruleset)
    return Judgement(
        relevant=any(d.relevant for d in dialogues),
        dialogues=dialogues,
        meetings=find_meetings(
            ctx.folded,
            with_members(ctx.anchors, members),
            ctx.sentences,
            ctx.lead_end,
            about=_partner_about(dialogues, ruleset),
        ),
        topics=find_topics(ctx.folded, ctx.topic_hits, ctx.sentences, ruleset, ctx.title_end),
        ruleset=ruleset.hash,
    )
