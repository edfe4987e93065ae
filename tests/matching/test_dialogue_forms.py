"""A dialogue as the news names it, language by language: one row per form (written from the
languages' usual forms, not from the labelled articles); the expected set of relevant dialogues."""

from __future__ import annotations

import pytest

from monitor.matching import Ruleset, judge

FORMS = [
    ("Quan hệ ASEAN-Nhật Bản phát triển mạnh mẽ trong 50 năm qua.", ["asean-japan"]),
    ("Hubungan ASEAN-Jepang semakin erat.", ["asean-japan"]),
    ("ความสัมพันธ์อาเซียน-ญี่ปุ่นครบรอบ 50 ปี", ["asean-japan"]),
    ("日本と東南アジア諸国連合（ASEAN）の関係は深まっている。", ["asean-japan"]),
    ("한-아세안 관계가 격상되었다.", ["asean-korea"]),
    ("中国同东盟关系不断发展。", ["asean-china"]),
    ("中国与东盟的关系不断发展。", ["asean-china"]),
    ("Отношения России и АСЕАН развиваются.", ["asean-russia"]),
    ("Les relations entre l'UE et l'ASEAN se renforcent.", ["asean-eu"]),
    ("Die Beziehungen zwischen der EU und der ASEAN wachsen.", ["asean-eu"]),
    ("Las relaciones entre la UE y la ASEAN crecen.", ["asean-eu"]),
    ("भारत-आसियान संबंध मजबूत हो रहे हैं।", ["asean-india"]),
    ("Australia and ASEAN agreed to deepen cooperation.", ["asean-australia"]),
    ("New Zealand and ASEAN signed a plan of action.", ["asean-new-zealand"]),
    ("Canada and ASEAN launched free trade negotiations.", ["asean-canada"]),
    ("ASEAN and the United Kingdom held their dialogue in London.", ["asean-uk"]),
    ("ASEAN-US relations were elevated to a Comprehensive Strategic Partnership.", ["asean-us"]),
    # "And" with the article after it: Spanish "y los", Italian "e gli", Portuguese "e a".
    ("La ASEAN y los Estados Unidos firmaron un acuerdo de asociación.", ["asean-us"]),
    ("L'ASEAN e gli Stati Uniti hanno firmato un accordo.", ["asean-us"]),
    ("A ASEAN e a União Europeia assinaram um acordo de parceria.", ["asean-eu"]),
    ("Japan's ODA to Vietnam rose.", []),
    ("China and the Philippines clashed in the South China Sea; ASEAN urged restraint.", []),
    (
        "ASEAN foreign ministers met in Vientiane. China's Wang Yi attended the ASEAN-China "
        "meeting.",
        ["asean-china"],
    ),
    ("Quan hệ Đối tác Chiến lược Toàn diện ASEAN-Hoa Kỳ", ["asean-us"]),
    ("Kemitraan Strategis Komprehensif ASEAN-Australia", ["asean-australia"]),
    ("아세안과 일본은 협력을 강화하기로 했다.", ["asean-japan"]),
    ("東盟與中國關係持續發展。", ["asean-china"]),
    ("東協與美國的關係", ["asean-us"]),
    ("ASEANとインドの関係", ["asean-india"]),
    ("Mối quan hệ ASEAN và Nga", ["asean-russia"]),
    ("L'ANASE et le Canada renforcent leur partenariat.", ["asean-canada"]),
    # Cases and word orders: Russian, German, Romance, CJK, Indonesian, Vietnamese, Thai.
    ("Сотрудничество Россия — АСЕАН укрепляется.", ["asean-russia"]),
    ("саммит Россия — АСЕАН", ["asean-russia"]),
    ("Отношения между Россией и АСЕАН", ["asean-russia"]),
    ("Сотрудничество Китая и АСЕАН", ["asean-china"]),
    ("Отношения Индии и АСЕАН", ["asean-india"]),
    ("Переговоры США и АСЕАН", ["asean-us"]),
    ("Япония и АСЕАН договорились", ["asean-japan"]),
    ("Партнерство АСЕАН с Японией", ["asean-japan"]),
    ("Die Beziehungen zwischen Japan und der ASEAN", ["asean-japan"]),
    ("Der ASEAN-China-Gipfel", ["asean-china"]),
    ("Das Treffen zwischen der ASEAN und Indien", ["asean-india"]),
    ("Les relations entre la Chine et l'ASEAN", ["asean-china"]),
    ("Le partenariat ASEAN-Inde", ["asean-india"]),
    ("Le sommet ASEAN-Japon", ["asean-japan"]),
    ("Le sommet entre l'ASEAN et les États-Unis", ["asean-us"]),
    ("La cumbre entre la ASEAN y China", ["asean-china"]),
    ("La asociación ASEAN-Japón", ["asean-japan"]),
    ("Il vertice tra l'ASEAN e la Cina", ["asean-china"]),
    ("Il partenariato UE-ASEAN", ["asean-eu"]),
    ("A cúpula ASEAN-China", ["asean-china"]),
    ("日本とASEANの関係", ["asean-japan"]),
    ("日本・東南アジア諸国連合（ASEAN）特別首脳会議", ["asean-japan"]),
    ("中国和东盟的关系", ["asean-china"]),
    ("中国-东盟自由贸易区", ["asean-china"]),
    ("印度与东盟", ["asean-india"]),
    ("美国与东盟", ["asean-us"]),
    ("俄罗斯与东盟", ["asean-russia"]),
    ("澳大利亚与东盟", ["asean-australia"]),
    ("한국과 아세안의 관계", ["asean-korea"]),
    ("아세안과 한국", ["asean-korea"]),
    ("한-아세안 FTA", ["asean-korea"]),
    ("일본과 아세안", ["asean-japan"]),
    ("중국과 아세안", ["asean-china"]),
    ("미국과 아세안", ["asean-us"]),
    ("인도와 아세안", ["asean-india"]),
    ("Hubungan Indonesia dan Jepang", []),
    ("Hubungan ASEAN dan Jepang", ["asean-japan"]),
    ("Kerja sama ASEAN dengan Tiongkok", ["asean-china"]),
    ("Hợp tác ASEAN - Trung Quốc", ["asean-china"]),
    ("Quan hệ ASEAN và Hàn Quốc", ["asean-korea"]),
    ("Quan hệ ASEAN với Hoa Kỳ", ["asean-us"]),
    ("ความร่วมมืออาเซียน-จีน", ["asean-china"]),
    ("อาเซียนกับญี่ปุ่น", ["asean-japan"]),
    ("ความสัมพันธ์ระหว่างอาเซียนและสหรัฐอเมริกา", ["asean-us"]),
    ("भारत और आसियान के संबंध", ["asean-india"]),
    ("आसियान-चीन", ["asean-china"]),
    # The fourth session's forms: Italian "Usa", Arabic with the article and without a space,
    # Japanese "韓・ASEAN", the partner's own relations in the body.
    ("Il vertice Usa-Asean si è tenuto online.", ["asean-us"]),
    ("قمة الآسيان والولايات المتحدة", ["asean-us"]),
    ("قمة الولاياتالمتحدة - الآسيان", ["asean-us"]),
    ("韓・ASEAN特別首脳会議が開かれた。", ["asean-korea"]),
    ("韓国と東南アジア諸国聨合(ASEAN)の首脳会議が開かれた。", ["asean-korea"]),
    (
        "His comments follow New Zealand's upgrade of relations with ASEAN to a Comprehensive "
        "Strategic Partnership.",
        ["asean-new-zealand"],
    ),
    ("The ASEAN Defense Ministers Meeting (ADMM) Plus will meet every year.", ["admm-plus"]),
]


@pytest.mark.parametrize(("text", "dialogues"), FORMS)
def test_a_dialogue_named_in_its_usual_form(
    text: str, dialogues: list[str], ruleset: Ruleset
) -> None:
    assert sorted(d.id for d in judge(text, ruleset).relevant_dialogues()) == dialogues


@pytest.mark.parametrize(
    ("text", "dialogue"),
    [
        (
            "Japanese Prime Minister Shigeru Ishiba met leaders of the Association of Southeast "
            "Asian Nations in Kuala Lumpur on Sunday.",
            "asean-japan",
        ),
        ("Chinese Premier Li Qiang told ASEAN leaders that China would open up.", "asean-china"),
        ("U.S. Secretary of State Marco Rubio met his ASEAN counterparts.", "asean-us"),
        ("Russia's Lavrov met ASEAN foreign ministers in Vientiane.", "asean-russia"),
    ],
)
def test_a_partners_people_engaging_the_blocs_join_the_two(
    text: str, dialogue: str, ruleset: Ruleset
) -> None:
    """The partner's people meet, tell or host the bloc's leaders, ministers or counterparts:
    a join (weighing as "and" does), not a bare co-occurrence."""
    quotes = [
        e.quote for d in judge(text, ruleset).dialogues if d.id == dialogue for e in d.evidence
    ]
    assert len(quotes) == 1
    assert quotes[0].endswith(("ASEAN", "Nations"))
    assert dialogue in {d.id for d in judge(text, ruleset).relevant_dialogues()}


def test_the_bloc_itself_engaged_is_no_join(ruleset: Ruleset) -> None:
    """ "China told ASEAN to stay out": no leaders, ministers or counterparts of the bloc."""
    judged = judge("China told ASEAN to stay out of the dispute.", ruleset)
    assert [len(e.quote) < 10 for d in judged.dialogues for e in d.evidence] == [True, True]


@pytest.mark.parametrize(
    ("text", "dialogue"),
    [
        (
            "Secretary of State Marco Rubio arrived in Kuala Lumpur on Thursday for meetings with "
            "his Southeast Asian counterparts. Washington is seeking to reassure ASEAN members "
            "worried about U.S. tariffs.",
            "asean-us",
        ),
        (
            "Prime Minister Anthony Albanese welcomed Southeast Asian leaders to Melbourne for a "
            "special summit marking 50 years since Australia became ASEAN's first dialogue "
            "partner.",
            "asean-australia",
        ),
        ("India and the 10-member bloc agreed to review their goods trade pact.", "asean-india"),
    ],
)
def test_the_bloc_by_its_leaders_its_size_or_as_a_partners_partner(
    text: str, dialogue: str, ruleset: Ruleset
) -> None:
    """ "Southeast Asian leaders" and "counterparts", "the 10-member bloc" name the bloc; "Australia
    became ASEAN's first dialogue partner" joins the two."""
    assert dialogue in {d.id for d in judge(text, ruleset).relevant_dialogues()}


@pytest.mark.parametrize(
    "text",
    [
        "李克强将出席第23次中国-东盟(10+1)领导人会议、第23次东盟与中日韩(10+3)领导人会议、"
        "第15届东亚峰会(EAS)和东盟商务与投资峰会。",
        "Dadalo si Premyer Li sa ika-19 na Pulong ng mga Lider ng Tsina at ASEAN (10+1), Ika-19 "
        "na Pulong ng mga Lider ng ASEAN, Tsina, Hapon, at Timog Korea (10+3), at Ika-11 Summit "
        "ng Silangang Asya.",
    ],
)
def test_numbered_meetings_one_attends_are_each_relevant(text: str, ruleset: Ruleset) -> None:
    """A list of numbered meetings shares no points (each is its own), and a relation glossed
    as the 10+1 format is the relation, not one of ASEAN Plus Three's three."""
    relevant = {d.id for d in judge(text, ruleset).relevant_dialogues()}
    assert relevant == {"asean-china", "asean-plus-three", "east-asia-summit"}


def test_a_relation_named_in_the_title_is_never_in_passing(ruleset: Ruleset) -> None:
    """However much more the body says of another relation, the one the headline names by its
    name is what the article says it is about (not below the passing share)."""
    body = " ".join(["The Korea-ASEAN summit opened in Busan and Korea and ASEAN agreed."] * 6)
    judged = judge(body, ruleset, title="ASEAN-Japan ties deepen")
    assert {d.id for d in judged.relevant_dialogues()} == {"asean-korea", "asean-japan"}
    untitled = judge(body + " ASEAN-Japan ties deepen.", ruleset)
    assert {d.id for d in untitled.relevant_dialogues()} == {"asean-korea"}
