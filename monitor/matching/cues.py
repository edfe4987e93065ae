"""Fixed cue phrases of meeting details, found in one pass of a small automaton.

Two kinds of cue, both in folded text:

* an anaphora, "the meeting" / "this summit" / "that forum" (``the|this|that``, whitespace,
  one of the nouns, a word boundary), or one of ``REGIONAL_ANAPHORAS`` ("会议", "이번 회의",
  "Pertemuan ini", "การประชุมครั้งนี้" …): the sentence it opens speaks of the principal
  meeting;
* an outcome document's kind, "joint statement", "chairman's statement", "plan of action" …
  (``DOCUMENT_KINDS``, and ``REGIONAL_DOCUMENT_NAMES`` in the region's languages: "共同声明",
  "공동성명", "Tuyên bố chung", "แถลงการณ์ร่วม" …; a word boundary is asked only next to a Latin
  letter or digit, since Chinese, Japanese and Thai write no spaces between words; of
  overlapping ones the leftmost, then the first listed, as a regular-expression alternation
  would choose).

A regular expression scanning a whole article for these costs more than the rest of the
judgement; the automaton (Rust, a DFA) reads the text once and the checks run per cue only.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick, Implementation

from monitor.matching.normalise import FoldedText, fold_term

DOCUMENT_KINDS = (
    ("joint vision statement", "joint-vision-statement"),
    ("vision statement", "vision-statement"),
    ("joint statement", "joint-statement"),
    ("chairman's statement", "chairmans-statement"),
    ("chair's statement", "chairmans-statement"),
    ("leaders' statement", "leaders-statement"),
    ("leaders statement", "leaders-statement"),
    ("plan of action", "plan-of-action"),
    ("joint declaration", "joint-declaration"),
)
# The same kinds as the region writes them (Chinese, Japanese, Korean, Vietnamese, Indonesian,
# Malay, Thai), folded before they become keys ("Tuyên bố chung" is "tuyen bo chung").  Of two
# starting at one place the first listed wins, so the kinds keep the order of DOCUMENT_KINDS.
REGIONAL_DOCUMENT_NAMES: dict[str, tuple[str, ...]] = {
    "joint-vision-statement": (
        *("联合愿景声明", "共同ビジョン声明", "공동비전성명", "Tuyên bố tầm nhìn chung"),
        *("pernyataan visi bersama", "kenyataan visi bersama", "แถลงการณ์วิสัยทัศน์ร่วม"),
    ),
    "vision-statement": (
        *("愿景声明", "ビジョン声明", "비전성명", "Tuyên bố tầm nhìn", "pernyataan visi"),
        "แถลงการณ์วิสัยทัศน์",
    ),
    "joint-statement": (
        *("共同声明", "联合声明", "공동성명", "공동 성명", "Tuyên bố chung"),
        *("pernyataan bersama", "kenyataan bersama", "แถลงการณ์ร่วม"),
    ),
    "chairmans-statement": (
        *("主席声明", "議長声明", "의장성명", "의장 성명", "Tuyên bố của Chủ tịch"),
        *("pernyataan ketua", "kenyataan pengerusi", "แถลงการณ์ของประธาน", "แถลงการณ์ประธาน"),
    ),
    "leaders-statement": (
        *("领导人声明", "首脳声明", "정상성명", "Tuyên bố của các nhà lãnh đạo"),
        *("pernyataan para pemimpin", "kenyataan pemimpin", "แถลงการณ์ผู้นำ"),
    ),
    "plan-of-action": (
        *("行动计划", "行動計画", "행동계획", "Kế hoạch hành động", "rencana aksi"),
        *("pelan tindakan", "แผนปฏิบัติการ"),
    ),
    "joint-declaration": (*("联合宣言", "共同宣言", "공동선언", "deklarasi bersama", "ปฏิญญาร่วม"),),
}
ALL_DOCUMENT_KINDS = (
    *DOCUMENT_KINDS,
    *((fold_term(name), kind) for kind, names in REGIONAL_DOCUMENT_NAMES.items() for name in names),
)
ANAPHORA_NOUNS = ("meeting", "summit", "forum", "conference", "dialogue")
ANAPHORA_HEADS = ("the", "this", "that")
_HEAD_ENDS = frozenset(head[-1] for head in ANAPHORA_HEADS)
# "The meeting" as the region's languages open a sentence with it ("会议由…主持", "이번 회의는
# 부산에서 열렸다", "การประชุมครั้งนี้…"); folded before they become keys.
REGIONAL_ANAPHORAS = (
    *("会议", "此次会议", "本次会议", "这次会议", "峰会", "此次峰会", "本次峰会", "本届峰会"),
    *("同会議", "同首脳会議", "同会合", "今次会合", "今回の会議", "会議は", "同サミット"),
    *("이번 회의", "이번 정상회의", "회의는", "정상회의는", "회의에서는"),
    *("Hội nghị lần này", "Hội nghị năm nay", "Pertemuan ini", "Pertemuan tersebut"),
    *("KTT ini", "KTT tersebut", "Sidang Kemuncak ini", "Sidang Kemuncak itu", "Mesyuarat ini"),
    *("Mesyuarat itu", "การประชุมครั้งนี้", "ในการประชุมครั้งนี้", "ที่ประชุม"),
)
# What may stand before an anaphora that opens a sentence: nothing, or a preposition ("At the
# meeting, chaired by …", "Tại Hội nghị lần này", "Pada KTT ini", "在此次会议上"); folded.
LEAD_INS = frozenset({"", "at", "during", "in", "tai", "trong", "dalam", "pada", "di", "在"})


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _is_word(char: str) -> bool:
    """A regular expression's ``\\w``: letters and digits of every script, and ``_``."""
    return char.isalnum() or char == "_"


_KEYS = [
    *(key for key, _ in ALL_DOCUMENT_KINDS),
    *ANAPHORA_NOUNS,
    *(fold_term(key) for key in REGIONAL_ANAPHORAS),
]
CUE_KEYS: tuple[str, ...] = tuple(_KEYS)
_DOCUMENTS = len(ALL_DOCUMENT_KINDS)
_NOUNS = _DOCUMENTS + len(ANAPHORA_NOUNS)  # keys from here on are regional anaphoras
# Whether a key needs a word boundary before and after it (Latin letters and digits only:
# "共同声明" sits between other characters).
_EDGES = [(_is_latin(key[0]), _is_latin(key[-1])) for key in _KEYS]
_MACHINE = AhoCorasick(_KEYS, implementation=Implementation.DFA)


@dataclass(frozen=True, slots=True)
class Cues:
    """Where one folded text has anaphoras (their starts) and documents (start, end, kind)."""

    anaphoras: tuple[int, ...]
    documents: tuple[tuple[int, int, str], ...]


def _anaphora(text: str, start: int) -> int | None:
    """The start of "the|this|that" + whitespace ending right at ``start``, if there is one."""
    if not start or not text[start - 1].isspace():
        return None  # no whitespace before the noun ("Meeting" of "Meeting-2024")
    if start > 1 and text[start - 2] not in _HEAD_ENDS and not text[start - 2].isspace():
        return None  # one space after a word that is none of them ("ministers' meeting")
    offset = max(0, start - 80)
    head = text[offset:start].rstrip()
    if not head and offset:  # a long run of whitespace: look further back
        offset, head = 0, text[:start].rstrip()
    last = offset + len(head)
    for word in ANAPHORA_HEADS:
        begin = last - len(word)
        if head.endswith(word) and (begin == 0 or not _is_word(text[begin - 1])):
            return begin
    return None


def _leftmost(found: list[tuple[int, int, int]]) -> tuple[tuple[int, int, str], ...]:
    """Non-overlapping documents: leftmost first, the first-listed kind on a tie."""
    chosen: list[tuple[int, int, str]] = []
    for start, index, end in sorted(found):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end, ALL_DOCUMENT_KINDS[index][1]))
    return tuple(chosen)


def find_cues(text: str) -> Cues:
    """The cues of a folded text, each kind in text order."""
    return cues_of(text, _MACHINE.find_matches_as_indexes(text, overlapping=True))


def cues_of(text: str, found: Iterable[tuple[int, int, int]]) -> Cues:
    """The cues of a folded text from every occurrence of ``CUE_KEYS`` in it, (key's index,
    start, end) in any order (:class:`monitor.matching.facts.Marks` finds them in the same
    pass as other words)."""
    anaphoras: list[int] = []
    documents: list[tuple[int, int, int]] = []
    length = len(text)
    for index, start, end in found:  # word boundaries asked inline: this runs for each one
        before, after = _EDGES[index]
        if before and start and ((char := text[start - 1]).isalnum() or char == "_"):
            continue
        if after and end < length and ((char := text[end]).isalnum() or char == "_"):
            continue
        if index < _DOCUMENTS:
            documents.append((start, index, end))
        elif index >= _NOUNS:
            anaphoras.append(start)
        elif (begin := _anaphora(text, start)) is not None:
            anaphoras.append(begin)
    return Cues(tuple(sorted(set(anaphoras))), _leftmost(documents))


@dataclass(frozen=True, eq=False, slots=True)
class WordList:
    """Fixed words looked for in folded texts, every occurrence (overlapping), with their own
    automaton.  A ruleset's scanner compiled after the list is made (:data:`WORD_LISTS`) finds
    them in its own pass over the text and leaves them in :attr:`FoldedText.words`: a pass of
    an automaton costs more than the scanner's loop over the few occurrences, above all right
    after extraction, when its tables are out of cache."""

    keys: tuple[str, ...]
    machine: AhoCorasick

    def occurrences(self, text: FoldedText | str) -> list[tuple[int, int, int]]:
        """(key's index, start, end) of every occurrence in ``text``, in no set order."""
        if isinstance(text, str):
            return self.machine.find_matches_as_indexes(text, overlapping=True)
        found = text.words.get(self)
        if found is None:
            return self.machine.find_matches_as_indexes(text.text, overlapping=True)
        return found


WORD_LISTS: list[WordList] = []
"""Every :class:`WordList` made (by :func:`word_list`), for the scanner to find in its pass."""


def word_list(keys: Iterable[str]) -> WordList:
    """A word list of ``keys`` (distinct, as written), registered in :data:`WORD_LISTS`."""
    ordered = tuple(keys)
    words = WordList(ordered, AhoCorasick(list(ordered), implementation=Implementation.DFA))
    WORD_LISTS.append(words)
    return words


def word_machine(groups: Iterable[tuple[Iterable[str], int]]) -> tuple[WordList, list[int]]:
    """A word list of the words of ``groups`` (each word as written, with its group's bit),
    and the bits of each of its keys, for :class:`Positions`."""
    bits: dict[str, int] = {}
    for words, bit in groups:
        for word in words:
            bits[word] = bits.get(word, 0) | bit
    return word_list(bits), list(bits.values())


class Positions:
    """Where a text holds fixed words, found in one automaton pass (:func:`word_machine`; the
    scanner's, for a folded text it scanned): a stretch of it holds a group's words when one
    lies wholly inside it, the same answer as a substring test of each word in the stretch,
    without the tests."""

    def __init__(self, machine: tuple[WordList, list[int]], text: FoldedText | str) -> None:
        words, bits = machine
        found = sorted((start, end, bits[index]) for index, start, end in words.occurrences(text))
        self._found = found
        self._starts = [start for start, _, _ in found]

    def held(self, begin: int, end: int) -> int:
        """The bits of the words wholly inside ``[begin, end)``."""
        return bits_held(self._found, self._starts, begin, end)

    def spans(self, bit: int) -> list[tuple[int, int]]:
        """(start, end) of every word of group ``bit``, in order of start."""
        return [(start, end) for start, end, bits in self._found if bits & bit]

    def starts(self, bit: int, begin: int, end: int) -> list[int]:
        """The starts, in order and each once, of the words of group ``bit`` that start in
        ``[begin, end)``."""
        first, last = bisect.bisect_left(self._starts, begin), bisect.bisect_left(self._starts, end)
        return sorted({start for start, _, bits in self._found[first:last] if bits & bit})


def bits_held(found: list[tuple[int, int, int]], starts: list[int], begin: int, end: int) -> int:
    """The bits of the ``found`` words (start, end, bit; ``starts`` their starts, sorted) wholly
    inside ``[begin, end)`` (asked some thirty times per text, most often of none)."""
    low = bisect.bisect_left(starts, begin)
    high = bisect.bisect_left(starts, end, low)
    if low == high:
        return 0
    bits = 0
    for _, finish, bit in found[low:high]:
        if finish <= end:
            bits |= bit
    return bits
