"""A meeting's ordinal, as the languages of the news write it.

The ordinal stands right before the meeting's name ("the 13th ASEAN-US Summit", "le 29e Forum
régional de l'ASEAN", "nono Vertice dell'Asia orientale", "11वें पूर्वी एशिया शिखर सम्मेलन",
"第八届东亚峰会", "제25차 한-아세안 정상회의") or right after it ("lần thứ 26", "ke-26",
"ครั้งที่ ๑๖"), where a bracketed gloss may stand between: "East Asia Summit (EAS) ke-18".

* A number with its language's ordinal mark: English ``13th``; French ``13e``, ``13ème``,
  ``1er``, ``1re`` and Roman ``XIIIe`` (capitals in the original text); Dutch ``13de``,
  ``45ste``; Italian, Spanish and Portuguese ``13°``, ``13º``, ``13ª``; German ``13.`` (after a
  word, never opening a line, where it would be a list's number); Russian ``13-й``, ``19-м``,
  ``12-го``; Hindi ``11वें``; Tagalog ``ika-13``.  ``int`` reads any script's digits (Thai
  ``๑๖``, Devanagari ``१६``).
* CJK counters: ``第13回``, ``第十三届``, ``제13차``.
* A written-out ordinal (first to twentieth in English; first to tenth in French, Italian,
  Spanish, Portuguese, German, Dutch, Russian in its case forms, Hindi, Tagalog, Vietnamese
  and Indonesian/Malay, the last two after the name).
* "First" unqualified (R7): ``inaugural``, ``first-ever``, ``首届``, ``首次``, ``初の``, ``첫``,
  ``ครั้งแรก``, ``lần đầu tiên``, ``pertama``.

An ordinal after a person's possessive ("my fourth ...", "ma quatrième ...") counts their
attendance, not the meeting ("their 13th summit", of the two sides, is the meeting's).
Between the ordinal and the name: an adjective ("the 2nd Annual ASEAN-Australia Summit",
"primo storico vertice") and "meeting / session / edition of (the)" ("the 13th meeting of the
ARF", "la 31e réunion du Forum régional de l'ASEAN").  Spanish and Italian write Roman
numerals bare ("la XIII Cumbre"), French with a mark ("XIIIe"); both only in capitals.
"""

from __future__ import annotations

import re

ENGLISH: tuple[str, ...] = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth"),
)
# "twenty-seventh" ... "fifty-ninth", and "thirtieth" ... "fiftieth": the 21st to 59th.
_TENS = (
    ("twenty", "twentieth"),
    ("thirty", "thirtieth"),
    ("forty", "fortieth"),
    ("fifty", "fiftieth"),
)
ENGLISH = (
    *ENGLISH,
    *(
        word
        for index, (ten, tenth) in enumerate(_TENS)
        for word in ((tenth,) if index else ()) + tuple(f"{ten}[- ]{unit}" for unit in ENGLISH[:9])
    ),
)
# Russian ordinals decline: a stem and its case endings ("перв|ом", "трет|ьем", "четвёрт|ом").
_RUSSIAN_STEMS = ("перв", "втор", "трет", "четв[её]рт", "пят", "шест", "седьм", "восьм", "девят")
_RUSSIAN_ENDINGS = (
    r"(?:ого|ому|ыми|ым|ых|ый|ой|ом|ая|ую|ое|ые|ий|ьего|ьему|ьем|ьей|ья|ью|ье|ьи|его|ему|ем|ей)"
)
# Ordinals 1..10 written out in the partners' languages (folded: no Latin diacritics; French
# ones also plural: "les dix-septièmes consultations").
_WRITTEN: tuple[str, ...] = (
    r"premiers?|premieres?|primo|prima|primero|primera|primer|primeiro|primeira|erste[nrs]?"
    r"|eerste|unang|kauna-unahang|पहले|पहला|पहली|प्रथम",
    r"deuxiemes?|seconde?|secondo|seconda|segundo|segunda|zweite[nrs]?|tweede|ikalawang"
    r"|दूसरे|दूसरा|दूसरी|द्वितीय",
    r"troisiemes?|terzo|terza|tercero|tercera|tercer|terceiro|terceira|dritte[nrs]?|derde"
    r"|ikatlong|तीसरे|तीसरा|तीसरी|तृतीय",
    r"quatriemes?|quarto|quarta|cuarto|cuarta|vierte[nrs]?|vierde|ikaapat na|चौथे|चौथा|चौथी",
    r"cinquiemes?|quinto|quinta|funfte[nrs]?|vijfde|ikalimang|पांचवें|पाँचवें|पांचवां",
    r"sixiemes?|sesto|sesta|sexto|sexta|sechste[nrs]?|zesde",
    r"septiemes?|settimo|settima|septimo|septima|setimo|setima|siebte[nrs]?|zevende",
    r"huitiemes?|ottavo|ottava|octavo|octava|oitavo|oitava|achte[nrs]?|achtste",
    r"neuviemes?|nono|nona|noveno|novena|neunte[nrs]?|negende",
    r"dixiemes?|decimo|decima|zehnte[nrs]?|tiende",
)
# 11th to 20th written out in French, Italian, Spanish and German (folded).
_WRITTEN_TEENS: tuple[str, ...] = (
    r"onziemes?|undicesim[oa]|undecim[oa]|decimoprimer[oa]?|elfte[nrs]?",
    r"douziemes?|dodicesim[oa]|duodecim[oa]|decimosegund[oa]|zwolfte[nrs]?",
    r"treiziemes?|tredicesim[oa]|decimotercer[oa]?|dreizehnte[nrs]?",
    r"quatorziemes?|quattordicesim[oa]|decimocuart[oa]|vierzehnte[nrs]?",
    r"quinziemes?|quindicesim[oa]|decimoquint[oa]|funfzehnte[nrs]?",
    r"seiziemes?|sedicesim[oa]|decimosext[oa]|sechzehnte[nrs]?",
    r"dix-septiemes?|diciassettesim[oa]|decimoseptim[oa]|siebzehnte[nrs]?",
    r"dix-huitiemes?|diciottesim[oa]|decimoctav[oa]|achtzehnte[nrs]?",
    r"dix-neuviemes?|diciannovesim[oa]|decimonoven[oa]|neunzehnte[nrs]?",
    r"vingtiemes?|ventesim[oa]|vigesim[oa]|zwanzigste[nrs]?",
)
# Hindi 6th to 10th (the 1st to 5th are in ``_WRITTEN``'s rows).
_HINDI_SIXTH_ON: tuple[str, ...] = (
    "छठे|छठा|छठी|षष्ठ",
    "सातवें|सातवां|सातवीं|सातवाँ",
    "आठवें|आठवां|आठवीं|आठवाँ",
    "नौवें|नौवां|नौवीं|नौवाँ|नवें|नवां",
    "दसवें|दसवां|दसवीं|दसवाँ",
)
_WRITTEN_VALUE: tuple[tuple[re.Pattern[str], int], ...] = (
    *((re.compile(rf"(?:{words})"), index + 1) for index, words in enumerate(_WRITTEN)),
    *((re.compile(rf"(?:{words})"), index + 11) for index, words in enumerate(_WRITTEN_TEENS)),
    *((re.compile(rf"(?:{words})"), index + 6) for index, words in enumerate(_HINDI_SIXTH_ON)),
    *(
        (re.compile(rf"{stem}{_RUSSIAN_ENDINGS}"), index + 1)
        for index, stem in enumerate(_RUSSIAN_STEMS)
    ),
    *((re.compile(word), index + 1) for index, word in enumerate(ENGLISH)),
    (re.compile("inaugural"), 1),
)
_WORDS = "|".join(
    [
        *ENGLISH,
        "inaugural",
        *_WRITTEN,
        *_WRITTEN_TEENS,
        *_HINDI_SIXTH_ON,
        *(f"{stem}{_RUSSIAN_ENDINGS}" for stem in _RUSSIAN_STEMS),
    ]
)
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CJK_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}

_CORE = (
    r"(?:(?<![\d.,])(?P<d>\d{1,3})(?:(?:st|nd|rd|th|esimo|esima|eme|ere|er|re|ste|de|mo|ma|vo|va|e|o|a)\b|\.?[°ºª]|\.[oa]\b"
    r"|\s*-?\s*(?:ого|ому|ый|ой|ом|ая|ую|ое|го|му|й|я|е|м|х|ю)\b"
    r"|\s*(?:वें|वां|वाँ|वीं|वी|वा|व्या|वे|வது|ஆவது))"  # Marathi "21 व्या", "21वे"
    r"|(?<=[a-z] )(?P<g>\d{1,2})\.(?= )"  # German "beim 13. EU-ASEAN-Gipfel"
    r"|\b(?P<r>[ivx]{1,7})(?:e|eme|er)\b"  # French "XIIIe", capitals checked in the original
    r"|\b(?P<r2>[ivx]{2,7}|[vx])\b"  # Spanish, Italian "la XIII Cumbre" (capitals checked)
    r"|(?:(?<=\bil )|(?<=\bla )|(?<=\bel )|(?<=\bal )|(?<=\bdel ))(?P<r3>i)\b"  # "il I Vertice"
    r"|\bika-?\s*(?P<t>\d{1,3})(?:\s+na)?"  # Tagalog "ika-19 na"
    r"|\b(?:pertemuan|mesyuarat|sidang)\s+ke-?\s*(?P<i>\d{1,3})"  # "Pertemuan ke-24 ASEAN-..."
    r"|\bke-\s*(?P<i2>\d{1,3})"  # "KTT ke-18 Asia Timur"
    r"|第\s*(?P<c>[\d〇零一二两三四五六七八九十百]{1,5})\s*(?:次|届|回|屆|차)|제\s*(?P<k>\d{1,3})\s*차"
    r"|(?P<first>首届|首屆|首次|初の|初めての|첫(?:\s*번째)?|\bfirst[- ]ever)"
    r"|(?<![\w-])(?P<w>" + _WORDS + r")(?![\w-]))"
)
ORDINAL_BEFORE = re.compile(
    _CORE + r"(?:\s+(?:annual|historic|storico|storica|historique|historico|historica))?"
    r"(?:\s+(?:meeting|session|edition)\s+of(?:\s+the)?"  # "the 13th meeting of the ARF"
    r"|\s+(?:reunion|session|edition|riunione|sessione|edizione|sitzung|tagung)"
    r"(?:\s+(?:virtuelle|virtual|virtuale|annuelle|anual|annuale|ordinaire|ordinaria))?\s+"
    r"(?:du|de\s+la|de\s+l'|des|del|de\s+los|della|dello|dell'|der)"
    # "31-я сессия Регионального форума", "восьмом заседании Совещания министров обороны ..."
    r"|\s+(?:сесси|заседани|совещани)[а-я]{1,3}(?:\s+совещани[а-я]{1,3})?)?"
    r"\s*[「『]?$"  # "第4回「日ASEAN諸国防衛当局次官級会合」": the name quoted after it
)
# The anchor a gloss, in brackets or after "or", the ordinal before the name it glosses: "the
# 12th ASEAN Plus China, Japan and South Korea (10+3) Summit", "제10차 아세안 확대
# 국방장관회의(ADMM-Plus)", "KTT ke-18 Asia Timur atau East Asia Summit".
_GLOSS = r"(?:\(|\s(?:atau|or|ou|oder|o|hay|hoac)\s)\s*$"
GLOSS_OPENS = re.compile(_GLOSS)
GLOSSED_BEFORE = re.compile(_CORE + r"\s*[^().;:!?。，、\n]{1,70}?" + _GLOSS)
GLOSSED_WINDOW = 90
ORDINAL_WINDOW = 40
# "my fourth ASEAN-Canada PMC", "ma quatrième Conférence ...": a person's count of the meetings
# they attended, not the meeting's ordinal ("their 13th summit", of the two sides, is).
_POSSESSIVE = re.compile(
    r"\b(?:my|his|her|your|ma|mon|sa|son|mio|mia|suo|sua|mi|mein|meine|sein|seine"
    r"|мой|мою|моём|моем)\s+$"
)
_LONGEST_POSSESSIVE = 5  # "meine", "seine"

_AFTER_WORDS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8}
_AFTER_WORDS |= {"kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5}
ORDINAL_AFTER = re.compile(
    r"\s*(?:\([^()\n]{1,48}\)\s*|\)\s*)?"  # a gloss between: "(EAS) ke-18", "(KTT ASEAN-India)
    # ke-14"; or the name is the gloss: "Pertemuan ... ASEAN Plus (ADMM-Plus) ke-10"
    r"(?:thuong nien\s+|tahunan\s+)?"  # "Đối thoại ASEAN-Mỹ thường niên lần thứ 34" (annual)
    # "lần thứ 16", or "thứ 16" right after the name ("Hội nghị thượng đỉnh ASEAN-Ấn Độ thứ 16")
    r"(?:(?:(?:lan )?thu|ke-?|ครั้งที่|លើកទី|ຄັ້ງທີ|الـ|ال)\s*(?P<n>\d{1,3})(?!\d)"
    r"|(?:lan thu )(?P<v>nhat|hai|ba|tu|nam|sau|bay|tam)\b|(?P<v2>kedua|ketiga|keempat|kelima)\b"
    r"|(?P<first>(?:lan )?dau tien\b|ครั้งแรก|លើកដំបូង|pertama\b)"
    # Hindi "के 31वें बैठक/संस्करण" (its 31st meeting, edition); Japanese, Chinese "(第26回)"
    r"|(?:की|के|का)\s+(?P<h>\d{1,3})(?:वें|वीं|वां|वाँ|वी|वा)\s+(?:बैठक|सम्मेलन|संस्करण|सत्र)"
    r"|\(\s*(?:通算\s*)?第\s*(?P<c>\d{1,3})\s*(?:回|次|届)\s*\))"
)


def _cjk_number(digits: str) -> int | None:
    """``13``, ``十三``, ``二十七``, ``八`` as a number."""
    if digits.isdigit():
        return int(digits)
    if "百" in digits:
        return None
    tens, _, units = digits.rpartition("十")
    if "十" not in digits:
        return _CJK_DIGITS.get(digits)
    ten = _CJK_DIGITS.get(tens, 0) if tens else 1
    unit = _CJK_DIGITS.get(units, 0) if units else 0
    return ten * 10 + unit or None


def _roman(numeral: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""], strict=True):
        value = values[here]
        total += -value if after and values[after] > value else value
    return total


# One alternation of the rows of _WRITTEN_VALUE, in their order: its first row that matches a
# whole word is the one a try of each row in turn finds (one try, not some seventy).
_WRITTEN_ROWS = re.compile(
    "|".join(f"(?P<w{index}>{row.pattern})" for index, (row, _) in enumerate(_WRITTEN_VALUE))
)


def _written(word: str) -> int:
    found = _WRITTEN_ROWS.fullmatch(word)
    if found is None or found.lastgroup is None:
        raise ValueError(f"not a written ordinal: {word!r}")
    return _WRITTEN_VALUE[int(found.lastgroup[1:])][1]


_NUMBER_GROUPS = frozenset({"d", "g", "t", "i", "i2", "k"})
_ROMAN_GROUPS = frozenset({"r", "r2", "r3"})


def _value(match: re.Match[str], original: str) -> int | None:
    """The ordinal a match of ``_CORE`` reads: its one named group that took part (every
    group is named, each in an alternative of its own, none empty) says how to read it."""
    group = match.lastgroup
    if group in _NUMBER_GROUPS:
        return int(match.group(group))
    if group == "c":
        return _cjk_number(match.group("c"))
    if group in _ROMAN_GROUPS:
        start, end = match.span(group)
        return _roman(match.group(group)) if original[start:end].isupper() else None
    if group == "first":
        return 1
    return _written(match.group("w"))


# The first three characters of every written ordinal and marker: a word starting otherwise
# cannot be one (a test far cheaper than the pattern).
_PREFIXES = frozenset(
    word[:3]
    for words in (
        *ENGLISH,
        "inaugural",
        *_WRITTEN,
        *_WRITTEN_TEENS,
        *_HINDI_SIXTH_ON,
        *_RUSSIAN_STEMS,
        "ika|ke-|pertemuan|mesyuarat|sidang",
    )
    for word in words.split("|")
)
_TENS_WORDS = frozenset(ten for ten, _ in _TENS)
# Words that may stand between an ordinal and the name, or end a written one ("ikaapat na");
# folded.
_AFTER_AN_ORDINAL = frozenset(
    (
        *("annual", "historic", "storico", "storica", "historique", "historico", "historica"),
        *("meeting", "session", "edition", "of", "the", "reunion", "riunione", "sessione"),
        *("edizione", "sitzung", "tagung", "du", "de", "la", "l'", "des", "del", "los"),
        *("della", "dello", "dell'", "der", "na"),
        *("virtuelle", "virtual", "virtuale", "annuelle", "anual", "annuale", "ordinaire"),
        "ordinaria",
    )
)
_LEADING = "(\"'“‘«「『[-"
_MARKS = "第首初제첫"  # CJK ordinals begin inside a run of characters: "…)第八屆", "は第13回"


def _stops(word: str, before: str) -> bool:
    """Whether no ordinal can begin before ``word`` (ASCII, not empty), ``before`` the word
    before it: a plain word that may not follow one (not "annual", "of", "the" ..., nor
    "seventh" in "twenty seventh")."""
    return word.isalpha() and word not in _AFTER_AN_ORDINAL and before not in _TENS_WORDS


def _starts(text: str, ending: bool = False) -> list[int]:
    """Offsets where an ordinal may begin (a digit, a Roman numeral's letter, a written
    ordinal's first characters, a CJK marker), the pattern tried there rather than everywhere.
    ``ending``: the ordinal ends the text, so the words are tried from the last back to the
    first plain word that may not follow an ordinal ("2nd annual", "thirteenth meeting of
    the", "twenty seventh", "제 25 차": not "annual", "of", "the" ..., nor "seventh" after
    "twenty").  An empty word (two spaces) holds no start and stops nothing."""
    found: list[int] = []
    words = text.replace("\n", " ").split(" ")
    at = len(text) + 1
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        at -= len(word) + 1
        if not word:
            continue
        start = at + len(word) - len(word.lstrip(_LEADING)) if word[0] in _LEADING else at
        char = text[start : start + 1]
        if char and (char.isdigit() or char in "ivx" or text[start : start + 3] in _PREFIXES):
            found.append(start)
        if not word.isascii():
            found += [at + i for i, char in enumerate(word) if char in _MARKS]
        elif ending and _stops(word, words[index - 1] if index else ""):
            break
    return sorted(found)


def _possessive(text: str, end: int) -> bool:
    """Whether a possessive ends ``text[:end]`` (``_POSSESSIVE``), searched for from just
    before the trailing spaces: a match is one short word and the spaces."""
    spaces = len(text[:end].rstrip())
    return _POSSESSIVE.search(text, max(0, spaces - _LONGEST_POSSESSIVE), end) is not None


def ordinal_before(
    text: str, original: str | None = None, pattern: re.Pattern[str] = ORDINAL_BEFORE
) -> tuple[int, int] | None:
    """(ordinal, its start within ``text``) when ``text`` ends with one (``pattern``:
    ``GLOSSED_BEFORE`` when it ends with a name and a bracket); ``original`` is the same
    stretch of the original text (its capitals tell a Roman numeral from a word)."""
    starts = _starts(text, ending=pattern is ORDINAL_BEFORE)
    match = next((m for at in starts if (m := pattern.match(text, at)) is not None), None)
    if match is None:
        return None
    if match.group("t") is None and _possessive(text, match.start()):
        return None  # Tagalog "sa ika-31" is "at the 31st", not French "sa" (its)
    value = _value(match, original if original is not None else text.upper())
    return (value, match.start()) if value else None


# A number between a CJK name's "of" and its meeting, in digits or in Chinese numerals:
# "ASEANとロシアの第14回SOM", "落实《南海各方行为宣言》第八次高官会".
INSIDE = re.compile(r"第\s*(\d{1,3}|[〇零一二两三四五六七八九十]{1,3})\s*(?:回|次|届|屆)")


def ordinal_inside(text: str, start: int, end: int) -> int | None:
    """The number written inside a meeting's name between ``start`` and ``end``, if any."""
    match = INSIDE.search(text, start, end)
    return _cjk_number(match.group(1)) if match else None


# An edition's number right after a mechanism's acronym as written: "l'ARF-26", "l'EAS 12,",
# "(SOM-DOC 15)".  After a hyphen, any number not part of a date or a decimal; after a space,
# only one that ends a clause (not a count: "the EAS 18 members").
_ACRONYM = re.compile(r"[A-Z]{2,}(?:-[A-Z][A-Za-z]*)*")
_EDITION = re.compile(
    r"-(?P<h>\d{1,2})(?![\d/]|[.,:]\d|-\d)|[^\S\n](?P<s>\d{1,2})(?=[,;:)\]]|\.(?!\d)|[^\S\n]*(?:\n|$))"
)


def edition_after(original: str, start: int, end: int) -> tuple[int, int] | None:
    """(number, its end) of an edition's number right after the acronym ``original[start:end]``
    ("ARF-26"), if the name is an acronym as written and one follows."""
    if _ACRONYM.fullmatch(original, start, end) is None:
        return None
    match = _EDITION.match(original, end)
    if match is None:
        return None
    return int(match.group("h") or match.group("s")), match.end()


AFTER_WINDOW = 72  # an ordinal after the name, a gloss between: "(KTT ASEAN-India) ke-14"


def ordinal_around(
    text: str, original: str, start: int, end: int, floor: int
) -> tuple[int, int, int] | None:
    """(ordinal, new start, new end) from the folded ``text`` around a meeting's name at
    ``start:end`` (``original``: the text as written), if it has one; an ordinal before a
    glossed name must not reach into the meeting before (``floor``)."""
    offset = max(0, start - ORDINAL_WINDOW)
    head = ordinal_before(text[offset:start], original[offset:start])
    if head is not None:
        return head[0], offset + head[1], end
    tail = ordinal_after(text[end : end + AFTER_WINDOW])
    if tail is not None:
        return tail[0], start, end + tail[1]
    if GLOSS_OPENS.search(text, max(0, start - 8), start) is None:
        return None
    offset = max(0, floor, start - GLOSSED_WINDOW)
    gloss = ordinal_before(text[offset:start], original[offset:start], GLOSSED_BEFORE)
    if gloss is None:
        return None
    return gloss[0], offset + gloss[1], end + 1 if text.startswith(")", end) else end


def ordinal_after(text: str) -> tuple[int, int] | None:
    """(ordinal, length consumed) when ``text`` begins with one ("lần thứ 26", "ke-26")."""
    match = ORDINAL_AFTER.match(text)
    if match is None:
        return None
    number = match.group("n") or match.group("h") or match.group("c")
    if number:
        return int(number), match.end()
    word = match.group("v") or match.group("v2")
    if word:
        return _AFTER_WORDS[word], match.end()
    return 1, match.end()
