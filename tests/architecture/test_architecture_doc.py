"""docs/architecture.md names real places: every path and module it names exists, and every
package and every module at the top of ``monitor/`` is on its map."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
_CODE = re.compile(r"`([^`\s]+)`")
_PATH = re.compile(r"^(monitor|alerts|store|tests|docs)/[\w./<>-]*$")
_MODULE = re.compile(r"^(monitor|alerts|store)(\.\w+)+$")


def named(text: str) -> tuple[set[str], set[str]]:
    """The paths and the dotted module names written in code spans."""
    spans = set(_CODE.findall(text))
    return {s for s in spans if _PATH.match(s)}, {s for s in spans if _MODULE.match(s)}


def missing(text: str, root: Path) -> list[str]:
    paths, modules = named(text)
    gone = [p for p in paths if "<" not in p and not (root / p.rstrip("/")).exists()]
    for module in modules:
        base = root / module.replace(".", "/")
        if not (base.with_suffix(".py").exists() or (base / "__init__.py").exists()):
            gone.append(module)
    return sorted(gone)


def test_every_path_the_doc_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    paths, _ = named(text)
    assert len(paths) > 40, "the doc names the modules of the map and of the recipes"
    assert missing(text, ROOT) == []


def test_a_path_that_does_not_exist_is_found(tmp_path: Path) -> None:
    (tmp_path / "monitor").mkdir()
    (tmp_path / "monitor" / "daemon.py").write_text("", encoding="utf-8")
    text = "`monitor/daemon.py` and `monitor/gone.py` and `monitor.nowhere`"
    assert missing(text, tmp_path) == ["monitor.nowhere", "monitor/gone.py"]


def test_the_map_shows_every_package_and_every_top_level_module() -> None:
    paths, _ = named(DOC.read_text(encoding="utf-8"))
    shown = {p.rstrip("/") for p in paths}
    wanted = {
        str(init.parent.relative_to(ROOT))
        for package in ("monitor", "alerts", "store")
        for init in (ROOT / package).glob("*/__init__.py")
    }
    wanted |= {
        str(m.relative_to(ROOT))
        for m in (ROOT / "monitor").glob("*.py")
        if m.name not in ("__init__.py", "__main__.py")
    }

    def on_map(place: str) -> bool:
        return place in shown or any(p.startswith(place + "/") for p in shown)

    assert sorted(w for w in wanted if not on_map(w)) == []
