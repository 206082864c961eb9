"""The rules of posts.search.names_world, one by one (the corpus tests them through search)."""

import pytest

from posts.search import names_world
from posts.search.namekeys import QUALITY_LITERAL, QUALITY_SPELLING, allowed_edits, match_quality, name_forms


def test_qualities_are_namekeys_own():
    assert (names_world.LITERAL, names_world.SPELLING) == (QUALITY_LITERAL, QUALITY_SPELLING)


@pytest.mark.parametrize("spelling", ["Itō", "Ito", "Itou", "Itoh", "ITOH"])
def test_hepburn_with_or_without_long_vowels_is_passport_hepburn(spelling):
    assert names_world.japanese_skeleton(spelling) in (None, "ito") and name_forms(spelling).quality.get("ito")


@pytest.mark.parametrize("word", ["Louis", "Moon", "Jihoon", "Chou", "Zhou", "Hussein"])
def test_words_not_of_japanese_syllables_keep_their_spelling(word):
    assert names_world.japanese_skeleton(word) in (None, names_world.fold(word))


@pytest.mark.parametrize("latin", ["Khrushchev", "Khrushchyov", "Chruschtschow", "Chruszczow", "Xruščëv", "Hruŝëv"])
def test_cyrillic_schemes_read_back_to_one_skeleton(latin):
    assert names_world.cyrillic_skeleton("Хрущёв") in names_world.latin_skeletons(latin)


def test_a_latin_word_is_read_as_cyrillic_only_when_it_looks_slavic():
    assert not any(key for key in name_forms("Jun").quality if names_world._CYRILLIC.search(key))
    assert "иванов" in name_forms("Ivanov").quality


def test_hangul_in_rr_and_mr():
    assert {"jun", "joon"} <= set(names_world.romanise_syllable("준", initial=False))
    assert "chun" in names_world.romanise_syllable("준", initial=True)  # MR, word-initial
    forms = name_forms("김서준")
    assert forms.quality["김서준"] == QUALITY_LITERAL
    assert {"kimseojun", "gimseojun", "seojun", "sojun"} <= set(forms.quality)


def test_nicknames_lead_to_the_full_name_not_beyond():
    assert match_quality(name_forms("Peggy"), name_forms("Margaret")) == QUALITY_SPELLING
    assert match_quality(name_forms("Pepe"), name_forms("José")) == QUALITY_SPELLING
    assert match_quality(name_forms("José"), name_forms("Giuseppe")) == QUALITY_SPELLING
    assert match_quality(name_forms("Pepe"), name_forms("Giuseppe")) is None
    assert match_quality(name_forms("Katarina"), name_forms("Catherine")) is None


def test_roots_take_no_typing_slips():
    assert allowed_edits("MICHAEL") == 0
    assert allowed_edits("MUHAMMADhusain") == 0
    assert allowed_edits("michael") == 1


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("Dr. Anna Lindgren", "Anna Lindgren"),
        ("Mrs Eleanor Vance", "Eleanor Vance"),
        ("伊藤さん", "伊藤"),
        ("최동욱 씨", "최동욱"),
        ("김서준님", "김서준"),
        ("Miss", "Miss"),  # never emptied
    ],
)
def test_honorifics_are_dropped(written, bare):
    assert names_world.prepare(written) == bare


def test_abd_names_are_one_word_in_every_spelling():
    keys = [name_forms(spelling).quality for spelling in ("Abd al-Rahman", "Abdul Rahman", "Abdurrahman", "عبد الرحمن")]
    assert all(quality.get("ABDRAHMAN") == QUALITY_SPELLING for quality in keys)


def test_a_chinese_name_in_characters_gets_no_japanese_reading():
    assert "kaoru" not in name_forms("王芳").quality
    assert name_forms("伊藤博文").quality["hirobumi"] == QUALITY_SPELLING
    assert name_forms("伊藤博文").quality["伊藤博文"] == QUALITY_LITERAL
