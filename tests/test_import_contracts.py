"""The import contracts of pyproject.toml (``[tool.importlinter]``, run by ``make lint``) hold for
this tree, and each one fails on an import it forbids, added to a copy of the packages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("monitor", "store", "alerts")
CONTRACTS = {
    "store-is-the-bottom": "store imports neither monitor nor alerts",
    "alerts-below-the-daemon": "alerts imports no daemon, service or ingest of monitor",
    "pure-core": "the pure core imports no I/O library",
}


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with this project's configuration, over the packages in ``tree``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(tree / "pyproject.toml")],
        cwd=tree,  # lint-imports puts its working directory first on sys.path
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_packages(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def verdicts(output: str) -> dict[str, str]:
    """Each contract's id: KEPT or BROKEN, as lint-imports printed it."""
    text = " ".join(output.split())  # a long name may be wrapped
    found = {}
    for key, name in CONTRACTS.items():
        verdict = re.search(re.escape(name) + r" (KEPT|BROKEN)\b", text)
        assert verdict, f"{name!r} not reported:\n{output}"
        found[key] = verdict.group(1)
    return found


def test_the_tree_keeps_every_contract() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert verdicts(done.stdout) == dict.fromkeys(CONTRACTS, "KEPT"), done.stdout


@pytest.mark.parametrize(
    ("module", "added", "broken"),
    [
        ("store/codec.py", "import monitor.events", "store-is-the-bottom"),
        ("alerts/model.py", "import monitor.daemon", "alerts-below-the-daemon"),
        ("alerts/render.py", "from monitor.ingest import urls", "alerts-below-the-daemon"),
        ("alerts/filters.py", "import httpx", "pure-core"),
        ("monitor/matching/normalise.py", "import sqlalchemy", "pure-core"),
        ("monitor/ingest/next_check.py", "import socket", "pure-core"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, added: str, broken: str
) -> None:
    tree = copy_of_the_packages(tmp_path)
    path = tree / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{added}  # the forbidden import\n")
    done = lint_imports(tree)
    assert done.returncode == 1, done.stdout + done.stderr
    assert verdicts(done.stdout) == {
        key: "BROKEN" if key == broken else "KEPT" for key in CONTRACTS
    }, done.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert importer in done.stdout, done.stdout
