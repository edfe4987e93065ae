"""Which topics an article is about: label rule R6 (tests/fixtures/labelled/README.md) as code.

A topic named in the text is ``primary`` when it passes, in order:

1. **lead**: the title or a sentence of the lead (:func:`lead_sentences`) names it, and not
   only as a list's item (:mod:`monitor.matching.enumerations`), an example ("such as …"), a
   circumstance ("amid the pandemic") or an aside in parentheses (a name or its acronym in
   parentheses is no aside: "(ASEAN Digital Ministers' Meeting - ADGMIN)", "(RCEP)");
2. **focus**: a sentence says the meeting, talks or visit focused on it ("their discussions
   focused on connectivity"), or calls it a key issue of one, even in a list but not as an
   example (:mod:`monitor.matching.topic_cues`);
3. **body**: outside lists, examples and circumstances, two sentences of one paragraph or
   three of the text name it;

at most ``MAX_PRIMARY``, those named in the most sentences.  A topic's context terms ("Myanmar"
the member state, "economic cooperation") are no mention of it here.  Pure: the folded text,
its sentences and the topics' mentions in; topic ids out.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from monitor.matching.enumerations import Span, items_of, list_around
from monitor.matching.normalise import FoldedText
from monitor.matching.sentences import Sentences, unwrapped
from monitor.matching.topic_cues import (
    BACKGROUND,
    BACKGROUND_AFTER,
    EXAMPLE,
    EXAMPLE_AFTER,
    FOCUS,
    ISSUE,
    MEETING,
    THEME,
    THEME_AFTER,
    Cues,
    written_without_spaces,
)

MAX_PRIMARY = 4
LEAD_SENTENCES = 3
TEXT_SENTENCES = 3
EXAMPLE_AFTER_REACH = 6  # "南シナ海情勢など": "etc." this close after the term makes it an example
THEME_REACH = 40  # characters between a theme's word and the term
FOCUS_REACH = 200  # characters from a focus or key-issue word to the term it speaks of
ASIDE = 5  # characters from "(" to the term past which the parenthesis is an aside
GLOSS_WORDS = 10  # words of a name in parentheses, at most (a longer parenthesis is an aside)
BACKGROUND_REACH = 40  # "amid" this close before the term makes it a circumstance
BACKGROUND_AFTER_REACH = 12  # "背景下", "속에서" this close after the term: its circumstance
CAPTION = 60  # characters of a line's opening that tell a caption's repetition
BYLINE_WORDS = 5  # a line of so few words is a date or a byline, stop or not ("Kyodo, 10 p.m.")
HEADLINE = 80  # a first line this short and without a stop is a headline, a date, a byline
LEAD, FOCUSED, BODY = 1, 2, 3  # the tests, in order
_PARAGRAPH = re.compile(r"\n\s*\n")
_PHOTO = r"(?:photo|foto|anh|image|picture|file photo|사진|写真|照片|图片|圖片|ภาพ)"  # folded
# A photo's caption ends with its credit: "... at a Thai port. (Photo: 123RF)",
# "... [사진=과학기술정보통신부 제공]".
_CREDIT = re.compile(rf"[(\[（]{_PHOTO}(?![a-z])[^)\]）]*[)\]）]\s*$")
# A line that is only a photo's credit ("Photo: VNA"): the line before it is the caption.
_CREDIT_LINE = re.compile(rf"[\[(（【]?\s*{_PHOTO}\s*[=:：]")
_WITHOUT_SPACES = re.compile("[\u0e00-\u0eff\u1780-\u17ff\u3040-\u9fff\uac00-\ud7af]")
_LINE = re.compile(r"\n\s*")
_SENTENCE_END = frozenset(".!?。！？:")
# A word of a name: capitalised (or a number, a dash), or one of a name's small words.
_NAME_WORD = re.compile(r"[A-Z0-9][\w'’.&/-]*|of|and|the|on|for|in|to|-|–|—|&")
_EXAMPLES = EXAMPLE | EXAMPLE_AFTER
_FOCUSES = FOCUS | ISSUE | THEME | THEME_AFTER


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence naming one topic: the sentence, and the span of its first term there."""

    sentence: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the tests read of one text."""

    text: str
    original: str
    sentences: Sentences
    cues: Cues
    lead: frozenset[int]
    paragraphs: list[int]
    terms: Sequence[Span]
    owners: Sequence[tuple[str, ...]]  # the topics each term names
    items: dict[int, list[Span]]  # a sentence's items, once asked
    held: dict[int, int]  # the cue groups a sentence holds, once asked


def primary_topics(
    folded: FoldedText,
    mentions: Mapping[str, Sequence[Mention]],
    sentences: Sentences,
    title_end: int,
    terms: Sequence[Span],
    owners: Sequence[tuple[str, ...]],
    cues: Cues,
) -> set[str]:
    """The primary topics: of the topics of ``mentions`` (per topic, the sentences naming it,
    in order) that pass a test (``LEAD``, ``FOCUSED``, ``BODY``), the ``MAX_PRIMARY`` named in
    the most sentences (the earlier named on a tie).  The topics are tested in that order, and
    no further once ``MAX_PRIMARY`` have passed.
    ``terms``: the span of every topic term, in order, and ``owners`` the topics each names;
    the title ends at ``title_end`` (0: none); ``cues``: the text's cue words.
    The text is read with its soft line breaks as spaces (:func:`unwrapped`, as the sentences
    are): a text wrapped at 60 characters has paragraphs, not a headline in every line."""
    text = _unwrapped(folded)
    reading = _Reading(
        text,
        folded.original,
        sentences,
        cues,
        frozenset(lead_sentences(text, sentences, title_end)),
        _paragraph_starts(text),
        terms,
        owners,
        {},
        {},
    )
    primary: set[str] = set()
    for topic in sorted(mentions, key=lambda topic: -len(mentions[topic])):
        if _test(reading, topic, mentions[topic]):
            primary.add(topic)
            if len(primary) == MAX_PRIMARY:
                break
    return primary


def _test(reading: _Reading, topic: str, said: Sequence[Mention]) -> int:
    """The first of the tests one topic passes, else 0.  The tests are asked in order and each
    stops at its first answer: whether a term is a list's item, the dearest question, is asked
    only where the answer counts."""
    counted: list[Mention] = []
    focus = False
    for mention in said:
        sentence = reading.sentences.span(mention.sentence)
        held = _held(reading, mention.sentence, sentence)
        maybe_example = held & _EXAMPLES or mention.end + EXAMPLE_AFTER_REACH > sentence[1]
        if maybe_example and _example(reading, mention, sentence[0]):
            continue
        if not focus and held & _FOCUSES and held & MEETING:
            focus = _focused(reading.cues, mention, sentence)
        if held & (BACKGROUND | BACKGROUND_AFTER) and _background(reading.cues, mention, sentence):
            continue  # "amid the global health crisis": a circumstance, in the lead or not
        if mention.sentence in reading.lead:
            if not _listed(reading, topic, mention, sentence):
                if not _aside(reading, mention, sentence):
                    return LEAD
                counted.append(mention)
            continue
        counted.append(mention)
    if focus:
        return FOCUSED
    return BODY if _weighty(reading, topic, counted) else 0


def _weighty(reading: _Reading, topic: str, candidates: Sequence[Mention]) -> bool:
    """Whether, lists aside, two of the sentences are in one paragraph or three in the text
    (asking about lists only when the sentences could pass without them)."""
    places = [bisect.bisect_right(reading.paragraphs, m.start) for m in candidates]
    if len(places) < TEXT_SENTENCES and len(set(places)) == len(places):
        return False
    paragraphs: set[int] = set()
    for mention, paragraph in zip(candidates, places, strict=True):
        sentence = reading.sentences.span(mention.sentence)
        if mention.sentence not in reading.lead and _listed(reading, topic, mention, sentence):
            continue  # (a lead sentence counted here was asked already, and is no list)
        if paragraph in paragraphs or len(paragraphs) + 1 >= TEXT_SENTENCES:
            return True
        paragraphs.add(paragraph)
    return False


def _held(reading: _Reading, index: int, sentence: Span) -> int:
    """The cue groups sentence ``index`` holds (asked once a sentence)."""
    held = reading.held.get(index)
    if held is None:
        held = reading.held[index] = reading.cues.held(*sentence)
    return held


def _listed(reading: _Reading, topic: str, mention: Mention, sentence: Span) -> bool:
    """A list's item, unless every item of the list names ``topic``: a list of one topic's
    parts ("to enhance healthcare infrastructure, ensure equitable vaccine distribution and
    prepare for future health crises") names that topic, not several in passing."""
    items = reading.items.get(mention.sentence)
    if items is None:
        items = reading.items[mention.sentence] = items_of(reading.text, sentence, reading.terms)
    around = list_around(reading.text, mention.start, items, reading.terms)
    if around is None:
        return False
    begin, end = around
    return not all(_names(reading, topic, item) for item in items if begin <= item[0] < end)


def _names(reading: _Reading, topic: str, item: Span) -> bool:
    """Whether a term in ``item`` names ``topic``."""
    terms, owners = reading.terms, reading.owners
    first = bisect.bisect_left(terms, (item[0], 0))
    last = bisect.bisect_left(terms, (item[1], 0))
    return any(topic in owners[n] for n in range(first, last))


def _example(reading: _Reading, mention: Mention, begin: int) -> bool:
    """After "such as" (and no focus word since), or before "など"."""
    cues = reading.cues
    if cues.last(EXAMPLE, begin, mention.start) > cues.last(FOCUS, begin, mention.start):
        return True
    end = mention.end
    if end >= len(reading.text) or not written_without_spaces(reading.text[end]):
        return False
    return bool(cues.held(end, end + EXAMPLE_AFTER_REACH) & EXAMPLE_AFTER)


def _focused(cues: Cues, mention: Mention, sentence: Span) -> bool:
    """A focus word after a meeting's word and before the term, or a key-issue word near the
    term and a meeting's word anywhere in the sentence; near: within ``FOCUS_REACH``
    characters (a focus says what follows it, not all of a long sentence)."""
    begin, end = sentence
    near = max(begin, mention.start - FOCUS_REACH)
    focus = cues.last(FOCUS, near, mention.start)
    if focus >= 0 and cues.held(begin, focus) & MEETING:
        return True
    issue = cues.held(near, min(end, mention.end + FOCUS_REACH)) & ISSUE
    if issue or _themed(cues, mention, sentence):
        return bool(cues.held(begin, end) & MEETING)
    return False


def _themed(cues: Cues, mention: Mention, sentence: Span) -> bool:
    """A meeting's theme naming the topic: the term within ``THEME_REACH`` characters after
    "themed" or "under the theme", or before "テーマ" or "主题"."""
    begin, end = sentence
    if cues.last(THEME, max(begin, mention.start - THEME_REACH), mention.start) >= 0:
        return True
    return bool(cues.held(mention.end, min(end, mention.end + THEME_REACH)) & THEME_AFTER)


def _aside(reading: _Reading, mention: Mention, sentence: Span) -> bool:
    """An aside in parentheses ("(the EU did not invite the junta)", not a name's acronym:
    "(RCEP)", nor a name glossing the words before it: "Hội nghị Bộ trưởng Số ASEAN (ASEAN
    Digital Ministers' Meeting - ADGMIN)"): the lead does not report on it (it still counts
    in the body)."""
    text, start = reading.text, mention.start
    opened = text.rfind("(", sentence[0], start)
    if opened <= text.rfind(")", sentence[0], start) or start - opened <= ASIDE:
        return False
    closed = text.find(")", mention.end, sentence[1])
    return closed == -1 or not _named(reading.original[opened + 1 : closed])


def _named(words: str) -> bool:
    """Whether ``words`` are a name in a Latin script: every word capitalised but the small
    words of a name ("of", "and", "on"), at most ``GLOSS_WORDS`` of them."""
    split = words.split()
    return 0 < len(split) <= GLOSS_WORDS and all(_NAME_WORD.fullmatch(w) for w in split)


def _background(cues: Cues, mention: Mention, sentence: Span) -> bool:
    if cues.held(max(sentence[0], mention.start - BACKGROUND_REACH), mention.start) & BACKGROUND:
        return True
    after = cues.held(mention.end, min(sentence[1], mention.end + BACKGROUND_AFTER_REACH))
    return bool(after & BACKGROUND_AFTER)


def _unwrapped(folded: FoldedText) -> str:
    """The folded text with the soft line breaks of the original (before a lower-case letter:
    the folded text has no letter case) as spaces."""
    original = folded.original
    soft = unwrapped(original)
    if soft == original:
        return folded.text
    text, pieces, at = folded.text, [], 0
    line_break = original.find("\n")
    while line_break != -1:
        if soft[line_break] == " ":
            pieces += [text[at:line_break], " "]
            at = line_break + 1
        line_break = original.find("\n", line_break + 1)
    return "".join([*pieces, text[at:]])


def _paragraph_starts(text: str) -> list[int]:
    """Paragraphs end at a blank line, or at every line break in a text that has none."""
    breaks = _PARAGRAPH if _PARAGRAPH.search(text) else _LINE
    return [0, *(m.end() for m in breaks.finditer(text))]


def lead_sentences(text: str, sentences: Sentences, title_end: int) -> set[int]:
    """The sentences of the lead: the title's, and the first ``LEAD_SENTENCES`` of the first
    line of the body that is not the title again, a headline, a date or a byline (a short
    line without a stop; the first such line is the title when none is given) or a caption
    (a line the text holds twice, or one that ends with a photo's credit)."""
    lead: set[int] = set()
    at, seen = 0, set()
    if title_end:
        lead.update(range(sentences.index(0), sentences.index(title_end - 1) + 1))
        at = title_end
        seen.add(text[:title_end].strip())
    lines = [(begin, end, text[begin:end].strip()) for begin, end in _lines(text, at)]
    repeated = _repeated(line for _, _, line in lines) | _captions(lines)
    for begin, end, line in lines:
        if not line or line in seen or line in repeated or _CREDIT.search(line):
            continue
        words = _spaced_words(line)
        if words <= BYLINE_WORDS or (len(line) < HEADLINE and line[-1] not in _SENTENCE_END):
            if lead and BYLINE_WORDS < words < _UNSPACED:  # a standfirst under the title
                lead.update(range(sentences.index(begin), sentences.index(end - 1) + 1))
                break  # (the first paragraph)
            if not lead:
                lead.update(range(sentences.index(begin), sentences.index(end - 1) + 1))
                seen.add(line)
            continue
        first = sentences.index(begin + len(text[begin:end]) - len(text[begin:end].lstrip()))
        last = sentences.index(max(begin, end - 1))
        lead.update(range(first, min(last, first + LEAD_SENTENCES - 1) + 1))
        break
    return lead


def _captions(lines: Sequence[tuple[int, int, str]]) -> set[str]:
    """The lines right before a line that is only a photo's credit, and those credit lines."""
    written = [line for _, _, line in lines if line]
    return {
        line
        for before, after in itertools.pairwise(written)
        if _CREDIT_LINE.match(after)
        for line in (before, after)
    }


_UNSPACED = 1 << 30  # the word count of a line in a script that does not space its words


def _spaced_words(line: str) -> int:
    """How many words ``line`` has, when its script spaces them (``_UNSPACED`` otherwise: a
    line of Chinese or Thai has no words to count).  A spaced line of at most
    ``BYLINE_WORDS`` words is a date or a byline, stop or not ("Kyodo News, 10:06 p.m."); a
    longer one without a stop under the title is a standfirst, what the article reports (a
    short line of Thai or Chinese may be a date or a section's name)."""
    return _UNSPACED if _WITHOUT_SPACES.search(line) else len(line.split())


def _repeated(lines: Iterable[str]) -> set[str]:
    """The lines the text holds twice, a caption with its credit ("… Thailand. Reuters")
    and again without it included: lines one of which opens with the other."""
    seen: dict[str, str] = {}  # a long line's opening: the line
    twice: set[str] = set()
    for line in lines:
        if len(line) < CAPTION:
            continue
        other = seen.setdefault(line[:CAPTION], line)
        if other is not line and (line.startswith(other) or other.startswith(line)):
            twice.update((line, other))
    return twice


def _lines(text: str, at: int) -> list[Span]:
    spans, begin = [], at
    while begin < len(text):
        end = text.find("\n", begin)
        end = len(text) if end == -1 else end
        spans.append((begin, end))
        begin = end + 1
    return spans
