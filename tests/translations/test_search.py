"""A search in Chinese finds an English request through its approved translation, and says so; not through a
rejected or pending one, nor once the request is hidden."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from posts.models import Post
from posts.moderation.actions import hide_post
from posts.search.query import search_posts
from posts.translations import services
from tests.factories import ModeratorFactory
from tests.translations.helpers import approved, offer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

QUERY = "大提琴"  # "cello": only in the Chinese translation's story.


def found(text: str) -> set[int]:
    return set(search_posts(Post.objects.published(), text).values_list("pk", flat=True))


def chinese_search(text: str):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client.get(reverse("posts:list"), {"q": text})


def test_a_chinese_query_finds_an_english_request_through_its_approved_translation(english_post, translator):
    assert english_post.pk not in found(QUERY)

    approved(english_post, translator)

    assert english_post.pk in found(QUERY)
    page = chinese_search(QUERY)
    assert english_post.get_absolute_url() in page.text
    # Why it matched, in Chinese: the words are in its translation into Simplified Chinese.
    assert "简体中文" in page.text.split("card-why", 1)[1].split("</p>", 1)[0]


def test_an_english_reader_sees_why_it_matched_too(english_post, translator):
    approved(english_post, translator)

    page = Client().get(reverse("posts:list"), {"q": QUERY})

    assert "words in its translation into Simplified Chinese" in page.text


def test_a_pending_translation_finds_nothing(english_post, translator):
    offer(english_post, translator)

    assert english_post.pk not in found(QUERY)
    assert english_post.get_absolute_url() not in chinese_search(QUERY).text


def test_a_rejected_translation_finds_nothing(english_post, translator, poster):
    translation = offer(english_post, translator)
    services.reject_translation(translation=translation, by=poster, reason="Not what I wrote.")

    assert english_post.pk not in found(QUERY)


def test_a_hidden_request_is_not_found_through_its_translation(english_post, translator):
    approved(english_post, translator)
    hide_post(post=english_post, by=ModeratorFactory(), reason="Reported")

    assert english_post.get_absolute_url() not in chinese_search(QUERY).text


def test_reindex_search_keeps_the_translations(english_post, translator):
    approved(english_post, translator)
    Post.objects.filter(pk=english_post.pk).update(search_text="")

    call_command("reindex_search", stdout=StringIO())

    assert english_post.pk in found(QUERY)
    assert english_post.pk in found("cello")  # and by its own words
