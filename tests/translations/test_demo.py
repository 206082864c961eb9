"""`seed_demo` shows translations at once: approved both ways, and one waiting for the demo member."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from posts.demo.data import MEMBER_EMAIL
from posts.models import Post, Translation, TranslationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_approved_translations_both_ways_and_one_waiting(seeded):
    approved = Translation.objects.approved()
    assert {(t.source_language, t.language) for t in approved} >= {("en", "zh-hans"), ("zh-hans", "en")}
    assert all(t.decided_by_id == t.post.author_id for t in approved)
    waiting = Translation.objects.get(status=TranslationStatus.WAITING)
    assert waiting.post.author.email == MEMBER_EMAIL


def test_a_chinese_visitor_reads_the_demos_english_request_in_chinese(seeded):
    translation = Translation.objects.approved().get(language="zh-hans")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(translation.post.get_absolute_url())
    found = client.get(reverse("posts:list"), {"q": "元素周期表"})

    assert translation.title in page.text
    assert translation.post.get_absolute_url() in found.text
    assert Post.objects.filter(translation_requests__isnull=False).exists()
    assert "Help translate" in Client().get(reverse("posts:help_translate")).text
