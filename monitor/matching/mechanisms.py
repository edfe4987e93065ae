"""Patterns for meeting mechanisms and ordinals, in English and the region's languages.

All patterns run on folded text (lower case, no diacritics, dashes "-", apostrophes "'").
``AFTER`` patterns are matched right after a dialogue anchor ("ASEAN-US| Summit"), ``BEFORE``
patterns right before it ("Hội nghị Cấp cao |ASEAN-Nhật Bản", "KTT ke-26 |ASEAN-Jepang").
"""

from __future__ import annotations

import re

SUMMIT = "summit"
SPECIAL = "special-summit"
COMMEMORATIVE = "commemorative-summit"
FOREIGN = "foreign-ministers"
PMC = "post-ministerial-conference"
SOM = "senior-officials"
FORUM = "forum"
JCC = "joint-cooperation-committee"
SECTORAL = "sectoral-ministerial"
DIALOGUE = "dialogue"

MECHANISMS = (SUMMIT, SPECIAL, COMMEMORATIVE, FOREIGN, PMC, SOM, FORUM, JCC, SECTORAL, DIALOGUE)

# A mechanism's own name, when nothing more specific follows it, is this kind of meeting.
DEFAULT_FOR_MECHANISM = {
    "east-asia-summit": SUMMIT,
    "asean-regional-forum": FORUM,
    "admm-plus": SECTORAL,
}

_WORD = r"[a-z][a-z&'-]*"
_HOW = r"(?:virtual|online|informal|annual|extraordinary|emergency)\s+"
_CJK_OF = r"\s*(?:の|的)?\s*"  # "日本とASEANの首脳会議"
_AFTER_ROWS: tuple[tuple[str, str], ...] = (
    (r"\s+special\s+(?:leaders'?\s+)?summit\b", SPECIAL),
    (r"\s+commemorative\s+(?:leaders'?\s+)?summit\b", COMMEMORATIVE),
    (rf"\s+(?:{_HOW})?(?:leaders'?\s+)?summit\b", SUMMIT),
    (r"\s+leaders'?\s+meeting\b", SUMMIT),
    (r"\s+foreign\s+ministers'?\s+(?:meeting|conference)\b", FOREIGN),
    (r"\s+post[- ]ministerial\s+conference\b|\s+pmc\b", PMC),
    (r"\s+ministerial\s+meeting\b", FOREIGN),
    (r"\s+senior\s+officials'?\s+meeting\b|\s+som\b", SOM),
    (r"\s+joint\s+co-?operation\s+committee\b|\s+jcc\b", JCC),
    (rf"\s+(?:{_WORD}\s+){{1,3}}ministers'?\s+(?:meeting|consultations?)\b", SECTORAL),
    (rf"\s+(?:{_WORD}\s+){{0,3}}ministerial\b", SECTORAL),
    (r"\s+forum\b", FORUM),
    (
        rf"\s+(?:senior\s+(?:{_WORD}\s+){{0,2}}officials'?\s+)?dialogue\b"
        r"(?!\s+(?:partner|relation))",
        DIALOGUE,
    ),
    (r"\s+consultations?\b", DIALOGUE),
    (rf"{_CJK_OF}(?:特別首脳会議|特别峰会|특별정상회의)", SPECIAL),
    (rf"{_CJK_OF}(?:記念首脳会議|기념정상회의)", COMMEMORATIVE),
    # "中国—东盟建立对话关系15周年纪念峰会": the occasion may stand between.
    (r"[^\s，。、；]{0,16}?(?:纪念峰会|紀念峰會)", COMMEMORATIVE),
    (rf"{_CJK_OF}(?:领导人会议|領導人會議|峰会|峰會|首脑会议|首脳会議|サミット|정상회의)", SUMMIT),
    (rf"{_CJK_OF}(?:外长会议|外长会|外長會議|外相会議|외교장관회의|외교장관 회의)", FOREIGN),
    (rf"{_CJK_OF}(?:高官会议|高官会|高級実務者会合|고위관리회의)", SOM),
    (rf"{_CJK_OF}(?:联合合作委员会|聯合合作委員會)", JCC),
    (rf"{_CJK_OF}(?:论坛|論壇|フォーラム|포럼)", FORUM),
)
# One alternation, tried in order: the first row that matches right after the anchor wins.
AFTER = re.compile("|".join(f"(?P<a{i}>{pattern})" for i, (pattern, _) in enumerate(_AFTER_ROWS)))
AFTER_MECHANISM = {f"a{i}": mechanism for i, (_, mechanism) in enumerate(_AFTER_ROWS)}

# (pattern, mechanism); the optional group ``n`` is an ordinal between mechanism and anchor.
BEFORE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\s*$"), mechanism)
    for pattern, mechanism in (
        (r"hoi nghi cap cao dac biet", SPECIAL),
        (r"hoi nghi cap cao ky niem", COMMEMORATIVE),
        (r"hoi nghi cap cao", SUMMIT),
        (r"hoi nghi bo truong ngoai giao", FOREIGN),
        (r"hoi nghi quan chuc cao cap(?:\s*\(som\))?", SOM),
        (r"dien dan", FORUM),
        (r"(?:ktt|konferensi tingkat tinggi(?:\s*\(ktt\))?)(?:\s+ke-?\s*(?P<n>\d{1,3}))?", SUMMIT),
        (r"pertemuan menteri luar negeri(?:\s+ke-?\s*(?P<n>\d{1,3}))?", FOREIGN),
        (r"sidang kemuncak(?:\s+ke-?\s*(?P<n>\d{1,3}))?", SUMMIT),  # Malay
        (r"mesyuarat menteri-menteri luar(?: negeri)?(?:\s+ke-?\s*(?P<n>\d{1,3}))?", FOREIGN),
        # "การประชุมสุดยอดครั้งแรกระหว่างผู้นำสหรัฐและผู้นำอาเซียน": the first summit between
        # the US's leaders and ASEAN's; "แรก" (first) is the ordinal 1.
        (
            r"การประชุมสุดยอด(?:\s*ครั้ง(?:แรก(?P<first>)|ที่\s*(?P<n>\d{1,3})))?"
            r"\s*ระหว่าง\s*(?:ผู้นำ\s*)?",
            SUMMIT,
        ),
        (r"การประชุมสุดยอด", SUMMIT),
        (r"การประชุมรัฐมนตรีต่างประเทศ", FOREIGN),
        (r"\bsummit\s+between\s+(?:the\s+)?(?:leaders\s+of\s+(?:the\s+)?)?", SUMMIT),
    )
)

# A window before an anchor can only hold a BEFORE mechanism if it has one of these.
BEFORE_HINT = re.compile(
    r"hoi nghi|dien dan|ktt|konferensi|pertemuan|sidang|mesyuarat|การประชุม|summit"
)

# English modifiers written before the anchor: "the Special ASEAN-Australia Summit".
MODIFIER_BEFORE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bspecial\s+$"), SPECIAL),
    (re.compile(r"\bcommemorative\s+$"), COMMEMORATIVE),
)
# "(10+1)", "(APT)": a parenthesis between the anchor and its mechanism.
# Between an anchor and its mechanism: "(10+1)", "(ASEAN·동남아국가연합)", "=東南アジア諸国連合".
INTERJECTION = re.compile(r"\s*(?:\([^()\n]{1,24}\)|[=＝][^\s=＝、。，の]{1,12})")
# "การประชุมสุดยอดอาเซียน-สหรัฐฯ สมัยพิเศษ" (Thai: a summit, special session).
SPECIAL_AFTER = re.compile(r"\s*สมัยพิเศษ")

_ORDINAL_WORDS = [
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth"),
]
ORDINAL_WORDS = {word: index + 1 for index, word in enumerate(_ORDINAL_WORDS)} | {"inaugural": 1}
ORDINAL_BEFORE = re.compile(
    r"(?:\b(?P<d>\d{1,3})\s*(?:st|nd|rd|th)|\b(?P<w>" + "|".join(ORDINAL_WORDS) + r")"
    r"|第\s*(?P<c>\d{1,3})\s*(?:次|届|回|屆)|제\s*(?P<k>\d{1,3})\s*차)"
    r"(?:\s+(?:meeting|session|edition)\s+of(?:\s+the)?)?\s*$"  # "the 13th meeting of the ARF"
)
ORDINAL_WINDOW = 40
ORDINAL_AFTER = re.compile(r"\s*(?:lan thu|ke-?|ครั้งที่)\s*(?P<n>\d{1,3})\b")


# How every text that ORDINAL_BEFORE matches ends, once trailing spaces are dropped: an
# ordinal ("12th", "first", "inaugural", "第26次", "제25차") or "… of (the)".
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th", "al", "次", "届", "回", "屆", "차", "of", "the")


def ordinal_before(text: str) -> tuple[int, int] | None:
    """(ordinal, its start within ``text``) when ``text`` ends with one."""
    if not text.rstrip().endswith(_ORDINAL_ENDINGS):  # a test far cheaper than the search
        return None
    match = ORDINAL_BEFORE.search(text)
    if match is None:
        return None
    for group in ("d", "c", "k"):
        if match.group(group):
            return int(match.group(group)), match.start()
    return ORDINAL_WORDS[match.group("w")], match.start()


def ordinal_after(text: str) -> tuple[int, int] | None:
    """(ordinal, length consumed) when ``text`` begins with one ("lần thứ 26", "ke-26")."""
    match = ORDINAL_AFTER.match(text)
    return (int(match.group("n")), match.end()) if match else None
