"""A reunion story is published only while the person found agrees to it, in their conversation."""

import io
import json
import zipfile
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.privacy.data import build_export
from posts.models import Conversation, Post, Status
from tests.contact.consent.conftest import STORY
from tests.contact.consent.helpers import conversation_on
from tests.factories import PostFactory, UserFactory
from tests.helpers import error_beside


def consent_url(conversation) -> str:
    return reverse("posts:conversation_story_consent", kwargs={"pk": conversation.pk})


def resolve_url(post) -> str:
    return reverse("posts:resolve", kwargs={"pk": post.pk})


def consent_at(conversation):
    return Conversation.objects.values_list("story_consent_at", flat=True).get(pk=conversation.pk)


# Agreeing and withdrawing in the conversation ---------------------------------------------------


def test_the_person_who_wrote_agrees_and_the_poster_sees_it(conversation, found_client, member_client):
    page = found_client.get(conversation.get_absolute_url())
    assert "I agree to a short reunion story" in page.text
    assert 'name="csrfmiddlewaretoken"' in page.text

    response = found_client.post(consent_url(conversation), {"agree": "1"})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == conversation.get_absolute_url()
    assert consent_at(conversation) is not None
    assert "Withdraw my agreement" in found_client.get(conversation.get_absolute_url()).text
    poster_page = member_client.get(conversation.get_absolute_url()).text
    assert "Simon agreed on" in poster_page
    assert "Withdraw my agreement" not in poster_page


def test_poster_sees_there_is_no_agreement_yet(conversation, member_client):
    page = member_client.get(conversation.get_absolute_url()).text
    assert "Simon has not agreed to a story of your reunion" in page
    assert "I agree to a short reunion story" not in page


def test_the_person_who_wrote_withdraws(post, found, found_client):
    conversation = conversation_on(post, starter=found, agreed=True)

    response = found_client.post(consent_url(conversation), {"agree": "0"})

    assert response.status_code == HTTPStatus.FOUND
    assert consent_at(conversation) is None
    assert "I agree to a short reunion story" in found_client.get(conversation.get_absolute_url()).text


def test_agreeing_again_keeps_the_first_date(post, found, found_client):
    conversation = conversation_on(post, starter=found, agreed=True)
    first = consent_at(conversation)

    found_client.post(consent_url(conversation), {"agree": "1"})

    assert consent_at(conversation) == first


def test_the_poster_cannot_agree_for_the_other_person(conversation, member_client):
    response = member_client.post(consent_url(conversation), {"agree": "1"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert consent_at(conversation) is None


def test_the_poster_cannot_withdraw_for_the_other_person(post, found, member_client):
    conversation = conversation_on(post, starter=found, agreed=True)

    assert member_client.post(consent_url(conversation), {"agree": "0"}).status_code == HTTPStatus.FORBIDDEN
    assert consent_at(conversation) is not None


def test_a_stranger_cannot_touch_the_agreement(post, found, stranger_client):
    agreed = conversation_on(post, starter=found, agreed=True)
    not_agreed = conversation_on(post, starter=UserFactory(), kind="i_know_them")

    assert stranger_client.post(consent_url(agreed), {"agree": "0"}).status_code == HTTPStatus.NOT_FOUND
    assert stranger_client.post(consent_url(not_agreed), {"agree": "1"}).status_code == HTTPStatus.NOT_FOUND
    assert consent_at(agreed) is not None
    assert consent_at(not_agreed) is None


def test_agreeing_needs_a_post_and_a_login(conversation, found_client, client):
    assert found_client.get(consent_url(conversation)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = client.post(consent_url(conversation), {"agree": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert consent_at(conversation) is None


# The resolve form ------------------------------------------------------------------------------


def test_without_agreement_the_resolve_form_has_no_story_field_and_says_how_to_ask(member_client, post):
    response = member_client.get(resolve_url(post))

    assert response.status_code == HTTPStatus.OK
    assert 'name="note"' not in response.text
    assert "with no story" in response.text
    assert reverse("posts:conversations") in response.text


def test_without_agreement_resolving_shows_reunited_with_no_story(member_client, post, client):
    response = member_client.post(resolve_url(post), {"lead": ""})

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert (post.status, post.resolved_note) == (Status.RESOLVED, "")
    assert "Reunited" in client.get(post.get_absolute_url()).text


def test_with_agreement_the_story_is_offered_published_and_shown(member_client, post, found, client):
    conversation_on(post, starter=found, agreed=True)
    assert 'name="note"' in member_client.get(resolve_url(post)).text

    response = member_client.post(resolve_url(post), {"note": STORY, "lead": ""})

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert (post.status, post.resolved_note) == (Status.RESOLVED, STORY)
    assert STORY in client.get(post.get_absolute_url()).text


def test_a_story_typed_after_agreement_was_withdrawn_is_refused_beside_the_field_and_kept(
    member_client, post, found
):
    conversation = conversation_on(post, starter=found, agreed=True)
    assert 'name="note"' in member_client.get(resolve_url(post)).text
    Conversation.objects.filter(pk=conversation.pk).update(story_consent_at=None)  # Withdrawn meanwhile.

    response = member_client.post(resolve_url(post), {"note": STORY, "lead": ""})

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "note")[0].startswith("Nobody you wrote with has agreed to a story")
    assert f"{STORY}</textarea>" in response.text
    post.refresh_from_db()
    assert (post.status, post.resolved_note, post.resolved_at) == (Status.OPEN, "", None)


# Where the story is read -----------------------------------------------------------------------


def reunion_texts(client, post) -> dict[str, str]:
    return {
        "page": client.get(post.get_absolute_url()).text,
        "feed": client.get(reverse("posts:reunions_feed")).content.decode(),
        "pfif": client.get(reverse("posts:pfif")).content.decode(),
    }


def test_the_story_is_shown_everywhere_while_agreed(client, reunited):
    for where, text in reunion_texts(client, reunited).items():
        assert STORY in text, where


def test_withdrawing_hides_the_story_everywhere_at_once(client, reunited, found, found_client):
    conversation = Conversation.objects.get(post=reunited, starter=found)

    found_client.post(consent_url(conversation), {"agree": "0"})

    texts = reunion_texts(client, reunited)
    for where, text in texts.items():
        assert STORY not in text, where
    assert "Reunited" in texts["page"]
    reunited.refresh_from_db()
    assert reunited.resolved_note == STORY  # Kept for the poster: shown again if Simon agrees again.


def test_an_older_note_without_agreement_is_not_shown(client, member):
    post = PostFactory(author=member, status=Status.RESOLVED, resolved_at=timezone.now(), resolved_note=STORY)

    for where, text in reunion_texts(client, post).items():
        assert STORY not in text, where


def test_the_posters_own_export_still_holds_their_note(member):
    post = PostFactory(author=member, status=Status.RESOLVED, resolved_note=STORY)

    with zipfile.ZipFile(io.BytesIO(build_export(member))) as archive:
        data = archive.read("data.json").decode()

    assert STORY in json.dumps(json.loads(data), ensure_ascii=False)
    assert post.title in data


def test_deleting_the_account_of_the_person_found_withdraws_their_agreement(client, reunited, found):
    from accounts.privacy.data import delete_account

    delete_account(user=found, password="correct horse battery staple")

    assert STORY not in client.get(reunited.get_absolute_url()).text


@pytest.mark.parametrize("count", [1, 5])
def test_reunions_feed_reads_the_agreement_in_a_fixed_number_of_queries(
    client, member, count, django_assert_num_queries
):
    for n in range(count):
        post = PostFactory(
            author=member, status=Status.RESOLVED, resolved_at=timezone.now(), resolved_note=f"Story {n}"
        )
        conversation_on(post, starter=UserFactory(), agreed=n % 2 == 0)

    with django_assert_num_queries(1):
        response = client.get(reverse("posts:reunions_feed"))

    assert response.content.decode().count("Story ") == (count + 1) // 2
    assert Post.objects.resolved().count() == count


# Where the panel sits --------------------------------------------------------------------------


def test_the_panel_never_sits_on_top_of_the_first_message(post, found, found_client, member_client):
    conversation = conversation_on(post, starter=found, answered=False)

    poster_page = member_client.get(conversation.get_absolute_url()).text
    # The poster reads the first message before anything about a reunion story.
    assert poster_page.index("Is it you, Anna?") < poster_page.index('id="story-consent"')
    # The one who wrote is not asked about a story of a reunion before anyone has answered them.
    assert 'id="story-consent"' not in found_client.get(conversation.get_absolute_url()).text


def test_the_panel_comes_after_the_poster_answers(conversation, found_client):
    page = found_client.get(conversation.get_absolute_url()).text

    assert "I agree to a short reunion story" in page
    assert page.index("Yes! Simon, is that you?") < page.index('id="story-consent"')
