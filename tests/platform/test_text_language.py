"""Text in the other script is marked with its language, for screen readers (WCAG 3.1.2; reconnect/textlang.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from reconnect.textlang import mark_other_script
from tests.factories import PostFactory


def marked(text, language="en") -> str:
    with translation.override(language):
        return str(mark_other_script(text))


def test_han_kana_and_hangul_on_an_english_page_get_their_language():
    assert marked("Looking for Professor 李响灿 (Li Xiangcan)") == (
        'Looking for Professor <span lang="zh">李响灿</span> (Li Xiangcan)'
    )
    assert marked("Looking for 田中 ゆき") == 'Looking for <span lang="ja">田中 ゆき</span>'
    assert marked("박지우 Park Ji-woo") == '<span lang="ko">박지우</span> Park Ji-woo'
    assert marked("Simon from Iowa") == "Simon from Iowa"


def test_latin_words_on_a_chinese_page_are_marked_english():
    assert marked("寻找2012年在里昂认识的法国朋友 Zoë", "zh-hans") == (
        '寻找2012年在里昂认识的法国朋友 <span lang="en">Zoë</span>'
    )
    assert marked("同学 · Regina High School, Iowa City", "zh-hans") == (
        '同学 · <span lang="en">Regina High School, Iowa City</span>'
    )


def test_what_members_wrote_is_escaped_and_markup_and_references_are_kept_whole():
    assert marked("<script>王</script>") == '&lt;script&gt;<span lang="zh">王</span>&lt;/script&gt;'
    quoted = marked("Tom's", "zh-hans")
    assert "&#x27;" in quoted and "&#<span" not in quoted
    from django.utils.safestring import mark_safe

    html = mark_safe('<p class="x">Hi &amp; 你好</p>')
    assert marked(html) == '<p class="x">Hi &amp; <span lang="zh">你好</span></p>'


@pytest.mark.django_db
def test_a_card_links_with_the_title_alone_and_marks_its_han_names(client):
    PostFactory(title="Looking for 王丽 (Wang Li)", sought_name="王丽")
    page = client.get(reverse("posts:list")).content.decode()
    # The link's name is the title: no names, facts or status inside it.
    assert '<h2 class="card-title"><a href="' in page
    assert '">Looking for <span lang="zh">王丽</span> (Wang Li)</a></h2>' in page
    assert '<p class="card-names"><span><span lang="zh">王丽</span></span>' in page


@pytest.mark.django_db
def test_screen_readers_skip_the_honeypot(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'class="field field-website" aria-hidden="true">' in page
    assert 'name="website" autocomplete="off" tabindex="-1"' in page
