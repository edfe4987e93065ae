"""Every partner's meetings in every language the set holds: a coverage matrix of each
language's usual form of a summit, a foreign ministers', a senior officials' meeting, a special
and a commemorative summit, built from the partners' names in that language (written from the
languages' usual forms, not from the labelled articles).  Beside test_meeting_forms.py, which
holds single forms, this one finds a gap of one partner in one language."""

from __future__ import annotations

import pytest

from monitor.matching import Ruleset, judge

PARTNERS = (
    *("asean-us", "asean-japan", "asean-china", "asean-korea", "asean-india", "asean-australia"),
    *("asean-new-zealand", "asean-russia", "asean-canada", "asean-uk", "asean-eu"),
)
NAMES = {
    "en": "U.S.|Japan|China|Korea|India|Australia|New Zealand|Russia|Canada|UK|EU",
    "fr": "États-Unis|Japon|Chine|Corée du Sud|Inde|Australie|Nouvelle-Zélande|Russie|Canada"
    "|Royaume-Uni|UE",
    "de": "USA|Japan|China|Südkorea|Indien|Australien|Neuseeland|Russland|Kanada|Großbritannien|EU",
    "es": "Estados Unidos|Japón|China|Corea del Sur|India|Australia|Nueva Zelanda|Rusia|Canadá"
    "|Reino Unido|UE",
    "it": "Stati Uniti|Giappone|Cina|Corea del Sud|India|Australia|Nuova Zelanda|Russia|Canada"
    "|Regno Unito|UE",
    "ru": "США|Япония|Китай|Южная Корея|Индия|Австралия|Новая Зеландия|Россия|Канада"
    "|Великобритания|ЕС",
    "hi": "अमेरिका|जापान|चीन|दक्षिण कोरिया|भारत|ऑस्ट्रेलिया|न्यूजीलैंड|रूस|कनाडा|ब्रिटेन|यूरोपीय संघ",
    "ja": "米国|日本|中国|韓国|インド|豪州|ニュージーランド|ロシア|カナダ|英国|EU",
    "zh": "美国|日本|中国|韩国|印度|澳大利亚|新西兰|俄罗斯|加拿大|英国|欧盟",
    "ko": "미국|일본|중국|한국|인도|호주|뉴질랜드|러시아|캐나다|영국|EU",
    "vi": "Hoa Kỳ|Nhật Bản|Trung Quốc|Hàn Quốc|Ấn Độ|Australia|New Zealand|Nga|Canada|Anh|EU",
    "th": "สหรัฐฯ|ญี่ปุ่น|จีน|เกาหลีใต้|อินเดีย|ออสเตรเลีย|นิวซีแลนด์|รัสเซีย|แคนาดา|สหราชอาณาจักร|สหภาพยุโรป",
    "id": "Amerika Serikat|Jepang|Tiongkok|Korea Selatan|India|Australia|Selandia Baru|Rusia"
    "|Kanada|Inggris|Uni Eropa",
}
# (mechanism, ordinal): each language's form, "{p}" the partner's name.
FORMS: dict[tuple[str, int | None], dict[str, str]] = {
    ("summit", 12): {
        "en": "the 12th ASEAN-{p} Summit",
        "fr": "le 12e sommet ASEAN-{p}",
        "de": "der 12. ASEAN-{p}-Gipfel",
        "es": "la XII Cumbre ASEAN-{p}",
        "it": "il 12° vertice ASEAN-{p}",
        "ru": "12-й саммит АСЕАН-{p}",
        "hi": "12वां आसियान-{p} शिखर सम्मेलन",
        "ja": "第12回ASEAN・{p}首脳会議",
        "zh": "第12届东盟-{p}峰会",
        "ko": "제12차 아세안-{p} 정상회의",
        "vi": "Hội nghị Cấp cao ASEAN-{p} lần thứ 12",
        "th": "การประชุมสุดยอดอาเซียน-{p} ครั้งที่ 12",
        "id": "KTT ASEAN-{p} ke-12",
    },
    ("foreign-ministers", None): {
        "en": "the ASEAN-{p} Foreign Ministers' Meeting",
        "fr": "la réunion des ministres des Affaires étrangères ASEAN-{p}",
        "de": "das Außenministertreffen ASEAN-{p}",
        "es": "la reunión de ministros de Asuntos Exteriores ASEAN-{p}",
        "it": "la riunione dei ministri degli Esteri ASEAN-{p}",
        "ru": "совещание министров иностранных дел АСЕАН-{p}",
        "hi": "आसियान-{p} विदेश मंत्रियों की बैठक",
        "ja": "ASEAN・{p}外相会議",
        "zh": "东盟-{p}外长会",
        "ko": "아세안-{p} 외교장관회의",
        "vi": "Hội nghị Bộ trưởng Ngoại giao ASEAN-{p}",
        "th": "การประชุมรัฐมนตรีต่างประเทศอาเซียน-{p}",
        "id": "Pertemuan Menteri Luar Negeri ASEAN-{p}",
    },
    ("senior-officials", None): {
        "en": "the ASEAN-{p} Senior Officials' Meeting",
        "fr": "la réunion des hauts fonctionnaires ASEAN-{p}",
        "de": "das Treffen hoher Beamter ASEAN-{p}",
        "es": "la reunión de altos funcionarios ASEAN-{p}",
        "it": "la riunione degli alti funzionari ASEAN-{p}",
        "ru": "совещание старших должностных лиц АСЕАН-{p}",
        "hi": "आसियान-{p} वरिष्ठ अधिकारियों की बैठक",
        "ja": "ASEAN・{p}高級実務者会合",
        "zh": "东盟-{p}高官会",
        "ko": "아세안-{p} 고위관리회의",
        "vi": "Hội nghị Quan chức Cấp cao ASEAN-{p}",
        "th": "การประชุมเจ้าหน้าที่อาวุโสอาเซียน-{p}",
        "id": "Pertemuan Pejabat Senior ASEAN-{p}",
    },
    ("special-summit", None): {
        "en": "the ASEAN-{p} Special Summit",
        "fr": "le sommet spécial ASEAN-{p}",
        "de": "der ASEAN-{p}-Sondergipfel",
        "es": "la Cumbre Especial ASEAN-{p}",
        "it": "il vertice speciale ASEAN-{p}",
        "ru": "специальный саммит АСЕАН-{p}",
        "hi": "आसियान-{p} विशेष शिखर सम्मेलन",
        "ja": "ASEAN・{p}特別首脳会議",
        "zh": "东盟-{p}特别峰会",
        "ko": "아세안-{p} 특별정상회의",
        "vi": "Hội nghị Cấp cao đặc biệt ASEAN-{p}",
        "th": "การประชุมสุดยอดสมัยพิเศษอาเซียน-{p}",
        "id": "KTT Khusus ASEAN-{p}",
    },
    ("commemorative-summit", None): {
        "en": "the ASEAN-{p} Commemorative Summit",
        "fr": "le sommet commémoratif ASEAN-{p}",
        "de": "der ASEAN-{p}-Gedenkgipfel",
        "es": "la Cumbre Conmemorativa ASEAN-{p}",
        "it": "il vertice commemorativo ASEAN-{p}",
        "ru": "юбилейный саммит АСЕАН-{p}",
        "hi": "आसियान-{p} स्मारक शिखर सम्मेलन",
        "ja": "ASEAN・{p}記念首脳会議",
        "zh": "东盟-{p}纪念峰会",
        "ko": "아세안-{p} 기념정상회의",
        "vi": "Hội nghị Cấp cao kỷ niệm ASEAN-{p}",
        "id": "KTT Peringatan ASEAN-{p}",
    },
}
CASES = [
    pytest.param(form.format(p=name), (dialogue, *meeting), id=f"{lang}-{meeting[0]}-{dialogue}")
    for meeting, by_language in FORMS.items()
    for lang, form in by_language.items()
    for dialogue, name in zip(PARTNERS, NAMES[lang].split("|"), strict=True)
]


@pytest.mark.parametrize(("text", "meeting"), CASES)
def test_a_partners_meeting_in_each_language(
    text: str, meeting: tuple[str, str, int | None], ruleset: Ruleset
) -> None:
    found = [(m.dialogue, m.mechanism, m.ordinal) for m in judge(f"{text}.", ruleset).meetings]
    assert meeting in found


def test_the_matrix_covers_every_partner_in_every_language() -> None:
    assert all(len(NAMES[lang].split("|")) == len(PARTNERS) for lang in NAMES)
    assert len(CASES) == len(PARTNERS) * sum(len(forms) for forms in FORMS.values())
