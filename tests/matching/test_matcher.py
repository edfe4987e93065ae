"""Dialogue judgements: compounds in several languages, counter-evidence, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.matching import Ruleset, judge, judged_text
from monitor.matching.attendance import attended
from monitor.matching.ruleset import load_ruleset
from monitor.matching.sentences import unwrapped

RULESET = load_ruleset()


@pytest.mark.parametrize(
    ("text", "dialogue"),
    [
        ("ASEAN-US ties deepen as ministers meet.", "asean-us"),
        ("The U.S.-ASEAN partnership reached a new level.", "asean-us"),
        (
            "Talks between ASEAN and the United States in Jakarta. ASEAN and the US agreed.",
            "asean-us",
        ),
        ("Quan hệ ASEAN-Hoa Kỳ tiếp tục phát triển.", "asean-us"),
        ("KTT ASEAN-Jepang digelar di Jakarta.", "asean-japan"),
        ("中国－东盟关系持续发展。", "asean-china"),
        ("日ASEAN友好協力50周年。", "asean-japan"),
        ("한-아세안 관계가 발전하고 있다.", "asean-korea"),
        ("The ASEAN-EU Commemorative Summit opened in Brussels.", "asean-eu"),
        ("The ASEAN Plus Three finance ministers met.", "asean-plus-three"),
    ],
)
def test_compound_names_make_a_dialogue_relevant(text: str, dialogue: str) -> None:
    j = judge(text, RULESET)
    assert [d.id for d in j.relevant_dialogues()] == [dialogue]


@pytest.mark.parametrize(
    "text",
    [
        "Vietnam beat Japan 2-1 at the SEA Games final, while ASEAN fans cheered Japan's coach.",
        "Prices in US$ rose across ASEAN markets this quarter.",
        "At the Shangri-La Dialogue, the US defence chief spoke about China and ASEAN.",
        "Vietnam and the US upgraded their ties. Hanoi and Washington signed deals on chips.",
        "Tell us what ASEAN means to you.",
    ],
)
def test_hard_negatives_are_not_relevant(text: str) -> None:
    assert not judge(text, RULESET).relevant


def test_bloc_and_partner_in_one_sentence_counts_more_in_title() -> None:
    body = "Leaders gathered on Tuesday."
    without = judge(body, RULESET)
    with_title = judge(body, RULESET, title="Japan, ASEAN agree to boost maritime cooperation")
    assert not without.relevant
    japan = with_title.dialogue("asean-japan")
    assert japan is not None
    assert japan.relevant


@pytest.mark.parametrize(
    ("title", "dialogue"),
    [
        ("EU to bolster ties with Asean", "asean-eu"),
        ("Canada begins trade talks with Southeast Asian bloc", "asean-canada"),
        ("China's relations with ASEAN enter a new phase", "asean-china"),
    ],
)
def test_a_relation_between_the_two_in_a_title_anchors_the_dialogue(
    title: str, dialogue: str
) -> None:
    found = judge("Leaders gathered on Tuesday.", RULESET, title=title).dialogue(dialogue)
    assert found is not None
    assert found.relevant
    assert any(e.kind == "compound" and e.quote == title[e.start : e.end] for e in found.evidence)


def test_a_relation_in_the_body_lists_the_members_of_another_mechanism() -> None:
    text = (
        "The Association of Southeast Asian Nations (ASEAN) reaffirmed its cooperation with"
        " Japan, Korea, and China during the 20th ASEAN Plus Three (APT) Commemorative Summit."
    )
    j = judge(text, RULESET)
    assert [d.id for d in j.relevant_dialogues()] == ["asean-plus-three"]


def test_title_offsets_refer_to_title_plus_body() -> None:
    title = "Japan, ASEAN agree on AI"
    body = "The ASEAN-Japan Summit adopted a joint statement."
    j = judge(body, RULESET, title=title)
    full = judged_text(body, title)
    assert full == title + "\n\n" + body
    spans = [e for d in j.dialogues for e in d.evidence]
    assert any(e.start >= len(title) + 2 for e in spans)
    for e in spans:
        assert full[e.start : e.end] == e.quote


def test_passing_mention_is_listed_with_evidence() -> None:
    text = (
        "The ASEAN-Japan Summit reviewed cooperation. ASEAN-Japan ties cover trade and health. "
        "Japan pledged support for ASEAN-Japan exchanges. "
        "Separately, Russia was mentioned by ASEAN."
    )
    j = judge(text, RULESET)
    russia = j.dialogue("asean-russia")
    assert russia is not None
    assert not russia.relevant
    assert russia.evidence
    assert [d.id for d in j.relevant_dialogues()] == ["asean-japan"]


def test_disabled_dialogue_is_not_judged() -> None:
    narrowed = load_ruleset({"disable": ["asean-us"]})
    j = judge("ASEAN-US ties deepen.", narrowed)
    assert j.dialogue("asean-us") is None
    assert not j.relevant
    assert j.ruleset == narrowed.hash != RULESET.hash


FRAGMENTS = [
    "ASEAN",
    "US",
    "U.S.",
    "us",
    "US$",
    "United States",
    "-",
    "–",
    " and ",
    " ",
    ". ",
    "\n",
    "Japan",
    "China, Japan and Korea",
    "ASEAN Plus Three",
    " (",
    ")",
    "プラス1(",
    ", ",
    "日ASEAN",
    "中国－东盟",
    "한-아세안",
    "Summit",
    "12th",
    "East Asia Summit",
    "Việt Nam",
    "South China Sea",
    "SEA Games",
    "Shangri-La Dialogue",
    "joint statement",
    "\u200b",
    "ß",
    "chaired by Mr X",
    "held in Kuala Lumpur, Malaysia",
    "on 26 October 2025",
    "x",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.none() | st.sampled_from(FRAGMENTS))
@settings(max_examples=300, deadline=None)
def test_every_span_quotes_the_original_text(parts: list[str], title: str | None) -> None:
    body = "".join(parts)
    j = judge(body, RULESET, title=title)
    full = judged_text(body, title)
    for d in j.dialogues:
        assert 0.0 <= d.score <= 1.0
        for e in (*d.evidence, *d.counter_evidence):
            assert 0 <= e.start < e.end <= len(full)
            assert full[e.start : e.end] == e.quote
    for t in j.topics:
        for e in t.evidence:
            assert full[e.start : e.end] == e.quote
    for m in j.meetings:
        assert full[m.start : m.end] == m.name
        for doc in m.documents:
            assert full[doc.start : doc.end] == doc.quote


def test_judging_is_pure(ruleset: Ruleset) -> None:
    text = "The 13th ASEAN–US Summit was held in Kuala Lumpur, Malaysia, on October 26."
    assert judge(text, ruleset) == judge(text, ruleset)


@given(st.text(max_size=300), st.none() | st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_is_judged_and_quoted_exactly(body: str, title: str | None) -> None:
    j = judge(body, RULESET, title=title)
    full = judged_text(body, title)
    assert j.ruleset == RULESET.hash
    assert j.relevant == any(d.relevant for d in j.dialogues)
    spans = [e for d in j.dialogues for e in d.evidence] + [e for t in j.topics for e in t.evidence]
    for e in spans:
        assert full[e.start : e.end] == e.quote


@pytest.mark.parametrize(
    "text",
    [
        "윤 대통령은 인도·태평양 전략과 한-아세안 연대구상을 발표했다.",
        "日本はインド太平洋でASEANと協力する。",
        "ASEAN và chiến lược Ấn Độ Dương - Thái Bình Dương.",
        "Latin American and ASEAN diplomats met.",
    ],
)
def test_longer_names_hide_a_partner_inside_them(text: str) -> None:
    j = judge(text, RULESET)
    assert j.dialogue("asean-india") is None
    assert j.dialogue("asean-us") is None


@pytest.mark.parametrize(
    ("title", "dialogue"),
    [
        ("L'UE et l'ANASE renforcent leurs liens", "asean-eu"),
        ("La ASEAN y la UE firman un acuerdo", "asean-eu"),
        ("Südkorea und die ASEAN vertiefen ihre Zusammenarbeit", "asean-korea"),
        ("Vertice tra Ue e Asean a Bruxelles", "asean-eu"),
        ("Саммит России и АСЕАН в Сочи", "asean-russia"),
    ],
)
def test_and_in_the_partners_languages_joins_a_compound(title: str, dialogue: str) -> None:
    j = judge("Leaders gathered on Tuesday.", RULESET, title=title)
    assert [d.id for d in j.relevant_dialogues()] == [dialogue]


def test_asean_plus_one_with_its_partner_in_brackets_names_the_dialogue() -> None:
    j = judge("温家宝総理は第13回ASEANプラス1(中国)首脳会議に出席する。", RULESET)
    assert [d.id for d in j.relevant_dialogues()] == ["asean-china"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("10 ประเทศอาเซียน จีน ญี่ปุ่น เกาหลีใต้ ออสเตรเลีย อินเดียและนิวซีแลนด์ เข้าร่วมการประชุม", None),
        ("Leaders gathered on Tuesday.", "ASEAN, China, Japan, India leaders meet"),
    ],
)
def test_a_list_of_names_is_no_compound_of_the_bloc_and_the_first(
    text: str, title: str | None
) -> None:
    assert not judge(text, RULESET, title=title).relevant


def test_asean_with_china_japan_and_korea_is_asean_plus_three() -> None:
    text = "The 28th ASEAN and China, Japan, South Korea Finance Ministers' Meeting was held."
    j = judge(text, RULESET)
    assert [d.id for d in j.relevant_dialogues()] == ["asean-plus-three"]
    china = j.dialogue("asean-china")
    assert china is not None
    assert china.score == 0.0


def test_asean_plus_three_by_its_members_quotes_where_they_are_named_together() -> None:
    text = (
        "China welcomed the plan, said the premier of China, as ASEAN, China, Japan and South "
        "Korea agreed on a rice reserve."
    )
    apt = judge(text, RULESET).dialogue("asean-plus-three")
    assert apt is not None
    assert [e.quote for e in apt.evidence] == ["ASEAN, China, Japan and South Korea"]
    assert apt.relevant


def test_asean_plus_three_by_its_members_apart_quotes_the_three() -> None:
    text = "ASEAN leaders met their counterparts from China, Japan and South Korea in Hanoi."
    apt = judge(text, RULESET).dialogue("asean-plus-three")
    assert apt is not None
    assert [e.quote for e in apt.evidence] == ["China, Japan and South Korea"]


def test_three_relations_named_each_with_a_dash_are_not_asean_plus_three() -> None:
    text = "The ASEAN-Japan, ASEAN-Korea and ASEAN-China Summits were held in Jakarta."
    relevant = [d.id for d in judge(text, RULESET).relevant_dialogues()]
    assert sorted(relevant) == ["asean-china", "asean-japan", "asean-korea"]


def test_asean_with_the_three_and_more_partners_is_a_list_for_no_one() -> None:
    text = "Leaders of ASEAN and China, Japan, South Korea, India and Australia met in Vientiane."
    assert not judge(text, RULESET).relevant


def test_the_three_glossing_asean_plus_three_leave_a_partner_compound_alone() -> None:
    text = (
        "Seoul hosted talks between South Korea and ASEAN as well as the ASEAN Plus Three "
        "(South Korea, China and Japan) meeting."
    )
    relevant = {d.id for d in judge(text, RULESET).relevant_dialogues()}
    assert relevant == {"asean-korea", "asean-plus-three"}


def test_a_meeting_on_the_sidelines_of_a_summit_is_not_about_the_summit() -> None:
    text = "Obama met Aquino on the sidelines of the East Asia Summit in Bali on Friday."
    assert not judge(text, RULESET).relevant


def test_bilateral_meetings_in_the_lead_weigh_only_in_their_sentence() -> None:
    text = (
        "Australia will host ASEAN leaders in Melbourne. Australia called ASEAN vital to its "
        "future. The summit would also be a chance for bilateral meetings."
    )
    assert [d.id for d in judge(text, RULESET).relevant_dialogues()] == ["asean-australia"]


def test_one_compound_late_in_a_text_naming_the_partner_alone_is_in_passing() -> None:
    filler = "The two leaders discussed climate action, trade and people-to-people ties. " * 16
    text = (
        "Canada's prime minister met the president of the Philippines in Manila. "
        + filler
        + "Canada and the Philippines also talked about students. "
        + "They agreed that a Canada-ASEAN free trade agreement would help."
    )
    canada = judge(text, RULESET).dialogue("asean-canada")
    assert canada is not None
    assert not canada.relevant


def test_a_mekong_framework_is_not_the_partners_asean_dialogue() -> None:
    text = (
        "The first Korea-Mekong summit opened in Busan, and the Mekong region is a key partner "
        "of Korea-ASEAN cooperation."
    )
    korea = judge(text, RULESET).dialogue("asean-korea")
    assert korea is not None
    assert not korea.relevant


def test_a_mekong_framework_leaves_a_mechanism_of_its_sentence_alone() -> None:
    text = "Ministers will attend the East Asia Summit and the Korea-Mekong meeting in Vientiane."
    assert [d.id for d in judge(text, RULESET).relevant_dialogues()] == ["east-asia-summit"]


def test_a_second_partner_dashed_to_a_compound_is_in_the_compound() -> None:
    text = "Ministers signed a protocol to the ASEAN-Australia-New Zealand Free Trade Area."
    relevant = {d.id for d in judge(text, RULESET).relevant_dialogues()}
    assert relevant == {"asean-australia", "asean-new-zealand"}


def test_and_with_an_italian_article_joins_a_compound() -> None:
    j = judge("Leaders gathered.", RULESET, title="Primo vertice dei leader dell'Ue e dell'Asean")
    assert [d.id for d in j.relevant_dialogues()] == ["asean-eu"]


def test_a_hard_wrapped_line_is_one_sentence_with_the_next() -> None:
    text = "Si apre oggi a Bruxelles il primo\nvertice tra i leader dell'Ue e\ndell'Asean.\n"
    assert [d.id for d in judge(text, RULESET).relevant_dialogues()] == ["asean-eu"]


@given(st.text(alphabet="aZ.\n ", max_size=60))
@settings(max_examples=200, deadline=None)
def test_unwrapping_only_makes_line_breaks_spaces(text: str) -> None:
    joined = unwrapped(text)
    assert len(joined) == len(text)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(text, joined, strict=True))


def test_separate_meetings_on_the_occasion_of_a_summit_are_bilateral() -> None:
    text = (
        "Prime Minister Kishida held separate meetings with leaders visiting Tokyo for the "
        "Japan-ASEAN summit."
    )
    assert not judge(text, RULESET).relevant


@pytest.mark.parametrize(
    "text",
    [
        "사진은 지난달 열린 아세안+3 정상회의에서 기념촬영하는 정상들.",
        "Photo: leaders pose at the ASEAN Plus Three summit in Naypyidaw last month.",
    ],
)
def test_a_photo_caption_weighs_little(text: str) -> None:
    assert not judge(text, RULESET).relevant


@pytest.mark.parametrize(
    "text",
    [
        "Nhân dịp Hội nghị Cấp cao ASEAN-Nhật Bản, Thủ tướng có cuộc gặp song phương với Lào.",
        "日ASEAN首脳会議に合わせ、首相はカンボジア首相と首脳会談を行った。",
        "पूर्वी एशिया शिखर सम्मेलन से पहले प्रधानमंत्री ने जापानी प्रधानमंत्री के साथ द्विपक्षीय वार्ता की।",
        "Министры России и Филиппин встретились на заседании Восточноазиатского саммита.",
        "出席中国—东盟领导人会议的间隙，总理还会见了柬埔寨首相。",
        "ASEAN+3首脳会議終了後、総理はフィリピン大統領と立ち話を行った。",
    ],
)
def test_bilateral_talks_in_the_regions_languages_are_sidelines(text: str) -> None:
    assert not judge(text, RULESET).relevant


def test_a_partner_only_beside_asean_at_a_mechanisms_meeting_is_a_participant() -> None:
    text = (
        "Russia took part in the meeting of the defence ministers of ASEAN. "
        "The ADMM-Plus brings the ASEAN ministers together with eight partners. "
        "Russia's deputy minister spoke of security cooperation with ASEAN."
    )
    assert [d.id for d in judge(text, RULESET).relevant_dialogues()] == ["admm-plus"]


LONG_REPORT = (
    "Canada and Indonesia discussed trade, climate action and people-to-people ties. " * 18
)


def test_a_meeting_someone_attends_is_no_passing_mention_late_in_a_long_text() -> None:
    text = LONG_REPORT + "On July 14, Minister Joly will attend the 30th ASEAN Regional Forum."
    forum = judge(text, RULESET).dialogue("asean-regional-forum")
    assert forum is not None
    assert forum.relevant


def test_a_meeting_named_once_late_without_attending_is_in_passing() -> None:
    text = LONG_REPORT + "Canada supports peace through the Forum régional de l'ANASE."
    forum = judge(text, RULESET).dialogue("asean-regional-forum")
    assert forum is not None
    assert not forum.relevant


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("she will attend the 30th asean regional forum", "asean regional forum"),
        ("le ministre participera au forum regional de l'asean", "forum regional de l'asean"),
        ("thu tuong tham du hoi nghi cap cao dong a", "hoi nghi cap cao dong a"),
        ("首相は東アジアサミットに出席した", "東アジアサミット"),
        ("총리는 동아시아정상회의에 참석했다", "동아시아정상회의"),
    ],
)
def test_attending_is_read_before_or_after_the_name(text: str, name: str) -> None:
    start = text.index(name)
    assert attended(text, start, start + len(name))
    assert not attended("par le biais du " + name, 16, 16 + len(name))


@pytest.mark.parametrize(
    ("title", "dialogue"),
    [
        ("Chinas Beziehungen zur ASEAN vertiefen sich", "asean-china"),
        ("Японско-АСЕАНовское сотрудничество: японские инвестиции в АСЕАН", "asean-japan"),
    ],
)
def test_partners_inflected_in_their_own_languages(title: str, dialogue: str) -> None:
    j = judge("Leaders gathered.", RULESET, title=title)
    found = j.dialogue(dialogue)
    assert found is not None
    assert found.score > 0


def test_the_indian_ocean_in_russian_is_not_india() -> None:
    j = judge("АСЕАН и страны Индийского океана обсудили безопасность.", RULESET)
    assert j.dialogue("asean-india") is None


def test_a_partner_beside_asean_at_the_admm_without_plus_is_its_guest() -> None:
    text = (
        "The ADMM will issue a joint statement before an informal meeting with China's "
        "delegation marking 25 years of ASEAN-China dialogue relations."
    )
    assert not judge(text, RULESET).relevant


@pytest.mark.parametrize(
    "text",
    [
        "Australia and ASEAN officials discussed the AUKUS submarines in Canberra.",
        "中日韩领导人会议前，中方表示愿与东盟和日本加强合作。",
    ],
)
def test_a_partner_beside_asean_in_a_minilateral_is_not_the_dialogue(text: str) -> None:
    assert not judge(text, RULESET).relevant


def test_the_east_asia_summit_shares_its_plural_head_noun() -> None:
    filler = "Sullivan said the trip would build on the record of accomplishment. " * 20
    text = (
        "The president will attend the ASEAN and East Asia summits this weekend. "
        + filler
        + "Sunday's East Asia Summit is also being held in Phnom Penh."
    )
    summit = judge(text, RULESET).dialogue("east-asia-summit")
    assert summit is not None
    assert summit.relevant
