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
_HOW = r"(?:virtual|online|informal|annual|biennial|extraordinary|emergency)\s+"
# "日本とASEANの首脳会議", "中國-東盟的10+1外長會" (the format's number may stand between).
# Also the number of members and the format: "日本とASEAN10カ国のオンライン首脳会議".
_CJK_OF = (
    # The format's number, glossed and quoted: "「第19回ASEAN・中日韓(10+3)」首脳会議".
    r"\s*(?:の|的)?\s*(?:[(（]?\s*10\s*\+\s*[138]\s*[)）]?\s*)?[」』]?\s*"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:カ国|か国|ヵ国|ケ国|개국|国|國)\s*(?:の|的)?\s*)?"
    r"(?:(?:オンライン|テレビ|ビデオ|视频|線上|线上|화상)\s*(?:の|的)?\s*)?"
    r"(?:(?:参加国|參加國)\s*)?"  # "東アジア首脳会議参加国外相会議" (its participants' ministers)
)
_HI_BETWEEN = r"(?:\s*के\s+(?:बीच|साथ))?"
_OCCASION = (
    r"\s*(?:[^\s，。、；「」と及和]{0,16}?"
    # "한-아세안 대화관계 수립 30주년 기념 특별정상회의" (for the 30th anniversary of relations)
    r"|(?:대화\s*관계\s*)?(?:수립\s*)?\d{1,3}\s*주년\s*(?:기념\s+)?)"
)
_NO_DOC = r"(?!共同声明|声明|宣言)"
_AFTER_ROWS: tuple[tuple[str, str], ...] = (
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
    (r"\s+joint\s+co-?operation\s+committee\b|\s+jcc\b", JCC),
    (rf"\s+(?:{_WORD}\s+){{1,3}}ministers'?\s+(?:meetings?|consultations?)\b", SECTORAL),
    # "Finance Ministers and Central Bank Governors' Meeting" (the AFMGM+3).
    (
        rf"\s+(?:{_WORD}\s+){{1,3}}ministers'?\s+and\s+(?:{_WORD}\s+){{1,3}}governors'?"
        r"\s+meetings?\b",
        SECTORAL,
    ),
    (rf"\s+(?:{_WORD}\s+){{0,3}}ministerial\b", SECTORAL),
    (r"\s+forums?\b", FORUM),
    # A sector's dialogue is its ministers' ("the first UK-ASEAN Economic Dialogue"), not the
    # annual ASEAN-partner Dialogue of senior officials.
    (r"\s+(?:economic|trade|energy|digital|transport|health)\s+dialogues?\b", SECTORAL),
    (
        rf"\s+(?:senior\s+(?:{_WORD}\s+){{0,2}}officials'?\s+)?dialogue\b"
        r"(?!\s+(?:partner|relation))",
        DIALOGUE,
    ),
    (r"\s+consultations?\b", DIALOGUE),
    # German and Dutch write the meeting onto the name: "EU-Asean-Gipfel", "EU-Asean-top".
    (r"(?:-|\s+)sondergipfel", SPECIAL),
    (r"(?:-|\s+)(?:gedenk|jubilaums)gipfel", COMMEMORATIVE),
    (r"(?:-|\s+)gipfel(?:treffen)?\b|-top(?:ontmoeting)?\b", SUMMIT),
    (r"(?:-|\s+)au(?:ss|ß)enminister(?:treffen|konferenz)", FOREIGN),
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
    (rf"{_OCCASION}(?:特別首脳会議|特別サミット{_NO_DOC}|特别峰会|特別峰會|특별정상회의)", SPECIAL),
    (
        rf"{_OCCASION}(?:記念首脳会議|記念サミット{_NO_DOC}|纪念峰会|紀念峰會|기념정상회의)",
        COMMEMORATIVE,
    ),
    (
        rf"{_CJK_OF}(?:领导人会议|領導人會議|峰会|峰會|首脑会议|首脳会議|首脳会合|サミット|정상회의)",
        SUMMIT,
    ),
    (
        rf"{_CJK_OF}(?:(?:特别|特別)?(?:外长会议|外长会|外長會議|外長會)|外相会議|外相会合"
        r"|외교장관회의|외교장관 회의)",
        FOREIGN,
    ),
    # A sector's ministers: "日ASEAN経済大臣会合", "中国—东盟经贸部长会议", "경제장관회의".
    (
        rf"{_CJK_OF}(?:\S{{1,4}}?(?:大臣会合|部长会议|部長會議|部长会|장관회의)|财长会|防长会)",
        SECTORAL,
    ),
    (
        rf"{_CJK_OF}(?:高官会议|高官会|高級実務者会合|고위관리회의|会期間会合|会间会|會間會|회기간회의)",
        SOM,
    ),
    (rf"{_CJK_OF}(?:联合合作委员会|聯合合作委員會)", JCC),
    (rf"{_CJK_OF}(?:论坛|論壇|フォーラム|포럼)", FORUM),
)
# One alternation, tried in order: the first row that matches right after the anchor wins.
AFTER = re.compile("|".join(f"(?P<a{i}>{pattern})" for i, (pattern, _) in enumerate(_AFTER_ROWS)))
AFTER_MECHANISM = {f"a{i}": mechanism for i, (_, mechanism) in enumerate(_AFTER_ROWS)}
# Every match of AFTER holds one of these words (folded text): where none follows a name within
# the window, AFTER is not tried (a failed try of its rows costs several microseconds).
AFTER_WORDS = (
    *("summit", "meeting", "conference", "pmc", "ministerial", "som", "jcc", "committee"),
    *("ministers", "forum", "dialogue", "consultation", "gipfel", "-top", "aussenminister"),
    *("außenminister", "शिखर", "विदेश", "वरिष्ठ", "नेताओं", "मंत्रियों", "পররাষ্ট্রমন্ত্রী", "শীর্ষ"),
    "대화",
    *("உச்சி", "உறவுகளின்"),
    *("inter", "ism", "会期間会合", "会间会", "會間會", "회기간회의"),
    *("特別首脳会議", "特别峰会", "特別峰會", "특별정상회의", "記念首脳会議", "纪念峰会"),
    *(
        "紀念峰會",
        "기념정상회의",
        "特別サミット",
        "記念サミット",
        "领导人会议",
        "領導人會議",
        "峰会",
        "峰會",
        "首脑会议",
    ),
    *("首脳会議", "首脳会合", "サミット", "정상회의", "外长会议", "外长会", "外長會議"),
    *("外長會", "外相会議", "外相会合", "외교장관회의", "외교장관 회의", "大臣会合", "部长会议"),
    *("部長會議", "部长会", "장관회의", "财长会", "防长会", "高官会议", "高官会", "高級実務者会合"),
    *("고위관리회의", "联合合作委员会", "聯合合作委員會", "论坛", "論壇", "フォーラム", "포럼"),
)

# Between a Romance or German meeting word and the anchor: "sommet UE-ASEAN", "cumbre entre la
# UE y ...", "Gipfeltreffen zwischen der EU und ...".
_LINK = (
    r"(?:\s+in\s+assoluto)?"  # "il primo vertice in assoluto tra ..." (the first ever)
    r"(?:\s+(?:entre|tra|fra|zwischen|de|du|des|del|della|dei|der|da|do|dos|das))?"
    r"(?:\s+(?:la|le|les|el|il|der|dem|den|l'))?"
)
# An occasion named between a commemorative meeting's word and the anchor: "Hội nghị cấp cao
# Kỷ niệm 45 năm quan hệ ASEAN-EU", "KTT Peringatan 20 Tahun Hubungan ASEAN-India",
# "Commemorative Summit for the 50th Year of ASEAN-Japan ...".
_YEARS = r"(?:\s+\d{1,3}\s+(?:nam|tahun)(?:\s+(?:quan he|hubungan))?)?"
# An anniversary: "the 50th anniversary", "50 years", "the golden jubilee".
_YEARS_OF = (
    r"(?:the\s+)?\d{1,3}(?:st|nd|rd|th)\s+(?:year|anniversary)|\d{1,3}\s+years"
    r"|(?:the\s+)?(?:golden|silver|ruby|diamond)\s+jubilee"
)
_MARKING = (
    r"(?:\s+(?:to\s+(?:commemorate|mark|celebrate)|for|marking|celebrating|commemorating)"
    rf"\s+(?:{_YEARS_OF})\s+of(?:\s+the)?|\s+of(?:\s+the)?)?"
)
_ANNIVERSARY = (
    r"(?:to\s+(?:commemorate|mark|celebrate)|commemorating|marking|celebrating"
    rf"|in\s+commemoration\s+of)\s+(?:{_YEARS_OF})"
)
_THE = r"\s+(?:the\s+)?"
# A sector's word, not an ordinal ("the fifth finance ministers' meeting of").
_SECTOR = (
    r"(?!(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|inaugural|annual"
    r"|\d+\w*)\s)[a-z][a-z&'-]*"
)
_KTT = r"(?:ktt|konferensi tingkat tinggi(?:\s*\(ktt\))?)"
_NTH = r"(?:\s+(?:ke-?\s*(?P<n>\d{1,3})|pertama(?P<first>)))?"  # Indonesian, Malay
# (pattern, mechanism); the optional groups ``n`` and ``first`` are an ordinal between the
# meeting's word and the anchor.
_BEFORE_ROWS: tuple[tuple[str, str], ...] = tuple(
    (pattern, mechanism)
    for pattern, mechanism in (
        (r"hoi nghi (?:cap cao|thuong dinh) dac biet", SPECIAL),
        (rf"hoi nghi (?:cap cao|thuong dinh) ky niem{_YEARS}", COMMEMORATIVE),
        (r"hoi nghi (?:cap cao|thuong dinh)", SUMMIT),
        (r"hoi nghi bo truong ngoai giao", FOREIGN),
        (r"hoi nghi quan chuc (?:cao cap|cap cao)(?:\s*\(som\))?", SOM),
        (r"dien dan", FORUM),
        (rf"{_KTT}\s+(?:khusus|luar biasa){_NTH}", SPECIAL),
        (rf"{_KTT}\s+peringatan{_YEARS}{_NTH}", COMMEMORATIVE),
        (rf"{_KTT}{_NTH}", SUMMIT),
        (rf"(?:pertemuan|konferensi) (?:menteri luar negeri|menlu|tingkat menteri){_NTH}", FOREIGN),
        # The ordinal first: "Konferensi ke-20 Menteri Luar Negeri ASEAN-EU".
        (
            r"(?:pertemuan|konferensi)\s+ke-?\s*(?P<n>\d{1,3})\s+(?:para\s+)?"
            r"(?:menteri(?:-menteri)?\s+luar\s+negeri|menlu)",
            FOREIGN,
        ),
        (rf"pertemuan pejabat (?:senior|tinggi)(?:\s*\(som\))?{_NTH}", SOM),
        (rf"sidang kemuncak khas{_NTH}", SPECIAL),  # Malay
        (rf"sidang kemuncak peringatan{_YEARS}{_NTH}", COMMEMORATIVE),
        (rf"sidang kemuncak{_NTH}", SUMMIT),
        (rf"mesyuarat menteri(?:-menteri)? luar(?: negeri)?{_NTH}", FOREIGN),
        # A sector's ministers: "Pertemuan Menteri Ekonomi ASEAN-Jepang ke-28".
        (
            rf"(?:pertemuan|mesyuarat) menteri(?:-menteri)? (?!luar\b)[a-z]+(?: [a-z]+)?{_NTH}",
            SECTORAL,
        ),
        # "การประชุมสุดยอดครั้งแรกระหว่างผู้นำสหรัฐและผู้นำอาเซียน": the first summit between
        # the US's leaders and ASEAN's; "แรก" (first) is the ordinal 1.
        (
            r"การประชุมสุดยอด(?:\s*ครั้ง(?:แรก(?P<first>)|ที่\s*(?P<n>\d{1,3})))?"
            r"\s*ระหว่าง\s*(?:ผู้นำ\s*)?",
            SUMMIT,
        ),
        (r"การประชุมสุดยอดสมัยพิเศษ", SPECIAL),  # a special session's summit
        # "การประชุมสุดยอดผู้นำอาเซียน-จีน" (the leaders' summit), "... ผู้นำประเทศอาเซียน" (of
        # the countries' leaders).
        (r"การประชุมสุดยอด(?:ผู้นำ(?:ประเทศ)?)?", SUMMIT),
        (r"การประชุม(?:ระดับ)?รัฐมนตรี(?:ว่าการกระทรวง)?(?:การ)?ต่างประเทศ", FOREIGN),
        # A ministerial (ministers') meeting: "การประชุมรัฐมนตรีอาเซียน-รัสเซีย", as "ASEAN-Russia
        # Ministerial Meeting" (a sector's ministers name their sector between).
        (r"การประชุม(?:ระดับ)?รัฐมนตรี", FOREIGN),
        (r"การประชุมผู้นำ", SUMMIT),  # the leaders' meeting
        (r"การประชุมเจ้าหน้าที่อาวุโส|การประชุมซอม", SOM),  # senior officials, "SOM"
        (r"การประชุมคณะกรรมการความร่วมมือ(?:ร่วม)?", JCC),  # the (joint) cooperation committee
        (rf"\bspecial\s+(?:leaders'?\s+)?summit{_MARKING}", SPECIAL),
        (rf"\bcommemorative\s+(?:leaders'?\s+)?summit{_MARKING}", COMMEMORATIVE),
        (
            rf"\bsummit\s+{_ANNIVERSARY}\s+of\s+(?:the\s+)?(?:establishment\s+of\s+(?:the\s+)?)?",
            COMMEMORATIVE,
        ),
        # "the 11th Meeting of the Foreign Ministers of ASEAN and the People's Republic of
        # China, Japan and the Republic of Korea"; of the leaders, senior officials, a sector.
        (rf"\bmeeting\s+of\s+(?:the\s+)?foreign\s+ministers\s+of{_THE}", FOREIGN),
        (
            rf"\bmeeting\s+of\s+(?:the\s+)?(?:heads\s+of\s+state\s+or\s+government|leaders)\s+of{_THE}",
            SUMMIT,
        ),
        (rf"\bmeeting\s+of\s+(?:the\s+)?senior\s+officials\s+of{_THE}", SOM),
        (rf"\bmeeting\s+of\s+(?:the\s+)?(?:{_WORD}\s+){{1,2}}ministers\s+of{_THE}", SECTORAL),
        # "the fifth finance ministers' meeting of the ASEAN 'ten plus three' group".
        (rf"\bforeign\s+ministers'?\s+meeting\s+of{_THE}", FOREIGN),
        (rf"\bsenior\s+officials'?\s+meeting\s+of{_THE}", SOM),
        (rf"\bleaders'?\s+meeting\s+of{_THE}", SUMMIT),
        (rf"\b(?:{_SECTOR}\s+){{1,2}}ministers'?\s+meeting\s+of{_THE}", SECTORAL),
        (
            r"\bsummit(?:\s+meeting)?\s+(?:between|of)\s+(?:the\s+)?"
            r"(?:leaders\s+of\s+(?:the\s+)?)?",
            SUMMIT,
        ),
        # The partners' languages: French, Spanish, Italian, Portuguese, German, Russian.
        (
            rf"\b(?:sommet|cumbre|vertice|cupula|cimeira)\s+(?:special|extraordinaire|especial|extraordinaria|speciale|straordinario){_LINK}",
            SPECIAL,
        ),
        (
            rf"\b(?:sommet\s+commemoratif|cumbre\s+conmemorativa|vertice\s+commemorativo|cupula\s+comemorativa|cimeira\s+comemorativa){_LINK}",
            COMMEMORATIVE,
        ),
        # Italian also writes "summit": "il summit virtuale Usa-Asean".
        (
            r"\b(?:sommet|cumbre|vertice|cupula|cimeira|gipfel(?:treffen)?"
            r"|(?:(?<=\bal )|(?<=\bil )|(?<=\bdel )|(?<=\bnel )|(?<=\bun ))summit)"
            r"(?:\s+(?:virtuale|virtuel|virtual|online|informale|informel|informal|annuale|annuel"
            rf"|anual))?{_LINK}",
            SUMMIT,
        ),
        (rf"\bsondergipfel(?:treffen)?{_LINK}", SPECIAL),
        # Senior officials: "réunion des hauts fonctionnaires", "reunión de altos funcionarios",
        # "riunione degli alti funzionari", "Treffen hoher Beamter".
        (
            r"\b(?:reunion\s+des\s+hauts\s+fonctionnaires|reunion\s+de\s+altos\s+funcionarios"
            rf"|riunione\s+degli\s+alti\s+funzionari|treffen\s+(?:der\s+)?hohe[nr]\s+beamte[nr]?){_LINK}",
            SOM,
        ),
        # Tagalog: "Ika-20 Pulong ng mga Lider ng Tsina at ASEAN" (the 20th meeting of the
        # leaders of China and ASEAN), "Summit ng ASEAN at Hapon", "Pulong ng mga Ministrong
        # Panlabas ng ASEAN at Tsina" (foreign ministers).
        (r"\b(?:espesyal|natatanging)\s+(?:na\s+)?summit\s+ng\s+", SPECIAL),
        (r"\b(?:pulong|summit)\s+ng\s+mga\s+(?:lider|pinuno)\s+ng\s+", SUMMIT),
        (r"\bsummit\s+ng\s+", SUMMIT),
        (r"\bsummit\s+sa\s+pagitan\s+ng\s+", SUMMIT),  # "ika-3 summit sa pagitan ng" (between)
        (
            r"\bpulong\s+ng\s+mga\s+ministro(?:ng)?\s+(?:ng\s+)?(?:ugnayang\s+)?panlabas"
            r"\s+ng\s+",
            FOREIGN,
        ),
        # Khmer: "កិច្ចប្រជុំកំពូលអាស៊ាន-ចិន លើកទី២០" (the 20th ASEAN-China Summit).
        (r"កិច្ចប្រជុំកំពូល", SUMMIT),
        # Arabic: "قمة آسيان-الصين", "القمة بين آسيان واليابان" (the summit between ...).
        (r"(?:ال)?قمة\s+(?:بين\s+)?", SUMMIT),
        (r"(?:ال)?اجتماع\s+وزراء\s+(?:ال)?خارجية\s+(?:دول\s+)?", FOREIGN),  # foreign ministers
        # Lao: "ກອງປະຊຸມສຸດຍອດອາຊຽນ-ຈີນ ຄັ້ງທີ 26", foreign ministers "ກອງປະຊຸມລັດຖະມົນຕີຕ່າງປະເທດ".
        (r"ກອງປະຊຸມສຸດຍອດ", SUMMIT),
        (r"ກອງປະຊຸມລັດຖະມົນຕີການຕ່າງປະເທດ|ກອງປະຊຸມລັດຖະມົນຕີຕ່າງປະເທດ", FOREIGN),
        (r"កិច្ចប្រជុំរដ្ឋមន្ត្រីការបរទេស", FOREIGN),
        (rf"\bconference\s+post-?\s*ministerielle{_LINK}", PMC),
        (
            rf"\b(?:reunion\s+(?:des\s+)?ministres\s+des\s+affaires\s+etrangeres"
            rf"|reunion\s+ministerielle|riunione\s+ministeriale|reunion\s+ministerial"
            rf"|reunion\s+de\s+ministros\s+de\s+(?:asuntos\s+)?exteriores"
            rf"|reuniao\s+(?:dos\s+)?ministros\s+dos\s+negocios\s+estrangeiros"
            rf"|riunione\s+dei\s+ministri\s+degli\s+(?:affari\s+)?esteri"
            rf"|au(?:ss|ß)enministertreffen){_LINK}",
            FOREIGN,
        ),
        (r"министерск[а-я]{2,3}\s+(?:встреч|совещани)[а-я]{1,3}", FOREIGN),  # ministerial
        (r"юбилейн[а-я]{1,3}\s+саммит[а-я]{0,2}", COMMEMORATIVE),
        (r"(?:специальн|особ)[а-я]{1,3}\s+саммит[а-я]{0,2}", SPECIAL),
        (r"(?:совещани|встреч)[а-я]{1,3}\s+старших\s+должностных\s+лиц", SOM),
        (r"саммит[а-я]{0,2}", SUMMIT),
        # "... министров иностранных дел стран-участниц Восточноазиатского саммита" (of the
        # participating countries).
        (
            r"(?:совещани|встреч)[а-я]{1,3}\s+министров\s+иностранных\s+дел"
            r"(?:\s+стран\s*-\s*участниц)?",
            FOREIGN,
        ),
        # Inter-sessional meetings (of officials): "вторая межсессионная встреча Регионального
        # форума", "Cuộc họp giữa kỳ ARF", "Pertemuan Antarsesi ARF".
        (r"межсессионн[а-я]{2,3}\s+(?:встреч|совещани|заседани)[а-я]{1,3}", SOM),
        (r"cuoc hop giua ky", SOM),
        (r"pertemuan antar-?\s*sesi", SOM),
    )
)
# One alternation ending at the anchor: the leftmost match (the longest name) wins, the first
# row listed among those starting there; ``n{i}`` and ``first{i}`` are row ``i``'s ordinal.
BEFORE = re.compile(
    "(?:"
    + "|".join(
        f"(?P<b{i}>{p.replace('(?P<n>', f'(?P<n{i}>').replace('(?P<first>', f'(?P<first{i}>')})"
        for i, (p, _) in enumerate(_BEFORE_ROWS)
    )
    + r")\s*(?:\([a-z+-]{2,10}\)\s*)?(?:(?:asean\s+)?[\"“‘'])?$"  # the ASEAN "ten plus three"
)
BEFORE_MECHANISM = tuple(mechanism for _, mechanism in _BEFORE_ROWS)

# Between the names of a list that shares one meeting word: "the ASEAN-Japan, ASEAN-Korea and
# ASEAN-China Summits", "EAS·ASEAN+3·한-ASEAN 외교장관회의", "ASEAN+3 and East Asia Summit SOMs".
LIST_GAP = re.compile(
    r"\s*(?:[,、·/;]\s*)?(?:(?:and|or|as well as|et|und|y|e|en|dan|va|และ|및|与|和|及)\s*)?"
    r"(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)\s+)?"  # "the 28th ASEAN-China, 28th ASEAN-Japan and ..."
)
# A window before an anchor can only hold a BEFORE mechanism if it has one of these.
BEFORE_HINT = re.compile(
    r"hoi nghi|dien dan|ktt|konferensi|pertemuan|sidang|mesyuarat|การประชุม|sommet"
    r"|\bmeeting\s+of\s|summit(?:\s+meeting)?\s+(?:between|of)|(?:al|il|del|nel|un)\s+summit\s|(?:special|commemorative)\s+(?:leaders'?\s+)?summit"
    r"|summit\s+(?:to|commemorating|marking|celebrating|in\s+commemoration)"
    r"|cumbre|vertice|cupula|cimeira|gipfel|conference\s+post|reunion|reuniao|riunione|au(?:ss|ß)enminister"
    r"|саммит|должностн|treffen"
    r"|минист"
    r"|កិច្ចប្រជុំ"
    r"|(?:pulong|summit)\s+ng\b|summit\s+sa\s+pagitan|межсессионн|cuoc hop giua ky|antar-?\s*sesi"
    r"|قمة|اجتماع|ກອງປະຊຸມ"
)
# Every match of BEFORE_HINT holds one of these words: a window without one is not searched.
BEFORE_WORDS = (
    *("hoi nghi", "dien dan", "ktt", "konferensi", "pertemuan", "sidang", "mesyuarat"),
    *("การประชุม", "sommet", "summit", "cumbre", "vertice", "cupula", "cimeira", "gipfel"),
    *("conference", "meeting of"),
    *("reunion", "reuniao", "riunione", "aussenminister", "außenminister", "саммит", "минист"),
    "កិច្ចប្រជុំ",
    "pulong",
    *("قمة", "اجتماع", "ກອງປະຊຸມ"),
    *("межсессионн", "cuoc hop", "antar", "должностн", "treffen"),
)

# A mechanism's name that is itself a meeting of its senior officials ("ADSOM-Plus").
OWN_SOM = re.compile(r"adsom|senior officials|quan chuc|防务高官|国防高官|防務高官|國防高官")

# English modifiers written before the anchor: "the Special ASEAN-Australia Summit".
MODIFIER_BEFORE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bspecial\s+$"), SPECIAL),
    (re.compile(r"\bcommemorative\s+$"), COMMEMORATIVE),
)
# Between an anchor and its mechanism: "(10+1)", "(ASEAN·동남아국가연합)", "=東南アジア諸国連合",
# "(Südkorea, China und Japan)", the closing quote of "'아세안+3' 정상회의", the closing bracket
# of an anchor that glosses a name: "... (10+3) Summit".
INTERJECTION = re.compile(r"\s*(?:\([^()\n]{1,32}\)|[=＝][^\s=＝、。，の]{1,12}|['\"”’」』»)])")
# "การประชุมสุดยอดอาเซียน-สหรัฐฯ สมัยพิเศษ" (Thai: a summit, special session), "Hội nghị Cấp
# cao ASEAN-Hoa Kỳ đặc biệt" (Vietnamese: a special summit).
SPECIAL_AFTER = re.compile(r"\s*(?:สมัยพิเศษ|dac biet\b)")  # Vietnamese "... đặc biệt" too
# A summit for an anniversary is a commemorative summit (R7: "Summit bilang Paggunita sa
# Ika-25 Anibersaryo ...", "Саммит Россия-АСЕАН, посвящённый 20-летию ..."): after the summit's
# name, or between its word and the anchor ("the summit commemorating the 25th anniversary of
# China-ASEAN dialogue relations").
COMMEMORATIVE_AFTER = re.compile(
    rf"\s*,?\s*(?:{_ANNIVERSARY}"
    r"|посвящ[её]нн[а-я]{2}\s+\d{1,3}\s*-?\s*лети|bilang\s+(?:paggunita|pagdiriwang))"
)
