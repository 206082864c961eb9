"""What counts as containing a watched word: whole words, any case, Chinese without spaces, regexes."""

import pytest

from posts.models import WatchedAction, WatchedWord
from posts.moderation import watched


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("He sold me a fake passport.", True),
        ("FAKE PASSPORT for sale", True),
        ("a fake\n  passport", True),
        ("Fake passports are not sold here", False),  # A whole word, not the start of a longer one.
        ("nofake passport", False),
    ],
)
def test_words_match_whole_and_ignoring_case(watch, text, found):
    watch("fake passport")

    assert (watched.screen(text).patterns == ("fake passport",)) is found


def test_a_chinese_word_matches_inside_a_sentence_without_spaces(watch):
    watch("假护照")

    verdict = watched.screen("他说可以帮我办假护照，很便宜")

    assert verdict.patterns == ("假护照",) and verdict.holds
    assert watched.screen("他说可以帮我办护照").action == ""


def test_a_regular_expression_matches_as_written_ignoring_case(watch):
    watch(r"wire\s+(me|us)\s+\d+", WatchedAction.BLOCK, is_regex=True)

    assert watched.screen("Please WIRE me 500 euros").blocks
    assert watched.screen("wire me money").action == ""


def test_the_strongest_action_wins_and_every_word_found_is_named(watch):
    watch("lottery", WatchedAction.FLAG)
    watch("western union", WatchedAction.HOLD)
    watch("ssn", WatchedAction.BLOCK)

    assert watched.screen("lottery win").flags
    assert watched.screen("lottery win", "send by Western Union").holds
    verdict = watched.screen("lottery win by Western Union, send your SSN")
    assert verdict.blocks
    assert set(verdict.patterns) == {"lottery", "western union", "ssn"}


def test_the_rules_are_read_once_and_again_only_after_a_change(watch, django_assert_num_queries):
    word = watch("lottery", WatchedAction.FLAG)
    watched.screen("warm up the cache")

    with django_assert_num_queries(0):
        for _ in range(3):
            assert watched.screen("a lottery").flags

    word.action = WatchedAction.BLOCK
    word.save()
    with django_assert_num_queries(1):
        assert watched.screen("a lottery").blocks
        assert watched.screen("a lottery").blocks

    WatchedWord.objects.filter(pk=word.pk).first().delete()
    assert watched.screen("a lottery").action == ""


def test_an_invalid_regex_that_slipped_into_the_database_does_not_stop_anyone_writing(watch):
    watch("([unclosed", is_regex=True)
    watch("lottery", WatchedAction.FLAG)

    assert watched.screen("a lottery ([unclosed").patterns == ("lottery",)


def test_a_process_that_did_not_hear_of_a_change_reads_it_once_its_version_expires(watch):
    """With a per-process cache, a word changed in another process reaches this one within VERSION_SECONDS."""
    from django.core.cache import cache

    word = watch("lottery", WatchedAction.FLAG)
    watched.screen("warm up the cache")
    WatchedWord.objects.filter(pk=word.pk).update(action=WatchedAction.BLOCK)  # another process: no signal here
    assert watched.screen("a lottery").flags  # still what this process compiled

    cache.delete(watched.VERSION_KEY)  # what VERSION_SECONDS later brings

    assert watched.screen("a lottery").blocks
    assert 0 < watched.VERSION_SECONDS <= 300


def test_a_slow_pattern_that_slipped_into_the_database_is_cut_short_and_logged(watch, caplog):
    """Nobody's writing hangs a server on a moderator's mistake: the pattern counts as no match."""
    watch(r"(a+)+$", WatchedAction.BLOCK, is_regex=True)
    watch("lottery", WatchedAction.FLAG)

    with caplog.at_level("WARNING", logger="posts.moderation.watched"):
        verdict = watched.screen("a" * 5000 + "! lottery")

    assert verdict.action == WatchedAction.FLAG
    assert verdict.patterns == ("lottery",)
    assert "took too long" in caplog.text
