"""The whole flow through the test client: offer, hold, approve and reject; read as a visitor in each language."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from posts.models import (
    Moderation,
    ModerationAction,
    Notification,
    NotificationKind,
    ReviewItem,
    ReviewReason,
    Revision,
    Translation,
    TranslationStatus,
)
from posts.moderation.actions import hide_post
from posts.moderation.review_actions import perform
from posts.requests import services as request_services
from tests.conftest import login
from tests.factories import ModeratorFactory, NewUserFactory, UserFactory
from tests.helpers import error_beside
from tests.translations.conftest import CHINESE_STORY, CHINESE_TITLE, ENGLISH_TITLE
from tests.translations.helpers import approved, offer

pytestmark = pytest.mark.django_db


def visitor(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def offer_through_the_form(client, post, **fields):
    data = {"language": "zh-hans", "source_language": "en", "title": CHINESE_TITLE, "story": CHINESE_STORY}
    data.update(fields)
    return client.post(reverse("posts:translation_create", args=[post.pk]), data)


def test_a_member_offers_a_translation_and_the_poster_is_asked_to_approve_it(english_post, translator, poster):
    response = offer_through_the_form(login(translator), english_post)

    translation = Translation.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == translation.get_absolute_url()
    assert (translation.status, translation.moderation) == (TranslationStatus.WAITING, Moderation.PUBLISHED)
    assert (translation.language, translation.source_language) == ("zh-hans", "en")
    # Not shown before the poster approves it.
    page = visitor("zh-hans").get(english_post.get_absolute_url())
    assert CHINESE_TITLE not in page.text
    notification = Notification.objects.get(recipient=poster)
    assert (notification.kind, notification.translation) == (NotificationKind.TRANSLATION_OFFERED, translation)
    poster_page = login(poster).get(english_post.get_absolute_url())
    assert translation.get_absolute_url() in poster_page.text


def test_the_poster_approves_and_visitors_read_it_in_each_language(english_post, translator, poster):
    translation = offer(english_post, translator)
    poster_client = login(poster)

    response = poster_client.post(reverse("posts:translation_decide", args=[translation.pk]), {"decision": "approve"})

    assert response.status_code == HTTPStatus.FOUND
    translation.refresh_from_db()
    assert (translation.status, translation.decided_by) == (TranslationStatus.APPROVED, poster)
    # A visitor reading in Chinese gets the translation, marked with its language, and the original one click away.
    chinese = visitor("zh-hans").get(english_post.get_absolute_url())
    assert f'<span lang="zh-Hans">{CHINESE_TITLE}</span>' in chinese.text
    assert CHINESE_STORY in chinese.text
    assert "由 Xiaoming 译自英语，已经发布者认可。" in chinese.text  # in the reader's language
    assert 'href="?lang=original"' in chinese.text
    # Through the switch: the original, in Chinese.
    original = visitor("zh-hans").get(english_post.get_absolute_url() + "?lang=original")
    assert CHINESE_STORY not in original.text
    assert ENGLISH_TITLE in original.text
    # A visitor reading in English gets the original, and the switch to Chinese.
    english = visitor("en").get(english_post.get_absolute_url())
    assert CHINESE_STORY not in english.text
    assert 'href="?lang=zh-hans"' in english.text
    switched = visitor("en").get(english_post.get_absolute_url() + "?lang=zh-hans")
    assert CHINESE_STORY in switched.text
    assert "Translated from English by Xiaoming, approved by the poster." in switched.text
    # The translator hears of it.
    assert Notification.objects.filter(
        recipient=translator, kind=NotificationKind.TRANSLATION_DECIDED, translation=translation
    ).exists()


def test_names_are_never_translated(english_post, translator):
    approved(english_post, translator)

    page = visitor("zh-hans").get(english_post.get_absolute_url())

    assert "Simon Fischer" in page.text


def test_the_poster_rejects_with_a_reason_and_the_translator_is_told(english_post, translator, poster):
    translation = offer(english_post, translator)
    url = reverse("posts:translation_decide", args=[translation.pk])

    without = login(poster).post(url, {"decision": "reject", "reason": ""})
    assert without.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(without, "reason")
    login(poster).post(url, {"decision": "reject", "reason": "The cello is not a violin."})

    translation.refresh_from_db()
    assert translation.status == TranslationStatus.REJECTED
    assert translation.rejection_reason == "The cello is not a violin."
    assert CHINESE_TITLE not in visitor("zh-hans").get(english_post.get_absolute_url()).text
    assert Notification.objects.filter(recipient=translator, kind=NotificationKind.TRANSLATION_DECIDED).exists()
    told = login(translator).get(translation.get_absolute_url())
    assert "The cello is not a violin." in told.text


def test_a_stranger_cannot_approve(english_post, translator):
    translation = offer(english_post, translator)

    for someone in (UserFactory(), translator):
        response = login(someone).post(
            reverse("posts:translation_decide", args=[translation.pk]), {"decision": "approve"}
        )
        assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND)
    translation.refresh_from_db()
    assert translation.status == TranslationStatus.WAITING
    refused = login(translator).post(
        reverse("posts:translation_decide", args=[translation.pk]), {"decision": "approve"}
    )
    assert "Only the poster of this request, or a moderator, can approve its translations." in refused.text


def test_contact_details_hold_a_translation_for_the_moderators(english_post, translator, poster):
    response = offer_through_the_form(login(translator), english_post, story=CHINESE_STORY + " 微信：simon_cello88")

    translation = Translation.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert translation.moderation == Moderation.PENDING
    item = ReviewItem.objects.pending().get()
    assert (item.target, item.reason) == (translation, ReviewReason.CONTACT_DETAILS)
    # The poster cannot approve it before a moderator has looked, and is told so.
    refused = login(poster).post(reverse("posts:translation_decide", args=[translation.pk]), {"decision": "approve"})
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "A moderator is still checking this translation" in refused.text
    # The queue shows it like any held text; letting it through asks the poster.
    moderator = ModeratorFactory()
    queue = login(moderator).get(reverse("admin:moderation:queue"))
    assert "simon_cello88" in queue.text
    perform(item, "publish", by=moderator)
    translation.refresh_from_db()
    assert translation.moderation == Moderation.PUBLISHED
    assert Notification.objects.filter(recipient=poster, kind=NotificationKind.TRANSLATION_OFFERED).exists()


def test_a_new_members_first_translation_waits_for_a_moderator(english_post):
    newcomer = NewUserFactory()

    offer(english_post, newcomer)

    translation = Translation.objects.get()
    assert translation.moderation == Moderation.PENDING
    assert ReviewItem.objects.pending().get().reason == ReviewReason.NEW_MEMBER


def test_the_poster_leaves_it_to_the_moderators_who_approve_it_from_the_queue(english_post, translator, poster):
    translation = offer(english_post, translator)

    login(poster).post(reverse("posts:translation_decide", args=[translation.pk]), {"decision": "moderators"})

    item = ReviewItem.objects.pending().get()
    assert (item.target, item.reason) == (translation, ReviewReason.TRANSLATION)
    moderator = ModeratorFactory()
    perform(item, "publish", by=moderator)
    translation.refresh_from_db()
    assert (translation.status, translation.decided_by) == (TranslationStatus.APPROVED, moderator)
    assert ModerationAction.objects.about(translation).exists()
    page = visitor("en").get(english_post.get_absolute_url() + "?lang=zh-hans")
    assert "Translated from English by Xiaoming, approved by a moderator." in page.text


def test_a_new_offer_replaces_the_approved_one_only_once_approved(english_post, translator, poster):
    first = approved(english_post, translator)
    second = offer(english_post, UserFactory(display_name="Mei"), title="寻找西蒙（新译）")

    assert CHINESE_TITLE in visitor("zh-hans").get(english_post.get_absolute_url()).text
    login(poster).post(reverse("posts:translation_decide", args=[second.pk]), {"decision": "approve"})

    first.refresh_from_db()
    assert first.status == TranslationStatus.REPLACED
    page = visitor("zh-hans").get(english_post.get_absolute_url())
    assert "寻找西蒙（新译）" in page.text
    assert CHINESE_TITLE not in page.text


def test_a_hidden_requests_translations_are_unreachable(english_post, translator):
    translation = approved(english_post, translator)
    hide_post(post=english_post, by=ModeratorFactory(), reason="Reported")

    assert visitor("zh-hans").get(english_post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert login(UserFactory()).get(translation.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert Client().get(translation.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert CHINESE_TITLE not in visitor("zh-hans").get(reverse("posts:list")).text
    assert CHINESE_TITLE not in visitor("zh-hans").get(reverse("posts:list") + "?q=大提琴").text


def test_editing_the_original_marks_translations_out_of_date_until_confirmed(english_post, translator, poster):
    translation = approved(english_post, translator)

    data = {field: getattr(english_post, field) for field in request_services.POST_FIELDS}
    request_services.edit_post(post=english_post, by=poster, data={**data, "story": "He played the cello and sang."})

    translation.refresh_from_db()
    assert translation.out_of_date
    page = visitor("en").get(english_post.get_absolute_url() + "?lang=zh-hans")
    assert "this translation may be out of date" in page.text
    assert "这篇译文可能已过时" in visitor("zh-hans").get(english_post.get_absolute_url()).text
    login(translator).post(reverse("posts:translation_confirm", args=[translation.pk]))
    translation.refresh_from_db()
    assert not translation.out_of_date


def test_the_translators_edits_are_kept_in_the_history_and_go_back_to_the_poster(english_post, translator):
    translation = approved(english_post, translator)

    response = login(translator).post(
        reverse("posts:translation_edit", args=[translation.pk]), {"title": "寻找西蒙", "story": CHINESE_STORY}
    )

    assert response.status_code == HTTPStatus.FOUND
    translation.refresh_from_db()
    assert translation.status == TranslationStatus.WAITING
    revision = Revision.objects.get(translation=translation)
    assert revision.fields["title"] == CHINESE_TITLE


def test_a_translation_into_the_requests_own_language_is_refused_beside_the_field(english_post, translator):
    response = offer_through_the_form(login(translator), english_post, language="en")

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "language") == ["Choose a language other than the one the request is written in."]
    assert CHINESE_STORY in response.text  # Nothing typed is lost.
    assert not Translation.objects.exists()


def test_followers_who_read_the_language_hear_of_an_approved_translation(english_post, translator):
    reader = UserFactory(languages=["zh-hans"])
    other = UserFactory(languages=["de"])
    for follower in (reader, other):
        request_services.follow_post(user=follower, post=english_post)

    approved(english_post, translator)

    told = set(Notification.objects.filter(kind=NotificationKind.TRANSLATION).values_list("recipient", flat=True))
    assert told == {reader.pk}


def test_the_poster_asks_for_a_translation_and_it_is_listed_by_language_pair(english_post, poster, translator):
    login(poster).post(
        reverse("posts:translation_ask", args=[english_post.pk]), {"language": "ja", "source_language": "en"}
    )
    login(poster).post(
        reverse("posts:translation_ask", args=[english_post.pk]), {"language": "zh-hans", "source_language": "en"}
    )

    listed = Client().get(reverse("posts:help_translate") + "?source_language=en&language=ja")
    assert ENGLISH_TITLE in listed.text
    assert listed.text.count("?language=ja") == 1
    assert "?language=zh-hans" not in listed.text
    other_pair = Client().get(reverse("posts:help_translate") + "?source_language=zh-hans&language=en")
    assert ENGLISH_TITLE not in other_pair.text
    # An approved translation takes its ask off the list.
    approved(english_post, translator, language="ja", title="サイモンを探しています", story="同じ化学のクラスでした。")
    assert ENGLISH_TITLE not in Client().get(reverse("posts:help_translate") + "?language=ja").text


def test_a_stranger_cannot_ask_for_a_translation_of_someone_elses_request(english_post, stranger):
    response = login(stranger).post(
        reverse("posts:translation_ask", args=[english_post.pk]), {"language": "ja", "source_language": "en"}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Only the poster of this request can ask for a translation of it." in response.text
