"""A readable summary of a judgement for the terminal (``asean-monitor match``)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from monitor.matching.judgement import Evidence, Judgement

CONTEXT = 50


def _snippet(text: str, evidence: Evidence, style: str) -> Text:
    begin = max(0, evidence.start - CONTEXT)
    finish = min(len(text), evidence.end + CONTEXT)
    line = Text("  … " if begin else "  ")
    line.append(text[begin : evidence.start].replace("\n", " "))
    line.append(text[evidence.start : evidence.end], style=style)
    line.append(text[evidence.end : finish].replace("\n", " "))
    line.append(f" …  [{evidence.start}:{evidence.end}]", style="dim")
    return line


def _dialogue_table(j: Judgement) -> Table:
    table = Table(title="Dialogues", show_lines=False, expand=False)
    for column in ("dialogue", "relevant", "score", "evidence"):
        table.add_column(column)
    for d in j.dialogues:
        mark = Text("yes", style="bold green") if d.relevant else Text("no", style="dim")
        table.add_row(d.id, mark, f"{d.score:.3f}", str(len(d.evidence)))
    return table


def _meeting_table(j: Judgement) -> Table:
    table = Table(title="Meetings")
    for column in (
        "meeting",
        "ordinal",
        "mechanism",
        "dialogue",
        "host",
        "chair",
        "date",
        "documents",
    ):
        table.add_column(column)
    for m in j.meetings:
        table.add_row(
            m.name,
            str(m.ordinal or "-"),
            m.mechanism,
            m.dialogue,
            m.host or "-",
            m.chair or "-",
            m.date or "-",
            "; ".join(d.kind for d in m.documents) or "-",
        )
    return table


def render_judgement(j: Judgement, text: str) -> RenderableType:
    """Summary tables and the evidence highlighted in ``text`` (the judged text: the body, or
    ``judged_text(body, title)`` when a title was judged with it)."""
    verdict = Text(
        "RELEVANT" if j.relevant else "not relevant",
        style="bold green" if j.relevant else "bold yellow",
    )
    parts: list[RenderableType] = [
        Text.assemble("Verdict: ", verdict, f"   ruleset {j.ruleset[:12]}"),
        _dialogue_table(j),
    ]
    for d in j.dialogues:
        style = "bold black on green" if d.relevant else "black on yellow"
        parts.append(Text(f"{d.id} ({'relevant' if d.relevant else 'not relevant'})", style="bold"))
        parts.extend(_snippet(text, e, style) for e in d.evidence)
    if j.meetings:
        parts.append(_meeting_table(j))
    if j.topics:
        topics = Text("Topics: ")
        topics.append(", ".join(f"{t.id} ({len(t.evidence)})" for t in j.topics), style="cyan")
        parts.append(topics)
    return Group(*parts)
