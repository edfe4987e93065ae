"""Patterns for meeting mechanisms and ordinals, in English and the region's languages.

All patterns run on folded text (lower case, no diacritics, dashes "-", apostrophes "'").
``AFTER`` patterns are matched right after a dialogue anchor ("ASEAN-US| Summit"); those
matched right before it ("Hội nghị Cấp cao |ASEAN-Nhật Bản", "KTT ke-26 |ASEAN-Jepang") are in
:mod:`monitor.matching.prefixes`.
"""

from __future__ import annotations

import re

from monitor.matching.ordinals import INSIDE

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

WORD = r"[a-z][a-z&'-]*"
"""A word of a meeting's name, folded (a sector's: "energy", "finance")."""
_HOW = r"(?:virtual|online|informal|annual|biennial|extraordinary|emergency)\s+"
# "日本とASEANの首脳会議", "中國-東盟的10+1外長會" (the format's number may stand between).
# Also the number of members and the format: "日本とASEAN10カ国のオンライン首脳会議".
_CJK_OF = (
    # The format's number, glossed and quoted: "「第19回ASEAN・中日韓(10+3)」首脳会議".
    r"\s*(?:の|的)?\s*(?:[(（]?\s*10\s*\+\s*[138]\s*[)）]?\s*)?[」』]?\s*"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:カ国|か国|ヵ国|ケ国|개국|国|國)\s*(?:の|的)?\s*"
    r"(?:首脳との?\s*)?)?"  # "インドとASEAN10カ国首脳との首脳会議" (with the ten's leaders)
    r"(?:(?:オンライン|テレビ|ビデオ|视频|線上|线上|화상)\s*(?:の|的)?\s*)?"
    r"(?:(?:参加国|參加國)\s*)?"  # "東アジア首脳会議参加国外相会議" (its participants' ministers)
    r"(?:간\s*)?"  # "미국과 아세안 간 정상회담" (between the US and ASEAN)
    # The meeting's number after "of": "ASEANとロシアの第14回SOM", "中国与东盟的第22次…会议"
    # (read by monitor.matching.ordinals.ordinal_inside).
    rf"(?:{INSIDE.pattern}\s*)?"
)
_HI_BETWEEN = r"(?:\s*के\s+(?:बीच|साथ))?"
_OCCASION = (
    r"\s*(?:간\s*)?(?:[^\s，。、；「」と及和]{0,16}?"
    # "한-아세안 대화관계 수립 30주년 기념 특별정상회의" (for the 30th anniversary of relations)
    r"|(?:대화\s*관계\s*)?(?:수립\s*)?\d{1,3}\s*주년\s*(?:기념\s+)?)"
)
_NO_DOC = r"(?!共同声明|声明|宣言)"
# The rows in Latin letters (English, German): each consumes only ``LATIN_RUN``'s characters.
_LATIN_ROWS: tuple[tuple[str, str], ...] = (
    (r"\s+special\s+(?:leaders'?\s+)?summits?\b", SPECIAL),
    (r"\s+commemorative\s+(?:leaders'?\s+)?summits?\b", COMMEMORATIVE),
    (rf"\s+(?:{_HOW})?(?:leaders'?\s+)?summits?\b", SUMMIT),
    (r"\s+leaders'?\s+meetings?\b", SUMMIT),
    (r"\s+foreign\s+ministers'?\s+(?:meeting|conference)s?\b", FOREIGN),
    (r"\s+post[- ]ministerial\s+conference\b|\s+pmc\b", PMC),
    (r"\s+ministerial\s+meetings?\b", FOREIGN),
    # "Informal Consultations among East Asia Summit (EAS) Foreign Ministers": the ministers
    # at the end of the meeting's name.
    (r"\s+foreign\s+ministers'?(?=\s*[.,;)]|\s*$)", FOREIGN),
    (r"\s+senior\s+officials'?\s+meetings?\b|\s+som\b", SOM),
    # The ARF's inter-sessional meetings are of officials: "ARF Inter-Sessional Meeting on
    # Counter-Terrorism", "ARF ISM on Maritime Security".
    (r"\s+inter-?\s*sessional\s+(?:support\s+group\s+)?meetings?\b|\s+isms?\b", SOM),
    # The ADMM-Plus's experts' working groups meet as officials: "ADMM-Plus EWG on ...".
    (r"\s+(?:experts'?\s+working\s+groups?|ewgs?)\b", SOM),
    (r"\s+joint\s+co-?operation\s+committee\b|\s+jcc\b", JCC),
    (rf"\s+(?:{WORD}\s+){{1,3}}ministers'?\s+(?:meetings?|consultations?)\b", SECTORAL),
    # "the 12th ASEAN+3 Ministers on Energy Meeting (AMEM+3)".
    (rf"\s+ministers\s+on\s+(?:{WORD}\s+){{1,3}}meetings?\b", SECTORAL),
    # "Finance Ministers and Central Bank Governors' Meeting" (the AFMGM+3).
    (
        rf"\s+(?:{WORD}\s+){{1,3}}ministers'?\s+and\s+(?:{WORD}\s+){{1,3}}governors'?"
        r"\s+meetings?\b",
        SECTORAL,
    ),
    (rf"\s+(?:{WORD}\s+){{0,3}}ministerial\b", SECTORAL),
    (r"\s+forums?\b", FORUM),
    # A sector's dialogue is its ministers' ("the first UK-ASEAN Economic Dialogue"), not the
    # annual ASEAN-partner Dialogue of senior officials.
    (r"\s+(?:economic|trade|energy|digital|transport|health)\s+dialogues?\b", SECTORAL),
    (
        rf"\s+(?:senior\s+(?:{WORD}\s+){{0,2}}officials'?\s+)?dialogue\b"
        r"(?!\s+(?:partner|relation))",
        DIALOGUE,
    ),
    (r"\s+consultations?\b", DIALOGUE),
    # German and Dutch write the meeting onto the name: "EU-Asean-Gipfel", "EU-Asean-top".
    (r"(?:-|\s+)sondergipfel", SPECIAL),
    (r"(?:-|\s+)(?:gedenk|jubilaums)gipfel", COMMEMORATIVE),
    (r"(?:-|\s+)gipfel(?:treffen)?\b|-top(?:ontmoeting)?\b", SUMMIT),
    (r"(?:-|\s+)au(?:ss|ß)enminister(?:treffen|konferenz)", FOREIGN),
)
# The rows in other scripts (Hindi, Tamil, Bengali, Korean, Chinese, Japanese), after them.
_OTHER_ROWS: tuple[tuple[str, str], ...] = (
    # Hindi: "भारत-आसियान स्मारक शिखर सम्मेलन" (commemorative summit).
    # "अमेरिका और आसियान के बीच विशेष शिखर सम्मेलन" (a special summit between the two);
    # Marathi writes the summit "शिखर परिषद".
    (rf"{_HI_BETWEEN}\s*स्मारक\s+शिखर\s+(?:सम्मेलन|बैठक|परिषद)", COMMEMORATIVE),
    (rf"{_HI_BETWEEN}\s*विशेष\s+शिखर\s+(?:सम्मेलन|बैठक|परिषद)", SPECIAL),
    (rf"{_HI_BETWEEN}\s*शिखर\s+(?:सम्मेलन|बैठक|परिषद)", SUMMIT),
    # "पूर्वी एशिया शिखर सम्मेलन के विदेश मंत्रियों की बैठक" (of the EAS, its foreign ministers').
    (r"\s*(?:के\s+)?(?:विशेष\s+)?विदेश\s+मंत्रियों\s+की\s+(?:बैठक|सम्मेलन)", FOREIGN),
    (r"\s*(?:के\s+)?वरिष्ठ\s+अधिकारियों\s+की\s+(?:बैठक|सम्मेलन)", SOM),  # senior officials
    (r"\s*नेताओं\s+की\s+बैठक", SUMMIT),  # the leaders' meeting
    (r"\s*\S{2,12}\s+मंत्री\s+(?:सम्मेलन|बैठक)", SECTORAL),  # "अर्थ मंत्री सम्मेलन" (economy)
    (r"\s*\S{2,12}\s+मंत्रियों\s+की\s+(?:बैठक|सम्मेलन)", SECTORAL),  # "आर्थिक मंत्रियों की बैठक"
    # Tamil: "ஆசியான்-இந்தியா உச்சி மாநாடு" (summit; "மாநாட்டில்": at the summit).
    # "ஆசியான்-ஆஸ்திரேலியா உறவுகளின் 50 ஆண்டுகளைக் குறிக்கும் முக்கிய உச்சி மாநாடு" (the summit
    # marking 50 years of the relations).
    (
        r"\s*உறவுகளின்\s+\d{1,3}\s+ஆண்டுகளைக்?\s+குறிக்கும்\s+(?:\S+\s+)?உச்சி\s*மாநா",
        COMMEMORATIVE,
    ),
    (r"\s*உச்சி\s*மாநா", SUMMIT),
    # Bengali: "দশ-যোগ-তিন পররাষ্ট্রমন্ত্রী সম্মেলন" (foreign ministers' conference), "শীর্ষ সম্মেলন".
    (r"\s*পররাষ্ট্রমন্ত্রী(?:দের)?\s+(?:সম্মেলন|বৈঠক)", FOREIGN),
    (r"\s*শীর্ষ\s+(?:সম্মেলন|বৈঠক)", SUMMIT),
    # Korean "제22차 한-아세안 대화" (the dialogue), not "대화상대국" (a dialogue partner).
    (r"\s*대화(?!\s*(?:상대|관계|파트너))", DIALOGUE),
    # The occasion may stand between: "中国—东盟建立对话关系15周年纪念峰会",
    # "日本ASEAN友好協力50周年特別首脳会議".
    # (Not the name of its statement: "「…25周年記念サミット共同声明」" is a document.)
    (
        rf"{_OCCASION}(?:特別首脳会議|特別サミット{_NO_DOC}|特别峰会|特別峰會|특별\s?정상회(?:의|담))",
        SPECIAL,
    ),
    # "东盟-印度纪念对话关系30周年峰会" (the summit commemorating 30 years of relations).
    (r"\s*(?:纪念|紀念)[^\s，。、；]{0,12}?\s*\d{1,3}\s*周年\s*(?:峰会|峰會)", COMMEMORATIVE),
    (
        rf"{_OCCASION}(?:記念首脳会議|記念サミット{_NO_DOC}|纪念峰会|紀念峰會|기념정상회의)",
        COMMEMORATIVE,
    ),
    (
        rf"{_CJK_OF}(?:领导人会议|領導人會議|峰会|峰會|首脑会议|首脳会議|首脳会合|サミット|정상회(?:의|담))",
        SUMMIT,
    ),
    (
        rf"{_CJK_OF}(?:(?:特别|特別)?(?:外长会议|外长会|外長會議|外長會)|外相会議|外相会合"
        r"|외교장관회의|외교장관 회의)",
        FOREIGN,
    ),
    # A sector's ministers: "日ASEAN経済大臣会合", "中国—东盟经贸部长会议", "경제장관회의"; a
    # special one is of its sector all the same ("中国—东盟经贸部长特别会议").
    (
        rf"{_CJK_OF}(?:\S{{1,8}}?(?:大臣会合|部长(?:圆桌|级|特别)?会议|部長(?:圓桌|級|特別)?會議|部长会|장관회의)"
        r"|财长会|防长会|(?![外首])\S{1,3}?相会(?:議|合)|\S{1,6}?閣僚級?会(?:合|議))",
        SECTORAL,
    ),
    (
        rf"{_CJK_OF}(?:高官会议|高官会|高級実務者会合|고위관리회의|会期間会合|会间会|會間會|회기간회의"
        r"|som(?![a-z]))",  # "ロシアの第14回SOM=高級実務者会合"
        SOM,
    ),
    (rf"{_CJK_OF}(?:联合合作委员会|聯合合作委員會)", JCC),
    # "东亚峰会清洁能源论坛" (the EAS's Clean Energy Forum): a forum of the mechanism.
    (rf"{_CJK_OF}\S{{0,6}}?(?:论坛|論壇|フォーラム|포럼)", FORUM),
    # "日ASEAN諸国防衛当局次官級会合" (the vice-ministers' meeting): officials'.
    (rf"{_CJK_OF}\S{{0,10}}?次官級会(?:合|議)", SOM),
)
_AFTER_ROWS = (*_LATIN_ROWS, *_OTHER_ROWS)
AFTER_MECHANISM = {f"a{i}": mechanism for i, (_, mechanism) in enumerate(_AFTER_ROWS)}


def _alternation(first: int, rows: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One alternation of ``rows`` (the first numbered ``first``), tried in order: the first
    row that matches right after the anchor wins (its group is named ``a`` and its number)."""
    return re.compile("|".join(f"(?P<a{first + i}>{row})" for i, (row, _) in enumerate(rows)))


# AFTER_LATIN, then AFTER_OTHER, tried in turn, find what one alternation of all the rows
# would: the Latin rows come first.  Each is tried only where its own words are: a failed try
# of all the rows costs some ten microseconds, most of it in the other scripts' rows.
AFTER_LATIN = _alternation(0, _LATIN_ROWS)
AFTER_OTHER = _alternation(len(_LATIN_ROWS), _OTHER_ROWS)
LATIN_RUN = re.compile(r"[a-z&'ß\s-]*")
"""The characters a Latin row consumes: a match lies inside the run of them from its start."""
# Every match of a Latin row holds one of these words (folded text), inside its run.
LATIN_AFTER_WORDS = (
    *("summit", "meeting", "conference", "pmc", "ministerial", "som", "jcc", "committee"),
    *("ministers", "forum", "dialogue", "consultation", "gipfel", "-top", "aussenminister"),
    *("außenminister", "inter", "ism", "experts", "ewg", "ewgs"),
)
# Every match of another row holds one of these words (folded text).
OTHER_AFTER_WORDS = (
    *("शिखर", "विदेश", "वरिष्ठ", "नेताओं", "मंत्रियों", "मंत्री", "পররাষ্ট্রমন্ত্রী", "শীর্ষ"),
    "대화",
    *("உச்சி", "உறவுகளின்"),
    *("会期間会合", "会间会", "會間會", "회기간회의"),
    *("特別首脳会議", "特别峰会", "特別峰會", "특별정상회의", "記念首脳会議", "纪念峰会"),
    *("紀念峰會", "기념정상회의", "特別サミット", "記念サミット", "领导人会议", "領導人會議"),
    *("峰会", "峰會", "首脑会议"),
    *("首脳会議", "首脳会合", "サミット", "정상회의", "정상회담", "外长会议", "外长会", "外長會議"),
    *("外長會", "外相会議", "外相会合", "외교장관회의", "외교장관 회의", "大臣会合", "部长会议"),
    *("相会議", "相会合", "部长", "部長", "閣僚", "次官級", "论坛", "論壇"),
    *("部長會議", "部长会", "장관회의", "财长会", "防长会", "高官会议", "高官会", "高級実務者会合"),
    "som",  # after a CJK name: "ロシアの第14回SOM"
    *("고위관리회의", "联合合作委员会", "聯合合作委員會", "论坛", "論壇", "フォーラム", "포럼"),
)

# An anniversary: "the 50th anniversary", "50 years", "the golden jubilee".
YEARS_OF = (
    r"(?:the\s+)?\d{1,3}(?:st|nd|rd|th)\s+(?:year|anniversary)|\d{1,3}\s+years"
    r"|(?:the\s+)?(?:golden|silver|ruby|diamond)\s+jubilee"
)
ANNIVERSARY = (
    r"(?:to\s+(?:commemorate|mark|celebrate)|commemorating|marking|celebrating"
    rf"|in\s+commemoration\s+of)\s+(?:{YEARS_OF})"
)
# Between the names of a list that shares one meeting word: "the ASEAN-Japan, ASEAN-Korea and
# ASEAN-China Summits", "EAS·ASEAN+3·한-ASEAN 외교장관회의", "ASEAN+3 and East Asia Summit SOMs".
LIST_GAP = re.compile(
    r"\s*(?:[,、·/;]\s*)?(?:(?:and|or|as well as|et|und|y|e|en|dan|va|และ|및|与|和|及)\s*)?"
    r"(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)\s+)?"  # "the 28th ASEAN-China, 28th ASEAN-Japan and ..."
)
# A mechanism's name that is itself a meeting of its senior officials ("ADSOM-Plus").
OWN_SOM = re.compile(r"adsom|senior officials|quan chuc|防务高官|国防高官|防務高官|國防高官|som\b")

# English modifiers written before the anchor: "the Special ASEAN-Australia Summit".
MODIFIER_BEFORE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bspecial\s+$"), SPECIAL),
    (re.compile(r"\bcommemorative\s+$"), COMMEMORATIVE),
)
# Between an anchor and its mechanism: "(10+1)", "(ASEAN·동남아국가연합)", "=東南アジア諸国連合",
# "(Südkorea, China und Japan)", the closing quote of "'아세안+3' 정상회의", the closing bracket
# of an anchor that glosses a name: "... (10+3) Summit".
INTERJECTION = re.compile(
    r"(?:\s*(?:\([^()\n]{1,40}\)|[=＝][^\s=＝、。，の]{1,12}|['\"”’」』»)])"
    r"|\s+-(?=\s)){1,2}"  # "the 14th East Asia Summit (EAS) – Energy Ministers' Meeting"
)
# "การประชุมสุดยอดอาเซียน-สหรัฐฯ สมัยพิเศษ" (Thai: a summit, special session), "Hội nghị Cấp
# cao ASEAN-Hoa Kỳ đặc biệt" (Vietnamese: a special summit).
SPECIAL_AFTER = re.compile(r"\s*(?:สมัยพิเศษ|dac biet\b)")  # Vietnamese "... đặc biệt" too
# A summit for an anniversary is a commemorative summit (R7: "Summit bilang Paggunita sa
# Ika-25 Anibersaryo ...", "Саммит Россия-АСЕАН, посвящённый 20-летию ..."): after the summit's
# name, or between its word and the anchor ("the summit commemorating the 25th anniversary of
# China-ASEAN dialogue relations").
COMMEMORATIVE_AFTER = re.compile(
    rf"\s*,?\s*(?:{ANNIVERSARY}"
    r"|посвящ[её]нн[а-я]{2}\s+\d{1,3}\s*-?\s*лети|bilang\s+(?:paggunita|pagdiriwang))"
)
