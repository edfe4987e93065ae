"""Meetings as identities: one key per meeting, whatever its spelling, case or language."""

from __future__ import annotations

import pytest

from monitor.matching import Ruleset, judge
from monitor.matching.identity import fold_meetings, key_of, meeting_key, place_of, year_of
from monitor.matching.judgement import Document, Meeting
from tests.support.seeds import seed_text


@pytest.mark.parametrize(
    ("date", "year"),
    [
        ("27 May 2021", 2021),
        ("October 26", None),
        ("12-13 May 2022", 2022),
        ("วันที่ 26 ตุลาคม 2568", 2025),  # Buddhist era
        ("2024年10月10日", 2024),
        (None, None),
        ("at 10:30", None),
    ],
)
def test_year_of_a_date(date: str | None, year: int | None) -> None:
    assert year_of(date) == year


@pytest.mark.parametrize(
    ("host", "place"),
    [
        ("Kuala Lumpur, Malaysia", "kuala-lumpur"),
        ("Washington, D.C.", "washington"),
        ("Hà Nội", "hanoi"),
        ("ヴィエンチャン", "vientiane"),
        ("万象", "vientiane"),
        ("Viêng Chăn, Lào", "vientiane"),
        ("马来西亚吉隆坡", "kuala-lumpur"),
        ("자카르타", "jakarta"),
        ("Куала-Лумпур", "kuala-lumpur"),
        ("Labuan Bajo, Nusa Tenggara Timur", "labuan-bajo"),
        ("Nowhere Town", "nowhere-town"),
        ("华盛顿特区", "washington"),
        ("เครือรัฐออสเตรเลีย", "เครือรัฐออสเตรเลีย"),  # a vowel sign is part of its word
        ("Under_score", "under-score"),
        ("ニューヨーク", "ニューヨーク"),
        (None, None),
        (", ", None),
    ],
)
def test_place_of_a_host(host: str | None, place: str | None) -> None:
    assert place_of(host) == place


def test_the_key_is_the_ordinal_when_written_else_year_and_place() -> None:
    assert meeting_key("asean-us", "summit", 13, "26 October 2025", "Kuala Lumpur") == (
        "asean-us/summit/13"
    )
    assert meeting_key(
        "asean-us", "special-summit", None, "12-13 May 2022", "Washington, D.C."
    ) == ("asean-us/special-summit/2022/washington")
    assert meeting_key("asean-us", "special-summit", None, "May 2022", None) == (
        "asean-us/special-summit/2022"
    )
    assert meeting_key("asean-us", "summit", None, "October 26", "Kuala Lumpur") is None
    assert meeting_key("asean-us", "summit", None) is None


def test_a_sectoral_meeting_carries_its_sector() -> None:
    energy = meeting_key(
        "asean-us", "sectoral-ministerial", 1, name="ASEAN-U.S. Energy Ministerial"
    )
    transport = meeting_key(
        "asean-us", "sectoral-ministerial", 1, name="ASEAN-US Transport Ministers' Meeting"
    )
    assert (energy, transport) == (
        "asean-us/sectoral-ministerial.energy/1",
        "asean-us/sectoral-ministerial.transport/1",
    )
    assert meeting_key("asean-us", "summit", 1, name="First ASEAN-US Economic Summit") == (
        "asean-us/summit/1"
    ), "only sectoral mechanisms"
    defence = "12th ASEAN Defence Ministers' Meeting-Plus"
    assert meeting_key("admm-plus", "sectoral-ministerial", 12, name=defence) == (
        meeting_key("admm-plus", "sectoral-ministerial", 12, name="12th ADMM-Plus")
    ), "a dialogue of one sector"


def test_a_recorded_key_is_used_and_an_old_judgement_gets_one_derived() -> None:
    assert key_of({"key": "x/summit/1", "dialogue": "y", "mechanism": "forum", "ordinal": 2}) == (
        "x/summit/1"
    )
    old = {"dialogue": "asean-japan", "mechanism": "forum", "ordinal": 36, "name": "36th"}
    assert key_of(old) == "asean-japan/forum/36"
    assert key_of({"dialogue": "asean-japan", "mechanism": "forum", "ordinal": None}) is None


def _meeting(name: str, start: int, **details: object) -> Meeting:
    return Meeting(name, 13, "summit", "asean-us", start, start + len(name), **details)  # type: ignore[arg-type]


def test_two_mentions_of_one_identity_are_one_meeting_completed_by_the_later() -> None:
    doc = Document("joint-statement", "Joint Statement", 90, 105)
    first = _meeting("13th ASEAN-US Summit", 0, date="26 October 2025")
    later = _meeting("13th ASEAN–U.S. summit", 50, host="Kuala Lumpur", documents=(doc,))
    other = Meeting("ASEAN-US Summit", None, "summit", "asean-us", 200, 215)
    (one, bare) = fold_meetings([first, later, other])
    assert (one.name, one.start, one.date, one.host) == (
        "13th ASEAN-US Summit",
        0,
        "26 October 2025",
        "Kuala Lumpur",
    )
    assert one.documents == (doc,)
    assert bare is other, "a meeting without identity is kept as it is"


@pytest.mark.parametrize(
    "text",
    [
        "Leaders met at the 13th ASEAN-US Summit in Kuala Lumpur to deepen ASEAN-US ties.",
        "ASEAN and the United States: at the 13th ASEAN–U.S. summit, leaders adopted a vision.",
        "THE 13TH ASEAN-US SUMMIT OPENS: ASEAN and US leaders meet in Kuala Lumpur.",
        "Thủ tướng dự Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13 tại Kuala Lumpur, Malaysia.",
    ],
)
def test_spellings_cases_and_languages_of_one_meeting_have_one_key(
    text: str, ruleset: Ruleset
) -> None:
    keys = [m.key for m in judge(text, ruleset).meetings]
    assert keys == ["asean-us/summit/13"]


@pytest.mark.parametrize(
    "text",
    [
        "Defence ministers attended the 12th ADMM-Plus in Kuala Lumpur on 1 November 2025.",
        "The 12th ASEAN Defence Ministers’ Meeting - Plus (ADMM-Plus) opened in Kuala Lumpur.",
        "Ministers met at the Twelfth ASEAN Defence Ministers’ Meeting Plus in Kuala Lumpur.",
        "The 12th ASEAN Defense Ministers Meeting Plus was held in Kuala Lumpur.",
        "第12屆東盟防長擴大會周六在馬來西亞吉隆坡舉行。",
        "Hội nghị Bộ trưởng Quốc phòng ASEAN mở rộng lần thứ 12 (ADMM+) diễn ra tại Kuala Lumpur.",
    ],
)
def test_an_admm_plus_meeting_has_one_key_whether_its_name_says_defence_or_not(
    text: str, ruleset: Ruleset
) -> None:
    """Every ADMM-Plus meeting is of defence: a name that says so is not another meeting (the
    12th was two identities, English against Chinese and Russian reports)."""
    assert [m.key for m in judge(text, ruleset).meetings] == ["admm-plus/sectoral-ministerial/12"]


def test_a_bare_summit_name_is_no_identity(ruleset: Ruleset) -> None:
    j = judge("ASEAN and US leaders will meet at the ASEAN-US Summit next month.", ruleset)
    assert [m.key for m in j.meetings] in ([], [None])


SEED_KEYS = {
    "002": ["asean-us/summit/12"],
    "003": ["asean-us/summit/13"],
    "004": ["asean-japan/forum/36", "asean-japan/summit/23"],
}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_each_meeting_a_seed_names_has_one_identity(prefix: str, ruleset: Ruleset) -> None:
    keys = [m.key for m in judge(seed_text(prefix), ruleset).meetings if m.key is not None]
    assert len(keys) == len(set(keys)), f"one meeting listed twice: {keys}"
    if prefix in SEED_KEYS:
        assert keys == SEED_KEYS[prefix]


def test_the_fact_sheet_names_its_meetings_once_each(ruleset: Ruleset) -> None:
    keys = {m.key for m in judge(seed_text("000"), ruleset).meetings}
    assert {
        "asean-us/special-summit/2022/washington",
        "asean-us/sectoral-ministerial.energy/1",
        "asean-us/dialogue.transport/1",
        "asean-us/dialogue/10",
        "east-asia-summit/foreign-ministers/12",
        "asean-regional-forum/forum/29",
    } <= keys


def test_a_meeting_known_by_year_and_place_is_one_identity_in_every_language() -> None:
    keys = {
        meeting_key("asean-china", "summit", None, date, host)
        for date, host in [
            ("9 October 2024", "Vientiane, Lao PDR"),
            ("2024年10月10日", "老挝万象"),
            ("10/10/2024", "Viêng Chăn"),
            ("2567", "เวียงจันทน์"),
        ]
    }
    assert keys == {"asean-china/summit/2024/vientiane"}


def test_a_summit_named_plainly_and_by_its_kind_with_one_ordinal_is_one_meeting(
    ruleset: Ruleset,
) -> None:
    """ "the first EU-ASEAN Commemorative Summit" and "the first EU-ASEAN summit" in one text
    are one meeting, known by its kind; a summit of another ordinal stays apart."""
    text = (
        "Leaders attended the first EU-ASEAN Commemorative Summit in Brussels on 14 December."
        "\n\nThe first EU-ASEAN summit marked 45 years of relations between the two blocs."
    )
    meetings = judge(text, ruleset).meetings
    assert [(m.dialogue, m.mechanism, m.ordinal) for m in meetings] == [
        ("asean-eu", "commemorative-summit", 1)
    ]
    other = text.replace("The first EU-ASEAN summit", "The 23rd ASEAN-EU summit")
    kinds = {(m.mechanism, m.ordinal) for m in judge(other, ruleset).meetings}
    assert ("commemorative-summit", 1) in kinds
