"""A page's author as trafilatura's ``extract_author`` finds it, without copying the page.

trafilatura looks for the author, when the meta tags and JSON-LD name none, by copying the
whole tree, deleting from the copy what cannot hold a byline (comments, sidebars, titles,
dates, figures ...: ``AUTHOR_DISCARD_XPATHS``) and then asking ``AUTHOR_XPATHS`` for the first
element whose text is 3 to 119 characters long.  The deletion pass runs two regular
expressions over the classes of every ``a``, ``div``, ``section`` and ``span`` of the page:
about 5 ms on a 90 KB news page, a third of an extraction, for the four pages in ten that need
it.

:func:`find_author` gives the same answer from the tree itself.  Every test in those XPaths
looks only at an element's own name and attributes (true of the XPaths of the trafilatura
release this was written for; with other XPaths it always defers to trafilatura), so an
element survives the deletion exactly when neither it nor an ancestor is a discarded one, and
the candidates of the pruned copy are the surviving candidates of the page, in the same
order.  The text of a survivor depends only on what is deleted inside it, so only that
element is copied and pruned, with trafilatura's own deletions in trafilatura's order (a
deleted element's tail joins its neighbour's text, which decides where
``" ".join(itertext())`` puts spaces).  One test looks at a child's text (``rel='me'``: a
child element named ``rel``); a page with a ``rel`` element goes to
trafilatura.  tests/ingest/test_byline.py compares both on pages and on generated trees.
"""

from __future__ import annotations

import hashlib
from copy import deepcopy
from itertools import chain
from typing import Any

from lxml.etree import XPath
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import extract_author
from trafilatura.utils import trim
from trafilatura.xml import delete_element
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS, REGEXP_NS

WRITTEN_FOR = "811c59ac07e304265968a66eef97fe365a85da870141c282fa4845436bbef864"
"""SHA-256 of trafilatura's author XPaths (2.3.1) this module reproduces, NUL-separated."""
DISCARDED_TAGS = ("time", "figure")
"""``AUTHOR_DISCARD_XPATHS[1]``: ``//time|//figure``."""
MAX_LENGTH = 120


def _own_test() -> Any | None:
    """``AUTHOR_DISCARD_XPATHS[0]`` as a test of one element (``self::*[...]``), or None when
    trafilatura's XPaths are not the ones this module was written for (then every page goes
    to trafilatura)."""
    paths = [x.path for x in (*AUTHOR_DISCARD_XPATHS, *AUTHOR_XPATHS)]
    if hashlib.sha256("\x00".join(paths).encode()).hexdigest() != WRITTEN_FOR:
        return None
    own = AUTHOR_DISCARD_XPATHS[0].path.strip().removeprefix(".//*")
    return XPath("self::*" + own, namespaces={"re": REGEXP_NS})


_DISCARDED = _own_test()


def find_author(tree: Any) -> str | None:
    """What ``trafilatura.metadata.extract_author(tree)`` returns."""
    if _DISCARDED is None or next(tree.iter("rel"), None) is not None:
        return extract_author(tree)
    for expression in AUTHOR_XPATHS:
        candidates: list[Any] = expression(tree)  # type: ignore[assignment]
        for element in candidates:
            if _is_discarded(element):
                continue
            content = trim(" ".join(_pruned(element).itertext()))
            if content and 2 < len(content) < MAX_LENGTH:
                return normalize_authors(None, content)
    return None


def _is_discarded(element: Any) -> bool:
    """Whether trafilatura's deletion pass removes ``element`` (itself or with an ancestor)."""
    assert _DISCARDED is not None
    for node in chain((element,), element.iterancestors()):
        if node.getparent() is not None and (node.tag in DISCARDED_TAGS or _DISCARDED(node)):
            return True  # the root is never deleted (delete_element needs a parent)
    return False


def _pruned(element: Any) -> Any:
    """A copy of ``element`` with trafilatura's deletions inside it, in trafilatura's order:
    the first XPath's matches in document order, then the ``time`` and ``figure`` left."""
    copy = deepcopy(element)
    matches: list[Any] = AUTHOR_DISCARD_XPATHS[0](copy)  # type: ignore[assignment]
    for node in matches:
        delete_element(node)
    for node in [n for n in copy.iter(*DISCARDED_TAGS) if n is not copy]:
        delete_element(node)
    return copy
