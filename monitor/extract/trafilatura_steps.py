"""trafilatura's extraction, run step by step on one parsed tree, for what an article keeps.

``trafilatura.bare_extraction`` copies a tree it is given (1.4 ms for a 90 KB news page: more
than parsing it) and, with ``with_metadata=True``, also reads categories, tags and a licence,
which nothing here stores; on news pages with mega-menus they are the dearest part of its
metadata (the licence test looks at every link of the page).  :func:`extract_document` runs
bare_extraction's steps, in its order, on the tree itself: the metadata
(:func:`extract_page_metadata`: trafilatura's ``extract_metadata`` for title, author, URL,
host, date and site name, the same steps in the same order), then ``trafilatura_sequence``
and the size check, then the text.  So the fields we keep are the ones bare_extraction would give
(tests/ingest/test_trafilatura_steps.py compares them page by page), for about four fifths of
its CPU.  It uses trafilatura's own functions; trafilatura is pinned to their major version.

The tree is consumed: trafilatura's cleaning changes it.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from courlan import extract_domain  # trafilatura's own URL and date libraries
from htmldate import find_date
from trafilatura.core import trafilatura_sequence
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, Extractor, set_date_params
from trafilatura.xml import xmltotxt

from monitor.extract.byline import find_author


def extract_document(tree: Any, options: Extractor) -> dict[str, Any]:
    """The text and metadata fields of the page ``tree`` (consumed), or {} when trafilatura
    finds no article.  ``options`` are bare_extraction's (``with_metadata`` aside)."""
    metadata = extract_page_metadata(tree, options.url, extensive=options.fast)
    try:
        body, text, _, comments = trafilatura_sequence(tree, options, options.url)
    except (TypeError, ValueError):  # bare_extraction's "discarding data"
        return {}
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return {}
    return {"text": xmltotxt(body, options.formatting), **_kept_fields(metadata)}


def extract_page_metadata(tree: Any, url: str | None, *, extensive: bool = True) -> Document:
    """``trafilatura.metadata.extract_metadata`` without categories, tags and licence.

    ``extensive`` is what ``bare_extraction`` passes (its ``fast`` option: sic)."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        metadata = extract_meta_json(tree, metadata)
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or find_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    date_config = set_date_params(extensive)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    metadata.sitename = _site_name(metadata.sitename or extract_sitename(tree), metadata.url)
    metadata.filedate = date_config.get("max_date")
    metadata.clean_and_trim()
    return metadata


def _site_name(name: str | None, url: str | None) -> str | None:
    if name:
        name = name.lstrip("@")
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name
    match = META_URL.match(url) if url else None
    return match[1] if match else None


def _kept_fields(document: Document) -> dict[str, Any]:
    """The fields of ``document`` an article keeps."""
    return {
        "title": document.title,
        "author": document.author,
        "date": document.date,
        "sitename": document.sitename,
        "language": document.language,
    }
