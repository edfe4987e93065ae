"""A meeting's word written before the name of the relation: "Hội nghị Cấp cao |ASEAN-Nhật
Bản", "KTT ke-26 |ASEAN-Jepang", "the meeting of the foreign ministers of |ASEAN and ...",
"le sommet |UE-ASEAN", "การประชุมสุดยอด|อาเซียน-จีน".

``BEFORE`` is one alternation that ends where the anchor starts (its rows in ``_BEFORE_ROWS``,
each with its mechanism in ``BEFORE_MECHANISM``); it is searched only in a window that holds a
word of ``BEFORE_WORDS`` and matches ``BEFORE_HINT``.  All patterns run on folded text (lower
case, no diacritics).  The words after the name are in :mod:`monitor.matching.mechanisms`.
"""

from __future__ import annotations

import re

from monitor.matching.mechanisms import (
    ANNIVERSARY,
    COMMEMORATIVE,
    DIALOGUE,
    FOREIGN,
    FORUM,
    JCC,
    PMC,
    SECTORAL,
    SOM,
    SPECIAL,
    SUMMIT,
    WORD,
    YEARS_OF,
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
_MARKING = (
    r"(?:\s+(?:to\s+(?:commemorate|mark|celebrate)|for|marking|celebrating|commemorating)"
    rf"\s+(?:{YEARS_OF})\s+of(?:\s+the)?|\s+of(?:\s+the)?)?"
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
        # "Hội nghị Ngoại trưởng ASEAN+3"; "... các nước tham gia Cấp cao Đông Á" (of the
        # countries taking part in the East Asia Summit).
        (r"hoi nghi (?:bo truong ngoai giao|ngoai truong)(?: cac nuoc tham gia)?", FOREIGN),
        (r"hoi nghi quan chuc (?:cao cap|cap cao)(?:\s*\(som\))?", SOM),
        (r"(?:cuoc hop )?tham van quan chuc (?:cao cap|cap cao)", SOM),  # officials' consultation
        # A sector's ministers: "Hội nghị tham vấn Bộ trưởng Kinh tế ASEAN-Ấn Độ", "Hội nghị lần
        # thứ 19 giữa các Bộ trưởng Kinh tế ASEAN và Trung Quốc".
        (
            r"hoi nghi(?: tham van)?(?: lan thu (?P<n>\d{1,3}))?(?: giua cac)? bo truong"
            r" (?!ngoai giao)[a-z]+(?: [a-z]+)?",
            SECTORAL,
        ),
        (r"dien dan", FORUM),
        (r"doi thoai", DIALOGUE),  # "Đối thoại ASEAN-Mỹ thường niên lần thứ 34" (the Dialogue)
        (rf"{_KTT}\s+(?:khusus|luar biasa|istimewa){_NTH}", SPECIAL),
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
        (rf"pertemuan som[a-z]{{0,4}}{_NTH}", SOM),  # "pertemuan SOMHD ASEAN-Plus Three ke-10"
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
        # "ที่ประชุมสุดยอดอาเซียน-จีน" (the summit's assembly, as news writes it) too.
        (r"(?:การ|ที่)ประชุมสุดยอด(?:ผู้นำ(?:ประเทศ)?)?", SUMMIT),
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
            rf"\bsummit\s+{ANNIVERSARY}\s+of\s+(?:the\s+)?(?:establishment\s+of\s+(?:the\s+)?)?",
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
        (rf"\bmeeting\s+of\s+(?:the\s+)?(?:{WORD}\s+){{1,2}}ministers\s+of{_THE}", SECTORAL),
        # "the fifth finance ministers' meeting of the ASEAN 'ten plus three' group".
        (rf"\bforeign\s+ministers'?\s+meeting\s+of{_THE}", FOREIGN),
        # "the 3rd ASEAN Digital Ministers (ADGMIN) meeting with India": ASEAN's sector
        # ministers meeting one partner.
        (
            r"\b(?:asean\s+)?foreign\s+ministers'?\s*(?:\([a-z+-]{2,10}\)\s*)?"
            rf"(?:meeting|consultations?)\s+with{_THE}",
            FOREIGN,
        ),
        (
            rf"\basean\s+(?:{_SECTOR}\s+){{1,2}}ministers'?\s*(?:\([a-z+-]{{2,10}}\)\s*)?"
            rf"(?:meeting|consultations?)\s+with{_THE}",
            SECTORAL,
        ),
        # "the 14th Ministerial Meeting of the participating countries of the East Asia Summit".
        (
            r"\b(?:foreign\s+ministers'?|ministerial)\s+meeting\s+of\s+(?:the\s+)?"
            rf"participating\s+countries\s+of{_THE}",
            FOREIGN,
        ),
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
        # The Joint Cooperation Committee: "du Comité mixte de coopération ASEAN-Canada".
        (
            r"\b(?:comite\s+(?:mixte\s+de\s+cooperation|de\s+cooperation\s+mixte|conjoint\s+de"
            r"\s+cooperation)|comite\s+conjunto\s+de\s+cooperacion|comitato\s+(?:misto|congiunto)"
            rf"\s+di\s+cooperazione|gemeinsame[nr]?\s+kooperationsausschuss(?:es)?){_LINK}",
            JCC,
        ),
        # "die erste Sitzung des Dialogs zwischen Russland und der ASEAN".
        (rf"\bdialog(?:s|es)?(?=\s+zwischen){_LINK}", DIALOGUE),
        # The leaders' meeting: "la 27ª riunione dei leader tra ASEAN, Cina, Giappone e ...".
        (
            r"\b(?:riunione\s+dei\s+(?:leader|capi\s+di\s+stato\s+e\s+di\s+governo)"
            r"|reunion\s+de\s+(?:los\s+)?(?:lideres|jefes\s+de\s+estado\s+y\s+de\s+gobierno)"
            rf"|reunion\s+des\s+(?:dirigeants|chefs\s+d'etat\s+et\s+de\s+gouvernement)){_LINK}",
            SUMMIT,
        ),
        # Senior officials: "réunion des hauts fonctionnaires", "reunión de altos funcionarios",
        # "riunione degli alti funzionari", "Treffen hoher Beamter".
        # A sector's ministers: "la 10e conférence des ministres des Transports de l'ASEAN et
        # de ...", "la septième réunion des ministres de l'Économie du Canada et de ...".
        (
            r"\b(?:conference|reunion)\s+des\s+ministres\s+(?:des?\s+|du\s+|de\s+l'\s*)"
            rf"(?!affaires\b)[a-z]+{_LINK}",
            SECTORAL,
        ),
        # Officials named in English inside another language: "del Senior Transport Official
        # Meeting (STOM) tra l'Unione Europea e ...".
        (
            r"\bsenior\s+(?:[a-z]+\s+)?officials?'?\s+meeting(?:\s*\([a-z]{2,6}\))?"
            rf"(?:\s+(?:tra|entre|zwischen|between)){_LINK}",
            SOM,
        ),
        (
            r"\b(?:reunion\s+des\s+hauts\s+(?:fonctionnaires|officiels)|reunion\s+de\s+altos\s+funcionarios"
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
        # "Ika-18 Pulong ng mga Ministro ng Kabuhayan at Kalakalan ng Tsina at ASEAN" (of the
        # ministers of economy and trade: a sector's).
        (
            r"\bpulong\s+ng\s+mga\s+ministro(?:ng)?\s+ng\s+(?!ugnayang\b)(?:\w+\s+){1,3}ng\s+",
            SECTORAL,
        ),
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
        # "заседание Экспертной рабочей группы Совещания министров обороны ... («СМОА плюс»)".
        (r"экспертн[а-я]{2,3}\s+рабоч[а-я]{2,3}\s+групп[а-я]{0,2}\s+", SOM),
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

# A window before an anchor can only hold a BEFORE mechanism if it has one of these.
BEFORE_HINT = re.compile(
    r"hoi nghi|dien dan|doi thoai|ktt|konferensi|pertemuan|sidang|mesyuarat|การประชุม|ที่ประชุม|sommet"
    r"|dialog(?:s|es)?\s+zwischen|comite|comitato|kooperationsausschuss"
    r"|\bmeeting\s+of\s|summit(?:\s+meeting)?\s+(?:between|of)|(?:al|il|del|nel|un)\s+summit\s|(?:special|commemorative)\s+(?:leaders'?\s+)?summit"
    r"|summit\s+(?:to|commemorating|marking|celebrating|in\s+commemoration)"
    r"|cumbre|vertice|cupula|cimeira|gipfel|conference\s+post|reunion|reuniao|riunione|au(?:ss|ß)enminister"
    r"|саммит|должностн|treffen"
    r"|минист"
    r"|កិច្ចប្រជុំ"
    r"|(?:pulong|summit)\s+ng\b|summit\s+sa\s+pagitan|межсессионн|cuoc hop giua ky|antar-?\s*sesi"
    r"|tham van|ministers'?\s*(?:\([a-z+-]{2,10}\)\s*)?(?:meeting|consultations?)\s+with"
    r"|conference\s+des\s+ministres|senior\s+(?:[a-z]+\s+)?officials?'?\s+meeting|экспертн"
    r"|قمة|اجتماع|ກອງປະຊຸມ"
)
# Every match of BEFORE_HINT holds one of these words: a window without one is not searched.
BEFORE_WORDS = (
    *("hoi nghi", "dien dan", "ktt", "konferensi", "pertemuan", "sidang", "mesyuarat"),
    *("doi thoai", "dialog", "comite", "comitato", "kooperationsausschuss"),
    *("การประชุม", "ที่ประชุม", "sommet", "summit", "cumbre", "vertice", "cupula", "cimeira"),
    "gipfel",
    *("conference", "meeting of"),
    *("reunion", "reuniao", "riunione", "aussenminister", "außenminister", "саммит", "минист"),
    "កិច្ចប្រជុំ",
    "pulong",
    *("قمة", "اجتماع", "ກອງປະຊຸມ"),
    *("межсессионн", "cuoc hop", "antar", "должностн", "treffen", "tham van", "ministers"),
    *("ministres", "senior", "экспертн"),
)
