"""One Aho-Corasick automaton over every term of a ruleset, and the checks after a hit.

All aliases, compounds, mechanism names, member names, counter-evidence and topic terms are
folded (:mod:`monitor.matching.normalise`) and put in one automaton (those whose case matters
in a second one), so a scan costs one pass over the text whatever the number of aliases.
After an automaton reports a key:

* word boundaries are checked where the key begins or ends with a Latin letter or digit (CJK,
  Hangul and Thai write words without spaces, so no boundary is asked of them), and a key
  ending in a letter may not be followed by ``$`` (``US$`` is a currency, not the country);
  an English ordinal glued before a key is no word around it ("the 19thASEAN Regional Forum");
* an ``exact`` term is looked for in the original text (a second automaton, keys as written),
  so it matches letter for letter (``US``, not ``us``; ``Mỹ``, not ``my``);
* overlaps are settled in one pass, the longer hit winning: "South China Sea" hides "China",
  "ASEAN Regional Forum" hides "ASEAN".  Topic terms are settled among themselves (a topic
  term never hides the bloc) but do hide partner and member names inside them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal, NamedTuple

from ahocorasick_rs import AhoCorasick, Implementation

from monitor.matching.cues import WordList
from monitor.matching.normalise import FoldedText, fold_term

TermKind = Literal[
    "bloc", "partner", "compound", "mechanism", "member", "counter", "blocker", "topic"
]
NAME_KINDS: frozenset[str] = frozenset({"partner", "member"})
# Characters of scripts that separate words with spaces: ASCII letters and digits, Latin-1
# and Latin Extended letters (a boundary is asked only next to these).
WORD_CHARS: frozenset[str] = frozenset(
    c
    for c in map(chr, [*range(0x30, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)])
    if c.isalnum()
)


@dataclass(frozen=True, slots=True)
class Term:
    """What a key means: its kind, what it refers to, its weight, and an exact form if any;
    ``names``: False for a topic's context term, evidence of it that never makes it primary."""

    kind: TermKind
    ref: str
    weight: float = 1.0
    exact: str | None = None
    names: bool = True


# What a hit names, as bits (one test per question in the loops that run per hit).
BLOC, PARTNER, MEMBER, COUNTER, SPORTS, COMPOUND, MECHANISM, ONLY_NAMES = (1 << i for i in range(8))
WEAK = 1 << 8  # a topic hit whose terms are all weak (a generic word: "trade", "energy")
_KIND_BITS = {
    "bloc": BLOC,
    "partner": PARTNER,
    "member": MEMBER,
    "counter": COUNTER,
    "compound": COMPOUND,
    "mechanism": MECHANISM,
}


def kind_mask(by_kind: Mapping[str, tuple[str, ...]]) -> int:
    """The bits of a hit whose terms' refs by kind are ``by_kind``."""
    mask = 0
    for kind in by_kind:
        mask |= _KIND_BITS.get(kind, 0)
    if "sports" in by_kind.get("counter", ()):
        mask |= SPORTS
    if NAME_KINDS.issuperset(by_kind):
        mask |= ONLY_NAMES
    return mask


class Hit(NamedTuple):
    """A kept automaton hit: offsets into the (folded = original) text, its terms, the refs
    of its terms by kind and their :func:`kind_mask` (shared with every hit of the same key;
    a tuple for speed)."""

    start: int
    end: int
    terms: tuple[Term, ...]
    by_kind: Mapping[str, tuple[str, ...]]
    mask: int


def is_word_char(char: str) -> bool:
    """True for characters of scripts that separate words with spaces (Latin, digits)."""
    return char in WORD_CHARS


class _Entry(NamedTuple):
    """What one automaton key stands for, split by layer, with its boundary needs."""

    names: tuple[Term, ...]
    name_refs: Mapping[str, tuple[str, ...]]
    name_mask: int
    topics: tuple[Term, ...]
    topic_refs: Mapping[str, tuple[str, ...]]
    topic_mask: int
    left: bool
    right: bool


def _by_kind(terms: tuple[Term, ...]) -> dict[str, tuple[str, ...]]:
    refs: dict[str, tuple[str, ...]] = {}
    for term in terms:
        refs[term.kind] = (*refs.get(term.kind, ()), term.ref)
    return refs


def _entry(key: str, bucket: list[Term]) -> _Entry:
    names = tuple(t for t in bucket if t.kind != "topic")
    topics = tuple(t for t in bucket if t.kind == "topic")
    name_refs, topic_refs = _by_kind(names), _by_kind(topics)
    return _Entry(
        names,
        name_refs,
        kind_mask(name_refs),
        topics,
        topic_refs,
        kind_mask(topic_refs) | (WEAK if topics and all(t.weight < 1.0 for t in topics) else 0),
        is_word_char(key[0]),
        is_word_char(key[-1]),
    )


Listing = tuple[tuple[int, int], ...]
"""Where an automaton key is a word of the scanner's word lists: (list's place, word's index)."""


_IMPLEMENTATION = Implementation.ContiguousNFA


class _Automaton:
    """One compiled automaton (in Rust: ``ahocorasick_rs``) and what its keys mean: the keys
    of ``table``, then the words of ``listed`` that are not among them (a word of a list only:
    no term); ``listings[i]``, where key ``i`` is listed (empty for most keys).

    The automaton is a contiguous NFA, not a DFA: the DFA of the shipped ASCII keys takes
    about 5 MB (a row of every state for every byte class), the NFA about 0.4 MB.  A text walks
    a thousand or more states, so the DFA's rows are out of cache right after extraction, and
    even between judgements (the rest of a judgement evicts them); the NFA does more work per
    byte but touches a tenth of the memory (docs/benchmarks.md, eleventh session)."""

    def __init__(self, table: dict[str, list[Term]], listed: Mapping[str, Listing]) -> None:
        keys = [key for key in {**table, **listed} if key]
        self.entries = [_entry(key, table.get(key, [])) for key in keys]
        self.listings = [listed.get(key, ()) for key in keys]
        self.termed = [key in table for key in keys]
        self.listed = any(self.listings)
        self.machine = AhoCorasick(keys, implementation=_IMPLEMENTATION) if keys else None

    def __len__(self) -> int:
        return len(self.entries)


SPLIT_FROM = 256
"""Folded keys in ASCII from which they get an automaton of their own (see :func:`_split`)."""


def _split(
    folded: dict[str, list[Term]], listed: dict[str, Listing]
) -> tuple[_Automaton, _Automaton, frozenset[str]]:
    """The folded keys in two automata, those in ASCII and the others, with the others'
    non-ASCII characters: the second is run only over a text holding one of them (a folded
    English text mostly holds none).  Two automata touch less memory than one large one (its
    tables are out of cache right after extraction); every occurrence is found either way,
    and the overlaps are settled after.  Not for a few keys: a small automaton fits in cache
    anyway, and one of a few ASCII keys runs slower than one with others beside them (the
    automaton's prefilter then stops at every common letter).  The words of the word lists
    go with the keys the same way."""
    plain = {key: terms for key, terms in folded.items() if key.isascii()}
    if len(plain) < SPLIT_FROM:
        return _Automaton(folded, listed), _Automaton({}, {}), frozenset()
    wide = {key: terms for key, terms in folded.items() if not key.isascii()}
    wide_listed = {key: listing for key, listing in listed.items() if not key.isascii()}
    plain_listed = {key: listing for key, listing in listed.items() if key.isascii()}
    chars = frozenset(char for key in [*wide, *wide_listed] for char in key if not char.isascii())
    return _Automaton(plain, plain_listed), _Automaton(wide, wide_listed), chars


def _listed(lists: Sequence[WordList]) -> dict[str, Listing]:
    """Each word of ``lists`` and where it is listed."""
    listed: dict[str, Listing] = {}
    for place, words in enumerate(lists):
        for index, key in enumerate(words.keys):
            listed[key] = (*listed.get(key, ()), (place, index))
    return listed


class Scanner:
    """The compiled automata of a ruleset: folded keys over the folded text, and ``exact``
    keys (letter case and diacritics significant) over the original text."""

    def __init__(self, terms: Iterable[tuple[str, Term]], lists: Sequence[WordList] = ()) -> None:
        folded: dict[str, list[Term]] = {}
        exact: dict[str, list[Term]] = {}
        for surface, term in terms:
            if term.exact is not None:
                key = unicodedata.normalize("NFC", surface.strip())
                bucket = exact.setdefault(key, [])
            else:
                key = fold_term(surface)
                bucket = folded.setdefault(key, [])
            if key and term not in bucket:
                bucket.append(term)
        self._lists = tuple(lists)
        self._folded, self._wide, self._wide_chars = _split(folded, _listed(self._lists))
        self._exact = _Automaton(exact, {})
        self.size = len(folded) + len(exact)

    def scan(self, folded: FoldedText) -> tuple[list[Hit], list[Hit]]:
        """Name hits and topic hits, each in text order, overlaps settled; the occurrences of
        the word lists' words left in ``folded.words``."""
        names: list[Hit] = []
        topics: list[Hit] = []
        text = folded.text
        words: list[list[tuple[int, int, int]]] = [[] for _ in self._lists]
        _collect(self._folded, text, names, topics, words)
        wide = self._wide_chars
        if wide and not text.isascii() and not wide.isdisjoint(_non_ascii(text)):
            _collect(self._wide, text, names, topics, words)
        folded.words.update(zip(self._lists, words, strict=True))
        original = folded.original
        if not original.isascii():
            original = unicodedata.normalize("NFC", original)
            if len(original) != len(folded.text):  # decomposed input: exact keys need NFC
                original = folded.original
        _collect(self._exact, original, names, topics, [])
        topic_hits = _settle(topics)
        name_hits = _settle(names)
        if topic_hits and name_hits:
            name_hits = _unhide(name_hits, topic_hits)
        return name_hits, topic_hits


_ASCII_BYTES = bytes(range(128))


def _non_ascii(text: str) -> set[str]:
    """The non-ASCII characters of ``text`` (in UTF-8, without a loop over its characters)."""
    wide = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(wide.decode("utf-8", "surrogatepass"))


_new_hit = tuple.__new__  # builds a Hit without the Python-level NamedTuple constructor


def _collect(
    automaton: _Automaton,
    text: str,
    names: list[Hit],
    topics: list[Hit],
    words: list[list[tuple[int, int, int]]],
) -> None:
    """Boundary-checked hits of one automaton over ``text``, split into names and topics; the
    occurrences of listed words (no boundary asked) added to ``words`` by list.

    The automaton reports every occurrence of every key (overlapping); this loop runs once
    per occurrence, so it avoids attribute look-ups and calls."""
    if automaton.machine is None:
        return
    found = automaton.machine.find_matches_as_indexes(text, overlapping=True)
    if automaton.listed:
        found = _listed_words(automaton, found, words)
    length = len(text)
    word = WORD_CHARS
    entries = automaton.entries
    add_name, add_topic = names.append, topics.append
    for index, start, end in found:
        named, name_refs, name_mask, topical, topic_refs, topic_mask, left, right = entries[index]
        if left and start > 0 and text[start - 1] in word and not _glued_ordinal(text, start):
            continue
        if right and end < length and (text[end] in word or text[end] == "$"):
            continue
        if named:
            add_name(_new_hit(Hit, (start, end, named, name_refs, name_mask)))
        if topical:
            add_topic(_new_hit(Hit, (start, end, topical, topic_refs, topic_mask)))


def _listed_words(
    automaton: _Automaton,
    found: list[tuple[int, int, int]],
    words: list[list[tuple[int, int, int]]],
) -> list[tuple[int, int, int]]:
    """The occurrences of listed words added to ``words``; the occurrences of terms' keys
    returned (a word of a list only is no term)."""
    listings, termed = automaton.listings, automaton.termed
    kept: list[tuple[int, int, int]] = []
    for occurrence in found:
        listing = listings[occurrence[0]]
        if listing:
            for place, key in listing:
                words[place].append((key, occurrence[1], occurrence[2]))
            if not termed[occurrence[0]]:
                continue
        kept.append(occurrence)
    return kept


_SUFFIXES = frozenset(("st", "nd", "rd", "th"))


def _glued_ordinal(text: str, start: int) -> bool:
    """An English ordinal glued to the name after it, a slip of typing: "the 19thASEAN
    Regional Forum" (the name is still a name)."""
    return start > 2 and text[start - 2 : start] in _SUFFIXES and text[start - 3].isdigit()


def _unhide(names: list[Hit], topics: list[Hit]) -> list[Hit]:
    """Drop partner and member names strictly inside a longer topic term (both in order).
    Runs once per name: tuple indices rather than field names (0 start, 1 end, 4 mask).  The
    topic that may hold a name (the first ending after its start) is sought only for the
    names that may be dropped: the starts ascend, so it is the same topic."""
    kept: list[Hit] = []
    ends = [topic[1] for topic in topics]
    count, index = len(topics), 0
    for hit in names:
        if not hit[4] & ONLY_NAMES:
            kept.append(hit)
            continue
        start = hit[0]
        while index < count and ends[index] <= start:
            index += 1
        if index < count:
            topic = topics[index]
            inside = topic[0] <= start and hit[1] <= topic[1]
            if inside and topic[1] - topic[0] > hit[1] - start:
                continue
        kept.append(hit)
    return kept


_START = itemgetter(0)  # a Hit's start


def _settle(hits: list[Hit]) -> list[Hit]:
    """Of overlapping hits keep the longer (the earlier on a tie), except that a mechanism's
    name keeps its place against a counter term that starts inside it ("东盟与中日韩" in
    "东盟与中日韩领导人会议" is ASEAN Plus Three, not the trilateral "中日韩领导人会议");
    return in text order."""
    hits.sort(key=_START)
    kept: list[Hit] = []
    end = -1  # the end of the last kept hit
    for hit in hits:
        if hit[0] < end:
            last = kept[-1]
            held = last[4] & MECHANISM and hit[4] & COUNTER and not hit[4] & MECHANISM
            if hit[1] - hit[0] > end - last[0] and not held:
                kept[-1] = hit
                end = hit[1]
            continue
        kept.append(hit)
        end = hit[1]
    return kept
