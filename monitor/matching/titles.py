"""A meeting's title in English, made from its identity: "13th ASEAN-United States Summit".

A meeting is first seen under whatever name its first article wrote ("第28次中國－東盟領導人
會議", "KTT ke-43 ASEAN"); lists of meetings read better with one name per meeting in one
language, made from what the key states (dialogue, mechanism and sector, ordinal or year and
place) and nothing else.  A dialogue that is itself a meeting (the East Asia Summit, the
ASEAN Regional Forum, the ADMM-Plus) is not followed by its own mechanism ("13th East Asia
Summit", not "13th East Asia Summit Summit").  Pure: the caller gives the dialogue's name.
"""

from __future__ import annotations

from alerts.render import ordinal
from monitor.matching.mechanisms import DEFAULT_FOR_MECHANISM

__all__ = ["MECHANISM_TITLES", "meeting_title"]

MECHANISM_TITLES = {
    "summit": "Summit",
    "special-summit": "Special Summit",
    "commemorative-summit": "Commemorative Summit",
    "foreign-ministers": "Foreign Ministers' Meeting",
    "post-ministerial-conference": "Post Ministerial Conference",
    "senior-officials": "Senior Officials' Meeting",
    "forum": "Forum",
    "joint-cooperation-committee": "Joint Cooperation Committee",
    "sectoral-ministerial": "Ministerial Meeting",
    "dialogue": "Dialogue",
}
_SECTORED = {
    "sectoral-ministerial": "{sector} Ministers' Meeting",
    "senior-officials": "Senior Officials' Meeting on {sector}",
    "dialogue": "{sector} Dialogue",
}


def meeting_title(key: str, dialogue_name: str) -> str:
    """The English title of the meeting whose key is ``key`` (:mod:`monitor.matching.identity`);
    a key of another form is returned as it is."""
    parts = key.split("/")
    if len(parts) < 3 or not parts[2].isdigit():
        return key
    dialogue, mechanism_part, number, *rest = parts
    mechanism, _, sector = mechanism_part.partition(".")
    kind = _kind(dialogue, mechanism, sector)
    name = f"{dialogue_name} {kind}".strip()
    if _is_year(number):
        where = f", {_place(rest[0])}" if rest else ""
        return f"{name} {number}{where}"
    return f"{ordinal(int(number))} {name}"


def _kind(dialogue: str, mechanism: str, sector: str) -> str:
    if sector and mechanism in _SECTORED:
        return _SECTORED[mechanism].format(sector=sector.capitalize())
    if DEFAULT_FOR_MECHANISM.get(dialogue) == mechanism:
        return ""  # "East Asia Summit", "ASEAN Regional Forum", "ADMM-Plus"
    return MECHANISM_TITLES.get(mechanism, mechanism.replace("-", " ").capitalize())


def _is_year(number: str) -> bool:
    return len(number) == 4 and number[:2] in ("19", "20")


def _place(slug: str) -> str:
    """``kuala-lumpur`` → Kuala Lumpur; a slug in another script stays as it is."""
    words = slug.replace("-", " ").split()
    return " ".join(w.capitalize() if w.isascii() else w for w in words)
