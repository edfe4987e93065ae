"""The tests' own layout: what test modules share lives in tests/support/, and no module under
tests/ imports a test module or a conftest.py.

A test module (``test_*.py``), a ``conftest.py`` or any other module under tests/ may import
the standard library, third-party packages, the project's packages (monitor, store, alerts,
bench) and ``tests.support.*``; nothing else of ``tests``.  Imports are read with :mod:`ast`,
relative ones resolved; a module named in an argv (``[..., "-m", "tests.x"]``), to
``import_module`` or ``__import__``, or imported by code in a string (run in a child process)
counts as an import too.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SUPPORT = "tests.support"
IMPORTERS = frozenset({"import_module", "__import__"})
IMPORT_LINE = re.compile(
    r"^\s*(?:from\s+(tests(?:\.\w+)*)\s+import\s+(\w+)|import\s+(tests(?:\.\w+)*))", re.M
)


def module_of(path: Path) -> str:
    """The dotted name of the module at ``path`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def allowed(name: str) -> bool:
    """Whether importing ``name`` is fine from a module under tests."""
    return name.split(".")[0] != "tests" or name == SUPPORT or name.startswith(SUPPORT + ".")


def imported(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, dotted name) of every module ``source`` imports or names in a string."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            if origin == "tests":  # ``from tests import support``: each name is a module
                found += [(node.lineno, f"tests.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, origin))
        elif isinstance(node, ast.List | ast.Tuple):  # an argv: [..., "-m", "tests.x", ...]
            for flag, value in itertools.pairwise(node.elts):
                if _text(flag) == "-m" and _text(value) is not None:
                    found.append((node.lineno, str(_text(value))))
        elif isinstance(node, ast.Call) and _called(node.func) in IMPORTERS and node.args:
            if (name := _text(node.args[0])) is not None:
                found.append((node.lineno, name))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for match in IMPORT_LINE.finditer(node.value):  # code run elsewhere
                origin, name, plain = match.groups()
                if plain:
                    found.append((node.lineno, plain))
                elif origin == "tests":
                    found.append((node.lineno, f"tests.{name}"))
                else:
                    found.append((node.lineno, origin))
    return found


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _called(func: ast.expr) -> str:
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def violations(path: Path) -> list[str]:
    module = module_of(path)
    source = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for line, name in imported(source, module, path.name == "__init__.py")
        if not allowed(name)
    ]


def test_no_module_under_tests_imports_a_test_module_or_a_conftest() -> None:
    modules = sorted(TESTS.rglob("*.py"))
    assert any(p.name == "conftest.py" for p in modules)
    assert sum(p.name.startswith("test_") for p in modules) > 50
    found = [v for path in modules for v in violations(path)]
    assert found == [], "import shared helpers from tests/support instead:\n" + "\n".join(found)


# One import of each kind, allowed or not (see the test below).
SAMPLE = '''
import os
import httpx
import PKG.support.ci
from monitor.events import ArticleMatched
from PKG.support.httpserver import HTTPTestServer
from PKG import support
from PKG.conftest import IN_CI
from PKG.ingest.test_daemon import count
import PKG.store.conftest
from .harness import rss
from ..matching import conftest
from PKG import ingest
CHILD = """
import asyncio
from PKG.ingest.test_worker_pool import work
"""
COMMAND = ["python", "-m", "PKG.store.crash_writer"]
LOADED = importlib.import_module("PKG.cli.test_errors")
SUPPORTED = ["python", "-m", "PKG.support.crash_writer"]
'''


def test_the_check_sees_each_way_of_importing_a_test_module() -> None:
    """The check above can fail: each of these is one violation, and only these are."""
    # SAMPLE spells the package PKG, so that this module's own strings import nothing.
    source = SAMPLE.replace("PKG", "tests")
    names = [name for _, name in imported(source, "tests.ingest.test_example") if not allowed(name)]
    assert names == [
        "tests.conftest",
        "tests.ingest.test_daemon",
        "tests.store.conftest",
        "tests.ingest.harness",
        "tests.matching",
        "tests.ingest",
        "tests.ingest.test_worker_pool",
        "tests.store.crash_writer",
        "tests.cli.test_errors",
    ]


def test_support_is_a_package_of_its_own() -> None:
    assert (TESTS / "support" / "__init__.py").is_file()
    assert module_of(TESTS / "support" / "faults" / "__init__.py") == "tests.support.faults"
