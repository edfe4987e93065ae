"""Topics by salience, label rule R6 (tests/fixtures/labelled/README.md): ``primary`` when the
article is about a topic (the lead names it, a meeting focused on it, or the body names it in
two sentences of a paragraph or three of the text, lists and examples aside), ``mentioned``
otherwise; topic filters match primary topics unless a subscription asks for mentions."""

from __future__ import annotations

from typing import Any

import pytest

from alerts.filters import ArticleFacts, SubscriptionFilter, decide
from monitor.matching import judge, load_ruleset
from monitor.matching.salience import MAX_PRIMARY
from tests.support.seeds import seed_text

FILLER = "The leaders discussed the agenda of the meeting and its schedule at some length. " * 12
OTHER = "The delegations then reviewed the schedule of the next meetings in some detail. " * 6


def test_every_seed_has_few_primary_topics_and_weights_that_share_the_whole() -> None:
    ruleset = load_ruleset()
    for seed in ("000", "001", "002", "003", "004"):
        topics = judge(seed_text(seed), ruleset).topics
        assert sum(t.primary for t in topics) <= min(MAX_PRIMARY, 4), seed
        if topics:
            assert sum(t.weight for t in topics) == pytest.approx(1.0, abs=0.01)
        assert {t.role for t in topics} <= {"primary", "mentioned"}


def test_a_topic_in_the_title_is_primary_and_one_named_once_deep_in_the_body_is_not() -> None:
    ruleset = load_ruleset()
    up_front = judge(
        FILLER + "Ministers also noted the Myanmar crisis.",
        ruleset,
        title="ASEAN and China discuss the South China Sea code of conduct",
    )
    roles = {t.id: t.role for t in up_front.topics}
    assert roles["south-china-sea"] == "primary"
    assert roles.get("myanmar", "mentioned") == "mentioned"


def _facts(role: str | None) -> ArticleFacts:
    topic: dict[str, Any] = {"id": "south-china-sea", "evidence": []}
    if role is not None:
        topic["role"] = role
    verdict = {
        "relevant": True,
        "dialogues": [{"id": "asean-china", "relevant": True, "score": 0.9, "evidence": []}],
        "meetings": [],
        "topics": [topic],
    }
    return ArticleFacts("a", "a", "t", "text", None, None, "en", "", verdict)


@pytest.mark.parametrize(
    ("role", "mentions", "wanted"),
    [
        ("primary", False, True),
        ("mentioned", False, False),
        ("mentioned", True, True),
        (None, False, True),  # judged before topics had a role: every topic counted
    ],
)
def test_topic_filters_match_primary_topics_unless_mentions_are_asked_for(
    role: str | None, mentions: bool, wanted: bool
) -> None:
    rule = SubscriptionFilter(topics=("south-china-sea",), topic_mentions=mentions)
    assert decide(rule, _facts(role)).wanted is wanted


def _roles(text: str, title: str | None = None) -> dict[str, str]:
    return {t.id: t.role for t in judge(text, load_ruleset(), title=title).topics}


def _primary(text: str, title: str | None = None) -> set[str]:
    return {i for i, role in _roles(text, title).items() if role == "primary"}


def test_a_topic_named_in_one_sentence_deep_in_the_body_is_one_mention_not_a_theme() -> None:
    # "the COVID-19 pandemic" names health twice in one sentence: still one sentence.
    roles = _roles(FILLER + "\n\nThey recalled the COVID-19 pandemic and its toll.")
    assert roles["health"] == "mentioned"


@pytest.mark.parametrize(
    "lead",
    [
        "Japan is ASEAN's fourth trading partner, with bilateral trade at $236 billion.",
        "Nhật Bản là đối tác thương mại lớn thứ tư của ASEAN.",
        "日本是东盟第四大贸易伙伴。",
        "Il Giappone è il quarto partner commerciale dell'ASEAN.",
    ],
)
def test_a_topic_the_lead_reports_on_is_primary(lead: str) -> None:
    assert _primary(lead + "\n\n" + FILLER) == {"trade-investment"}


@pytest.mark.parametrize(
    ("lead", "topic"),
    [
        (
            "They agreed to cooperate on trade, climate change, public health and education.",
            "trade-investment",
        ),
        ("Talks covered areas such as public health.", "health"),
        ("Leaders met amid the pandemic to discuss the region.", "health"),
        ("政情不安が続くミャンマーや東・南シナ海情勢などを議論する見通し。", "south-china-sea"),
        ("Leaders met in Brussels (the EU did not invite Myanmar's junta).", "myanmar"),
        (
            "Overshadowed by the dispute over the South China Sea, the summit opened.",
            "south-china-sea",
        ),
        ("Belastet vom Streit über das Südchinesische Meer beginnt der Gipfel.", "south-china-sea"),
        (
            "Los líderes se reunieron para avanzar en materia de vacunas, infraestructuras y "
            "cooperación tecnológica.",
            "health",
        ),
    ],
)
def test_a_topic_only_listed_given_as_an_example_or_a_circumstance_in_the_lead_is_not_primary(
    lead: str, topic: str
) -> None:
    roles = _roles(lead + "\n\n" + FILLER)
    assert roles.get(topic, "mentioned") == "mentioned"


@pytest.mark.parametrize(
    "sentence",
    [
        "Their discussions focused on connectivity initiatives of regional significance.",
        "The summit's key issues were connectivity and the region's railways.",
        "Kumar mengatakan KTT ini akan berfokus pada konektivitas komprehensif.",
        "峰會確定能源、金融、教育、互聯互通為重點合作領域。",
        'Mereka mengikuti sesi "Retreat" bertema "Konektivitas dan Keamanan".',
        "The leaders held a retreat themed connectivity for a resilient region.",
        "Gran parte de la reunión estuvo enfocada en la conectividad de la región.",
        "Bei dem Treffen stand die Konnektivität der Region im Vordergrund.",
        "이번 회의에서는 역내 연계성 강화가 주로 논의될 예정이다.",
        "На встрече приоритетное внимание будет уделено взаимосвязанности региона.",
        "Cette année, ce sommet a été largement dominé par la connectivité de la région.",
        "The talks revolved around connectivity between the two regions.",
        "Al centro dei colloqui ci sarà la connettività della regione.",
        "Au cœur des entretiens, la connectivité de la région et ses chemins de fer.",
        "En la cumbre, la presidenta puso el foco en la conectividad de la región.",
        "Die EU will die strategische Partnerschaft ausbauen, mit Fokus auf Konnektivität.",
    ],
)
def test_a_topic_a_meeting_is_said_to_focus_on_is_primary_anywhere(sentence: str) -> None:
    assert "connectivity-transport" in _primary(FILLER + "\n\n" + sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The defence strategy is focusing on connectivity and strategic dialogue.",
        "The meeting focused on priority areas such as connectivity and tourism.",
    ],
)
def test_a_focus_not_of_a_meeting_or_on_an_example_makes_nothing_primary(sentence: str) -> None:
    assert "connectivity-transport" not in _primary(FILLER + "\n\n" + sentence)


def test_a_list_whose_every_item_names_one_topic_names_that_topic() -> None:
    """A list of one topic's parts is no list of areas named in passing: the paragraph names
    health in two sentences; a list of health and other areas does not."""
    health = (
        "The pandemic showed the need for health cooperation. Member states will strengthen "
        "public health systems, share vaccines and train healthcare workers."
    )
    mixed = health.replace("share vaccines", "open their markets").replace(
        "train healthcare workers", "build railway lines"
    )
    assert "health" in _primary(OTHER + "\n\n" + health)
    assert "health" not in _primary(OTHER + "\n\n" + mixed)


def test_two_sentences_of_one_paragraph_or_three_of_the_text_make_a_main_theme() -> None:
    pair = "The ministers discussed the South China Sea. They urged restraint in the Spratlys."
    apart = "The ministers discussed the South China Sea.\n\n" + OTHER + "\n\nCalm in the Spratlys."
    three = apart + "\n\nA code of conduct for the South China Sea is near."
    assert "south-china-sea" in _primary(FILLER + "\n\n" + pair)
    assert "south-china-sea" not in _primary(FILLER + "\n\n" + apart)
    assert "south-china-sea" in _primary(FILLER + "\n\n" + three)


def test_a_run_set_apart_by_semicolons_is_a_list_whatever_its_items_name() -> None:
    listing = (
        "The UK presented programmes on girls' education; economic integration; regional "
        "stability; health systems; and resilience. "
    )
    roles = _roles(FILLER + "\n\n" + listing + listing.replace("presented", "funded"))
    assert roles.get("education-people", "mentioned") == "mentioned"
    assert roles.get("health", "mentioned") == "mentioned"


def test_topics_in_lists_of_cooperation_areas_are_named_in_passing() -> None:
    listing = "They agreed to cooperate on trade and investment, climate change and public health. "
    roles = _roles(FILLER + "\n\n" + listing + listing.replace("agreed", "hoped"))
    assert set(roles) >= {"trade-investment", "energy-climate", "health"}
    assert set(roles.values()) == {"mentioned"}


@pytest.mark.parametrize(
    "lead",
    [
        "Indonesia membawa agenda kerja sama maritim, kerja sama ekonomi dan kerja sama politik.",
        "They reviewed maritime cooperation, political cooperation and cultural cooperation.",
    ],
)
def test_a_topic_among_items_alike_in_form_is_listed_though_the_others_are_no_topics(
    lead: str,
) -> None:
    assert "maritime-security" not in _primary(lead + "\n\n" + FILLER)


@pytest.mark.parametrize(
    "sentence",
    [
        "The 15th meeting on the DOC was held in Hunan province, China, on June 27.",
        "Maritime cooperation, the President said, is the heart of the partnership.",
        "Two-way trade reached 6,730 million dollars, 11,8% more than in 2023.",
        "The EU wants more trade and investment with the world, especially emerging economies,"
        " after the pandemic.",
    ],
)
def test_commas_of_places_dates_numbers_and_clauses_make_no_list(sentence: str) -> None:
    first = judge(sentence + "\n\n" + FILLER, load_ruleset()).topics
    assert any(t.primary for t in first)


def test_a_topics_context_terms_never_make_it_primary() -> None:
    """Myanmar the host is not the Myanmar crisis; economic cooperation is not trade."""
    assert "myanmar" not in _primary(
        "Leaders met in Naypyidaw, the capital of Myanmar.\n\n" + FILLER
    )
    assert "trade-investment" not in _primary(
        "They vowed closer economic cooperation.\n\n" + FILLER
    )
    assert "myanmar" in _primary("The Myanmar crisis dominated the talks.\n\n" + FILLER)


def test_at_most_four_topics_are_primary_those_named_in_the_most_sentences() -> None:
    paragraphs = [
        "Trade grew. Tariffs fell. Free trade talks went on. Supply chains held.",
        "Climate change was discussed. Clean energy projects were launched. Net zero is near.",
        "Public health was raised. Vaccines were pledged.",
        "Maritime security was raised. Coast guards will train.",
        "Scholarships were offered. Education ties grew. Student exchanges rose.",
    ]
    primary = _primary(FILLER + "\n\n" + "\n\n".join(paragraphs))
    assert MAX_PRIMARY == 4
    assert primary == {"trade-investment", "energy-climate", "education-people", "health"} or (
        primary == {"trade-investment", "energy-climate", "education-people", "maritime-security"}
    )


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Die Staaten berieten über das Südchinesische Meer.", "south-china-sea"),
        (
            "Le ministre a évoqué la Mer de Chine méridionale et la sécurité maritime.",
            "maritime-security",
        ),
        ("I ministri hanno discusso del Mar Cinese Meridionale.", "south-china-sea"),
        ("Стороны обсудили борьбу с терроризмом и наркоторговлей.", "transnational-crime"),
        ("Los líderes hablaron del cambio climático.", "energy-climate"),
        ("Ang pulong ay tungkol sa malayang kalakalan.", "trade-investment"),
        ("They want the sea lanes of the region to stay open.", "maritime-security"),
        ("Economic ties and economic relations grew.", "trade-investment"),
        ("以實施中國－東盟自貿區3.0版升級議定書為契機。", "trade-investment"),
        ("雙方同意加強應對氣候變遷的合作。", "energy-climate"),
        ("各方支持落實東盟五點共識。", "myanmar"),
        ("推動互聯互通與跨國犯罪合作。", "connectivity-transport"),
        ("Rising fuel prices hurt businesses. Fuel subsidies were cut.", "energy-climate"),
        ("Suspected drug users and dealers died. Drugs were seized.", "transnational-crime"),
        ("Obama spoke of the Trans-Pacific Partnership (TPP).", "trade-investment"),
        ("Min Aung Hlaing was not invited; the military regime was shunned.", "myanmar"),
        ("Il vertice non ha invitato la giunta militare.", "myanmar"),
        ("I leader hanno discusso della cooperazione marittima.", "maritime-security"),
        ("The protocol covers electric vehicles and carbon credits.", "energy-climate"),
        ("They promoted bioenergy for a low-carbon society before COP26.", "energy-climate"),
        ("Both sides pledged to conclude an air transport agreement.", "connectivity-transport"),
        ("Business champions will build commercial links with the region.", "trade-investment"),
        ("大学間の協力を促進する。", "education-people"),
        ("Os gases de efeito estufa devem cair.", "energy-climate"),
        ("India kini merupakan rakan dagang ke-11 terbesar.", "trade-investment"),
        ("It backed the counterterrorist protection of pipelines.", "transnational-crime"),
        ("На повестке будут пошлины США против стран региона.", "trade-investment"),
        ("ミャンマー情勢について意見交換した。", "myanmar"),
        ("アウン・サン・スー・チー氏の解放を求めた。", "myanmar"),
        ("第19回日ASEAN交通大臣会合が開催された。", "connectivity-transport"),
        ("ASEAN経済共同体との通商政策の協力を検討した。", "trade-investment"),
        ("Blinken juga menyentuh masalah Myanmar dan kudeta militer.", "myanmar"),
        ("Les dirigeants luttent contre la grippe aviaire.", "health"),
        ("Il a réaffirmé la position de l'ASEAN sur la Mer Orientale.", "south-china-sea"),
        ("La reunión se centró en la seguridad del mar de la China Meridional.", "south-china-sea"),
        ("He urged partners to hold the Burmese military accountable.", "myanmar"),
        ("Seoul will work with ASEAN to combat transnational crimes.", "transnational-crime"),
        (
            "Они призвали к принятию Кодекса о правилах поведения сторон в Восточном море.",
            "south-china-sea",
        ),
        ("La lutte contre le virus Ebola a été évoquée.", "health"),
        ("ASEANはネットゼロとクリーンエネルギー移行を目指す。", "energy-climate"),
        ("các hoạt động phòng chống thảm họa và cứu trợ nhân đạo", "disaster-humanitarian"),
        ("Die EU und ASEAN wollen beim Klimaschutz zusammenarbeiten.", "energy-climate"),
        ("Sie bekräftigten das UN-Seerechtsübereinkommen von 1982.", "maritime-security"),
        ("Los países respetarán el Derecho del Mar.", "maritime-security"),
        ("La UE quiere fortalecer la relación comercial con la región.", "trade-investment"),
        ("양측은 문화교류와 유학생 교류를 강화하기로 하였다.", "education-people"),
        # The vocabulary matrix: each topic's named forms in the partners' languages.
        ("Die Minister wollen Menschenhandel und Geldwäsche bekämpfen.", "transnational-crime"),
        ("日本はASEANの人身取引対策を支援する。", "transnational-crime"),
        ("La ciberdelincuencia preocupa a los ministros.", "transnational-crime"),
        ("双方同意推进高速铁路建设。", "connectivity-transport"),
        ("Les deux pays renforcent leur cybersécurité.", "digital-ai"),
        ("양국은 반도체 협력을 논의했다.", "science-technology"),
        ("Die Küstenwache beider Länder arbeitet zusammen.", "maritime-security"),
        ("Os ministros discutiram a vacinação contra a doença.", "health"),
        ("De EU en ASEAN spreken over de energietransitie.", "energy-climate"),
        ("Les ministres ont parlé de la gestion des catastrophes.", "disaster-humanitarian"),
    ],
)
def test_the_taxonomy_names_topics_in_the_partners_languages(text: str, topic: str) -> None:
    assert topic in {t.id for t in judge(text, load_ruleset()).topics}


@pytest.mark.parametrize(
    "text",
    [
        "Kedua negara sepakat memberantas perdagangan orang di kawasan.",
        "Стороны договорились бороться с торговлей людьми в регионе.",
    ],
)
def test_human_trafficking_is_crime_not_trade(text: str) -> None:
    """ "Perdagangan" and "торговл" are trade, but trade in people is the crime."""
    found = {t.id for t in judge(text, load_ruleset()).topics}
    assert "transnational-crime" in found
    assert "trade-investment" not in found


def test_generic_words_are_weak_in_every_language_and_women_peace_and_security_is_one_term() -> (
    None
):
    """A weak term once in the body is not reported; in the lead it is what the text is about."""
    ruleset = load_ruleset()
    for text in ("They spoke of energy.", "Hai bên bàn về năng lượng.", "双方讨论了能源。"):
        assert not judge(FILLER + "\n\n" + text, ruleset).topics, text
        assert [t.id for t in judge(text, ruleset).topics if t.primary] == ["energy-climate"]
    assert not judge("They stressed peace and security in the region.", ruleset).topics
    found = judge("Canada supports the Women, Peace and Security agenda.", ruleset).topics
    assert [t.id for t in found] == ["women-gender"]


def test_a_member_states_name_in_a_list_or_a_caption_is_a_place_not_the_topic() -> None:
    """ "Myanmar" among the member states, or in a photo's caption, is not the Myanmar crisis;
    the junta in a sentence of its own is."""
    ruleset = load_ruleset()
    places = (
        "The leaders of Brunei, Cambodia, Indonesia, Laos, Malaysia, Myanmar, the Philippines, "
        "Singapore, Thailand and Vietnam met Japan's prime minister. "
        "Photo: the leaders in Naypyidaw, Myanmar, last year."
    )
    about = "Myanmar's junta rejected the plan. Myanmar's military detained more protesters."
    assert "myanmar" not in {t.id for t in judge(places, ruleset).topics}
    assert "myanmar" in {t.id for t in judge(about, ruleset).topics}


@pytest.mark.parametrize(
    ("lead", "topic"),
    [
        ("Its lunch was hosted by the Japan Chamber of Commerce and Industry.", "trade-investment"),
        ("Yi, a Research Fellow at the Maritime Studies Center, wrote it.", "maritime-security"),
        ("Yi, a Research Fellow at the Maritime Studies Center, wrote it.", "science-technology"),
        ("The forum was held by the China Association for Military Science.", "science-technology"),
        ("He spoke at a ceremony of Phnom Penh International University.", "education-people"),
        ("ประธานร่วมคืออธิบดีกระทรวงการต่างประเทศและการค้าระหว่างประเทศแคนาดา", "trade-investment"),
    ],
)
def test_a_topics_word_in_an_institutions_name_names_no_topic(lead: str, topic: str) -> None:
    assert topic not in _roles(lead + "\n\n" + FILLER)


@pytest.mark.parametrize(
    ("lead", "topic"),
    [
        ("It extends the Partnerships for Infrastructure Program.", "connectivity-transport"),
        ("Trade Minister Gan Kim Yong said trade would grow.", "trade-investment"),
        ("The ASEAN Ministers on Energy Meeting agreed on energy targets.", "energy-climate"),
        ("Energy cooperation was the first item.", "energy-climate"),
    ],
)
def test_an_initiatives_name_a_post_or_a_meeting_still_names_its_topic(
    lead: str, topic: str
) -> None:
    assert _roles(lead + "\n\n" + FILLER).get(topic) == "primary"


def test_trade_of_the_currency_markets_is_not_trade_between_countries() -> None:
    market = (
        "The ringgit opened lower against the US dollar and is set to trade within a tight "
        "range.\n\nTraders and investors watched US bond yields.\n\n" + FILLER
    )
    trade = "ASEAN and China agreed to settle more of their trade in local currencies.\n\n"
    assert "trade-investment" not in _roles(market)
    assert _primary(trade + FILLER) == {"trade-investment"}


def test_a_names_acronym_in_parentheses_in_the_lead_is_no_aside() -> None:
    lead = "The leaders of the new economic partnership (RCEP) met in Hanoi."
    assert _primary(lead + "\n\n" + FILLER) == {"trade-investment"}


@pytest.mark.parametrize(
    ("lead", "primary"),
    [
        # A name glossing the words before it names what the article reports on.
        (
            "Việt Nam sẽ chủ trì Hội nghị Bộ trưởng Số ASEAN (ASEAN Digital Ministers' Meeting"
            " - ADGMIN) lần thứ sáu tại Hà Nội.",
            True,
        ),
        # An aside does not, in the lead.
        ("ASEAN leaders met in Hanoi (the talks also touched on the digital economy).", False),
        ("ASEAN leaders met in Hanoi (ASEAN Ministers also discussed the Digital Economy).", False),
    ],
)
def test_a_name_in_parentheses_glosses_an_aside_does_not(lead: str, primary: bool) -> None:
    assert (_roles(lead + "\n\n" + FILLER).get("digital-ai") == "primary") is primary


def test_a_text_wrapped_at_sixty_characters_has_paragraphs_not_a_headline_per_line() -> None:
    """Each line of a wrapped text is short and ends without a stop, as a headline does: read
    with its soft breaks as spaces, its first paragraph is its lead."""
    wrapped = (
        "Si apre oggi a Bruxelles il primo\nvertice in assoluto tra i leader dell'Ue e\n"
        "dell'Asean, per i 45 anni di relazioni. Il\nsummit riguarda la guerra in Ucraina e\n"
        "la crisi della regione. Parleranno anche\ndel clima. Infine l'Ue\n"
        "annuncerà un fondo per gli investimenti.\n"
    )
    assert "trade-investment" not in _primary(wrapped)
    assert "trade-investment" in _primary(wrapped.replace("primo", "primo vertice sul commercio"))


def test_a_circumstance_counts_in_the_body_no_more_than_in_the_lead() -> None:
    """ "amid the global health crisis", twice in one paragraph: the talks' circumstance, not
    what the article reports on."""
    body = (
        "The ministers met amid the pandemic in Manila. They spoke of trade and markets. "
        "Their talks went on amid the global health crisis and its toll on the region."
    )
    assert "health" not in _primary(FILLER + "\n\n" + body)
    assert "health" in _primary(FILLER + "\n\n" + body.replace("amid", "on"))


@pytest.mark.parametrize(
    ("lead", "plain"),
    [
        (
            "在新冠疫情蔓延的背景下，东盟与中国领导人在雅加达举行会晤。",
            "新冠疫情蔓延，东盟与中国领导人在雅加达举行会晤。",
        ),
        (
            "코로나19 팬데믹 속에서 아세안과 한국 정상들이 만났다.",
            "코로나19 팬데믹 이후 아세안과 한국 정상들이 만났다.",
        ),
        (
            "新型コロナの感染拡大のさなか、ASEANと日本の首脳が会談した。",
            "新型コロナの感染拡大で、ASEANと日本の首脳が会談した。",
        ),
    ],
)
def test_a_circumstance_told_after_its_term_is_none_of_the_leads_subjects(
    lead: str, plain: str
) -> None:
    """ "背景下", "속에서", "さなか" follow the circumstance they tell ("amid the pandemic")."""
    assert "health" not in _primary(lead + "\n\n" + FILLER)
    assert "health" in _primary(plain + "\n\n" + FILLER)


def test_a_word_written_after_a_circumstance_makes_no_circumstance_of_what_follows() -> None:
    """ "之际" ends the circumstance it follows ("…之际，"): the main clause after it reports."""
    lead = "值此东盟与中国建立对话关系三十周年之际，双方领导人同意扩大自由贸易协定的合作。"
    assert "trade-investment" in _primary(lead + "\n\n" + FILLER)


@pytest.mark.parametrize(
    ("lead", "topic"),
    [
        (
            "It addressed threats ranging from cyber warfare to climate crises.",
            "energy-climate",
        ),
        (
            "They announced submarines for the Royal Australian Navy in San Diego.",
            "maritime-security",
        ),
    ],
)
def test_a_ranges_ends_and_a_navys_name_name_no_subject(lead: str, topic: str) -> None:
    assert _roles(lead + "\n\n" + FILLER).get(topic, "mentioned") == "mentioned"


def test_a_focus_speaks_of_what_follows_it_not_of_a_whole_long_sentence() -> None:
    near = "The summit, under the theme of maritime cooperation, opened in Delhi."
    far = (
        "The summit was convened under the theme of shared values, with leaders from Vietnam,"
        " Cambodia, the Philippines, Thailand, Myanmar, Malaysia, Laos, Brunei, Singapore and"
        " Indonesia, and the declaration covered terrorism, commerce, culture and tourism."
    )
    assert "maritime-security" in _primary(FILLER + "\n\n" + near)
    assert not _primary(FILLER + "\n\n" + far)


@pytest.mark.parametrize(
    ("sentence", "topic", "primary"),
    [
        ("会合は「世界の課題」をテーマに、貿易と投資を議論する。", "trade-investment", False),
        ("会合では「貿易と投資」をテーマに議論する。", "trade-investment", True),
        ("本屆論壇主要討論“海上安全合作”“國際恐怖主義威脅及應對”。", "maritime-security", True),
    ],
)
def test_a_meetings_theme_names_a_topic_only_when_the_topic_is_the_theme(
    sentence: str, topic: str, primary: bool
) -> None:
    assert (topic in _primary(FILLER + "\n\n" + sentence)) is primary


def test_a_byline_or_a_photos_caption_is_not_the_lead() -> None:
    byline = "Trade desk, 10:06 p.m.\n" + "The leaders met in Tokyo. " * 3
    caption = "A container ship at a Thai port. Trade grew by 30%. (Photo: 123RF)\n\n" + FILLER
    assert "trade-investment" not in _primary(caption)
    assert _roles(byline, "Leaders meet").get("trade-investment", "mentioned") == "mentioned"
    assert _roles(byline.replace("desk", "talks resumed in Osaka at"), "Leaders meet")[
        "trade-investment"
    ] == ("primary")


@pytest.mark.parametrize(
    "caption",
    [
        "장관이 무역 협력 방안을 논의하고 있다. [사진=산업통상자원부 제공]\n\n",
        "A container ship at a Thai port, where trade grew by 30%\nPhoto: VNA\n\n",
    ],
)
def test_a_caption_with_its_credit_in_brackets_or_on_the_next_line_is_not_the_lead(
    caption: str,
) -> None:
    assert "trade-investment" not in _primary(caption + FILLER)


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("Trade and business are expected to top the agenda of the summit.", "trade-investment"),
        ("Konektivitas akan menjadi agenda utama KTT tersebut.", "connectivity-transport"),
    ],
)
def test_what_tops_a_meetings_agenda_is_its_key_issue(sentence: str, topic: str) -> None:
    assert topic in _primary(FILLER + "\n\n" + sentence)


def test_as_is_known_is_no_example() -> None:
    # Indonesian "seperti" is "such as", but "seperti diketahui" is "as is known": the trade
    # figures after it are the paragraph's own subject, named in two of its sentences.
    paragraph = (
        "Seperti diketahui, perdagangan ASEAN-India mencapai 58,7 miliar dolar pada 2015. "
        "Perdagangan itu meningkat lagi pada tahun berikutnya."
    )
    assert "trade-investment" in _primary(FILLER + "\n\n" + paragraph)
    listed = paragraph.replace("Seperti diketahui,", "Kerja sama bidang lain seperti")
    assert "trade-investment" not in _primary(FILLER + "\n\n" + listed)


def test_the_situation_in_myanmar_named_so_is_the_topic() -> None:
    lead = "Ministers voiced concern over developments in Myanmar at their meeting in Vientiane."
    assert "myanmar" in _primary(lead + "\n\n" + FILLER)
    place = "Ministers met in Myanmar's capital for their annual meeting in the spring."
    assert "myanmar" not in _primary(place + "\n\n" + FILLER)


def test_a_standfirst_under_the_title_is_the_lead() -> None:
    text = (
        "Minister to attend the East Asia Summit\n\n"
        "Tariffs imposed by the United States will be on the agenda of the talks\n\n" + FILLER
    )
    assert "trade-investment" in _primary(text, title="Minister to attend the East Asia Summit")
    dated = text.replace(
        "Tariffs imposed by the United States will be on the agenda of the talks",
        "Kyodo, 27 October",
    )
    assert "trade-investment" not in _primary(dated + "\n\nTariffs were not discussed.")


def test_a_visit_to_the_us_in_vietnamese_is_no_disaster() -> None:
    # Folded, "thăm Hoa Kỳ" (to visit the US) reads as "thảm họa" (disaster).
    text = "Thủ tướng mời Tổng thống sang thăm Hoa Kỳ. Tổng thống sẽ thăm Hoa Kỳ và Việt Nam."
    assert "disaster-humanitarian" not in {t.id for t in judge(text, load_ruleset()).topics}


def test_a_meeting_held_online_and_a_ministers_post_name_no_topic() -> None:
    lead = (
        "The foreign ministers' meeting was held online, chaired by the Minister of Industry "
        "and Trade of Vietnam."
    )
    assert _primary(lead + "\n\n" + FILLER) == set()
