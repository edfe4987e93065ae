"""Host, chair, date and outcome documents of a meeting, where the text says them.

They are looked for in the sentences that name the meeting; a sentence that refers back to
"the meeting" / "the summit" / "the forum" gives them to the first numbered meeting (the one
an article is usually about).  A document ("ASEAN-US Leaders' Statement on ...") belongs to the
meeting it names ("Joint Statement of the 23rd ASEAN-Japan Summit"), else to a meeting in its
sentence, else, when the sentence says it was adopted or issued, to the first numbered meeting.
Patterns for host, chair and date read the original text (capitals matter); documents are
found in the folded text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from monitor.matching.cues import Cues, find_cues
from monitor.matching.judgement import Document, Meeting
from monitor.matching.normalise import FoldedText
from monitor.matching.sentences import Sentences

_MONTH_WORD = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_CAP = r"[A-Z][\w'’.-]*"
_NAME = rf"(?!{_MONTH_WORD}\b){_CAP}"
_PLACE = rf"{_NAME}(?:\s+{_CAP}){{0,3}}(?:,\s+{_NAME}(?:\s+{_CAP}){{0,2}})?"
HOST = re.compile(
    r"\b(?:held|hosted|convened|took place|taking place|to take place|will take place|met)"
    r"\s+(?:virtually\s+|online\s+)?(?:(?:on|by)\s+[^,.;]{1,60}?\s+)?(?:in|at)\s+(?:the\s+)?"
    rf"(?P<place>{_PLACE})"
)
CHAIR = (
    re.compile(
        r"\b(?:co-)?(?:chaired|presided over)\s+by\s+(?P<who>[A-Z].+?)"
        r"(?=,?\s+and\s+(?:was\s+)?attended\b|,\s+(?:and\s+)?(?:was\s+)?held\b|[.;](?:\s|$)|$)"
    ),
    re.compile(rf"(?P<who>(?:{_CAP}\s+){{1,6}}{_CAP})\s+(?:co-)?chair(?:s|ed)\s+the\b"),
    re.compile(r"\bunder the chairmanship of\s+(?P<who>[A-Z][^,.;]{2,80})"),
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?(?:,\s*\d{{4}})?(?!\d)"
    rf"|{_MONTH}\s+\d{{4}})"
)
# A pattern can only match a sentence whose folded (lower-case) form holds one of its words:
# a substring test is far cheaper than the pattern, and most sentences have none of them.
HOST_WORDS = ("held", "hosted", "convened", "took place", "taking place", "take place", "met")
CHAIR_WORDS = (("chaired", "presided"), ("chair",), ("chairmanship",))
MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TAIL = re.compile(r"(?:\s+(?:of|on|to|for)\s+[^;\"”“\n]{1,140}?)(?=[;\"”“\n]|\.(?!\d)|$)")
_HEAD = re.compile(r"(?:[a-z0-9.+-]*[-–][a-z0-9.+-]*|asean)\s+$")
ADOPTED = re.compile(r"\b(?:adopt\w*|issu\w*|releas\w*|endors\w*|sign\w*|launch\w*)\b")


def _place(match: re.Match[str]) -> str:
    place = match.group("place")
    return place if re.search(r"\.[A-Z]\.$", place) else place.rstrip(".")


def _matches(
    pattern: re.Pattern[str], sentence: str, low: str, words: tuple[str, ...]
) -> list[re.Match[str]]:
    return list(pattern.finditer(sentence)) if any(w in low for w in words) else []


class _Facts:
    """Host, chair and date candidates of each sentence, found once per sentence."""

    def __init__(self, folded: FoldedText, sentences: Sentences) -> None:
        self._folded = folded
        self._sentences = sentences
        self._found: dict[
            int, tuple[int, list[re.Match[str]], str | None, list[re.Match[str]]]
        ] = {}

    def of(self, number: int) -> tuple[int, list[re.Match[str]], str | None, list[re.Match[str]]]:
        """(sentence start, host matches, chair, date matches) of sentence ``number``."""
        if number not in self._found:
            begin, end = self._sentences.span(number)
            sentence = self._folded.original[begin:end]
            low = self._folded.text[begin:end]
            chair = next(
                (
                    found[0].group("who").strip()
                    for pattern, words in zip(CHAIR, CHAIR_WORDS, strict=True)
                    if (found := _matches(pattern, sentence, low, words))
                ),
                None,
            )
            hosts = _matches(HOST, sentence, low, HOST_WORDS)
            self._found[number] = (begin, hosts, chair, _matches(DATE, sentence, low, MONTH_WORDS))
        return self._found[number]


def _chosen(matches: list[re.Match[str]], after: int) -> re.Match[str] | None:
    """The first match at or after ``after``, else the last one."""
    if not matches:
        return None
    return next((m for m in matches if m.start() >= after), matches[-1])


def _fill(meeting: Meeting, facts: _Facts, number: int, after: int) -> Meeting:
    begin, hosts, chair, dates = facts.of(number)
    relative = max(0, after - begin)
    host = meeting.host
    if host is None and (found := _chosen(hosts, relative)) is not None:
        host = _place(found)
    date = meeting.date
    if date is None and (found := _chosen(dates, relative)) is not None:
        date = found.group().strip()
    chair = meeting.chair or chair
    if (host, chair, date) == (meeting.host, meeting.chair, meeting.date):
        return meeting
    return replace(meeting, host=host, chair=chair, date=date)


def _complete(meeting: Meeting) -> bool:
    return bool(meeting.host and meeting.chair and meeting.date)


def _belongs(mention: Meeting, meeting: Meeting) -> bool:
    return (mention.dialogue, mention.mechanism) == (meeting.dialogue, meeting.mechanism) and (
        mention.ordinal in (None, meeting.ordinal)
    )


def _documents(
    folded: FoldedText,
    cues: Cues,
    meetings: list[Meeting],
    mentions: list[Meeting],
    sentences: Sentences,
    principal: int | None,
) -> dict[int, list[Document]]:
    text = folded.text
    found: dict[int, list[Document]] = {}
    for start, end, kind in cues.documents:
        head = _HEAD.search(text[max(0, start - 40) : start])
        if head:
            start = max(0, start - 40) + head.start()
        tail = _TAIL.match(text, end)
        end = tail.end() if tail else end
        while text[end - 1] in " ,:":
            end -= 1
        owner = _owner(text, meetings, mentions, sentences, (start, end), principal)
        if owner is not None:
            found.setdefault(owner, []).append(Document(kind, folded.quote(start, end), start, end))
    return found


def _owner(
    text: str,
    meetings: list[Meeting],
    mentions: list[Meeting],
    sentences: Sentences,
    span: tuple[int, int],
    principal: int | None,
) -> int | None:
    for mention in mentions:
        if span[0] < mention.start < span[1]:
            return next((i for i, m in enumerate(meetings) if _belongs(mention, m)), None)
    sentence = sentences.index(span[0])
    begin, finish = sentences.span(sentence)
    if not ADOPTED.search(text[begin:finish]):
        return None
    inside = [i for i, m in enumerate(meetings) if sentences.index(m.start) == sentence]
    if inside:
        return min(inside, key=lambda i: abs(meetings[i].start - span[0]))
    return principal


def attach_details(
    folded: FoldedText, meetings: list[Meeting], mentions: list[Meeting], sentences: Sentences
) -> tuple[Meeting, ...]:
    """The meetings with host, chair, date and documents filled in where the text says."""
    if not meetings:
        return ()
    facts = _Facts(folded, sentences)
    for index, meeting in enumerate(meetings):
        seen: set[int] = set()
        for mention in (m for m in mentions if _belongs(m, meeting)):
            number = sentences.index(mention.start)
            if number in seen or _complete(meetings[index]):
                continue
            seen.add(number)
            meetings[index] = _fill(meetings[index], facts, number, mention.end)
    numbered = [i for i, m in enumerate(meetings) if m.ordinal is not None]
    principal = numbered[0] if numbered else 0
    cues = find_cues(folded.text)
    for anaphora in cues.anaphoras:
        number = sentences.index(anaphora)
        begin = sentences.span(number)[0]
        if folded.text[begin:anaphora].strip(" \n\"'“‘(") == "":
            meetings[principal] = _fill(meetings[principal], facts, number, 0)
    documents = _documents(folded, cues, meetings, mentions, sentences, principal)
    return tuple(replace(m, documents=tuple(documents.get(i, ()))) for i, m in enumerate(meetings))
