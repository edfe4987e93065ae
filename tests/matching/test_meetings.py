"""Meetings: ordinal, mechanism and dialogue, in English and the region's languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.matching import Ruleset, judge

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 12th ASEAN-US Summit opened.", ("asean-us", "summit", 12)),
        ("the 13th ASEAN–US Summit", ("asean-us", "summit", 13)),
        ("the 36th ASEAN-Japan Forum", ("asean-japan", "forum", 36)),
        ("the ASEAN-Japan Commemorative Summit", ("asean-japan", "commemorative-summit", None)),
        ("the U.S.-ASEAN Special Summit", ("asean-us", "special-summit", None)),
        (
            "the 57th ASEAN Foreign Ministers' Meeting and the ASEAN-China Foreign Ministers' "
            "Meeting",
            ("asean-china", "foreign-ministers", None),
        ),
        (
            "the ASEAN Post Ministerial Conference with Japan",
            ("asean-japan", "post-ministerial-conference", None),
        ),
        ("the 25th ASEAN-India Senior Officials' Meeting", ("asean-india", "senior-officials", 25)),
        (
            "the 14th ASEAN-Korea Joint Cooperation Committee",
            ("asean-korea", "joint-cooperation-committee", 14),
        ),
        (
            "the 8th ASEAN-Russia Energy Ministers' Meeting",
            ("asean-russia", "sectoral-ministerial", 8),
        ),
        ("the 29th ASEAN Regional Forum", ("asean-regional-forum", "forum", 29)),
        ("the 19th East Asia Summit", ("east-asia-summit", "summit", 19)),
        (
            "the 12th East Asia Summit Foreign Ministers’ Meeting",
            ("east-asia-summit", "foreign-ministers", 12),
        ),
        ("the 27th ASEAN Plus Three Summit", ("asean-plus-three", "summit", 27)),
        ("the second ASEAN-Australia Special Summit", ("asean-australia", "special-summit", 2)),
        ("Hội nghị Cấp cao ASEAN-Nhật Bản lần thứ 26", ("asean-japan", "summit", 26)),
        ("KTT ASEAN-Jepang ke-26", ("asean-japan", "summit", 26)),
        ("第27次中国－东盟领导人会议", ("asean-china", "summit", 27)),
        ("第26回日ASEAN首脳会議", ("asean-japan", "summit", 26)),
        ("제25차 한-아세안 정상회의", ("asean-korea", "summit", 25)),
        ("การประชุมสุดยอดอาเซียน-ญี่ปุ่น ครั้งที่ 26", ("asean-japan", "summit", 26)),
        ("การประชุมสุดยอดอาเซียน-สหรัฐฯ สมัยพิเศษ", ("asean-us", "special-summit", None)),
        (
            "การประชุมสุดยอดครั้งแรกระหว่างผู้นำสหรัฐและผู้นำอาเซียน",  # "the first summit between"
            ("asean-us", "summit", 1),
        ),
        ("การประชุมสุดยอดครั้งที่ 2 ระหว่างสหรัฐฯ และอาเซียน", ("asean-us", "summit", 2)),
        (
            "the first summit between the leaders of the United States and ASEAN",
            ("asean-us", "summit", 1),
        ),
        (
            "the Fourteenth Association of Southeast Asian Nations (ASEAN) Economic "
            "Ministers-Canada Consultation",
            ("asean-canada", "sectoral-ministerial", 14),
        ),
        (
            "the UK Post Ministerial Conference with ASEAN member states",
            ("asean-uk", "post-ministerial-conference", None),
        ),
        ("the 13th meeting of the ASEAN Regional Forum", ("asean-regional-forum", "forum", 13)),
        ("the India-ASEAN virtual summit", ("asean-india", "summit", None)),
        ("The 18th East Asia leaders’ Summit (EAS)", ("east-asia-summit", "summit", 18)),
        ("日本とASEAN=東南アジア諸国連合の特別首脳会議", ("asean-japan", "special-summit", None)),
        ("한-아세안(ASEAN·동남아국가연합) 특별정상회의", ("asean-korea", "special-summit", None)),
        (
            "中国—东盟建立对话关系15周年纪念峰会",
            ("asean-china", "commemorative-summit", None),
        ),
        ("Sidang Kemuncak ASEAN-Amerika Syarikat ke-12", ("asean-us", "summit", 12)),
        (
            "Mesyuarat Menteri-Menteri Luar ASEAN-China ke-25 diadakan di Vientiane.",
            ("asean-china", "foreign-ministers", 25),
        ),
    ],
)
def test_meeting_is_recognised(
    text: str, expected: tuple[str, str, int | None], ruleset: Ruleset
) -> None:
    found = [(m.dialogue, m.mechanism, m.ordinal) for m in judge(text, ruleset).meetings]
    assert expected in found


def test_no_meeting_without_a_mechanism(ruleset: Ruleset) -> None:
    assert (
        judge("ASEAN-US relations are strong; the ASEAN-US partnership grows.", ruleset).meetings
        == ()
    )


def test_same_meeting_named_twice_is_one(ruleset: Ruleset) -> None:
    text = (
        "The 12th ASEAN-US Summit opened. Leaders at the ASEAN-US Summit agreed. "
        "The 12th ASEAN-US Summit closed."
    )
    meetings = judge(text, ruleset).meetings
    assert [(m.ordinal, m.mechanism) for m in meetings] == [(12, "summit")]


def test_host_chair_date_and_documents(ruleset: Ruleset) -> None:
    text = (
        "The 25th ASEAN-Japan Summit was held on 12 November 2022 in Phnom Penh, Cambodia. "
        "The Meeting was chaired by Samdech Hun Sen, Prime Minister of Cambodia, and attended by "
        "all leaders. Leaders adopted the Joint Statement of the 25th ASEAN-Japan Summit on "
        "Cooperation."
    )
    (meeting,) = judge(text, ruleset).meetings
    assert meeting.host == "Phnom Penh, Cambodia"
    assert meeting.date == "12 November 2022"
    assert meeting.chair == "Samdech Hun Sen, Prime Minister of Cambodia"
    assert [d.kind for d in meeting.documents] == ["joint-statement"]


def _labelled() -> dict[str, dict[str, Any]]:
    items = yaml.safe_load((FIXTURES / "labelled" / "items.yaml").read_text(encoding="utf-8"))
    return {item["id"]: item for item in items}


@pytest.mark.parametrize(
    ("item", "date"),
    [
        ("japan-03", "9月6日"),  # Japanese: MOFA's account of the 26th ASEAN-Japan Summit
        ("eas-04", "9月7日"),  # Japanese: the 18th East Asia Summit
        ("us-02", "4 พฤศจิกายน 2562"),  # Thai, Buddhist-era year
        ("us-04", "๑๕-๑๖ กุมภาพันธ์ ๒๕๕๙"),  # Thai digits
        ("russia-02", "19 Mei 2016"),  # Indonesian
        ("china-03", None),  # Chinese: "10月29日电" is the dispatch's dateline, not the summit's
    ],
)
def test_a_meeting_date_in_the_regions_languages(
    item: str, date: str | None, ruleset: Ruleset
) -> None:
    """Real passages of the labelled set (tests/fixtures/labelled), as their sources wrote them."""
    found = _labelled()[item]
    meetings = judge(found["text"], ruleset, title=found["title"] or None).meetings
    assert [m.date for m in meetings][:1] == [date]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2019년 11월 25일 부산에서 한-아세안 특별정상회의가 열렸다.", "2019년 11월 25일"),
        ("한-아세안 특별정상회의가 11월 25~26일 부산에서 열린다.", "11월 25~26일"),
        ("Hội nghị Cấp cao ASEAN-Hoa Kỳ diễn ra ngày 26/10/2025 tại Kuala Lumpur.", "26/10/2025"),
        (
            "Ngày 26 tháng 10 năm 2025, Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13 khai mạc.",
            "26 tháng 10 năm 2025",
        ),
        ("Sidang Kemuncak ASEAN-China ke-27 diadakan pada 10-11 Ogos 2024.", "10-11 Ogos 2024"),
        ("2023年9月6日，第26次中国－东盟领导人会议在雅加达举行。", "2023年9月6日"),
        ("The 12th ASEAN-US Summit opened on 5 Jun 2024.", "5 Jun 2024"),  # Malay and shorthand
    ],
)
def test_regional_date_forms(text: str, date: str | None, ruleset: Ruleset) -> None:
    meetings = judge(text, ruleset).meetings
    assert meetings, "the meeting itself is found"
    assert meetings[0].date == date


@pytest.mark.parametrize(
    ("text", "host"),
    [
        (
            "Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13 diễn ra tại Kuala Lumpur, Malaysia.",
            "Kuala Lumpur, Malaysia",
        ),
        (
            "Hội nghị Cấp cao ASEAN-Nhật Bản lần thứ 26 được tổ chức tại Thủ đô Jakarta.",
            "Jakarta",
        ),
        ("Hội nghị Bộ trưởng Ngoại giao ASEAN-Trung Quốc diễn ra tại Đà Nẵng.", "Đà Nẵng"),
        ("KTT ASEAN-Jepang ke-26 diselenggarakan di Jakarta pada 6 September 2023.", "Jakarta"),
        ("KTT Rusia-ASEAN berlangsung di Sochi, Kamis, 19 Mei 2016.", "Sochi"),  # not Thursday
        ("Sidang Kemuncak ASEAN-China ke-27 diadakan di Vientiane, Laos.", "Vientiane, Laos"),
        ("KTT ASEAN-Jepang ke-26 di Jakarta.", None),  # no verb says it was held there
    ],
)
def test_a_meeting_host_in_vietnamese_indonesian_and_malay(
    text: str, host: str | None, ruleset: Ruleset
) -> None:
    (meeting,) = judge(text, ruleset).meetings
    assert meeting.host == host


@pytest.mark.parametrize(
    ("item", "host", "chair"),
    [
        (
            "japan-03",
            "ジャカルタ",
            None,
        ),  # "ASEAN議長国インドネシア": ASEAN's chair, not the meeting's
        ("eas-04", "ジャカルタ", None),  # "9月7日木曜日ジャカルタで開催された"
        ("japan-04", "東京", None),  # "16日から東京で開かれます"
        ("china-03", "南宁", None),  # "在广西壮族自治区首府南宁举行": the city, not the province
        ("korea-04", "부산", "박근혜 대통령"),  # "부산에서 열리는 ... 특별정상회의를 주재하며"
        ("us-02", None, "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี"),  # "... เป็นประธานการประชุม"
        ("us-04", "Sunnylands เมือง Rancho Mirage มลรัฐแคลิฟอร์เนีย สหรัฐอเมริกา", None),
    ],
)
def test_a_meeting_host_and_chair_in_the_regions_languages(
    item: str, host: str | None, chair: str | None, ruleset: Ruleset
) -> None:
    """Real passages of the labelled set, in Japanese, Chinese, Korean and Thai."""
    found = _labelled()[item]
    meetings = judge(found["text"], ruleset, title=found["title"] or None).meetings
    assert [(m.host, m.chair) for m in meetings][:1] == [(host, chair)]


@pytest.mark.parametrize(
    ("text", "host", "chair"),
    [
        (
            "第27次中国－东盟领导人会议10日在老挝首都万象举行，由老挝总理宋赛主持。",
            "万象",
            "老挝总理宋赛",
        ),
        ("国务院总理李强主持第27次中国－东盟领导人会议。", None, "国务院总理李强"),
        ("第27次中国－东盟领导人会议期间举行了会谈。", None, None),  # "during", not a place
        ("第26回日ASEAN首脳会議で合意した。", None, None),  # "で" without "held"
        (
            "第26回日ASEAN首脳会議は首都ジャカルタにおいて開催され、岸田文雄内閣総理大臣が議長を務めた。",
            "ジャカルタ",
            "岸田文雄内閣総理大臣",
        ),
        (
            "윤석열 대통령은 프놈펜에서 열린 제25차 한-아세안 정상회의를 주재했다.",
            "프놈펜",
            "윤석열 대통령",
        ),
        ("제25차 한-아세안 정상회의에서 열린 토론.", None, None),  # at the meeting, not a place
        ("2019년 부산서 열린 한-아세안 특별정상회의에서 정상들은 합의했다.", "부산", None),  # 서
        ("제25차 한-아세안 정상회의를 위해서 열린 준비회의.", None, None),  # "-해서", not "서"
        (
            "การประชุมสุดยอดอาเซียน-ญี่ปุ่น ครั้งที่ 26 จัดขึ้น ณ กรุงจาการ์ตา ประเทศอินโดนีเซีย เมื่อวันที่ 6 กันยายน 2566",
            "กรุงจาการ์ตา ประเทศอินโดนีเซีย",
            None,
        ),
        (
            "การประชุมสุดยอดอาเซียน-ญี่ปุ่น ครั้งที่ 26 โดยมีนายกรัฐมนตรีเป็นประธานการประชุม",
            None,
            "นายกรัฐมนตรี",
        ),
        ("การประชุมสุดยอดอาเซียน-ญี่ปุ่น ครั้งที่ 26 ไทยเป็นประธานอาเซียน", None, None),  # ASEAN's chair
        (
            "Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13 do Thủ tướng Anwar Ibrahim chủ trì.",
            None,
            "Thủ tướng Anwar Ibrahim",
        ),
        (
            "Thủ tướng Phạm Minh Chính chủ trì Hội nghị Cấp cao ASEAN-Nhật Bản lần thứ 26.",
            None,
            "Thủ tướng Phạm Minh Chính",
        ),
        (
            "KTT ASEAN-Jepang ke-26 dipimpin oleh Presiden Joko Widodo di Jakarta.",
            None,
            "Presiden Joko Widodo",
        ),
        (
            "Presiden Joko Widodo memimpin KTT ASEAN-Jepang ke-26 yang diselenggarakan di Jakarta.",
            "Jakarta",
            "Presiden Joko Widodo",
        ),
        (
            "Sidang Kemuncak ASEAN-China ke-27 dipengerusikan oleh Perdana Menteri Laos, "
            "Sonexay Siphandone.",
            None,
            "Perdana Menteri Laos, Sonexay Siphandone",
        ),
    ],
)
def test_regional_host_and_chair_forms(
    text: str, host: str | None, chair: str | None, ruleset: Ruleset
) -> None:
    (meeting,) = judge(text, ruleset).meetings
    assert (meeting.host, meeting.chair) == (host, chair)


@pytest.mark.parametrize(
    ("item", "documents"),
    [
        ("japan-03", [("joint-statement", "共同声明")]),  # "…を立ち上げる共同声明が採択されました"
        (
            "china-04",  # two joint statements in title brackets, "…などが採択された"
            [
                ("joint-statement", "中国-ASEAN対話関係構築25周年記念サミット共同声明"),
                ("joint-statement", "中国-ASEAN生産能力提携共同声明"),
            ],
        ),
    ],
)
def test_outcome_documents_in_japanese(
    item: str, documents: list[tuple[str, str]], ruleset: Ruleset
) -> None:
    found = _labelled()[item]
    (meeting,) = judge(found["text"], ruleset, title=found["title"] or None).meetings
    assert [(d.kind, d.quote) for d in meeting.documents] == documents


@pytest.mark.parametrize(
    ("text", "documents"),
    [
        (
            "第27次中国－东盟领导人会议在万象举行。会议通过了《中国－东盟全面战略伙伴关系行动计划"
            "（2026－2030）》。",
            [("plan-of-action", "中国－东盟全面战略伙伴关系行动计划（2026－2030）")],
        ),
        (
            "제25차 한-아세안 정상회의에서 정상들은 공동성명을 채택했다.",
            [("joint-statement", "공동성명")],
        ),
        (
            "Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13 đã thông qua Tuyên bố chung về hợp tác "
            "hàng hải.",
            [("joint-statement", "Tuyên bố chung về hợp tác hàng hải")],
        ),
        (
            "KTT ASEAN-Jepang ke-26 mengesahkan Pernyataan Bersama tentang Kemitraan Strategis.",
            [("joint-statement", "Pernyataan Bersama tentang Kemitraan Strategis")],
        ),
        (
            "Sidang Kemuncak ASEAN-China ke-27 menerima pakai Kenyataan Pengerusi.",
            [("chairmans-statement", "Kenyataan Pengerusi")],
        ),
        (
            "การประชุมสุดยอดอาเซียน-ญี่ปุ่น ครั้งที่ 26 ได้รับรองแถลงการณ์วิสัยทัศน์ร่วมว่าด้วยความเป็นหุ้นส่วน และ",
            [("joint-vision-statement", "แถลงการณ์วิสัยทัศน์ร่วมว่าด้วยความเป็นหุ้นส่วน")],
        ),
        (
            "第26回日ASEAN首脳会議の議長声明を読んだ。",
            [("chairmans-statement", "第26回日ASEAN首脳会議の議長声明")],
        ),  # written onto the meeting it belongs to
        ("第26回日ASEAN首脳会議が開かれた。共同声明の案を議論した。", []),  # not adopted, not named
        (
            "The 12th ASEAN-US Summit was hailed. He said “we want a joint statement” soon.",
            [],  # English quotation marks quote speech: no document is cut from them
        ),
    ],
)
def test_outcome_document_forms_in_the_regions_languages(
    text: str, documents: list[tuple[str, str]], ruleset: Ruleset
) -> None:
    (meeting,) = judge(text, ruleset).meetings
    assert [(d.kind, d.quote) for d in meeting.documents] == documents


@pytest.mark.parametrize(
    ("text", "host", "chair"),
    [
        (
            "第27次中国－东盟领导人会议10日在老挝首都万象举行。会议由老挝总理宋赛主持。",
            "万象",
            "老挝总理宋赛",
        ),
        ("제25차 한-아세안 정상회의가 개막했다. 이번 회의는 프놈펜에서 열렸다.", "프놈펜", None),
        (
            "KTT ASEAN-Jepang ke-26 dibuka. KTT ini dipimpin oleh Presiden Joko Widodo.",
            None,
            "Presiden Joko Widodo",
        ),
        (
            "第26回日ASEAN首脳会議が開催された。同会議では岸田総理大臣が議長を務めた。",
            None,
            "岸田総理大臣",
        ),
        # "会议" inside a sentence is not a reference back: this one speaks of another meeting.
        ("第27次中国－东盟领导人会议开幕。明年的外长会议由泰国外长主持。", None, None),
    ],
)
def test_a_later_sentence_on_the_meeting_in_the_regions_languages(
    text: str, host: str | None, chair: str | None, ruleset: Ruleset
) -> None:
    meetings = judge(text, ruleset).meetings
    assert [(m.host, m.chair) for m in meetings][:1] == [(host, chair)]


@pytest.mark.parametrize(
    ("text", "host", "chair"),
    [
        (
            "The 12th ASEAN-US Summit opened on Sunday. During the summit, held in Phnom Penh,"
            " the leaders agreed to upgrade ties.",
            "Phnom Penh",
            None,
        ),
        (
            "The 12th ASEAN-US Summit opened on Sunday. At the meeting, co-chaired by Prime"
            " Minister Hun Sen and President Joe Biden, the leaders agreed.",
            None,
            "Prime Minister Hun Sen and President Joe Biden",
        ),
        (
            "Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 12 đã khai mạc. Tại Hội nghị lần này, do Thủ"
            " tướng Hun Sen chủ trì, các nhà lãnh đạo nhất trí.",
            None,
            "Thủ tướng Hun Sen",
        ),
        (
            "KTT ASEAN-Jepang ke-26 dibuka. Pada KTT ini, yang dipimpin oleh Presiden Joko"
            " Widodo, para pemimpin sepakat.",
            None,
            "Presiden Joko Widodo",
        ),
        # Further in than a preposition, "the meeting" is another event's: a press conference.
        (
            "The 12th ASEAN-US Summit opened on Sunday. At a press conference after the meeting,"
            " held in Phnom Penh, he spoke.",
            None,
            None,
        ),
    ],
)
def test_a_later_sentence_opening_with_at_the_meeting(
    text: str, host: str | None, chair: str | None, ruleset: Ruleset
) -> None:
    meetings = judge(text, ruleset).meetings
    assert [(m.host, m.chair) for m in meetings][:1] == [(host, chair)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ordinals as the partners' languages write them, before the meeting's name.
        ("Le 29e Forum régional de l'ASEAN s'est ouvert.", ("asean-regional-forum", "forum", 29)),
        ("Le XIIIe sommet UE-ASEAN s'est ouvert.", ("asean-eu", "summit", 13)),
        (
            "Li ha presenziato al nono Vertice dell'Asia orientale.",
            ("east-asia-summit", "summit", 9),
        ),
        ("Участие в 19-м Восточноазиатском саммите.", ("east-asia-summit", "summit", 19)),
        ("Участие в пятом Восточноазиатском саммите.", ("east-asia-summit", "summit", 5)),
        ("मोदी ने 11वें पूर्वी एशिया शिखर सम्मेलन में शिरकत की।", ("east-asia-summit", "summit", 11)),
        ("第八届东亚峰会在文莱举行。", ("east-asia-summit", "summit", 8)),
        ("第二十七次中国－东盟领导人会议", ("asean-china", "summit", 27)),
        ("首届东亚峰会在吉隆坡举行。", ("east-asia-summit", "summit", 1)),
        ("初の東アジア首脳会議を開いた。", ("east-asia-summit", "summit", 1)),
        ("De eerste EU-Asean-top in Brussel.", ("asean-eu", "summit", 1)),
        ("the 2nd Annual ASEAN-Australia Summit", ("asean-australia", "summit", 2)),
        ("the first-ever EU-ASEAN Commemorative Summit", ("asean-eu", "commemorative-summit", 1)),
        ("A Bruxelles primo storico vertice tra UE-ASEAN", ("asean-eu", "summit", 1)),
        ("Si apre il primo vertice in assoluto tra l'UE-ASEAN", ("asean-eu", "summit", 1)),
        ("ក្នុងកិច្ចប្រជុំកំពូលអាស៊ាន-ចិនលើកទី២០ នៅទីក្រុងម៉ានីល", ("asean-china", "summit", 20)),
        ("দশ-যোগ-তিন পররাষ্ট্রমন্ত্রী সম্মেলন শুরু হয়েছে", ("asean-plus-three", "foreign-ministers", None)),
        ("la 31e réunion du Forum régional de l'ASEAN", ("asean-regional-forum", "forum", 31)),
        ("la XIII Cumbre ASEAN-UE", ("asean-eu", "summit", 13)),
        ("the twenty-seventh ASEAN-China Summit", ("asean-china", "summit", 27)),
        (
            "Truss chaired the first UK-ASEAN Economic Dialogue.",
            ("asean-uk", "sectoral-ministerial", 1),
        ),
        ("la V Cumbre de Asia Oriental", ("east-asia-summit", "summit", 5)),
        ("la 13.ª Cumbre ASEAN-Japón", ("asean-japan", "summit", 13)),
        ("la terza riunione ministeriale UE-ASEAN", ("asean-eu", "foreign-ministers", 3)),
        (
            "the 45th Anniversary Commemorative Summit of ASEAN-Japan",
            ("asean-japan", "commemorative-summit", None),
        ),
        ("ASEAN and Japan held their 13th summit in Hanoi.", ("asean-japan", "summit", 13)),
        ("Pertemuan Menlu ASEAN-China ke-25", ("asean-china", "foreign-ministers", 25)),
        ("Pertemuan Tingkat Menteri ASEAN-Jepang ke-25", ("asean-japan", "foreign-ministers", 25)),
        (
            "Pertemuan Menteri Ekonomi ASEAN-Jepang ke-28",
            ("asean-japan", "sectoral-ministerial", 28),
        ),
        ("Mesyuarat Menteri Luar ASEAN-China ke-25", ("asean-china", "foreign-ministers", 25)),
        ("การประชุมผู้นำอาเซียน-จีน ครั้งที่ 27", ("asean-china", "summit", 27)),
        ("日ASEAN経済大臣会合が開かれた", ("asean-japan", "sectoral-ministerial", None)),
        ("министерская встреча Россия - АСЕАН", ("asean-russia", "foreign-ministers", None)),
        # After the name, a gloss between.
        ("East Asia Summit (EAS) ke-18 diadakan di Jakarta.", ("east-asia-summit", "summit", 18)),
        ("KTT ASEAN-India (Konferensi Tingkat Tinggi) ke-14", ("asean-india", "summit", 14)),
        ("การประชุมสุดยอดเอเชียตะวันออก (EAS) ครั้งที่ 14", ("east-asia-summit", "summit", 14)),
        ("การประชุมเจ้าหน้าที่อาวุโสอาเซียน – แคนาดา ครั้งที่ ๑๖", ("asean-canada", "senior-officials", 16)),
        (
            "การประชุมคณะกรรมการความร่วมมืออาเซียน – แคนาดา ครั้งที่ ๘",
            ("asean-canada", "joint-cooperation-committee", 8),
        ),
        ("การประชุมระดับรัฐมนตรีอาเซียน - สหภาพยุโรป ครั้งที่ ๒๒", ("asean-eu", "foreign-ministers", 22)),
        ("การประชุมซอมอาเซียน +3 เปิดขึ้น", ("asean-plus-three", "senior-officials", None)),
        # The meeting's word in the partners' languages.
        (
            "Un sommet spécial ASEAN-Japon se tiendrait en 2023.",
            ("asean-japan", "special-summit", None),
        ),
        (
            "la Conférence postministérielle ANASE-Canada",
            ("asean-canada", "post-ministerial-conference", None),
        ),
        ("Der EU-Asean-Gipfel in Brüssel", ("asean-eu", "summit", None)),
        (
            "Das Außenministertreffen zwischen Südkorea und der ASEAN",
            ("asean-korea", "foreign-ministers", None),
        ),
        ("Предстоящий саммит Россия - АСЕАН в Сочи", ("asean-russia", "summit", None)),
        ("नई दिल्ली में भारत-आसियान स्मारक शिखर सम्मेलन", ("asean-india", "commemorative-summit", None)),
        ("Hội nghị thượng đỉnh đặc biệt Hàn Quốc - ASEAN", ("asean-korea", "special-summit", None)),
        (
            "Hội nghị cấp cao Kỷ niệm 45 năm quan hệ ASEAN - EU",
            ("asean-eu", "commemorative-summit", None),
        ),
        (
            "Jokowi menghadiri KTT Peringatan ASEAN-India 2018.",
            ("asean-india", "commemorative-summit", None),
        ),
        ("mengadakan KTT Khusus AS-ASEAN di Washington", ("asean-us", "special-summit", None)),
        ("제22차 한-아세안 대화가 서울에서 개최됩니다.", ("asean-korea", "dialogue", 22)),
        ("오후에는 '아세안+3' 정상회의에 나선다.", ("asean-plus-three", "summit", None)),
        ("中國-東盟的10+1外長會氣氛友好", ("asean-china", "foreign-ministers", None)),
        (
            "「日本ASEAN友好協力50周年特別首脳会議」が開催される。",
            ("asean-japan", "special-summit", None),
        ),
        # An ordinal before the name that a bracketed anchor glosses.
        (
            "the 12th ASEAN Plus China, Japan and South Korea (10+3) Summit",
            ("asean-plus-three", "summit", 12),
        ),
        ("제10차 아세안 국방장관회의(ADMM-Plus)에 참석", ("admm-plus", "sectoral-ministerial", 10)),
        ("Pertemuan ke-24 ASEAN-New Zealand Dialogue", ("asean-new-zealand", "dialogue", 24)),
        (
            "Jokowi memimpin KTT ke-18 Asia Timur atau East Asia Summit (EAS) di Jakarta.",
            ("east-asia-summit", "summit", 18),
        ),
        (
            "日本と東南アジア諸国連合(ASEAN)10カ国のオンライン首脳会議",
            ("asean-japan", "summit", None),
        ),
        ("il primo vertice in assoluto UE-ASEAN", ("asean-eu", "summit", 1)),
        # English: the meeting's word before the names, an occasion between.
        ("Biden spoke at a summit of the United States and ASEAN.", ("asean-us", "summit", None)),
        ("At the summit meeting of China and ASEAN, Li spoke.", ("asean-china", "summit", None)),
        (
            "the Commemorative Summit for the 50th Year of ASEAN-Japan Friendship",
            ("asean-japan", "commemorative-summit", None),
        ),
        (
            "the Special Summit to Commemorate the 50th Anniversary of ASEAN-Australia relations",
            ("asean-australia", "special-summit", None),
        ),
        # Tagalog: the meeting's word before the names, joined by "at" (and); "sa" (at) before
        # the ordinal is no French possessive.
        (
            "Idinaos ang Ika-20 Pulong ng mga Lider ng Tsina at Association of Southeast Asian "
            "Nations (ASEAN) sa Maynila.",
            ("asean-china", "summit", 20),
        ),
        ("Dumalo siya sa ika-31 Summit ng ASEAN at Hapon.", ("asean-japan", "summit", 31)),
        (
            "Idinaos ang Pulong ng mga Ministrong Panlabas ng ASEAN at Tsina.",
            ("asean-china", "foreign-ministers", None),
        ),
        (
            "ang Espesyal na Summit ng ASEAN at Australya sa Melbourne",
            ("asean-australia", "special-summit", None),
        ),
        # Hindi: senior officials, a sector's ministers, the ARF's 31st meeting, ADMM-Plus.
        ("आसियान-भारत वरिष्ठ अधिकारियों की बैठक", ("asean-india", "senior-officials", None)),
        ("आसियान-भारत आर्थिक मंत्रियों की बैठक", ("asean-india", "sectoral-ministerial", None)),
        (
            "आसियान क्षेत्रीय मंच की 31वीं बैठक वियनतियाने में हुई।",
            ("asean-regional-forum", "forum", 31),
        ),
        (
            "राजनाथ सिंह ने एडीएमएम-प्लस में भाग लिया।",
            ("admm-plus", "sectoral-ministerial", None),
        ),
    ],
)
def test_meeting_in_more_languages(
    text: str, expected: tuple[str, str, int | None], ruleset: Ruleset
) -> None:
    found = [(m.dialogue, m.mechanism, m.ordinal) for m in judge(text, ruleset).meetings]
    assert expected in found


@pytest.mark.parametrize(
    "text",
    [
        "J'en suis à ma quatrième Conférence postministérielle ANASE-Canada.",
        "It was my third ASEAN-Japan Summit.",
        "C'était sa quatrième Conférence postministérielle ANASE-Canada.",
        "Le Forum régional de l'ASEAN s'est ouvert.",  # "Le" is no Roman numeral
        # The gloss's name reaches back into the meeting before it.
        "For the first time, leaders of the East Asia Summit (EAS) met.",
    ],
)
def test_no_ordinal_where_none_is_the_meetings(text: str, ruleset: Ruleset) -> None:
    assert [m.ordinal for m in judge(text, ruleset).meetings] == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Leaders met at the ASEAN-Japan, ASEAN-Korea and ASEAN-China Summits in Jakarta.",
            [("asean-japan", "summit"), ("asean-korea", "summit"), ("asean-china", "summit")],
        ),
        (
            "ARF 계기 EAS·ASEAN+3·한-ASEAN 외교장관회의도 열린다.",
            [  # "ARF" alone is the grouping, not a meeting
                ("east-asia-summit", "foreign-ministers"),
                ("asean-plus-three", "foreign-ministers"),
                ("asean-korea", "foreign-ministers"),
            ],
        ),
        (
            "The ASEAN Plus Three and East Asia Summit foreign ministers meetings were held.",
            [("asean-plus-three", "foreign-ministers"), ("east-asia-summit", "foreign-ministers")],
        ),
    ],
)
def test_a_list_of_names_shares_its_meeting_word(
    text: str, expected: list[tuple[str, str]], ruleset: Ruleset
) -> None:
    assert [(m.dialogue, m.mechanism) for m in judge(text, ruleset).meetings] == expected


def test_a_mechanisms_acronym_alone_is_not_a_meeting(ruleset: Ruleset) -> None:
    text = "ASEAN says the ARF remains the main security forum of the region."
    assert judge(text, ruleset).meetings == ()


@pytest.mark.parametrize(
    "text",
    [
        "ASEAN foreign ministers will attend the ARF 2024 in Vientiane.",  # a year beside it
        "The ARF was held in Vientiane on 27 July 2024, ASEAN said.",  # a host and a date
        "Hội nghị Cấp cao Đông Á (EAS) khai mạc; lãnh đạo ASEAN phát biểu.",  # a gloss
    ],
)
def test_a_mechanisms_acronym_with_more_is_a_meeting(text: str, ruleset: Ruleset) -> None:
    assert len(judge(text, ruleset).meetings) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Japan and ASEAN met in a summit on Sunday to discuss security cooperation.",
            ("asean-japan", "summit", None),
        ),
        (
            "Le sommet se tiendra à Bruxelles le 14 décembre. L'UE et l'ASEAN ... Le partenariat "
            "UE-ASEAN grandit.",
            ("asean-eu", "summit", None),
        ),
        (
            "Leaders gather for a major summit to celebrate ASEAN-Australia ties. The special "
            "summit is a significant moment.",
            ("asean-australia", "special-summit", None),
        ),
        (
            "Si apre oggi il primo vertice in assoluto. Il partenariato UE-ASEAN.",
            ("asean-eu", "summit", 1),
        ),
        (
            "Lavrov held a meeting with foreign ministers of ASEAN on Russia-ASEAN ties.",
            ("asean-russia", "foreign-ministers", None),
        ),
        (
            "Sinimulang idaos sa Sochi ang summit bilang pagdiriwang. Ang ASEAN-Russia ...",
            ("asean-russia", "commemorative-summit", None),
        ),
        # No name joins the bloc and the partner: the one partner dialogue the text is about.
        (
            "The Australian government is hosting a special ASEAN summit in Melbourne next "
            "month. Australia became the first dialogue partner of ASEAN fifty years ago, and "
            "Prime Minister Albanese will welcome the bloc's leaders.",
            ("asean-australia", "special-summit", None),
        ),
        (
            "Putin met ASEAN leaders in Sochi at a commemorative summit marking twenty years of "
            "dialogue partnership between Russia and ASEAN.",
            ("asean-russia", "commemorative-summit", None),
        ),
        (
            "Die EU und die Asean halten einen Jubiläumsgipfel in Brüssel ab. Die Beziehungen "
            "zwischen der EU und der Asean bestehen seit 45 Jahren.",
            ("asean-eu", "commemorative-summit", None),
        ),
        # Another partner named with the bloc in passing: the one the text is about.
        (
            "Leaders from the Association of Southeast Asian Nations met President Biden at a "
            "summit in Washington on Friday. The relationship between the United States and "
            "the 10-nation bloc was raised to a comprehensive strategic partnership. U.S. Vice "
            "President Kamala Harris said the United States would remain in Southeast Asia for "
            "generations. Washington pledged $150 million for infrastructure, security and "
            "pandemic preparedness in ASEAN countries. The U.S. Coast Guard will send a ship to "
            "the region. The upgrade matched similar moves by ASEAN with Australia and China "
            "last year.",
            ("asean-us", "summit", None),
        ),
        # "The first summit in Washington" is qualified: no ordinal (label rule R7).
        (
            "U.S. President Joe Biden said the first summit in Washington with leaders from the "
            "Association of Southeast Asian Nations marked a new era in the relationship "
            "between the United States and the 10-nation bloc.",
            ("asean-us", "summit", None),
        ),
        # The Post Ministerial Conference: ASEAN's name before it does not make it another's.
        (
            "British Foreign Secretary James Cleverly attended the ASEAN Post Ministerial "
            "Conference in Jakarta on Thursday. The United Kingdom became ASEAN's dialogue "
            "partner in 2021 and Cleverly met his ASEAN counterparts.",
            ("asean-uk", "post-ministerial-conference", None),
        ),
        # A meeting told by who meet: the bloc's ministers and the partner's.
        (
            "The UK pledged £4.8 million for health systems. The pledge was made during a "
            "virtual meeting between ASEAN foreign ministers and UK foreign secretary Dominic "
            "Raab on Wednesday. The UK and ASEAN agreed to work on vaccines.",
            ("asean-uk", "foreign-ministers", None),
        ),
        (
            "Les ministres européens ont rencontré leurs homologues de l'ASEAN à l'occasion de "
            "leur 18e réunion ministérielle à Madrid. L'UE et l'ASEAN ont parlé de commerce.",
            ("asean-eu", "foreign-ministers", 18),
        ),
        (
            "L'Union européenne et l'ASEAN se sont réunies mardi pour les dix-septièmes "
            "consultations entre les ministres de l'économie de l'ASEAN et le commissaire au "
            "commerce de l'UE.",
            ("asean-eu", "sectoral-ministerial", 17),
        ),
        (
            "Россия и АСЕАН рассмотрели оборонное сотрудничество. В Москве состоялась первая "
            "неформальная встреча министров обороны Российской Федерации и стран АСЕАН.",
            ("asean-russia", "sectoral-ministerial", 1),
        ),
        # Scripts without spaces: the special and commemorative kinds.
        (
            "韓国とASEANの首脳が一堂に集まる特別首脳会議が済州島で開かれる。"
            "韓国とASEANの対話関係は20周年を迎えた。",
            ("asean-korea", "special-summit", None),
        ),
        (
            "中国与东盟领导人将出席纪念峰会。中国—东盟关系三十周年。",
            ("asean-china", "commemorative-summit", None),
        ),
        (
            "한국과 아세안 정상들이 참석하는 특별정상회의가 부산에서 열린다. "
            "한-아세안 관계 30주년이다.",
            ("asean-korea", "special-summit", None),
        ),
    ],
)
def test_a_meeting_known_by_its_kind_alone(
    text: str, expected: tuple[str, str, int | None], ruleset: Ruleset
) -> None:
    found = [(m.dialogue, m.mechanism, m.ordinal) for m in judge(text, ruleset).meetings]
    assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # Another meeting's name, ASEAN's own summit, a text about two dialogues.
        "Japan and ASEAN leaders spoke at the G20 summit in Delhi on ASEAN-Japan ties.",
        "On the margins of the ASEAN Summit, Japan and ASEAN agreed on ASEAN-Japan ties.",
        "At a summit, ASEAN-Japan and ASEAN-China ties were discussed.",
        # Ministers of ASEAN alone: ASEAN's own meetings, not the dialogue's.
        "Россия и АСЕАН обсудили сотрудничество. Состоялась встреча министров обороны стран АСЕАН.",
        "L'UE et l'ASEAN renforcent leurs liens. La réunion ministérielle de l'ASEAN a eu lieu.",
        "The UK and ASEAN agreed on health. A meeting between foreign ministers took place in "
        "Geneva.",
        # ASEAN's own special summit, in a script without spaces.
        "日本とASEANの関係について。ASEAN特別首脳会議がオンラインで開かれ、"
        "岸田首相が日ASEAN協力を説明した。",
    ],
)
def test_no_meeting_known_by_its_kind_where_it_is_another(text: str, ruleset: Ruleset) -> None:
    assert judge(text, ruleset).meetings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le Premier ministre se rendra à Bruxelles pour un sommet ASEAN-UE le 14 décembre. "
            "Les dirigeants de l'ASEAN ont confirmé leur présence au sommet commémoratif.",
            [("asean-eu", "commemorative-summit")],
        ),
        (
            "O Japão e a ASEAN vão realizar uma cúpula em Tóquio. A cimeira comemorativa dos "
            "líderes marca 50 anos de relações entre o Japão e a ASEAN.",
            [("asean-japan", "commemorative-summit")],
        ),
        # The foreign ministers' meeting with the partner "also called" the PMC is the PMC.
        (
            "ที่กรุงกัวลาลัมเปอร์ มีการประชุมรัฐมนตรีต่างประเทศอาเซียนกับสหภาพยุโรป หรือที่เรียกว่า "
            "Post Ministerial Conference (PMC) กับสหภาพยุโรป ในฐานะประเทศคู่เจรจาของอาเซียน",
            [("asean-eu", "post-ministerial-conference")],
        ),
        # A proper name is the yearly summit: the special one is another.
        (
            "The ASEAN-Japan Summit opened in Jakarta. The special summit in December will mark "
            "fifty years.",
            [("asean-japan", "summit")],
        ),
    ],
)
def test_a_word_tells_the_kind_of_a_meeting_of_its_family_named_plainly(
    text: str, expected: list[tuple[str, str]], ruleset: Ruleset
) -> None:
    assert [(m.dialogue, m.mechanism) for m in judge(text, ruleset).meetings] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S.-ASEAN Special Summit opened. The summit will adopt a vision statement.",
            ("asean-us", "special-summit"),
        ),
        (
            "The ASEAN-EU Ministerial Meeting was held in Vientiane. The PMC+1 session with the "
            "EU reviewed the ASEAN-EU partnership.",
            ("asean-eu", "foreign-ministers"),
        ),
    ],
)
def test_a_kind_alone_joins_the_meeting_named(
    text: str, expected: tuple[str, str], ruleset: Ruleset
) -> None:
    found = [(m.dialogue, m.mechanism) for m in judge(text, ruleset).meetings]
    assert found == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Leaders meet for a U.S.-ASEAN Special Summit. This is the second Special Summit "
            "since 2016.",
            ("asean-us", "special-summit", 2),
        ),
        (
            "The ASEAN-Korea Commemorative Summit opens in Busan. This year's Commemorative "
            "Summit, held in Busan, will be the third of its kind.",
            ("asean-korea", "commemorative-summit", 3),
        ),
        (
            "KTT Khusus AS-ASEAN digelar di Washington. KTT Khusus ini merupakan yang kedua "
            "sejak 2016.",
            ("asean-us", "special-summit", 2),
        ),
        (
            "韓国‐ASEAN特別首脳会議が開幕。今回の会議は、2009年に続く2回目の特別首脳会議である。",
            ("asean-korea", "special-summit", 2),
        ),
        # Not the meeting's rank: a step, a time, a qualified first (R7).
        (
            "The ASEAN-Japan Summit opened. It is the first step toward a treaty.",
            ("asean-japan", "summit", None),
        ),
        (
            "The ASEAN-Japan Summit opened. It was the first time leaders met.",
            ("asean-japan", "summit", None),
        ),
        (
            "The ASEAN-US Summit opened. It is the first in Washington.",
            ("asean-us", "summit", None),
        ),
    ],
)
def test_a_sentence_states_the_meetings_rank(
    text: str, expected: tuple[str, str, int | None], ruleset: Ruleset
) -> None:
    found = [(m.dialogue, m.mechanism, m.ordinal) for m in judge(text, ruleset).meetings]
    assert found == [expected]


def test_a_meeting_known_by_its_place(ruleset: Ruleset) -> None:
    text = "Leaders at the Vientiane summit agreed to deepen ASEAN-Japan ties."
    (meeting,) = judge(text, ruleset).meetings
    assert (meeting.dialogue, meeting.mechanism, meeting.host) == (
        "asean-japan",
        "summit",
        "Vientiane",
    )
    assert (
        judge("At the Nuclear Security Summit, ASEAN-Japan ties came up.", ruleset).meetings == ()
    )


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Leaders gathered for the 2024 ASEAN-Australia Special Summit.", "2024"),
        ("Presiden hadir di KTT Peringatan ASEAN-India 2018 di New Delhi.", "2018"),
        ("the ASEAN-Korea Commemorative Summit 2019 at Busan", "2019"),
    ],
)
def test_a_year_beside_the_name_is_the_meetings_date(
    text: str, year: str, ruleset: Ruleset
) -> None:
    assert [m.date for m in judge(text, ruleset).meetings] == [year]


def test_tagalog_and_joins_tagalog_names_only(ruleset: Ruleset) -> None:
    """ "Tsina at ASEAN" is a compound of the two (Tagalog "at": and); "Japan at ASEAN" is
    Japan at an ASEAN meeting, no compound."""
    tagalog = judge("Nagpulong ang Tsina at ASEAN sa Maynila kahapon.", ruleset)
    english = judge("Japan at ASEAN: the prime minister arrives.", ruleset)
    assert [e.quote for d in tagalog.dialogues for e in d.evidence] == ["Tsina at ASEAN"]
    assert "Japan at ASEAN" not in [e.quote for d in english.dialogues for e in d.evidence]


def test_hindi_and_joins_the_bloc_and_a_partner(ruleset: Ruleset) -> None:
    judged = judge("भारत और आसियान के नेताओं ने मुलाकात की।", ruleset)
    assert [d.id for d in judged.relevant_dialogues()] == ["asean-india"]


def test_the_words_of_a_kind_are_tried_wherever_one_starts() -> None:
    """``referred_meeting`` tries its pattern only where a word of ``HEADS`` starts: on every
    labelled text (passages and whole articles) that finds what a scan of the opening with the
    pattern itself finds."""
    from monitor.matching.cues import Positions
    from monitor.matching.meetings import _KIND_BIT, _WORDS
    from monitor.matching.normalise import fold
    from monitor.matching.references import _LONGEST, OPENING, WORD, _words

    texts = [item["text"] for item in _labelled().values()]
    for path in sorted((FIXTURES / "labelled" / "articles").glob("*.yaml")):
        texts += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    found = 0
    for text in texts:
        folded = fold(text).text
        scanned = [m for m in WORD.finditer(folded, 0, OPENING + _LONGEST) if m.start() < OPENING]
        heads = Positions(_WORDS, folded).starts(_KIND_BIT, 0, OPENING)
        assert [m.span() for m in _words(folded, heads)] == [m.span() for m in scanned], text
        found += len(scanned)
    assert found > 500  # the texts hold such words: the comparison is not empty
