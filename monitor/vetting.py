"""Mistakes caught at the door (pure): every id a subscription, an article filter or an event
filter names is checked against what exists, before anything is written.

A typo (``asean-usa``, ``summitt``, ``article.matchd``) would otherwise make a subscription that
never fires or a query that silently finds nothing.  Each refusal (:class:`Refused`) names the
field, the bad value, the closest valid ones (``difflib``, also over names and initials:
``scs`` is ``south-china-sea``) and the valid choices or where they are listed.

What exists is passed in as :class:`Choices` (built from the catalogue and ``sources.yaml`` by
:mod:`monitor.choices`); nothing here reads a file.  Only new input is checked: subscriptions
already in the log load whatever they name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from alerts.filters import SubscriptionFilter
from alerts.model import ClearTarget

LIST_ALL = 25
"""Up to this many choices are all named in a refusal; beyond, the closest and the listing."""

CUTOFF = 0.6
NEAR = 0.05
"""A guess is at least ``CUTOFF`` alike (difflib's ratio) and within ``NEAR`` of the best."""

EXAMPLE_LANGUAGES = ("en", "vi", "th", "id", "zh")

LISTING = "`asean-monitor catalogue`"
"""Where the valid ids are listed, as the command line says it."""

_ISO_639_1_CODES = (
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv "
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho "
    "hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku "
    "kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn "
    "no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm "
    "sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi "
    "vo wa wo xh yi yo za zh zu"
)
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
"""Two-letter language codes (ISO 639-1)."""

COUNTRY_NOT_LANGUAGE = {
    "jp": "ja", "cn": "zh", "vn": "vi", "kh": "km", "mm": "my", "ph": "tl", "in": "id",
    "dk": "da", "cz": "cs", "ua": "uk", "gr": "el", "iw": "he", "ji": "yi", "us": "en",
    "gb": "en",
}  # fmt: skip
"""Country codes and withdrawn codes people give for a language, and the language meant."""

_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})((?:-[A-Za-z0-9]{2,8})*)")
_LOCAL_PART = re.compile(r"[^\s@<>()\[\],;:\"\\]{1,64}")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


class Refused(ValueError):
    """Input refused at the door: ``field`` (``filter.dialogues``) and why (``reason``)."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


@dataclass(frozen=True)
class Choices:
    """What a filter may name: ids with their names.  ``sources`` is None when no
    ``sources.yaml`` could be read (then sources are not checked); ``languages`` are the
    configured sources' languages (shown as examples, not required)."""

    dialogues: Mapping[str, str]
    mechanisms: Mapping[str, str]
    topics: Mapping[str, str]
    sources: Mapping[str, str] | None = None
    languages: tuple[str, ...] = ()
    listing: str = LISTING
    notes: tuple[str, ...] = field(default=())
    """Why a part is missing (``sources.yaml`` unreadable), for the catalogue listing."""
    disabled: frozenset[str] = frozenset()
    """Dialogues and topics of the catalogue that ``sources.yaml``'s ``matching:`` disables."""


def closest(
    value: str, known: Iterable[str], aliases: Mapping[str, str] | None = None
) -> list[str]:
    """The ids most like ``value`` (by ``difflib``'s ratio, 0.6 at least), the best first and
    the others only when nearly as close; ``aliases`` maps other keys (names, initials) to ids,
    and an exact hit of one comes first."""
    keys = {k.lower(): v for k, v in (aliases or {}).items()} | {k.lower(): k for k in known}
    wanted = value.strip().lower()
    if wanted in keys and keys[wanted] != value:
        return [keys[wanted]]
    scored = sorted(
        ((difflib.SequenceMatcher(None, wanted, k).ratio(), v) for k, v in keys.items()),
        reverse=True,
    )
    scored = [(r, v) for r, v in scored if r >= CUTOFF]
    near = [v for r, v in scored if r >= scored[0][0] - NEAR] if scored else []
    return list(dict.fromkeys(near))[:3]


def aliases_of(known: Mapping[str, str]) -> dict[str, str]:
    """Other keys of each id: its name, the id without ``asean-``, initials (``scs``)."""
    found: dict[str, str] = {}
    for ident, name in known.items():
        for key in _keys(ident, name):
            found.setdefault(key, ident)
    return found


def _keys(ident: str, name: str) -> Iterable[str]:
    yield name.lower()
    yield ident.lower().removeprefix("asean-")
    for text in (ident, name):
        words = [w for w in re.split(r"[^0-9A-Za-z]+", text) if w]
        if len(words) > 1:
            yield "".join(w[0] for w in words).lower()


def unknown(
    field_name: str, what: str, value: str, known: Mapping[str, str], listing: str
) -> Refused:
    """The refusal of ``value``, not one of ``known``: the closest ones, then the choices."""
    return Refused(field_name, f"no {what} {value!r}. " + _hints(value, known, listing))


def _hints(value: str, known: Mapping[str, str], listing: str) -> str:
    said = []
    guesses = closest(value, known, aliases_of(known))
    if guesses:
        said.append(f"Did you mean {' or '.join(repr(g) for g in guesses)}?")
    if len(known) <= LIST_ALL:
        said.append(f"Valid: {', '.join(known)} ({listing} lists them with their names)")
    else:
        said.append(f"{listing} lists the {len(known)} valid ones")
    return " ".join(said)


def check_ids(
    field_name: str,
    what: str,
    values: Iterable[str],
    known: Mapping[str, str],
    listing: str,
    disabled: Collection[str] = (),
) -> None:
    """Every value is one of ``known``; one of ``disabled`` is refused as such."""
    for value in values:
        if value in disabled:
            raise Refused(
                field_name,
                f"the {what} {value!r} is disabled by the matching: settings of sources.yaml; "
                "enable it there or choose another",
            )
        if value not in known:
            raise unknown(field_name, what, value, known, listing)


def check_filter(rule: SubscriptionFilter, choices: Choices) -> None:
    """Every id ``rule`` names exists; every language is a two-letter code."""
    listing = choices.listing
    off = choices.disabled
    check_ids("filter.dialogues", "dialogue", rule.dialogues, choices.dialogues, listing, off)
    check_ids("filter.mechanisms", "mechanism", rule.mechanisms, choices.mechanisms, listing)
    check_ids("filter.topics", "topic", rule.topics, choices.topics, listing, off)
    if choices.sources is not None:
        sources = choices.sources
        check_ids("filter.sources", "configured source", rule.sources, sources, listing)
        if rule.health is not None:
            health = rule.health.sources
            check_ids("filter.health.sources", "configured source", health, sources, listing)
    for language in rule.languages:
        check_language("filter.languages", language, choices.languages, region=False)


def check_language(
    field_name: str, value: str, examples: Sequence[str] = (), *, region: bool = True
) -> None:
    """``value`` is an ISO 639-1 code (``en``), with a region (``en-GB``) if ``region``.  A
    subscription matches an article's language without its region, so it takes none."""
    matched = _LANGUAGE_TAG.fullmatch(value)
    primary = matched.group(1) if matched else ""
    fixed = COUNTRY_NOT_LANGUAGE.get(primary.lower(), primary.lower())
    if matched and primary == fixed and fixed in ISO_639_1 and (region or not matched.group(2)):
        return
    if matched and matched.group(2) and not region and fixed in ISO_639_1:
        raise Refused(
            field_name,
            f"{value!r}: a subscription matches the language, whatever the region: give {fixed!r}",
        )
    said = f"{value!r} is not a language code (ISO 639-1, two letters"
    said += ", optionally with a region: en-GB)." if region else ")."
    if fixed in ISO_639_1:
        said += f" Did you mean {fixed!r}?"
    if examples:
        said += f" The sources here are in {', '.join(examples)}"
    else:
        said += f" E.g. {', '.join(EXAMPLE_LANGUAGES)}"
    raise Refused(field_name, said)


def check_email(target: ClearTarget, smtp_configured: bool) -> None:
    """An e-mail target's addresses are addresses, and there is an SMTP server to send with."""
    if target.type != "email":
        return
    for address in getattr(target, "to", ()):
        problem = address_problem(address)
        if problem:
            raise Refused("target.to", f"{address!r} is not an e-mail address: {problem}")
    if not smtp_configured:
        raise Refused(
            "target.to",
            "e-mail alerts need an SMTP server, and none is configured: set MONITOR_SMTP_HOST "
            "(with MONITOR_SMTP_PORT, MONITOR_SMTP_FROM, MONITOR_SMTP_STARTTLS as needed) for "
            "the daemons, or choose another channel",
        )


def address_problem(address: str) -> str | None:
    """Why ``address`` is not a plain ``name@domain.tld`` address (None when it is one)."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "expected name@domain, e.g. analyst@example.org"
    if "<" in address or " " in address.strip():
        return "give the address alone, e.g. analyst@example.org"
    if not _LOCAL_PART.fullmatch(local) or local.startswith(".") or ".." in local:
        return f"the part before @ ({local!r}) is not a mailbox name"
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return f"the domain {domain!r} is not a host name"
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"the domain {domain!r} is not a host name with a dot (example.org)"
    return None


def check_event_types(field_name: str, types: Iterable[str], known: Sequence[str]) -> None:
    """Every type is a known event type (a type no event has would silently find nothing)."""
    for value in types:
        if value not in known:
            guesses = closest(value, known)
            said = f"no event type {value!r}."
            if guesses:
                said += f" Did you mean {' or '.join(repr(g) for g in guesses)}?"
            raise Refused(field_name, f"{said} Known types: {', '.join(sorted(known))}")
