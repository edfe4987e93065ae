"""What the matcher asks of a catalogue's dialogues per article, worked out once per catalogue.

Every judgement orders, names and filters its dialogues by the catalogue: the dictionaries for
that were built anew for each article.  A catalogue is immutable, so they are built once, for
the catalogue last asked about (a process judges with one ruleset at a time; another
catalogue just rebuilds them).
"""

from __future__ import annotations

from typing import NamedTuple

from monitor.matching.catalogue import Catalogue, Dialogue


class Roster(NamedTuple):
    """A catalogue's dialogues by id: their place in it, the dialogue, the enabled ones and
    the partners' (as a dictionary built from the catalogue would give them: the last of a
    repeated id wins)."""

    catalogue: Catalogue
    order: dict[str, int]
    by_id: dict[str, Dialogue]
    active: frozenset[str]
    partners: frozenset[str]


_LAST: list[Roster] = []


def roster(catalogue: Catalogue) -> Roster:
    """The roster of ``catalogue`` (the same object as last time: the one built then)."""
    last = _LAST[0] if _LAST else None  # read once: another thread may replace it
    if last is not None and last.catalogue is catalogue:
        return last
    dialogues = catalogue.dialogues
    built = Roster(
        catalogue,
        {d.id: i for i, d in enumerate(dialogues)},
        {d.id: d for d in dialogues},
        frozenset(d.id for d in catalogue.active_dialogues()),
        frozenset(d.id for d in dialogues if d.kind == "partner"),
    )
    _LAST[:] = [built]
    return built
