"""Article extraction: a page's HTML to its text and metadata, with trafilatura.

``extract_article`` is pure (bytes in, ``Extracted`` out) and CPU-bound; ``Extractor`` runs it
in a process pool with a per-page timeout so the event loop never waits on a slow page.

Decoding order for bytes: a byte-order mark; then the HTTP charset, then the ``<meta>``
charset, each used only if the bytes decode under it strictly and do not read as UTF-8
instead (a page labelled Latin-1 whose bytes are valid UTF-8 with non-ASCII is UTF-8: the
other reading would be mojibake); then detection (charset_normalizer); then UTF-8 with
replacement characters.
"""

from __future__ import annotations

import asyncio
import codecs
import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import lxml.etree
from trafilatura.settings import Extractor as TrafilaturaOptions
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from monitor.errors import ExtractionError, WorkerDiedError, WorkerTimeoutError
from monitor.extract.model import Extracted
from monitor.extract.trafilatura_steps import extract_document
from monitor.extract.worker_pool import WorkerPool
from monitor.ingest.stories import fingerprint
from monitor.logs import configure_child_logging
from monitor.matching.judging import Judge, judged_title

IDLE_EXIT_SECONDS = 2.0
"""How long a closing extractor waits for its idle workers to exit before killing them (a
worker still starting would otherwise hold the daemon's exit until its imports are done)."""
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: these labels mean windows-1252 on the web.
_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii",
                            "ascii", "cp819", "iso-ir-100"})  # fmt: skip


# -- decoding --------------------------------------------------------------------------------


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, encoding used).  See the module docstring for the order."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    for declared in (http_charset, _meta_charset(data)):
        decoded = _try_declared(data, declared)
        if decoded is not None:
            return decoded
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), _normal_name(best.encoding)
    return data.decode("utf-8", errors="replace"), "utf-8"


def _try_declared(data: bytes, label: str | None) -> tuple[str, str] | None:
    name = _codec_name(label)
    if name is None:
        return None
    if name != "utf-8" and not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"  # the bytes say UTF-8 whatever the label says
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        return None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    if cleaned in _LATIN1_LABELS:
        return "cp1252"
    try:
        return _normal_name(codecs.lookup(cleaned).name)
    except LookupError:
        return None


def _normal_name(name: str) -> str:
    return codecs.lookup(name).name.replace("_", "-")


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# -- extraction ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _config() -> Any:
    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: we time pages ourselves
    return config


def extract_article(html: bytes | str, *, url: str, http_charset: str | None = None) -> Extracted:
    """Extract the article of one page; ExtractionError when there is no text."""
    if isinstance(html, bytes):
        markup, encoding = decode_html(html, http_charset)
    else:
        markup, encoding = html, "utf-8"
    if not markup.strip():
        raise ExtractionError(f"{url}: empty page")
    root = _parse(markup)
    canonical, page_language = _canonical(root, url), _page_language(root)  # before trafilatura
    document = _run_trafilatura(root, url)
    text = str(document.get("text") or "").strip()
    if not text:
        raise ExtractionError(f"{url}: no article text found")
    return Extracted(
        url=url,
        text=text,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=_clean(document.get("title")),
        author=_clean(document.get("author")),
        date=_clean(document.get("date")),
        language=_clean(document.get("language")) or page_language,
        site_name=_clean(document.get("sitename")),
        canonical_url=canonical,
        encoding=encoding,
        fingerprint=fingerprint(text),
    )


def _run_trafilatura(root: Any, url: str) -> dict[str, Any]:
    """trafilatura on the tree :func:`_parse` made, step by step
    (:mod:`monitor.extract.trafilatura_steps`), with the options below; the tree is consumed."""
    if root is None:
        return {}
    try:
        return extract_document(root, _options(url))
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:
        raise ExtractionError(f"{url}: trafilatura failed: {type(exc).__name__}: {exc}") from exc


def _options(url: str) -> TrafilaturaOptions:
    return TrafilaturaOptions(
        config=_config(),
        output_format="python",
        fast=True,  # no readability/jusText fallback: it returns menus when there is no article
        precision=True,
        comments=False,
        tables=False,
        links=False,
        images=False,
        url=url,
    )


def _parse(markup: str) -> Any:
    """The page's tree as trafilatura builds it (its parser, its repairs), parsed once: our
    metadata is read from it and trafilatura is given it, instead of parsing the page twice."""
    try:
        return load_html(markup, _config().getint("DEFAULT", "MAX_FILE_SIZE"))
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None


def _canonical(root: Any, url: str) -> str | None:
    if root is None:
        return None
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            absolute = urljoin(url, href)
            return absolute if urlsplit(absolute).scheme in ("http", "https") else None
    return None


def _page_language(root: Any) -> str | None:
    if root is None:
        return None
    return _clean(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


# -- the process pool ------------------------------------------------------------------------

ExtractFunction = Callable[..., Extracted]
_worker_judge: list[Judge] = []
"""The judge of this worker process (empty in the main process), set once when it starts."""


class Extractor:
    """Runs ``extract_article`` in worker processes (``spawn``: safe beside threads), through
    :class:`monitor.extract.worker_pool.WorkerPool`, which adds no thread to this process.

    Given a ``judge``, each worker receives it once when it starts (its ruleset is pickled once
    per worker, not per page) and judges every text it extracts, so the main process does no
    matching work per article: the result carries the judgement and the ruleset's hash.
    A page that takes longer than ``timeout`` seconds in its worker raises ExtractionError; the
    worker is replaced so a runaway page does not hold it.
    """

    def __init__(
        self,
        *,
        workers: int = 2,
        timeout: float = 30.0,
        function: ExtractFunction = extract_article,
        start_method: str = "spawn",
        judge: Judge | None = None,
    ) -> None:
        if workers < 1 or timeout <= 0:
            raise ValueError(f"Extractor: workers >= 1 and timeout > 0 expected, got "
                             f"workers={workers}, timeout={timeout}")  # fmt: skip
        self._timeout = timeout
        self.judge = judge
        self._pool = WorkerPool(
            partial(_call, function),
            workers=workers,
            start_method=start_method,
            initializer=_start_worker,
            initargs=(judge,),
        )

    @property
    def worker_pids(self) -> list[int]:
        """The process ids of the live workers (for CPU accounting)."""
        return self._pool.pids

    async def extract(
        self,
        html: bytes | str,
        url: str,
        *,
        http_charset: str | None = None,
        title: str | None = None,
    ) -> Extracted:
        """Extract (and, with a judge, judge the text with ``title``) in a worker."""
        try:
            extracted: Extracted = await self._pool.call(
                html, url, http_charset, title, timeout=self._timeout
            )
        except WorkerTimeoutError as exc:
            raise ExtractionError(
                f"{url}: extraction took longer than {self._timeout}s", "worker_timeout"
            ) from exc
        except WorkerDiedError as exc:
            raise ExtractionError(f"{url}: extraction worker died: {exc}", "worker_died") from exc
        return extracted

    def close(self) -> None:
        self._pool.close()

    async def __aenter__(self) -> Extractor:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        asked = self._pool.shut()  # on the loop's thread: it cancels the loop's futures
        await asyncio.to_thread(self._pool.join, asked, IDLE_EXIT_SECONDS)


def _start_worker(judge: Judge | None) -> None:
    """Pool initializer: keep this worker's judge (loaded once, used for every page); log as
    the daemon does (a library's warning in a worker is a line in the daemon's format)."""
    configure_child_logging()
    _worker_judge[:] = [judge] if judge is not None else []


def _call(
    function: ExtractFunction, html: bytes | str, url: str, charset: str | None, title: str | None
) -> Extracted:
    extracted = function(html, url=url, http_charset=charset)
    if not _worker_judge:
        return extracted
    judge = _worker_judge[0]
    verdict = judge(extracted.text, judged_title(title, extracted.text))
    return replace(extracted, judgement=verdict, ruleset=judge.ruleset_hash)
