"""The name keys of issue 13: readings as names have them, Traditional names one character at a time,
split names, double family names, and the quality search ranks by."""

from http import HTTPStatus

import pytest
from django.http import QueryDict
from django.urls import reverse

from posts.models import Post
from posts.search.filters import PostFilter
from posts.search.namekeys import QUALITY_LITERAL, QUALITY_READING, QUALITY_SPELLING, name_forms
from tests.factories import PostFactory


def keys(name: str) -> frozenset[str]:
    return name_forms(name).keys


@pytest.mark.parametrize(
    ("name", "has", "never"),
    [
        ("卜芳", "bufang", "bofang"),
        ("翟军", "zhaijun", "dijun"),
        ("缪兰", "miaolan", "moulan"),
        ("种海", "chonghai", "zhonghai"),
        ("万丽", "wanli", "moli"),
        ("曾晓玲", "zengxiaoling", "cengxiaoling"),
        ("单丽华", "shanlihua", "danlihua"),
        ("仇平", "qiuping", "chouping"),
    ],
)
def test_a_family_name_takes_only_its_readings_as_a_family_name(name, has, never):
    assert has in keys(name)
    assert never not in keys(name)


def test_wan_reads_mo_only_in_the_compound_moqi():
    assert "moqiming" in keys("万俟明")
    assert {"moqi", "ming"} <= keys("万俟明")
    assert "moli" not in keys("万丽")


@pytest.mark.parametrize(("name", "never"), [("王石", "wangdan"), ("周和", "zhouhuo"), ("李朴", "lipo")])
def test_given_names_take_no_reading_that_names_do_not_use(name, never):
    assert never not in keys(name)


def test_traditional_names_are_converted_one_character_at_a_time():
    # OpenCC's phrases keep 於 in 於梨華 but fold it to 于 in 於明, and 乾 in 乾隆 but not in 乾明.
    assert "於" in keys("於明") and "於" in keys("於梨華")
    assert name_forms("於明").quality["於"] == QUALITY_LITERAL
    assert name_forms("於明").quality["于"] == QUALITY_SPELLING
    assert "qianming" in keys("乾明") and "qianlong" in keys("乾隆")
    assert "ganming" not in keys("乾明")
    assert "ganming" in keys("干明")


@pytest.mark.parametrize(
    ("name", "joined"),
    [
        ("Lin Yu-Han", "yuhan"),
        ("Kim Seo-jun", "seojun"),
        ("Marie-Claire Dubois", "marieclaire"),
        ("Maria de la Cruz", "delacruz"),
        ("Maria de la Cruz", "dela"),
        ("Pieter van der Berg", "vanderberg"),
        ("Park Ji Hoon", "jihoon"),
    ],
)
def test_joined_neighbours_and_particles_are_keys(name, joined):
    assert joined in keys(name)


@pytest.mark.parametrize(
    ("name", "surname", "given"),
    [
        ("范姜明輝", "fanjiang", "minghui"),
        ("張廖美玲", "zhangliao", "meiling"),
        ("張簡志偉", "zhangjian", "zhiwei"),
        ("周黃美華", "zhouhuang", "meihua"),
    ],
)
def test_double_family_names_leave_the_given_name_searchable(name, surname, given):
    forms = name_forms(name)
    assert surname in forms.words[0] and given in forms.words[1]


def test_a_three_character_name_that_may_start_with_a_double_surname_is_keyed_both_ways():
    # 张李明: Zhang Liming, or of the Zhang-Li family, Ming.
    assert {"liming", "zhangli", "ming"} <= keys("张李明")


def test_keys_carry_how_literally_they_render_the_name():
    quality = name_forms("李响灿").quality
    assert quality["李响灿"] == QUALITY_LITERAL
    assert quality["lixiangcan"] == QUALITY_READING
    assert quality["xiangcanli"] == QUALITY_SPELLING
    assert name_forms("Katharina Müller").quality["katharinamuller"] == QUALITY_LITERAL
    assert name_forms("Katharina Müller").quality["katharinamueller"] == QUALITY_SPELLING


def ranked(text: str) -> list[tuple[str, int]]:
    data = QueryDict(mutable=True)
    data["q"] = text
    return list(PostFilter(data, queryset=Post.objects.published()).qs.values_list("sought_name", "search_rank"))


def test_search_ranks_characters_above_reading_above_spelling_above_slips(db):
    # Created oldest first: newest-first would put each look-alike on top.
    for name in ("李响灿", "Li Xiangcan", "李向灿", "Li Xiangcen"):
        PostFactory(sought_name=name)
    assert ranked("李响灿") == [("李响灿", 5), ("李向灿", 4), ("Li Xiangcan", 4)]  # no slip: the characters exist
    assert ranked("Li Xiangcan") == [("Li Xiangcan", 5), ("李向灿", 4), ("李响灿", 4), ("Li Xiangcen", 2)]
    # Every word as written, in another order: as good as the name as written.
    assert ranked("Xiangcan Li") == [("Li Xiangcan", 5), ("李向灿", 4), ("李响灿", 4), ("Li Xiangcen", 2)]


def test_the_surname_yu_written_in_its_own_character_is_found_first(db):
    PostFactory(sought_name="於明")
    PostFactory(sought_name="于明")
    assert ranked("於明") == [("於明", 5), ("于明", 4)]
    assert ranked("于明") == [("于明", 5), ("於明", 4)]


def test_characters_typed_slip_to_other_characters_only_when_no_name_has_them(db):
    PostFactory(sought_name="李敏")
    assert ranked("李明") == [("李敏", 2)]
    PostFactory(sought_name="李明")
    assert ranked("李明") == [("李明", 5)]


def test_the_list_page_says_how_each_name_matched(db, client):
    for name in ("Li Xiangcen", "李向灿", "Li Xiangcan"):
        PostFactory(sought_name=name)
    response = client.get(reverse("posts:list"), {"q": "Li Xiangcan"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "name as written: Li Xiangcan" in page
    # The name in Han script is marked as Chinese for screen readers (reconnect/textlang.py).
    assert 'name, same reading: Li Xiangcan ≈ <span lang="zh">李向灿</span>' in page
    assert "name, close spelling: Li Xiangcan ≈ Li Xiangcen" in page


def test_the_list_page_says_how_each_name_matched_in_chinese(db, client):
    PostFactory(sought_name="李向灿")
    response = client.get(reverse("posts:list"), {"q": "Li Xiangcan"}, headers={"accept-language": "zh-hans"})
    assert '姓名读音相同：<span lang="en">Li Xiangcan</span> ≈ 李向灿' in response.content.decode()
