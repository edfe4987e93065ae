"""Canonical article URLs, story keys and article stream ids (pure functions).

``canonical_url(url)`` gives one spelling per page, so the same article seen in several feeds or
with different tracking parameters is discovered once.  The rules, in order:

1. Trim whitespace.  Only ``http`` and ``https`` are accepted (``InvalidURLError`` otherwise).
2. AMP caches are unwrapped: ``https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a``
   and ``https://www.google.com/amp/s/www.example.com/a`` become ``https://www.example.com/a``.
3. Scheme and host are lower-cased; the host is IDNA-encoded (``bộngoạigiao.vn`` →
   ``xn--...``), a trailing dot is dropped, user name and password are dropped, and the default
   port (80 for http, 443 for https) is dropped.
4. Mobile hosts map to the main host: a first label ``m``, ``mobile`` or ``amp``
   (``m.example.com`` → ``example.com``), or such a label after a 2-3 letter language label
   (``en.m.wikipedia.org`` → ``en.wikipedia.org``), as long as a registrable name remains
   (``m.gov.vn`` stays).  The result may lack the site's ``www.``; :func:`story_key` ignores it.
5. Percent-encoding is normalised: escapes of unreserved characters are decoded (``%7E`` → ``~``),
   other escapes are upper-cased, characters that must be escaped (spaces, non-ASCII) are
   UTF-8 escaped, a stray ``%`` becomes ``%25``.
6. Dot segments are removed (RFC 3986 §5.2.4); an empty path becomes ``/``.
7. AMP pages map to the main page: a last segment ``amp`` (``/news/story/amp/`` →
   ``/news/story/``), a first segment ``amp`` (``/amp/news/story`` → ``/news/story``) and
   ``.amp`` before an extension (``story.amp.html`` → ``story.html``) are dropped, repeatedly.
8. Tracking parameters are dropped (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``ref``, ... see
   ``TRACKING_PARAMETERS``, plus ``amp`` and ``outputType=amp``); the rest are sorted by name
   (stable, so repeated names keep their order); empty pieces (``a=1&&b=2``) are dropped.
9. The fragment is dropped.

``canonical_url`` keeps the scheme (``http`` and ``https`` pages may differ); :func:`story_key`
ignores the scheme, a leading ``www.`` and a trailing slash, for "is this the same story".
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import string
from functools import lru_cache
from urllib.parse import SplitResult, unquote, unquote_plus, urljoin, urlsplit

import idna

from monitor.errors import ParseError

__all__ = [
    "TRACKING_PARAMETERS",
    "InvalidURLError",
    "article_stream_id",
    "canonical_url",
    "resolve_canonical",
    "same_site",
    "story_key",
]


class InvalidURLError(ParseError, ValueError):
    """A URL is not an absolute http(s) URL with a valid host and port."""


TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "ref", "ref_src", "ref_url",
        "cmpid", "ocid", "_ga", "_gl", "spm", "scm", "_hsenc", "_hsmi", "__hstc", "__hssc",
        "__hsfp", "hsctatracking", "mkt_tok", "vero_id", "vero_conv", "oly_enc_id",
        "oly_anon_id", "rb_clickid", "s_cid", "wt.mc_id", "wt_mc", "at_campaign", "at_medium",
        "pk_campaign", "pk_kwd", "pk_source", "pk_medium", "mtm_campaign", "mtm_source",
        "mtm_medium", "ito", "fb_action_ids", "fb_action_types", "fb_ref", "fb_source",
        "action_object_map", "action_type_map", "action_ref_map", "__twitter_impression", "amp",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_KEY_SAFE = _UNRESERVED | frozenset("!$'()*+,;:@/?")
_VALUE_SAFE = _KEY_SAFE | frozenset("=")
_HEX = frozenset(string.hexdigits)
_ASCII_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
_MOBILE_LABELS = frozenset({"m", "mobile", "amp"})
_GENERIC_SECOND_LEVEL = frozenset(
    {"com", "co", "gov", "org", "net", "edu", "ac", "go", "or", "ne", "mil", "nic", "gob"}
)
_AMP_CACHE_PATH = re.compile(r"/(?:amp|[cv])/(s/)?([^/?#]+\.[^/?#]+(?:/.*)?)")


@lru_cache(maxsize=4096)
def canonical_url(url: str) -> str:
    """The canonical form of an http(s) ``url`` (see the module docstring for the rules).

    Applied until it changes nothing (decoding can reveal an AMP cache address or a dot
    segment), so the result is its own canonical form."""
    current = _canonical_once(url)
    for _ in range(8):
        again = _canonical_once(current)
        if again == current:
            break
        current = again
    return current


def _canonical_once(url: str) -> str:
    parts = _split(url)
    while (inner := _unwrap_amp_cache(parts)) is not None:  # shorter each time: it ends
        parts = _split(inner)
    scheme = parts.scheme.lower()
    netloc = _netloc(parts, scheme)
    path = _normal_path(_escapes(parts.path, _PATH_SAFE) or "/")
    query = _query(parts.query)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def _normal_path(path: str) -> str:
    """Dot segments and AMP suffixes removed until neither changes the path: stripping one
    can uncover the other, and a canonical form must be a fixed point (never lengthens)."""
    while (shorter := _strip_amp_path(_remove_dot_segments(path))) != path:
        path = shorter
    return path


def story_key(url: str) -> str:
    """A key for "the same story": the canonical URL without scheme, ``www.`` and final ``/``."""
    parts = urlsplit(canonical_url(url))
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return host + path + (f"?{parts.query}" if parts.query else "")


def article_stream_id(url: str) -> str:
    """The event stream of an article: ``article-`` and 32 hex digits of SHA-256(canonical)."""
    digest = hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
    return f"article-{digest[:32]}"


def resolve_canonical(page_url: str, rel_canonical: str | None) -> str:
    """The page's canonical URL: its ``<link rel=canonical>`` when that is a same-site http(s)
    URL (relative ones are resolved against the page) and not merely the site's home page,
    else ``canonical_url(page_url)``."""
    page = canonical_url(page_url)
    if not rel_canonical or not rel_canonical.strip():
        return page
    try:
        target = canonical_url(urljoin(page_url.strip(), rel_canonical.strip()))
    except InvalidURLError:
        return page
    if not same_site(page, target):
        return page
    if urlsplit(target).path == "/" and urlsplit(page).path != "/":
        return page  # a CMS that points every page at the home page
    return target


def same_site(first: str, second: str) -> bool:
    """Whether two http(s) URLs belong to one site.

    The registrable name is approximated without a public-suffix list: the host's last two
    labels, or three under a generic second level (``gov.vn``, ``co.jp``, ``com.au``, ...)."""
    return _site(_split(first)) == _site(_split(second))


def _split(url: str) -> SplitResult:
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InvalidURLError(f"not a valid URL: {url!r} ({exc})") from None
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise InvalidURLError(f"expected an http:// or https:// URL, got {url!r}")
    if not parts.hostname:
        raise InvalidURLError(f"the URL has no host: {url!r}")
    return parts


def _unwrap_amp_cache(parts: SplitResult) -> str | None:
    host = (parts.hostname or "").rstrip(".")
    is_cache = host.endswith(".cdn.ampproject.org")
    is_viewer = host in ("www.google.com", "google.com") and parts.path.startswith("/amp/")
    match = _AMP_CACHE_PATH.fullmatch(parts.path) if is_cache or is_viewer else None
    if match is None:
        return None
    scheme = "https" if match.group(1) else "http"
    return f"{scheme}://{match.group(2)}" + (f"?{parts.query}" if parts.query else "")


def _netloc(parts: SplitResult, scheme: str) -> str:
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"bad port in {parts.geturl()!r}: {exc}") from None
    host = _host(parts.hostname or "")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        return f"{host}:{port}"
    return host


def _host(raw: str) -> str:
    host = unquote(raw).strip().rstrip(".").lower()
    if ":" in host:
        try:
            return f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            raise InvalidURLError(f"not a valid IPv6 address: {raw!r}") from None
    if not host.isascii():
        host = _idna(host)
    if not _ASCII_HOST.fullmatch(host):
        raise InvalidURLError(f"not a valid host name: {raw!r}")
    return _desktop_host(host)


def _idna(host: str) -> str:
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError:
            raise InvalidURLError(f"not a valid international host name: {host!r}") from None


def _desktop_host(host: str) -> str:
    if _is_ip(host):
        return host
    labels = host.split(".")
    while True:
        if labels[0] in _MOBILE_LABELS and _registrable(labels[1:]):
            labels = labels[1:]
        elif len(labels) > 2 and len(labels[0]) in (2, 3) and labels[1] in _MOBILE_LABELS:
            if not _registrable(labels[2:]):
                break
            labels = [labels[0], *labels[2:]]
        else:
            break
    return ".".join(labels)


def _registrable(labels: list[str]) -> bool:
    """Whether ``labels`` still name a site rather than a bare public suffix."""
    if len(labels) < 2:
        return False
    return not (len(labels) == 2 and labels[0] in _GENERIC_SECOND_LEVEL)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _site(parts: SplitResult) -> str:
    host = _host(parts.hostname or "")
    if _is_ip(host):
        return host
    labels = host.split(".")
    size = 3 if len(labels) >= 3 and labels[-2] in _GENERIC_SECOND_LEVEL else 2
    return ".".join(labels[-size:])


def _escapes(text: str, safe: frozenset[str]) -> str:
    """Normalise percent-encoding: decode unreserved, upper-case the rest, escape the unsafe."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        pair = text[index + 1 : index + 3]
        if char == "%" and len(pair) == 2 and set(pair) <= _HEX:
            decoded = chr(int(pair, 16))
            out.append(decoded if decoded in _UNRESERVED else f"%{pair.upper()}")
            index += 3
            continue
        if char in safe:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        index += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    segments = path.split("/")[1:] if path.startswith("/") else path.split("/")
    out: list[str] = []
    for segment in segments:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if segments and segments[-1] in (".", ".."):
        out.append("")
    return "/" + "/".join(out)


def _strip_amp_path(path: str) -> str:
    while True:
        stripped = _strip_amp_once(path)
        if stripped == path:
            return path
        path = stripped


def _strip_amp_once(path: str) -> str:
    segments = path.split("/")  # segments[0] is "" (path starts with "/")
    trailing = segments[-1] == "" and len(segments) > 2
    body = segments[1:-1] if trailing else segments[1:]
    if body and body[-1] == "amp":
        body = body[:-1]
    elif len(body) > 1 and body[0] == "amp":
        body = body[1:]
    elif body and (body[-1].endswith(".amp") or ".amp." in body[-1]) and body[-1] != ".amp":
        last = body[-1].removesuffix(".amp") if body[-1].endswith(".amp") else body[-1]
        body = [*body[:-1], last.replace(".amp.", ".", 1)]
    rebuilt = "/" + "/".join(body)
    return rebuilt + "/" if trailing and body else rebuilt


def _query(query: str) -> str:
    pairs: list[tuple[str, str, str]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        key, sep, value = piece.partition("=")
        key, value = _escapes(key, _KEY_SAFE), _escapes(value, _VALUE_SAFE)
        if not _is_tracking(key, value):
            pairs.append((key, sep, value))
    pairs.sort(key=lambda pair: pair[0])
    return "&".join(key + sep + value for key, sep, value in pairs)


def _is_tracking(key: str, value: str) -> bool:
    name = unquote_plus(key).lower()
    if name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS:
        return True
    return name == "outputtype" and value.lower() == "amp"
