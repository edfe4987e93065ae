"""When a dialogue a text names is not what it is about: named in passing, or a participant of
another mechanism's meeting; and when it always is: named in the title.

Called by :func:`monitor.matching.matcher.judge_dialogues` on each dialogue's tally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.matching.attendance import attended
from monitor.matching.catalogue import Dialogue

if TYPE_CHECKING:
    from monitor.matching.matcher import Context, Tally

LONG_BODY = 700
"""Characters of body after the lead from which a text is long (one mention there is in
passing)."""


def titled(ctx: Context, tally: Tally) -> bool:
    """Named by an anchor in the title: what the article says it is about, never in passing."""
    return tally.anchored and any(
        p >= 1.0 and span[0] < ctx.title_end for p, span in tally.evidence
    )


def participant(ctx: Context, tally: Tally, dialogue: Dialogue) -> bool:
    """A partner that no anchor names, in a text naming an ASEAN-led mechanism by its name:
    a participant of that mechanism's meeting ("Russia took part in the meeting of the ASEAN
    defence ministers ... the ADMM-Plus"), not a partner dealing with ASEAN (label rule R3)."""
    if dialogue.kind != "partner" or tally.anchored:
        return False
    return any(anchor.kind == "mechanism" for anchor in ctx.anchors)


def in_passing(ctx: Context, tally: Tally) -> bool:
    """Named once, after the title and the lead of a long text: in passing, whatever else the
    article is about (one mention of the East Asia Summit in a report on another meeting).
    Once with ASEAN: the partner's name alone, however often, is no mention of the dialogue
    (a report on Canada and the Philippines naming a Canada-ASEAN agreement at its end).  A
    meeting someone attends is no passing mention ("Minister Joly will attend the 30th ASEAN
    Regional Forum"; :func:`monitor.matching.attendance.attended`)."""
    if len(ctx.folded.text) - ctx.lead_end <= LONG_BODY:
        return False
    scored = _only_scored(tally)
    if scored is None:
        return False
    start, end = scored
    return start >= ctx.lead_end and not attended(ctx.folded.text, start, end)


def _only_scored(tally: Tally) -> tuple[int, int] | None:
    """The one span that scored points, None if none or several did (the second distinct
    one ends the search)."""
    only = None
    for points, span in tally.evidence:
        if points > 0:
            if only is None:
                only = (span[0], span[1])
            elif only != (span[0], span[1]):
                return None
    return only
