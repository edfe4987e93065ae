"""Load ``sources.yaml``: parse, validate, and report every problem with its line at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from monitor.config.locate import duplicate_keys, line_of
from monitor.config.model import LISTING_KEYS, SourceKind, SourcesConfig, SourcesFile, resolve
from monitor.config.model import known_keys as _known_keys
from monitor.config.problems import Problem, SourcesFileError, format_field

__all__ = ["check_and_load", "check_sources", "load_sources"]

Loc = tuple[str | int, ...]
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML has it (several times faster), the same nodes and marks."""


def load_sources(path: Path) -> SourcesConfig:
    """Load and validate ``path``; raise :class:`SourcesFileError` listing every problem."""
    path = Path(path)
    config, problems = _load(path)
    if problems or config is None:
        raise SourcesFileError(path, problems)
    return config


def check_sources(path: Path) -> list[Problem]:
    """Every problem in ``path``, in file order; an empty list when it is valid."""
    path = Path(path)
    return check_and_load(path)[0]


def check_and_load(path: Path) -> tuple[list[Problem], SourcesConfig | None]:
    """Every problem in ``path`` in file order, and the configuration when there is none (the
    file is read and parsed once)."""
    config, problems = _load(Path(path))
    return sorted(problems, key=lambda p: (p.line or 0, p.field, p.message)), config


def _load(path: Path) -> tuple[SourcesConfig | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, None, "", f"cannot read the file: {exc}")]
    try:
        root, data = _parse(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_problem(path, exc)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly all of its errors
        return None, [Problem(path, None, "", f"not valid YAML: {exc}")]
    problems = _structure_problems(path, root, data)
    try:
        model = SourcesFile.model_validate(data)
    except ValidationError as exc:
        problems += [_pydantic_problem(path, root, error) for error in exc.errors()]
        return None, problems
    return (None if problems else resolve(model, path)), problems


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """Compose and construct in one pass, so the node tree and the data match."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def _yaml_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    reason = " ".join(part for part in (exc.context, exc.problem) if part)
    return Problem(path, line, "", f"not valid YAML: {reason or exc}")


def _structure_problems(path: Path, root: yaml.Node | None, data: Any) -> list[Problem]:
    """Problems pydantic cannot see: repeated keys, repeated ids, listing-only keys."""
    problems = [
        Problem(
            path,
            line,
            format_field(loc),
            f"repeated key (first on line {first}); YAML would silently keep only the last",
        )
        for loc, line, first in duplicate_keys(root)
    ]
    for loc, message in _source_checks(data, root):
        problems.append(Problem(path, line_of(root, loc), format_field(loc), message))
    return problems


def _source_checks(data: Any, root: yaml.Node | None) -> Iterator[tuple[Loc, str]]:
    sources = data.get("sources") if isinstance(data, Mapping) else None
    if not isinstance(sources, list):
        return
    first_index: dict[str, int] = {}
    for index, entry in enumerate(sources):
        if not isinstance(entry, Mapping):
            continue
        source_id = entry.get("id")
        if isinstance(source_id, str) and source_id in first_index:
            other = first_index[source_id]
            line = line_of(root, ("sources", other, "id"))
            yield (
                ("sources", index, "id"),
                (f"duplicate id {source_id!r}: already used by sources[{other}] on line {line}"),
            )
        elif isinstance(source_id, str):
            first_index[source_id] = index
        yield from _listing_checks(index, entry)


def _listing_checks(index: int, entry: Mapping[str, Any]) -> Iterator[tuple[Loc, str]]:
    kind = entry.get("kind", SourceKind.FEED.value)
    present = [key for key in LISTING_KEYS if entry.get(key) is not None]
    if kind == SourceKind.HTML_LISTING.value and not present:
        yield (
            ("sources", index, "kind"),
            ("an html_listing source needs link_pattern (a regex for article URLs) or link_xpath"),
        )
    elif kind in {k.value for k in SourceKind} - {SourceKind.HTML_LISTING.value}:
        for key in present:
            yield ("sources", index, key), f"{key} applies only to kind html_listing, not {kind}"


def _pydantic_problem(path: Path, root: yaml.Node | None, error: ErrorDetails) -> Problem:
    loc: Loc = tuple(error["loc"])
    return Problem(path, line_of(root, loc), format_field(loc), _message(error, loc))


def _message(error: ErrorDetails, loc: Loc) -> str:
    kind, text = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys to values, got {_yaml_type(error['input'])}"
    if kind == "literal_error" and loc == ("version",):
        return f"expected version: 1 (the only format version so far), got {error['input']!r}"
    text = text.removeprefix("Value error, ")
    if kind == "string_type" and isinstance(error["input"], bool):
        text += " (YAML reads yes/no/on/off/true/false as booleans: quote the value)"
    return text


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    names = {str: "a string", list: "a list", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _unknown_key(loc: Loc) -> str:
    key = str(loc[-1])
    known = _known_keys(loc[:-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(known)}"
    return f"unknown key {key!r}{hint}" if known else f"unknown key {key!r}"
