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
# "The meeting was co-chaired by ..." (checked to open its sentence).
ANAPHORA = re.compile(r"\b(?:the|this|that)\s+(?:meeting|summit|forum|conference|dialogue)\b")
# Every sentence that can hold a host, a chair or a date has one of these.
HINT = re.compile(
    rf"held|host|convened|took place|taking place|take place|\bmet\b|chair|presided|{_MONTH}",
    re.IGNORECASE,
)
DOCUMENT_KINDS = (
    ("joint vision statement", "joint-vision-statement"),
    ("vision statement", "vision-statement"),
    ("joint statement", "joint-statement"),
    ("chairman's statement", "chairmans-statement"),
    ("chair's statement", "chairmans-statement"),
    ("leaders' statement", "leaders-statement"),
    ("leaders statement", "leaders-statement"),
    ("plan of action", "plan-of-action"),
    ("joint declaration", "joint-declaration"),
)
DOCUMENT = re.compile(r"\b(?:" + "|".join(re.escape(k) for k, _ in DOCUMENT_KINDS) + r")\b")
_DOCUMENT_KIND = dict(DOCUMENT_KINDS)
_TAIL = re.compile(r"(?:\s+(?:of|on|to|for)\s+[^;\"”“\n]{1,140}?)(?=[;\"”“\n]|\.(?!\d)|$)")
_HEAD = re.compile(r"(?:[a-z0-9.+-]*[-–][a-z0-9.+-]*|asean)\s+$")
ADOPTED = re.compile(r"\b(?:adopt\w*|issu\w*|releas\w*|endors\w*|sign\w*|launch\w*)\b")


def _place(match: re.Match[str]) -> str:
    place = match.group("place")
    return place if re.search(r"\.[A-Z]\.$", place) else place.rstrip(".")


def _first(pattern: re.Pattern[str], text: str, group: str, after: int = 0) -> str | None:
    matches = list(pattern.finditer(text))
    if not matches:
        return None
    later = [m for m in matches if m.start() >= after]
    chosen = later[0] if later else matches[-1]
    return _place(chosen) if group == "place" else chosen.group(group or 0).strip()


def _fill(meeting: Meeting, original: str, span: tuple[int, int], after: int) -> Meeting:
    sentence = original[span[0] : span[1]]
    if not HINT.search(sentence):
        return meeting
    relative = max(0, after - span[0])
    host = meeting.host or _first(HOST, sentence, "place", relative)
    chair = meeting.chair or next(
        (found for pattern in CHAIR if (found := _first(pattern, sentence, "who"))), None
    )
    date = meeting.date or _first(DATE, sentence, "", relative)
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
    meetings: list[Meeting],
    mentions: list[Meeting],
    sentences: Sentences,
    principal: int | None,
) -> dict[int, list[Document]]:
    text = folded.text
    found: dict[int, list[Document]] = {}
    for match in DOCUMENT.finditer(text):
        start, end = match.start(), match.end()
        head = _HEAD.search(text[max(0, start - 40) : start])
        if head:
            start = max(0, start - 40) + head.start()
        tail = _TAIL.match(text, end)
        end = tail.end() if tail else end
        while text[end - 1] in " ,:":
            end -= 1
        owner = _owner(text, meetings, mentions, sentences, (start, end), principal)
        if owner is not None:
            kind = _DOCUMENT_KIND[match.group()]
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
    original = folded.original
    for index, meeting in enumerate(meetings):
        seen: set[int] = set()
        for mention in (m for m in mentions if _belongs(m, meeting)):
            number = sentences.index(mention.start)
            if number in seen or _complete(meetings[index]):
                continue
            seen.add(number)
            meetings[index] = _fill(meetings[index], original, sentences.span(number), mention.end)
    numbered = [i for i, m in enumerate(meetings) if m.ordinal is not None]
    principal = numbered[0] if numbered else (0 if meetings else None)
    if principal is not None:
        for match in ANAPHORA.finditer(folded.text):
            begin, finish = sentences.span(sentences.index(match.start()))
            if folded.text[begin : match.start()].strip(" \n\"'“‘(") == "":
                meetings[principal] = _fill(meetings[principal], original, (begin, finish), 0)
    documents = _documents(folded, meetings, mentions, sentences, principal)
    return tuple(replace(m, documents=tuple(documents.get(i, ()))) for i, m in enumerate(meetings))
