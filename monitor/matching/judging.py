"""The matching core as the pipeline calls it: a ruleset's hash and a judgement as JSON.

A judge runs wherever the article's text is: in the extraction worker processes (the
:class:`monitor.extract.extractor.Extractor` is given one and loads it once per worker), or in the
main process for texts that did not come from a page (a feed summary kept when extraction
failed; a rematch).  Either way the event records ``ruleset_hash``, the hash of the rules that
judged it.
"""

from __future__ import annotations

from typing import Any, Protocol

from monitor.matching import Ruleset, judge, judgement_to_json
from monitor.matching.catalogue import Catalogue
from monitor.matching.ruleset import compile_ruleset

TITLE_WINDOW = 500
"""A title already at the start of the text (its first this many characters) is not judged
twice."""


class Judge(Protocol):
    """Matching, as the pipeline needs it: the ruleset's hash, and a judgement as JSON."""

    ruleset_hash: str

    def __call__(self, text: str, title: str | None) -> dict[str, Any]: ...


def judged_title(title: str | None, text: str) -> str | None:
    """The title to judge beside ``text``: None when the text starts with it already."""
    if not title or title in text[:TITLE_WINDOW]:
        return None
    return title


class RulesetJudge:
    """Judges texts with one ruleset; ``ruleset_hash`` goes into every match event.

    Pickled (to start a worker process) as its rules, not its compiled automaton: the worker
    compiles them once, and its ``ruleset_hash`` is the hash of what it compiled."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.ruleset_hash = ruleset.hash

    def __reduce__(self) -> tuple[Any, tuple[Catalogue, str]]:
        return _compiled_judge, (self.ruleset.catalogue, self.ruleset.source)

    def __call__(self, text: str, title: str | None) -> dict[str, Any]:
        document = judgement_to_json(judge(text, self.ruleset, title=title), "")
        document.pop("path", None)
        return document


def _compiled_judge(catalogue: Catalogue, source: str) -> RulesetJudge:
    return RulesetJudge(compile_ruleset(catalogue, source))
