"""Watched words are looked for in the text folded as contact details are (issue 11, finding 5).

Before, "ｆａｓｔｆｉｎｄ８８８", a zero-width space inside the word or a Cyrillic "а" got a blocked word through.
"""

import pytest

from posts.models import WatchedAction
from posts.moderation import watched


@pytest.mark.parametrize(
    "text",
    [
        "ｆａｓｔｆｉｎｄ８８８ finds anyone",
        "fast\u200bfind\u200d888 finds anyone",
        "fаstfind888 finds anyone",  # Cyrillic а
        "FASTFIND８８８",
    ],
)
def test_a_blocked_word_written_with_look_alikes_or_invisible_characters_is_blocked(watch, text):
    watch("fastfind888", WatchedAction.BLOCK)

    assert watched.screen(text).blocks


def test_a_chinese_hold_word_with_zero_width_spaces_inside_is_held(watch):
    watch("寻人服务")

    assert watched.screen("专业寻\u200b人\u200c服务，三天找到").holds


def test_a_watched_word_in_cyrillic_still_matches_cyrillic_text(watch):
    watch("мошенник")

    assert watched.screen("Это мошенник!").holds
    assert watched.screen("Это честный человек").action == ""
