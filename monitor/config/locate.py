"""Find where in a YAML file a value lives, from PyYAML's composed node tree.

``line_of(root, loc)`` follows a pydantic ``loc`` (``("sources", 2, "interval")``) through the
nodes and gives the 1-based line of the deepest part that exists: the key's line for a mapping
entry, the item's line for a sequence item, the enclosing mapping's line for a missing key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

__all__ = ["duplicate_keys", "line_of"]

Loc = tuple[str | int, ...]


def line_of(root: yaml.Node | None, loc: Sequence[str | int]) -> int:
    """The 1-based line for ``loc``; line 1 when the file is empty."""
    if root is None:
        return 1
    node, marker = root, root
    for part in loc:
        step = _step(node, part)
        if step is None:
            break
        marker, node = step
    return marker.start_mark.line + 1


def _step(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """``(marker, child)`` one level down, or ``None`` when ``part`` is not there."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        items: list[yaml.Node] = node.value
        return (items[part], items[part]) if 0 <= part < len(items) else None
    return None


def duplicate_keys(root: yaml.Node | None) -> Iterator[tuple[Loc, int, int]]:
    """Every repeated mapping key as ``(loc, line, first_line)``; PyYAML keeps only the last."""
    if root is None:
        return
    yield from _walk(root, (), set())


def _walk(node: yaml.Node, loc: Loc, seen_nodes: set[int]) -> Iterator[tuple[Loc, int, int]]:
    if id(node) in seen_nodes:  # an alias: already walked where the anchor was
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*loc, index), seen_nodes)
    elif isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                continue
            line = key.start_mark.line + 1
            if key.value in first:
                yield (*loc, key.value), line, first[key.value]
            else:
                first[key.value] = line
            yield from _walk(value, (*loc, key.value), seen_nodes)
