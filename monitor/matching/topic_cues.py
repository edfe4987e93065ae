"""The words that tell how a sentence names a topic (label rule R6), found in the scanner's pass.

Eleven groups, each a bit of :class:`Cues`:

* ``EXAMPLE``: "such as", "including", "như", "seperti", "包括" …: a topic after it is an
  example; ``EXAMPLE_AFTER``: "など", "等", "등", written after the examples;
* ``FOCUS``: "focused on", "dedicated to", "tập trung", "聚焦" …: what follows is the focus of
  what stands before (a meeting, talks, a visit, a partnership: ``MEETING``);
* ``THEME``: "themed", "under the theme", "bertema" …, the theme after them; ``THEME_AFTER``:
  "テーマ", "主题", "주제", the theme before them: a meeting's theme that names a topic;
* ``ISSUE``: "key issues", "main topic", "重点", "주제" …: said of a topic wherever it stands
  in the sentence;
* ``BACKGROUND``: "amid", "in the face of", "di tengah", "на фоне" …: a circumstance;
  ``BACKGROUND_AFTER``: "背景下", "속에서", "さなか", written after the circumstance;
* ``BODY``: "association", "ministry", "university" …: the words of an institution's name
  (:mod:`monitor.matching.institutions`: a topic's word in the name names no topic);
* ``MARKET``: "exchange rate", "against the greenback", "bond yields", "nilai tukar" …: a
  sentence of the currency or bond markets, where "trade", "traders" and "investors" are the
  market's, not trade between countries.

The words are folded (:func:`monitor.matching.normalise.fold_term`) and registered as a word
list (:func:`monitor.matching.cues.word_machine`), so the ruleset's scanner finds them in its own
pass over the text; a word in Latin script counts only as a whole word ("comme" is not in
"commemorate").
"""

from __future__ import annotations

import bisect
import re

from monitor.matching.cues import bits_held, word_machine
from monitor.matching.normalise import FoldedText, fold_term

EXAMPLE, FOCUS, BACKGROUND, MEETING, EXAMPLE_AFTER, ISSUE, MARKET, BODY, THEME, THEME_AFTER = (
    1 << i for i in range(10)
)
BACKGROUND_AFTER = 1 << 10

# Not the one-word "like", "como", "comme", "wie" or "come": as often "as" as "such as".
EXAMPLE_WORDS = (
    *("such as", "including", "includes", "include", "e.g.", "for example", "for instance"),
    *("notably", "among them", "among others", "như", "bao gồm", "seperti", "termasuk"),
    *("antara lain", "misalnya", "contohnya", "包括", "例如", "诸如", "譬如", "포함한", "เช่น"),
    *("รวมถึง", "notamment", "tels que", "telles que", "y compris", "einschließlich", "darunter"),
    *("wie etwa", "incluyendo", "incluidos", "incluidas", "entre ellos", "como por ejemplo"),
    *("tra cui", "compresi", "come ad esempio", "такие как", "таких как", "включая", "जैसे"),
    "सहित",
    # "threats ranging from cyber warfare to climate crises": the range's ends are examples.
    *("ranging from", "range from", "ranges from", "mulai dari"),
)
EXAMPLE_AFTER_WORDS = ("など", "等", "등")
FOCUS_WORDS = (
    *("focus on", "focused on", "focussed on", "focusing on", "focuses on", "focus was on"),
    *("dedicated to", "devoted to", "centred on", "centered on", "centring on", "centering on"),
    *("mainly about", "primarily about", "tập trung", "berfokus", "fokus pada", "fokus untuk"),
    *("menitikberatkan", "聚焦", "axé sur", "axée sur", "centré sur", "centrée sur", "consacré à"),
    *("consacrée à", "centrado en", "centrada en", "se centrará en", "se centró en"),
    *("si concentrano su", "si concentra su", "si concentreranno su", "incentrato su"),
    *("incentrata su", "mit fokus auf", "сосредоточ", "पर केन्द्रित", "पर केंद्रित", "पर ध्यान"),
    *("主要讨论", "主要討論", "主要议题", "主要議題", "重点讨论", "重點討論"),
    *("enfocada en", "enfocado en", "enfocadas en", "enfocados en", "se enfocó en", "fokus auf"),
    *("приоритетное внимание", "основное внимание"),
    # "Discussions revolved around trade", "puso el foco en el comercio".
    *("revolved around", "revolve around", "revolves around", "revolving around"),
    *("puso el foco en", "pone el foco en", "ponen el foco en", "pusieron el foco en"),
)
# A meeting's theme, when it names the topic: "a retreat themed 'Maritime Cooperation and
# Security'" (the theme follows these words), "「海洋協力」をテーマに" (it comes before these).
THEME_WORDS = (
    *("themed", "under the theme", "with the theme", "the theme of", "bertema", "bertajuk"),
    *("dengan tema", "chủ đề", "sous le thème", "zum thema", "sul tema", "bajo el tema"),
    "на тему",
)
THEME_AFTER_WORDS = ("主题", "主題", "テーマ", "주제")
ISSUE_WORDS = (
    *("main issue", "key issue", "major issue", "main issues", "key issues", "major issues"),
    *("main topic", "main topics", "key topic", "key topics", "main theme"),
    *("top the agenda", "tops the agenda", "topped the agenda", "top of the agenda"),
    *("high on the agenda", "main agenda", "agenda utama", "fokus utama", "menjadi fokus"),
    *("trọng tâm", "重点", "重點", "焦点", "중점", "초점"),
    *("มุ่งเน้น", "ประเด็นสำคัญ", "im mittelpunkt", "schwerpunkt", "в центре внимания"),
    *("im vordergrund", "im fokus", "主な課題", "主要課題", "주요 의제", "главной темой"),
    *("주로 논의", "집중 논의"),  # "mainly discussed", after the topic (Korean word order)
    *("dominated by", "dominate the", "dominé par", "dominée par", "dominado por", "dominata da"),
    # "At the centre of the talks", "al centro delle discussioni", "au cœur des entretiens".
    *("at the centre of", "at the center of", "at the heart of", "al centro del"),
    *("al centro della", "al centro delle", "al centro dei", "au cœur des", "au cœur du"),
    *("au centre des", "au centre du", "en el centro de", "im zentrum"),
)
BACKGROUND_WORDS = (
    *("amid", "amidst", "in the face of", "against the backdrop of", "in the wake of"),
    *("trong bối cảnh", "giữa bối cảnh", "di tengah"),
    # Not "之际", "속에서": they follow the circumstance ("疫情之际，…"), so a word of them before
    # a term stands before the main clause (``BACKGROUND_AFTER_WORDS``); nor the plain "中で".
    *("ท่ามกลาง", "sur fond de", "en pleine", "angesichts", "en medio de", "in mezzo a"),
    "на фоне",
    # "Overshadowed by the dispute over the South China Sea, the summit opens": what weighs
    # on a meeting is its circumstance.
    *("overshadowed by", "clouded by", "marred by", "belastet vom", "belastet von"),
    *("überschattet vom", "überschattet von", "assombri par", "ensombrecida por"),
)
# Written after the circumstance: "在疫情蔓延的背景下", "팬데믹 속에서", "危機のさなか".
BACKGROUND_AFTER_WORDS = ("背景下", "之际", "之際", "속에서", "가운데", "さなか", "最中")
MEETING_WORDS = (
    *("meeting", "meetings", "summit", "summits", "talks", "visit", "visits", "trip", "event"),
    *("events", "discussion", "discussions", "dialogue", "forum", "conference", "agenda"),
    *("agreement", "session", "retreat", "consultations", "negotiations", "plan of action"),
    *("partnership", "hội nghị", "hội đàm", "cuộc gặp", "thảo luận", "chuyến thăm"),
    *(
        "pertemuan",
        "ktt",
        "kunjungan",
        "pembicaraan",
        "perundingan",
        "sesi",
        "rapat",
        "会议",
        "會議",
        "会谈",
    ),
    *("會談", "峰会", "峰會", "会晤", "會晤", "访问", "訪問", "论坛", "論壇", "会議", "会談"),
    *("会合", "회의", "회담", "방문", "การประชุม", "การหารือ", "sommet", "réunion", "entretiens"),
    *("visite", "gipfel", "treffen", "gespräche", "besuch", "cumbre", "reunión", "visita"),
    *("conversaciones", "vertice", "incontro", "negoziati", "саммит", "встреч", "переговор"),
    *("discussioni", "colloqui", "discusiones", "pourparlers", "gipfeltreffen", "sondergipfel"),
    *("jubiläumsgipfel", "partnerschaft", "partenariat", "partenariato"),
    *("визит", "शिखर सम्मेलन", "बैठक", "वार्ता", "यात्रा"),
)
MARKET_WORDS = (
    *("exchange rate", "exchange rates", "against the greenback", "against the dollar"),
    *("against the us dollar", "against the u.s. dollar", "against the united states dollar"),
    *("versus the dollar", "versus the greenback", "per usd", "per us dollar", "dollar index"),
    *("bond yields", "basis points", "forex", "nilai tukar", "terhadap dolar", "kurs rupiah"),
    *("kurs dolar", "imbal hasil", "汇率", "匯率", "為替相場", "환율", "อัตราแลกเปลี่ยน", "tỷ giá"),
    *("taux de change", "wechselkurs", "tipo de cambio", "tasso di cambio", "курс доллара"),
    *("курс рубля", "валютн", "विनिमय दर"),
)
BODY_WORDS = frozenset(
    {
        *("association", "institute", "institution", "center", "centre", "university"),
        *("college", "school", "academy", "chamber", "council", "committee", "commission"),
        *("ministry", "department", "agency", "bureau", "office", "foundation", "society"),
        *("corporation", "bank", "fellow", "studies", "federation", "laboratory", "museum"),
        *("organisation", "organization", "authority", "board", "navy", "army"),
        # A post, one person's ("Minister of Industry and Trade", "Commerce Secretary"); not
        # "Trade Ministers' Meeting", a meeting's name.
        *("minister", "secretary", "director", "ambassador"),
    }
)
"""The words that make a capitalised run a body's or a post's name (not "Program",
"Initiative", "Fund": R6 counts an initiative's name)."""
# "Seperti diketahui" (as is known), "seperti dilansir" (as reported), "như đã biết": "as",
# not "such as"; what follows is no example.
_AS_SAID = re.compile(r"(?:seperti\s+(?:yang\s+)?di[a-z]{3,}|nhu\s+da\s+(?:biet|noi|neu))\b")
_MACHINE = word_machine(
    [
        ([fold_term(w) for w in words], bit)
        for words, bit in (
            (EXAMPLE_WORDS, EXAMPLE),
            (EXAMPLE_AFTER_WORDS, EXAMPLE_AFTER),
            (FOCUS_WORDS, FOCUS),
            (ISSUE_WORDS, ISSUE),
            (BACKGROUND_WORDS, BACKGROUND),
            (BACKGROUND_AFTER_WORDS, BACKGROUND_AFTER),
            (MEETING_WORDS, MEETING),
            (MARKET_WORDS, MARKET),
            (THEME_WORDS, THEME),
            (THEME_AFTER_WORDS, THEME_AFTER),
            (sorted(BODY_WORDS), BODY),
        )
    ]
)


class Cues:
    """Where one folded text holds the cue words (start, end, bits), in order."""

    def __init__(self, folded: FoldedText) -> None:
        words, bits = _MACHINE
        text = folded.text
        found = sorted(
            (start, end, bits[index])
            for index, start, end in words.occurrences(folded)
            if _whole(text, start, end)
            and not (bits[index] & EXAMPLE and _AS_SAID.match(text, start))
        )
        self._found = found
        self._starts = [start for start, _, _ in found]

    def held(self, begin: int, end: int) -> int:
        """The bits of the cue words wholly inside ``[begin, end)``."""
        return bits_held(self._found, self._starts, begin, end)

    def last(self, bit: int, begin: int, end: int) -> int:
        """The start of the last word of group ``bit`` wholly inside ``[begin, end)``, or -1."""
        first = bisect.bisect_left(self._starts, begin)
        for at in range(bisect.bisect_left(self._starts, end) - 1, first - 1, -1):
            start, finish, bits = self._found[at]
            if bits & bit and finish <= end:
                return start
        return -1


def _whole(text: str, start: int, end: int) -> bool:
    """A word in Latin script is not part of a longer one."""
    if text[start].isascii() and start and text[start - 1].isalnum():
        return False
    return not (text[end - 1].isascii() and end < len(text) and text[end].isalnum())


def written_without_spaces(char: str) -> bool:
    """Thai, Hangul, kana and CJK ideographs: scripts that write "etc." after the examples."""
    code = ord(char)
    return (
        0x0E00 <= code <= 0x0E7F
        or 0x1100 <= code <= 0x11FF
        or 0x3040 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
    )
