"""Chinese names in the romanisations people use (issue 13): the tables and rules of
posts.search.names_chinese, the keys they give, and what search finds with them."""

import pytest
from django.http import QueryDict

from posts.models import Post
from posts.search import names_chinese
from posts.search.filters import PostFilter
from posts.search.namekeys import (
    QUALITY_LITERAL,
    QUALITY_READING,
    QUALITY_ROMANISED,
    match_quality,
    name_forms,
)
from tests.factories import PostFactory


def keys(name: str) -> frozenset[str]:
    return name_forms(name).keys


@pytest.mark.parametrize(
    ("pinyin", "wade_giles", "tongyong"),
    [
        ("zhang", "chang", "jhang"),
        ("chang", "chang", "chang"),
        ("xu", "hsu", "syu"),
        ("xie", "hsieh", "sie"),
        ("zhou", "chou", "jhou"),
        ("ye", "yeh", "ye"),
        ("zhuang", "chuang", "jhuang"),
        ("cai", "tsai", "cai"),
        ("guo", "kuo", "guo"),
        ("qiu", "chiu", "ciou"),
        ("zhi", "chih", "jhih"),
        ("si", "ssu", "sih"),
        ("feng", "feng", "fong"),
        ("wen", "wen", "wun"),
        ("xiong", "hsiung", "syong"),
        ("gui", "kuei", "guei"),
        ("jun", "chun", "jyun"),
        ("lv", "lu", "lyu"),
    ],
)
def test_every_pinyin_syllable_has_its_wade_giles_and_tongyong_spelling(pinyin, wade_giles, tongyong):
    assert names_chinese.WADE_GILES[pinyin] == wade_giles
    assert names_chinese.TONGYONG[pinyin] == tongyong


def test_the_syllable_tables_cover_every_reading_pypinyin_gives():
    assert len(names_chinese.WADE_GILES) > 400
    assert set(names_chinese.WADE_GILES) == set(names_chinese.TONGYONG)


@pytest.mark.parametrize(
    ("jyutping", "spelling"),
    [
        ("can4", "chan"),
        ("zoeng1", "cheung"),
        ("wai5", "wai"),
        ("koeng4", "keung"),
        ("gwok3", "kwok"),
        ("ze6", "tse"),
        ("fung4", "fung"),
        ("jyun4", "yuen"),
        ("ng4", "ng"),
        ("lei5", "lee"),
        ("si1", "sze"),
        ("waa4", "wah"),
    ],
)
def test_jyutping_is_written_the_way_the_hong_kong_government_writes_it(jyutping, spelling):
    assert spelling in names_chinese.hk_syllables(jyutping)


@pytest.mark.parametrize(
    ("name", "spellings"),
    [
        ("周雅婷", {"chouyating", "jhouyating", "yatingchou"}),
        ("謝美玲", {"hsiehmeiling", "shiehmeiling", "siemeiling", "tsemeiling", "chiameiling"}),
        ("陳偉強", {"chanwaikeung", "waikeungchan", "chenweichiang", "tanweiqiang"}),
        ("張慧玲", {"teohuiling", "cheungwailing", "changhuiling", "chonghuiling"}),
        ("邱文福", {"khoowenfu", "chiuwenfu"}),
        ("吕婷", {"lvting", "luting", "lyuting"}),
        ("郭文雄", {"kuowenhsiung", "kwokmanhung", "guowunsyong"}),
    ],
)
def test_a_name_in_characters_is_keyed_in_the_spellings_of_taiwan_hong_kong_and_singapore(name, spellings):
    assert spellings <= keys(name)


def test_other_romanisations_rank_below_the_characters_and_the_reading():
    quality = name_forms("陳偉強").quality
    assert quality["陈伟强"] == QUALITY_LITERAL
    assert quality["chenweiqiang"] == QUALITY_READING
    assert quality["chanwaikeung"] == QUALITY_ROMANISED
    assert quality["tanweiqiang"] == QUALITY_ROMANISED


def test_tone_numbers_and_wade_giles_apostrophes_are_dropped_but_other_apostrophes_kept():
    assert names_chinese.normalise("li3 xiang3can4") == "li xiangcan"
    assert names_chinese.normalise("lu:3 Fang1") == "lü Fang"
    assert names_chinese.normalise("Ch'en Shui-pien") == "Chen Shui-pien"
    assert names_chinese.normalise("O'Brien") == "O'Brien"
    assert names_chinese.normalise("Room 101") == "Room 101"


def test_erhua_is_keyed_with_its_r_and_without_the_er():
    assert {"xiaohongr", "xiaohong", "xiaohonger"} <= keys("小红儿")
    assert "sami" not in keys("Samir")  # a Latin word keeps its r


@pytest.mark.parametrize(
    ("written", "bare", "other"),
    [
        ("王先生", "王", "王芳"),
        ("李老師", "李", "李明"),
        ("张阿姨", "张", "张伟"),
        ("美玲姐", "美玲", "谢美玲"),
        ("小李", "李", "李明"),
        ("老王", "王", "王芳"),
        ("阿明", "明", "陈明"),
    ],
)
def test_honorifics_around_a_chinese_name_are_dropped_and_the_name_as_written_kept(written, bare, other):
    assert names_chinese.drop_honorifics(written) == bare
    query = name_forms(written)
    assert match_quality(query, name_forms(written)) == QUALITY_LITERAL  # the name as written first
    assert match_quality(query, name_forms(other)) == QUALITY_READING  # the name without it, a step lower
    assert match_quality(name_forms(bare), name_forms(written)) is not None


def test_names_without_honorifics_are_left_alone():
    assert names_chinese.drop_honorifics("李明") is None
    assert names_chinese.drop_honorifics("Mr Li") is None


def search(text: str) -> list[str]:
    data = QueryDict(mutable=True)
    data["q"] = text
    return list(PostFilter(data, queryset=Post.objects.published()).qs.values_list("sought_name", flat=True))


@pytest.mark.django_db
def test_a_passport_spelling_finds_the_name_in_characters_and_the_characters_find_the_passport_spelling():
    PostFactory(sought_name="陳偉強")
    PostFactory(sought_name="Chan Wai Keung")
    PostFactory(sought_name="張偉")
    assert set(search("Chan Wai-keung")) == {"陳偉強", "Chan Wai Keung"}
    assert search("Chan Wai-keung")[0] == "Chan Wai Keung"  # the letters as written first
    assert search("陈伟强")[0] == "陳偉強"
    assert set(search("陈伟强")) == {"陳偉強", "Chan Wai Keung"}


@pytest.mark.django_db
def test_a_typing_slip_never_reaches_another_romanisation():
    PostFactory(sought_name="张伟")  # Chong Wai in Hakka
    PostFactory(sought_name="李响灿")
    assert search("Chong Hai") == []
    assert search("Chong Wai") == ["张伟"]
    assert search("Li Xiangcna") == ["李响灿"]  # a slip in the pinyin still finds it
