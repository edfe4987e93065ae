"""A meeting's identity: one canonical key for every spelling, letter case and language of it.

The key is made of what the text states and nothing else (label rule R4):

- ``asean-us/summit/13``: dialogue, mechanism and ordinal, when an ordinal is written
  ("13th ASEAN-US Summit", "Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13", "第13回日ASEAN首脳会議"
  all give it, whatever the spelling of the partner's name);
- ``asean-us/special-summit/2022/washington``: else the year and the place, when the text
  gives a year (the first four-digit year of the meeting's date; a Buddhist-era year is
  converted) and a host (its first part, folded: "Washington, D.C." is ``washington``; a
  place in :mod:`monitor.matching.places` by its English name in every language it lists);
- ``asean-us/special-summit/2022``: else the year alone;
- a sectoral meeting carries its sector after the mechanism (``asean-us/sectoral-ministerial.
  energy/1``: the first Energy Ministerial is not the first Transport one), except in a
  dialogue of one sector: every ADMM-Plus meeting is of defence, so "the 12th ASEAN Defence
  Ministers' Meeting-Plus" and "第12屆東盟防長擴大會" are ``admm-plus/sectoral-ministerial/12``.

A meeting with neither an ordinal nor a year has no identity (None): "the ASEAN-US Summit"
with nothing more may be any of them, so it is shown with its article but is not a meeting
stream.  Names of one place are folded for the places :mod:`monitor.matching.places` lists
("Vientiane", "Viêng Chăn", "万象" are ``vientiane``); a place it lacks, written in two
languages, is two identities until an ordinal joins them.  Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from monitor.matching.normalise import fold_term
from monitor.matching.places import canonical_place

if TYPE_CHECKING:
    from monitor.matching.judgement import Meeting

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|25[0-9]\d)(?!\d)")
BUDDHIST_ERA = 543
# Sectoral ministers' meetings and officials' dialogues are many per dialogue: the first
# ASEAN-US Energy Ministerial is not the first Transport one.  Their sector, from the name's
# words (English; a name in another language keeps the bare mechanism).
SECTORAL_MECHANISMS = frozenset({"sectoral-ministerial", "dialogue", "senior-officials"})
# Dialogues of one sector: the sector is the dialogue's, so a name stating it ("ASEAN Defence
# Ministers' Meeting-Plus") and one that does not ("ADMM-Plus") are one meeting.
ONE_SECTOR = frozenset({"admm-plus"})
_SECTOR = re.compile(
    r"\b(econom|energy|transport|defen[cs]e|health|agricultur|environment|trade|financ|digital"
    r"|educat|touris|labou?r|cultur|science|technolog|maritime|security|cyber|youth|women"
    r"|disaster|connectivity|telecom|customs|immigration|legal|law|crime|narcotic|drug|food)"
)
_SECTOR_OF = {
    "econom": "economic",
    "defence": "defense",
    "agricultur": "agriculture",
    "financ": "finance",
    "educat": "education",
    "touris": "tourism",
    "labor": "labour",
    "cultur": "culture",
    "technolog": "technology",
    "narcotic": "narcotics",
}


def year_of(date: str | None) -> int | None:
    """The first year written in a meeting's date ("27 May 2021" → 2021; "2567" → 2024)."""
    if not date:
        return None
    found = _YEAR.search(date)
    if found is None:
        return None
    year = int(found.group(1))
    return year - BUDDHIST_ERA if year >= 2500 else year


def place_of(host: str | None) -> str | None:
    """The host's first part, folded into a slug ("Kuala Lumpur, Malaysia" → kuala-lumpur)."""
    if not host:
        return None
    first = re.split(r"[,，、(（]", host, maxsplit=1)[0]
    slug = _slug(first)
    return canonical_place(slug, _slug) if slug else None


def _slug(name: str) -> str:
    """Letters, digits and the marks written on them, folded; runs of anything else one "-"
    (a Thai or Hindi vowel sign is part of its word: "เครือรัฐ" is not "เคร-อร-ฐ")."""
    kept = [c if c.isalnum() or unicodedata.category(c)[0] == "M" else " " for c in fold_term(name)]
    return "-".join("".join(kept).split())


def sector_of(name: str | None) -> str | None:
    """The sector a sectoral meeting's name gives ("ASEAN-U.S. Energy Ministerial" → energy)."""
    found = _SECTOR.search(fold_term(name)) if name else None
    return None if found is None else _SECTOR_OF.get(found.group(1), found.group(1))


def meeting_key(
    dialogue: str,
    mechanism: str,
    ordinal: int | None,
    date: str | None = None,
    host: str | None = None,
    name: str | None = None,
) -> str | None:
    """The canonical key of a meeting, or None when the text does not identify one."""
    sectoral = mechanism in SECTORAL_MECHANISMS and dialogue not in ONE_SECTOR
    sector = sector_of(name) if sectoral else None
    if sector is not None:
        mechanism = f"{mechanism}.{sector}"
    if ordinal is not None:
        return f"{dialogue}/{mechanism}/{ordinal}"
    year = year_of(date)
    if year is None:
        return None
    place = place_of(host)
    return f"{dialogue}/{mechanism}/{year}" + (f"/{place}" if place else "")


def key_of(meeting: dict[str, object]) -> str | None:
    """The key of a meeting as recorded in a judgement (an ``article.matched`` event): its
    ``key`` when recorded, else derived from its fields (judgements before schema 3)."""
    recorded = meeting.get("key")
    if isinstance(recorded, str):
        return recorded
    ordinal = meeting.get("ordinal")
    date, host, name = meeting.get("date"), meeting.get("host"), meeting.get("name")
    return meeting_key(
        str(meeting.get("dialogue")),
        str(meeting.get("mechanism")),
        ordinal if isinstance(ordinal, int) else None,
        date if isinstance(date, str) else None,
        host if isinstance(host, str) else None,
        name if isinstance(name, str) else None,
    )


def distinct_keys(meetings: Iterable[dict[str, object]]) -> list[str]:
    """The keys of the meetings that have one, each once, in order."""
    return list(dict.fromkeys(k for k in map(key_of, meetings) if k is not None))


def fold_meetings(meetings: Sequence[Meeting]) -> tuple[Meeting, ...]:
    """One meeting per identity: a later mention with the same key gives the first what it
    lacks (host, chair, date) and its documents; meetings without a key are kept as they are."""
    kept: dict[str, int] = {}
    folded: list[Meeting] = []
    for meeting in meetings:
        key = meeting.key
        if key is None or key not in kept:
            if key is not None:
                kept[key] = len(folded)
            folded.append(meeting)
            continue
        folded[kept[key]] = _completed(folded[kept[key]], meeting)
    return tuple(folded)


def _completed(first: Meeting, later: Meeting) -> Meeting:
    """``first`` with what ``later`` says and it does not."""
    details = (first.host or later.host, first.chair or later.chair, first.date or later.date)
    documents = first.documents + tuple(d for d in later.documents if d not in first.documents)
    return first.with_details(*details).with_documents(documents)
