"""Kept pages for anonymous readers follow the translations: a copy per language read, stale once one changes."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from posts.moderation.actions import hide_post, hide_translation
from posts.translations import services
from reconnect.pagecache import HIT_HEADER
from tests.factories import ModeratorFactory
from tests.translations.conftest import CHINESE_TITLE
from tests.translations.helpers import approved, offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_pages(settings):
    settings.RECONNECT_PAGE_CACHE_SECONDS = 300


def chinese() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_approving_a_translation_makes_the_kept_pages_stale(english_post, translator):
    url = english_post.get_absolute_url()
    chinese().get(url)
    assert chinese().get(url)[HIT_HEADER] == "hit"
    translation = offer(english_post, translator)
    assert CHINESE_TITLE not in chinese().get(url).text

    approved_now = approved(english_post, translator, language="ja", title="サイモン", story="チェロ")
    services.approve_translation(translation=translation, by=english_post.author)

    page = chinese().get(url)
    assert CHINESE_TITLE in page.text
    assert 'href="?lang=ja"' in page.text
    assert approved_now.title in chinese().get(f"{url}?lang=ja").text
    assert CHINESE_TITLE not in chinese().get(f"{url}?lang=original").text
    assert CHINESE_TITLE in chinese().get(reverse("posts:list")).text


def test_a_translation_hidden_by_a_moderator_leaves_the_kept_pages(english_post, translator):
    translation = approved(english_post, translator)
    url = english_post.get_absolute_url()
    assert CHINESE_TITLE in chinese().get(url).text
    assert CHINESE_TITLE in chinese().get(reverse("home")).text

    hide_translation(translation=translation, by=ModeratorFactory(), reason="Wrong names")

    assert CHINESE_TITLE not in chinese().get(url).text
    assert CHINESE_TITLE not in chinese().get(reverse("home")).text


def test_hiding_the_request_takes_its_translations_out_of_feeds_and_pages(english_post, translator):
    approved(english_post, translator)
    chinese().get(english_post.get_absolute_url())

    hide_post(post=english_post, by=ModeratorFactory(), reason="Reported")

    assert chinese().get(english_post.get_absolute_url()).status_code == 404
    for url in (
        reverse("posts:list"),
        reverse("home"),
        reverse("posts:requests_feed"),
        reverse("sitemap_section", args=["requests"]),
        reverse("posts:pfif"),
    ):
        assert CHINESE_TITLE not in chinese().get(url).content.decode()


def test_help_translate_is_kept_for_visitors_and_stale_once_a_poster_asks(english_post):
    url = reverse("posts:help_translate") + "?language=ja"
    Client().get(url)
    assert Client().get(url)[HIT_HEADER] == "hit"

    services.ask_for_translation(post=english_post, by=english_post.author, language="ja", source_language="en")

    page = Client().get(url)
    assert page[HIT_HEADER] == "miss"
    assert english_post.title in page.text
