"""Moderators see translations like any held text: in the queue, in the admin, and in the log."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import (
    Moderation,
    ModerationActionKind,
    ReviewItem,
    ReviewReason,
    Translation,
    WatchedAction,
    WatchedWord,
)
from posts.moderation.review_actions import perform
from tests.conftest import login
from tests.factories import ModeratorFactory
from tests.helpers import logged
from tests.translations.conftest import CHINESE_STORY
from tests.translations.helpers import approved, offer

pytestmark = pytest.mark.django_db


def test_a_watched_word_to_hold_holds_a_translation(english_post, translator):
    WatchedWord.objects.create(pattern="寻人服务", action=WatchedAction.HOLD)

    translation = offer(english_post, translator, story=CHINESE_STORY + " 寻人服务")

    assert translation.moderation == Moderation.PENDING
    assert ReviewItem.objects.pending().get().reason == ReviewReason.WATCHED_HOLD


def test_a_blocked_word_is_refused_beside_the_story_and_nothing_is_lost(english_post, translator):
    WatchedWord.objects.create(pattern="fastfind888", action=WatchedAction.BLOCK)

    response = login(translator).post(
        reverse("posts:translation_create", args=[english_post.pk]),
        {"language": "zh-hans", "source_language": "en", "title": "寻找西蒙", "story": "fastfind888 帮你找"},
    )

    assert response.status_code == HTTPStatus.OK
    assert "fastfind888 帮你找" in response.text
    assert not Translation.objects.exists()


def test_a_flagged_translation_is_hidden_from_the_queue_with_a_reason(english_post, translator):
    WatchedWord.objects.create(pattern="private investigator", action=WatchedAction.FLAG)
    translation = approved(english_post, translator, story=CHINESE_STORY + " private investigator")
    item = ReviewItem.objects.pending().get()
    assert item.reason == ReviewReason.WATCHED_FLAG

    perform(item, "hide", by=ModeratorFactory(), reason="Advertising")

    translation.refresh_from_db()
    assert translation.moderation == Moderation.HIDDEN
    assert logged(translation) == [(ModerationActionKind.HIDE, "Advertising")]
    assert not Translation.objects.approved().exists()


def test_moderators_read_translations_in_the_admin_and_members_do_not(english_post, translator):
    translation = approved(english_post, translator)
    url = reverse("admin:posts_translation_change", args=[translation.pk])

    assert login(ModeratorFactory()).get(url).status_code == HTTPStatus.OK
    listed = login(ModeratorFactory()).get(reverse("admin:posts_translation_changelist"))
    assert translation.title in listed.text
    assert login(translator).get(url).status_code != HTTPStatus.OK


def test_the_notifications_page_and_emails_say_what_happened(english_post, translator, poster, mailoutbox):
    translation = offer(english_post, translator)

    page = login(poster).get(reverse("posts:notifications"))

    assert "waits for your decision" in page.text
    assert any(translation.get_absolute_url() in email.body for email in mailoutbox if poster.email in email.to)
    opened = login(poster).get(reverse("posts:notifications"))
    assert opened.status_code == HTTPStatus.OK
