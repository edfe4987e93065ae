"""A meeting's English title, made from its key alone."""

from __future__ import annotations

import pytest

from monitor.matching.titles import meeting_title


@pytest.mark.parametrize(
    ("key", "dialogue", "title"),
    [
        ("asean-us/summit/13", "ASEAN-United States", "13th ASEAN-United States Summit"),
        ("east-asia-summit/summit/18", "East Asia Summit", "18th East Asia Summit"),
        ("asean-regional-forum/forum/30", "ASEAN Regional Forum", "30th ASEAN Regional Forum"),
        ("admm-plus/sectoral-ministerial/10", "ADMM-Plus", "10th ADMM-Plus"),
        (
            "east-asia-summit/foreign-ministers/2023/jakarta",
            "East Asia Summit",
            "East Asia Summit Foreign Ministers' Meeting 2023, Jakarta",
        ),
        (
            "asean-us/sectoral-ministerial.energy/1",
            "ASEAN-United States",
            "1st ASEAN-United States Energy Ministers' Meeting",
        ),
        (
            "asean-japan/commemorative-summit/2023/tokyo",
            "ASEAN-Japan",
            "ASEAN-Japan Commemorative Summit 2023, Tokyo",
        ),
        ("asean-china/summit/2024/万象", "ASEAN-China", "ASEAN-China Summit 2024, 万象"),
        ("asean-china/summit/2024", "ASEAN-China", "ASEAN-China Summit 2024"),
        ("asean-plus-three/summit/25", "ASEAN Plus Three", "25th ASEAN Plus Three Summit"),
    ],
)
def test_a_title_says_what_the_key_says(key: str, dialogue: str, title: str) -> None:
    assert meeting_title(key, dialogue) == title


def test_a_key_of_another_form_is_its_own_title() -> None:
    assert meeting_title("not-a-key", "ASEAN-Japan") == "not-a-key"
