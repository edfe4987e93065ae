"""Meetings an article names beside its own: a past one with its ordinal, a rank stated later
or for the first time; and the forms of names and ordinals the fourth session's reading of
moved test items showed missing, each written here in its language's usual form (not copied
from the items)."""

from __future__ import annotations

import pytest

from monitor.matching import Ruleset, judge

Found = tuple[str, str, int | None]


def found(text: str, ruleset: Ruleset, title: str | None = None) -> list[Found]:
    return [
        (m.dialogue, m.mechanism, m.ordinal) for m in judge(text, ruleset, title=title).meetings
    ]


FORMS = [
    # Ordinals: Italian "-esimo", Spanish "-va", a lone Roman I after an article, the 11th to
    # 20th written out, Hindi 6th to 10th, Russian "the Nth session of the Meeting of ...".
    ("Li ha presenziato al 17esimo Summit Cina-ASEAN a Naypyidaw.", ("asean-china", "summit", 17)),
    ("La 17va Cumbre ASEAN-China se celebró en Yakarta.", ("asean-china", "summit", 17)),
    ("Si è tenuto a Bruxelles il I Vertice UE-ASEAN.", ("asean-eu", "summit", 1)),
    ("Se celebró en Bruselas la I Cumbre UE-ASEAN.", ("asean-eu", "summit", 1)),
    ("Li ha partecipato al diciassettesimo vertice Cina-ASEAN.", ("asean-china", "summit", 17)),
    ("Le dix-septième sommet ASEAN-Chine s'est tenu à Naypyidaw.", ("asean-china", "summit", 17)),
    ("Der siebzehnte ASEAN-China-Gipfel fand in Jakarta statt.", ("asean-china", "summit", 17)),
    ("छठे पूर्वी एशियाई शिखर सम्मेलन में भाग लेने वाले नेता", ("east-asia-summit", "summit", 6)),
    ("प्रधानमंत्री सातवें भारत-आसियान शिखर सम्मेलन में भाग लेंगे।", ("asean-india", "summit", 7)),
    (
        "Министр принял участие в восьмом заседании Совещания министров обороны стран АСЕАН и "
        "партнёров по диалогу.",
        ("admm-plus", "sectoral-ministerial", 8),
    ),
    # Meeting words: the Thai leaders' summit, "Meeting of the Foreign Ministers of", a gloss
    # between the word and the relation.
    ("นายกฯ เข้าร่วมการประชุมสุดยอดผู้นำอาเซียน-ญี่ปุ่น ครั้งที่ 21", ("asean-japan", "summit", 21)),
    (
        "The 11th Meeting of the Foreign Ministers of ASEAN and the People's Republic of China, "
        "Japan and the Republic of Korea was held in Ha Noi.",
        ("asean-plus-three", "foreign-ministers", 11),
    ),
    (
        "The 5th Meeting of the Economic Ministers of ASEAN and Japan was held in Manila.",
        ("asean-japan", "sectoral-ministerial", 5),
    ),
    (
        "Mereka menghadiri Pertemuan Tingkat Menteri (AEMM) ASEAN-EU ke-23 secara virtual.",
        ("asean-eu", "foreign-ministers", 23),
    ),
    # "<Who> ministers' meeting of the ...", the ministers closing a meeting's name, the
    # Italian "summit".
    (
        "Ministers met for the fifth finance ministers' meeting of the ASEAN Plus Three.",
        ("asean-plus-three", "sectoral-ministerial", 5),
    ),
    (
        "He chaired the Informal Consultations among East Asia Summit (EAS) Foreign Ministers.",
        ("east-asia-summit", "foreign-ministers", None),
    ),
    ("Biden ha preso parte al summit virtuale Usa-Asean.", ("asean-us", "summit", None)),
    # A list whose names are each glossed shares the meeting word after the last.
    (
        "아세안+3(APT: ASEAN Plus Three)/동아시아정상회의(EAS : East Asia Summit)/"
        "아세안지역안보포럼(ARF : ASEAN Regional Forum) 고위관리회의(SOM)에 참석한다.",
        ("asean-plus-three", "senior-officials", None),
    ),
    (
        "아세안+3(APT: ASEAN Plus Three)/동아시아정상회의(EAS : East Asia Summit)/"
        "아세안지역안보포럼(ARF : ASEAN Regional Forum) 고위관리회의(SOM)에 참석한다.",
        ("east-asia-summit", "senior-officials", None),
    ),
    # Names: Korea in Japanese compounds, a variant character, Arabic with its article and
    # the United States written without a space.
    ("「韓・ASEAN特別首脳会議」が釜山で開催される。", ("asean-korea", "special-summit", None)),
    ("韓国と東南アジア諸国聨合(ASEAN)の首脳会議が開かれた。", ("asean-korea", "summit", None)),
    ("انعقدت قمة الآسيان والولايات المتحدة في كاليفورنيا.", ("asean-us", "summit", None)),
    ("يلقي الرئيس كلمة أمام قمة الولاياتالمتحدة - الآسيان.", ("asean-us", "summit", None)),
    # A summit for an anniversary is commemorative (R7), however the anniversary is said.
    (
        "Leaders will attend a summit to mark 50 years of ASEAN-Australia relations.",
        ("asean-australia", "commemorative-summit", None),
    ),
    (
        "Leaders attended the ASEAN-Japan Summit marking the golden jubilee of their ties.",
        ("asean-japan", "commemorative-summit", None),
    ),
    (
        "ஆசியான்-ஆஸ்திரேலியா உறவுகளின் 50 ஆண்டுகளைக் குறிக்கும் முக்கிய உச்சி மாநாடு மெல்போர்னில் நடைபெறவுள்ளது.",
        ("asean-australia", "commemorative-summit", None),
    ),
]


@pytest.mark.parametrize(("text", "meeting"), FORMS)
def test_a_meeting_name_in_its_usual_form(text: str, meeting: Found, ruleset: Ruleset) -> None:
    assert meeting in found(text, ruleset)


def test_a_numbered_summit_for_an_anniversary_is_its_numbered_summit(ruleset: Ruleset) -> None:
    text = (
        "Leaders gathered at the 21st ASEAN-Japan Summit to commemorate the 45th Anniversary of "
        "ASEAN-Japan Friendship and Cooperation."
    )
    assert found(text, ruleset) == [("asean-japan", "summit", 21)]
    unnumbered = text.replace("21st ", "")
    assert found(unnumbered, ruleset) == [("asean-japan", "commemorative-summit", None)]


def test_a_lone_capital_i_is_an_ordinal_only_after_a_romance_article(ruleset: Ruleset) -> None:
    assert found("I think the ASEAN-China Summit went well.", ruleset) == [
        ("asean-china", "summit", None)
    ]


def test_one_name_of_two_partners_names_the_meeting_of_both(ruleset: Ruleset) -> None:
    text = (
        "The 29th ASEAN Economic Ministers – Closer Economic Relations Consultation (AEM-CER) "
        "was held in Vientiane."
    )
    assert set(found(text, ruleset)) == {
        ("asean-australia", "sectoral-ministerial", 29),
        ("asean-new-zealand", "sectoral-ministerial", 29),
    }


BODY = (
    "A two-day Russia-ASEAN summit opens on Thursday in Sochi, marking 20 years of dialogue "
    "partnership. The leaders of ten ASEAN countries will meet business representatives on "
    "May 20, followed by a plenary session and a working breakfast on integration in Eurasia "
    "and the Asia-Pacific region, where prospects to interlink integration processes will be "
    "discussed. The summit will end with a news conference in which the Russian president will "
    "take part, and a joint statement is expected on a plan of measures for five years of "
    "cooperation.\n\nThe first Russia-ASEAN summit was held in Kuala Lumpur in 2005."
)


def test_a_past_numbered_meeting_leaves_the_article_s_own_meeting_apart(ruleset: Ruleset) -> None:
    meetings = found(BODY, ruleset, title="Russia-ASEAN summit opens in Sochi")
    assert sorted(meetings, key=str) == [
        ("asean-russia", "summit", 1),
        ("asean-russia", "summit", None),
    ]


def test_a_meeting_numbered_before_a_past_one_is_past_too(ruleset: Ruleset) -> None:
    # The first summit's year is stated early (inside the lead's reach), so its own sentence
    # alone would not tell it as past; the second, a year later and past, does.
    text = BODY.replace("marking 20 years", "20 years after the partnership began in 2005,")
    text += " The second Russia-ASEAN summit was held in Sochi in 2016."
    meetings = found(text, ruleset, title="Russia-ASEAN summit opens")
    assert ("asean-russia", "summit", None) in meetings
    assert {("asean-russia", "summit", 1), ("asean-russia", "summit", 2)} <= set(meetings)


def test_the_article_s_meeting_takes_the_rank_stated_of_it(ruleset: Ruleset) -> None:
    text = BODY + " The Sochi summit will be the third one."
    meetings = found(text, ruleset, title="Russia-ASEAN summit opens in Sochi")
    assert ("asean-russia", "summit", 3) in meetings
    assert ("asean-russia", "summit", None) not in meetings


def test_a_numbered_meeting_of_the_same_year_is_the_article_s_own(ruleset: Ruleset) -> None:
    text = BODY.replace("in Kuala Lumpur in 2005", "in Sochi in 2016") + " It opened in 2016."
    meetings = found(text, ruleset, title="Russia-ASEAN summit opens in Sochi in 2016")
    assert meetings == [("asean-russia", "summit", 1)]


def test_a_first_summit_qualified_is_not_the_commemorative_one_s_rank(ruleset: Ruleset) -> None:
    text = (
        "Lee will attend the ASEAN-EU Commemorative Summit in Brussels. This is the first "
        "ASEAN-EU Summit involving the Leaders of the Member States of ASEAN and of the EU."
    )
    assert ("asean-eu", "commemorative-summit", None) in found(text, ruleset)


def test_a_first_summit_told_of_as_past_stays_apart(ruleset: Ruleset) -> None:
    lead = (
        "Leaders gathered in Melbourne for the ASEAN-Australia Special Summit on Monday, with "
        "trade, climate and maritime security on the agenda and a declaration to be adopted on "
        "the last day. The host said the region's economies would grow together, and that "
        "investment from Australia in Southeast Asia would double over the next ten years, "
        "while the leaders of Indonesia, Vietnam and Malaysia spoke of clean energy and of the "
        "ports they are building with Australian firms."
    )
    text = lead + "\n\nASEAN and Australia held their first summit in 1977 in Kuala Lumpur."
    meetings = found(text, ruleset)
    assert ("asean-australia", "special-summit", None) in meetings
    assert ("asean-australia", "special-summit", 1) not in meetings


def test_the_one_commemorative_summit_is_the_first_summit_named(ruleset: Ruleset) -> None:
    text = (
        "A look at the first summit between the EU and ASEAN, held in Brussels on 14 December "
        "to mark 45 years of relations. The EU-ASEAN Commemorative Summit adopted a statement."
    )
    assert found(text, ruleset) == [("asean-eu", "commemorative-summit", 1)]
    numbered = text + " The 2nd EU-ASEAN summit is planned for 2027."
    assert ("asean-eu", "commemorative-summit", None) in found(numbered, ruleset)


def test_a_summit_held_for_the_first_time_is_the_first(ruleset: Ruleset) -> None:
    text = (
        "For the first time, European and Southeast Asian leaders will gather in Brussels for a "
        "bloc-to-bloc summit. What will come from the EU-ASEAN Commemorative Summit?"
    )
    assert found(text, ruleset) == [("asean-eu", "commemorative-summit", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "Trump attends the ASEAN-US Summit for the first time.",
        "For the first time, Trump will attend the ASEAN-US Summit in Manila, a summit of note.",
    ],
)
def test_attending_for_the_first_time_ranks_no_meeting(text: str, ruleset: Ruleset) -> None:
    assert found(text, ruleset) == [("asean-us", "summit", None)]
