"""Host, chair, date and outcome documents of a meeting, where the text says them.

They are looked for in the sentences that name the meeting (a year written beside its name,
"the 2024 ASEAN-Australia Special Summit", is its date when they give none); a sentence that
refers back to "the meeting" / "the summit" / "the forum" gives them to the first numbered
meeting (the one an article is usually about).  A document ("ASEAN-US Leaders' Statement on
...") belongs to the meeting it names ("Joint Statement of the 23rd ASEAN-Japan Summit"), else
to a meeting in its sentence, else, when the sentence says it was adopted or issued, to the
first numbered meeting.
Patterns for host, chair and date read the original text (capitals matter); documents are
found in the folded text.
"""

from __future__ import annotations

import re

from monitor.matching.cues import LEAD_INS, Cues
from monitor.matching.facts import Facts, place
from monitor.matching.judgement import Document, Meeting
from monitor.matching.normalise import FoldedText
from monitor.matching.sentences import Sentences

# What follows a document's kind and is still its name: English "of/on/to/for ...", Vietnamese
# "về/của ..." and Indonesian or Malay "tentang/mengenai/bagi/untuk ..." (folded text).
_TAIL = re.compile(
    r"(?:\s+(?:of|on|to|for|ve|cua|tentang|mengenai|bagi|untuk)\s+[^;\"”“\n]{1,140}?)"
    r"(?=[;\"”“\n]|\.(?!\d)|$)"
)
# A document named in Chinese or Japanese title brackets ("「中国-ASEAN…共同声明」",
# "《…联合声明》"): the whole bracketed name.  (English quotation marks are left alone: they
# quote speech as often as titles.)
_OPENERS = {"」": "「", "』": "『", "》": "《", "〉": "〈"}
_NOT_IN_NAME = frozenset("。，、,;\n")
# What may stand between a meeting's name and a document written onto it: "の", "的", a space.
_JOINED_ON = frozenset({"", "の", "的", " "})
# Thai writes the subject on without a space: "แถลงการณ์ร่วมว่าด้วย…" (a joint statement on …).
_THAI_TAIL = re.compile(r"ว่าด้วย[^\s;\"”“]{1,80}")
_HEAD = re.compile(r"(?:[a-z0-9.+-]*[-–][a-z0-9.+-]*|asean)\s+$")
# What _HEAD's name is written in: a match is a run of these, then the spaces ending its window.
_HEAD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.+-–"
ADOPTED = re.compile(
    r"\b(?:adopt\w*|issu\w*|releas\w*|endors\w*|sign\w*|launch\w*"
    r"|thong qua|cong bo|ra mat|ky ket|mengadopsi|diadopsi|disahkan|mengesahkan|menerbitkan"
    r"|diterbitkan|dikeluarkan|mengeluarkan|ditandatangani|menandatangani|diterima pakai"
    r"|menerima pakai|dilancarkan|diluncurkan)\b"
    r"|通过|发表|签署|发布|採択|発出|発表|署名|채택|발표|서명|รับรอง|ลงนาม|ออกแถลงการณ์"
)
# The first words of ADOPTED's forms, literals (a pattern of them skips to the places they
# are, which ADOPTED, opening with a word boundary, cannot).  None of them holds a place where
# a form of ADOPTED begins, but where it is itself a whole form ("签署" of "签署名"), so trying
# ADOPTED at each of them finds a match when a search of it does.
_ADOPTED_HEADS = re.compile(
    r"adopt|issu|releas|endors|sign|launch|thong qua|cong bo|ra mat|ky ket|mengadopsi|diadopsi"
    r"|disahkan|mengesahkan|menerbitkan|diterbitkan|dikeluarkan|mengeluarkan|ditandatangani"
    r"|menandatangani|diterima pakai|menerima pakai|dilancarkan|diluncurkan"
    r"|通过|发表|签署|发布|採択|発出|発表|署名|채택|발표|서명|รับรอง|ลงนาม|ออกแถลงการณ์"
)


_YEAR_BEFORE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)\s$")
_YEAR_AFTER = re.compile(r"[\s,]+(?P<year>(?:19|20)\d\d)(?!\d)")


def _chosen(matches: list[re.Match[str]], after: int) -> re.Match[str] | None:
    """The first match at or after ``after``, else the last one."""
    if not matches:
        return None
    return next((m for m in matches if m.start() >= after), matches[-1])


def _fill(meeting: Meeting, facts: Facts, number: int, after: int) -> Meeting:
    """``meeting`` with the host, chair and date it lacks from sentence ``number`` (those at or
    after ``after``, else the last ones); a complete meeting as it is, its facts unread."""
    if _complete(meeting):
        return meeting
    begin, hosts, chair, dates = facts.of(number)
    relative = max(0, after - begin)
    host = meeting.host
    if host is None and (found := _chosen(hosts, relative)) is not None:
        host = place(found)
    date = meeting.date
    if date is None and (found := _chosen(dates, relative)) is not None:
        date = found.group().strip()
    chair = meeting.chair or chair
    if (host, chair, date) == (meeting.host, meeting.chair, meeting.date):
        return meeting
    return meeting.with_details(host, chair, date)


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
    for cue_start, cue_end, kind in cues.documents:
        start, end = _document_span(text, cue_start, cue_end, mentions)
        owner = _owner(text, meetings, mentions, sentences, (start, end), principal)
        if owner is not None:
            found.setdefault(owner, []).append(Document(kind, folded.quote(start, end), start, end))
    return found


def _document_span(text: str, start: int, end: int, mentions: list[Meeting]) -> tuple[int, int]:
    """A document's whole name around its kind: a qualifier before it ("ASEAN-US Leaders'
    Statement"), its subject after ("... on Maritime Cooperation"), its title brackets, or
    the meeting it is written onto in Chinese, Japanese or Korean ("…首脳会議の議長声明")."""
    head = _head(text[max(0, start - 40) : start])
    if head is not None:
        start = max(0, start - 40) + head
    tail = _TAIL.match(text, end) or _THAI_TAIL.match(text, end)
    end = tail.end() if tail else end
    start, end = _bracketed(text, start, end)
    while text[end - 1] in " ,:":
        end -= 1
    for mention in mentions:
        if mention.end <= start and text[mention.end : start] in _JOINED_ON:
            return mention.start, end
    return start, end


def _head(window: str) -> int | None:
    """Where ``_HEAD.search(window)`` finds a match: searched for from the start of the run of
    name characters before the trailing spaces (no match begins before it), not from each
    place of the window, which costs the square of its length."""
    named = window.rstrip()
    if len(named) == len(window):
        return None
    found = _HEAD.search(window, len(named.rstrip(_HEAD_CHARS)))
    return None if found is None else found.start()


def _bracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole name inside title brackets around the document's kind
    ("《…行动计划（2026－2030）》": the kind may be followed by a short qualifier)."""
    after = text[end : end + 20]
    closes = [(at, closer) for closer in _OPENERS if (at := after.find(closer)) != -1]
    if not closes:
        return start, end
    at, closer = min(closes)
    begin = text.rfind(_OPENERS[closer], max(0, start - 120), start)
    inside = text[begin + 1 : end + at]
    if begin == -1 or any(c in _OPENERS or c in _NOT_IN_NAME for c in inside):
        return start, end
    return begin + 1, end + at


def _owner(
    text: str,
    meetings: list[Meeting],
    mentions: list[Meeting],
    sentences: Sentences,
    span: tuple[int, int],
    principal: int | None,
) -> int | None:
    for mention in mentions:
        if span[0] <= mention.start < span[1]:
            return next((i for i, m in enumerate(meetings) if _belongs(mention, m)), None)
    sentence = sentences.index(span[0])
    begin, finish = sentences.span(sentence)
    if not _adopted(text, begin, finish):
        return None
    inside = [i for i, m in enumerate(meetings) if sentences.index(m.start) == sentence]
    if inside:
        return min(inside, key=lambda i: abs(meetings[i].start - span[0]))
    return principal


def _adopted(text: str, begin: int, end: int) -> bool:
    """Whether ``ADOPTED.search(text[begin:end])`` finds a match, trying it at its words."""
    sentence = text[begin:end]
    return any(ADOPTED.match(sentence, head.start()) for head in _ADOPTED_HEADS.finditer(sentence))


def _year_beside(folded: FoldedText, mentions: list[Meeting]) -> str | None:
    """The year written beside a meeting's name: "the 2024 ASEAN-Australia Special Summit",
    "KTT Peringatan ASEAN-India 2018", "Commemorative Summit 2019"."""
    text = folded.text
    for mention in mentions:
        found = _YEAR_BEFORE.search(text, max(0, mention.start - 6), mention.start)
        found = found or _YEAR_AFTER.match(text, mention.end, mention.end + 6)
        if found is not None:
            return folded.quote(*found.span("year"))
    return None


def _filled(meeting: Meeting, facts: Facts, own: list[Meeting], sentences: Sentences) -> Meeting:
    """``meeting`` with the details of the sentences of its mentions (``own``), each sentence
    read once, until it has them all."""
    seen: set[int] = set()
    for mention in own:
        if _complete(meeting):
            break
        number = sentences.index(mention.start)
        if number not in seen:
            seen.add(number)
            meeting = _fill(meeting, facts, number, mention.end)
    return meeting


def attach_details(
    folded: FoldedText, meetings: list[Meeting], mentions: list[Meeting], sentences: Sentences
) -> tuple[Meeting, ...]:
    """The meetings with host, chair, date and documents filled in where the text says."""
    if not meetings:
        return ()
    facts = Facts(folded, sentences)
    for index, meeting in enumerate(meetings):
        own = [m for m in mentions if _belongs(m, meeting)]
        meeting = _filled(meeting, facts, own, sentences)
        if meeting.date is None and (year := _year_beside(folded, own)) is not None:
            meeting = meeting.with_details(meeting.host, meeting.chair, year)
        meetings[index] = meeting
    numbered = [i for i, m in enumerate(meetings) if m.ordinal is not None]
    principal = numbered[0] if numbered else 0
    cues = facts.cues()  # found in the same pass as the facts' words
    for anaphora in cues.anaphoras:
        if _complete(meetings[principal]):
            break  # nothing more to learn of it
        number = sentences.index(anaphora)
        begin = sentences.span(number)[0]
        if folded.text[begin:anaphora].strip(" \n\"'“‘(") in LEAD_INS:
            meetings[principal] = _fill(meetings[principal], facts, number, 0)
    documents = _documents(folded, cues, meetings, mentions, sentences, principal)
    return tuple(m.with_documents(tuple(documents.get(i, ()))) for i, m in enumerate(meetings))
