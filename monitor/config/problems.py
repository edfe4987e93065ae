"""What is wrong with a configuration file, one :class:`Problem` per fault."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import ConfigError

__all__ = ["Problem", "SourcesFileError", "format_field"]


@dataclass(frozen=True, order=True)
class Problem:
    """One fault: the file, the 1-based line (``None`` when there is none), the field path
    (``sources[2].interval``; ``""`` for the whole file) and the reason."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else str(self.file)
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class SourcesFileError(ConfigError):
    """``sources.yaml`` is invalid; ``problems`` lists every fault found, in file order."""

    def __init__(self, file: Path, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = sorted(problems, key=_order)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{file}: {count} {noun}:\n{lines}")


def _order(problem: Problem) -> tuple[int, str, str]:
    return (problem.line or 0, problem.field, problem.message)


def format_field(loc: Sequence[str | int]) -> str:
    """``("sources", 2, "interval")`` → ``sources[2].interval``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
