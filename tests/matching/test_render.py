"""The terminal summary names the verdict, the meeting and highlights the evidence."""

from __future__ import annotations

from rich.console import Console

from monitor.matching import Ruleset, judge, judged_text, render_judgement
from tests.support.seeds import seed_text


def test_render_shows_verdict_meeting_and_evidence(ruleset: Ruleset) -> None:
    text = seed_text("003")
    j = judge(text, ruleset)
    console = Console(record=True, width=200, color_system="truecolor")
    console.print(render_judgement(j, text))
    plain = console.export_text(clear=False)
    assert "RELEVANT" in plain
    assert "13th ASEAN–US Summit" in plain
    assert "asean-us (relevant)" in plain
    styled = console.export_text(styles=True)
    assert "\x1b[" in styled  # the evidence is highlighted


def test_render_with_title_uses_the_judged_text(ruleset: Ruleset) -> None:
    title, body = "Japan, ASEAN agree", "Nothing else here."
    j = judge(body, ruleset, title=title)
    console = Console(record=True, width=120)
    console.print(render_judgement(j, judged_text(body, title)))
    assert "Japan" in console.export_text()
