"""Attendance: whether a text says someone attends the meeting it names at a place.

A dialogue named once, late in a long text, is in passing (:func:`monitor.matching.matcher`),
unless the text says someone attends it: "Minister Joly will attend the 30th ASEAN Regional
Forum" previews attending the meeting, which label rule R2 counts as being about it.  The verb
comes before the name in English, the Romance languages, Vietnamese, Indonesian, Malay, Thai
and Chinese ("attend", "participer au", "tham dự", "menghadiri", "เข้าร่วม", "出席"), after it
in Japanese and Korean ("に出席", "에 참석").  Checked at the one mention only.
"""

from __future__ import annotations

import re

_S = r"[^\S\n]"
# What may stand between the verb and the name: an article, an ordinal, "annual" (up to 3
# short words, no stop).
_BETWEEN = rf"(?:{_S}+[\w'-]+){{0,3}}?{_S}*"
BEFORE = re.compile(
    rf"(?:attend(?:s|ed|ing)?|participat(?:e|es|ed|ing){_S}+in"
    rf"|(?:take|takes|taking|took){_S}+part{_S}+in){_BETWEEN}$"
    rf"|(?:participer|participera|assister|assistera|asistir[aá]?|participar[aá]?|partecipare"
    rf"|partecipera){_BETWEEN}$"
    rf"|(?:tham{_S}+du|menghadiri|hadir{_S}+(?:di|dalam)|เข้าร่วม(?:การประชุม)?|出席|参加|出席了|参加了)"
    rf"{_S}*(?:[\w-]+{_S}*){{0,2}}?$"
)
AFTER = re.compile(rf"{_S}*(?:に出席|に参加|에{_S}*참석|에{_S}*참가|참석)")
WINDOW = 48
"""Characters before the name in which the verb is looked for."""


def attended(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` of the folded ``text`` is the object of attending."""
    before = text[max(0, start - WINDOW) : start]
    return BEFORE.search(before) is not None or AFTER.match(text, end) is not None
