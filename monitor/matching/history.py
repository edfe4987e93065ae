"""Meetings an article tells of as past: the occasion of something else, not its news.

"Russia-ASEAN jubilee summit opens in Sochi ... The first Russia-ASEAN summit was held in
Kuala Lumpur in 2005", "Lavrov will attend the East Asia Summit ... Russia joined at the 5th
East Asia Summit in October 2010 in Hanoi": the numbered meeting is history, and the article's
own meeting, named without its ordinal in the title or the lead, is another one.  A numbered
meeting is told of as past when every mention of it is after the lead, in a sentence stating a
year that the title and the lead (before that sentence) do not state, and a mention of the
same kind of meeting without an ordinal comes first, in the title or the lead; and so is one
numbered before a meeting told of as past (meetings are numbered in time).  Such a meeting
does not absorb the unnumbered one (:func:`monitor.matching.meetings._merge`), and a rank
stated beside such a year is not the article's meeting's ("ASEAN and Australia held their
first summit in 1977").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from monitor.matching.judgement import Meeting
from monitor.matching.sentences import Sentences

YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
Key = tuple[str, str, int | None]


def key_of(meeting: Meeting) -> Key:
    return (meeting.dialogue, meeting.mechanism, meeting.ordinal)


def past_meetings(
    text: str, sentences: Sentences, mentions: Sequence[Meeting], lead_end: int
) -> frozenset[Key]:
    """The numbered meetings of ``mentions`` told of as past (see the module's docstring)."""
    current = {
        (m.dialogue, m.mechanism) for m in mentions if m.ordinal is None and m.start < lead_end
    }
    if not current:
        return frozenset()
    by_key: dict[Key, list[Meeting]] = {}
    for mention in mentions:
        if mention.ordinal is not None and (mention.dialogue, mention.mechanism) in current:
            by_key.setdefault(key_of(mention), []).append(mention)
    latest: dict[tuple[str, str], int] = {}  # the last past meeting's ordinal, per kind
    for (dialogue, mechanism, ordinal), told in by_key.items():
        if ordinal is not None and all(_told_as_past(text, sentences, m, lead_end) for m in told):
            latest[dialogue, mechanism] = max(ordinal, latest.get((dialogue, mechanism), 0))
    # Meetings are numbered in time: one before a past one is past too ("Since its inception
    # in 2005 ... The first EAS was inaugurated in 2005 ... The third EAS was held in 2007").
    return frozenset(key for key in by_key if (key[2] or 0) <= latest.get(key[:2], 0))


def _told_as_past(text: str, sentences: Sentences, mention: Meeting, lead_end: int) -> bool:
    if mention.start < lead_end:
        return False
    return past_sentence(text, sentences.span(sentences.index(mention.start)), lead_end)


def past_sentence(text: str, span: tuple[int, int], lead_end: int) -> bool:
    """Whether the sentence at ``span`` states a year that the text before it, within the
    title and the lead, does not (the sentence may begin inside the lead): it tells of the
    past ("held their first summit in 1977")."""
    begin, end = span
    years = set(YEAR.findall(text, begin, end))
    return bool(years) and not years.intersection(YEAR.findall(text, 0, min(lead_end, begin)))
