"""Reading a response body under two caps: bytes on the wire and bytes after decompression.

Decompression is done here, not by httpx, so that every step inflates at most ``STEP`` bytes:
a gzip bomb is abandoned after the cap plus one step, whatever its full size.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Any, Protocol

from monitor.errors import TooLargeError, TransportError

STEP = 64 * 1024


class Decoder(Protocol):
    def decode(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> bytes: ...


class IdentityDecoder:
    def decode(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> bytes:
        return b""


class ZlibDecoder:
    """gzip (``wbits=16+15``) or deflate; deflate falls back to raw when the zlib header lacks."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits)
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while pending:
            try:
                out = self._inflater.decompress(pending, STEP)
            except zlib.error as exc:
                if self._encoding != "deflate" or self._started:
                    raise TransportError(f"corrupt {self._encoding} body: {exc}") from exc
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                self._started = True
                continue
            self._started = True
            yield out
            pending = self._inflater.unconsumed_tail
            rest = self._inflater.unused_data if self._inflater.eof else b""
            if self._encoding == "gzip" and rest.startswith(b"\x1f\x8b"):
                pending = rest  # another gzip member follows; other trailing bytes are ignored
                self._inflater = zlib.decompressobj(self._wbits)

    def flush(self) -> bytes:
        try:
            return self._inflater.flush(STEP)
        except zlib.error as exc:
            raise TransportError(f"corrupt {self._encoding} body: {exc}") from exc


class BrotliDecoder:
    """Brotli through the ``brotli`` module (>= 1.2, which bounds each step's output)."""

    def __init__(self, module: Any) -> None:
        self._decompressor = module.Decompressor()
        self._error: type[Exception] = getattr(module, "error", Exception)

    def decode(self, data: bytes) -> Iterator[bytes]:
        try:
            out: bytes = self._decompressor.process(data, output_buffer_limit=STEP)
            while out:
                yield out
                if self._decompressor.is_finished():
                    return
                out = self._decompressor.process(b"", output_buffer_limit=STEP)
        except self._error as exc:
            raise TransportError(f"corrupt br body: {exc}") from exc

    def flush(self) -> bytes:
        return b""


def _bounded_brotli() -> Any | None:
    try:
        module = importlib.import_module("brotli")
    except ImportError:
        return None
    probe = module.Decompressor()
    if not hasattr(probe, "can_accept_more_data"):
        return None  # older brotli cannot bound its output: do not advertise "br"
    return module


BROTLI = _bounded_brotli()
ACCEPT_ENCODING = "gzip, deflate, br" if BROTLI is not None else "gzip, deflate"


def decoder_for(content_encoding: str | None) -> Decoder:
    """A decoder for a Content-Encoding value; several codings are not supported."""
    coding = (content_encoding or "identity").strip().lower()
    if coding in ("", "identity"):
        return IdentityDecoder()
    if coding in ("gzip", "x-gzip"):
        return ZlibDecoder("gzip")
    if coding == "deflate":
        return ZlibDecoder("deflate")
    if coding == "br" and BROTLI is not None:
        return BrotliDecoder(BROTLI)
    raise TransportError(f"unsupported Content-Encoding {content_encoding!r}")


async def read_capped(
    chunks: AsyncIterator[bytes],
    decoder: Decoder,
    *,
    max_raw: int,
    max_decoded: int,
) -> bytes:
    """Read, decode and collect a body; TooLargeError as soon as either cap is passed."""
    body = bytearray()
    raw = 0
    async for chunk in chunks:
        raw += len(chunk)
        if raw > max_raw:
            raise TooLargeError(f"response body passed {max_raw} bytes")
        for piece in decoder.decode(chunk):
            _append(body, piece, max_decoded)
    _append(body, decoder.flush(), max_decoded)
    return bytes(body)


def _append(body: bytearray, piece: bytes, cap: int) -> None:
    if len(body) + len(piece) > cap:
        raise TooLargeError(f"decompressed body passed {cap} bytes")
    body.extend(piece)
