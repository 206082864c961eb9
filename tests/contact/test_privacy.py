"""Who may read what: a conversation is its two participants' alone; the question and answer stay private."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from posts.contact import relay
from posts.models import Conversation, Message, Moderation
from tests.conftest import login
from tests.contact.helpers import ANSWER, QUESTION, start_url
from tests.factories import UserFactory

SECRET = "My address is 12 Lindenstrasse and my phone is 0151 999 888."


@pytest.fixture
def claim(claimant, claim_post):
    conversation = relay.start_conversation(
        post=claim_post, by=claimant, kind="this_is_me", answer=ANSWER, body=SECRET
    )
    # Contact details wait for a moderator (tests/contact/test_held_messages.py); here one has let them through.
    Message.objects.filter(conversation=conversation).update(moderation=Moderation.PUBLISHED, moderation_reason="")
    return conversation


def test_stranger_gets_404_on_every_conversation_url_and_changes_nothing(stranger_client, claim):
    before = Conversation.objects.values().get(pk=claim.pk)

    for method in (stranger_client.get, stranger_client.post):
        response = method(claim.get_absolute_url(), {"body": "Let me in."})
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert SECRET not in response.text and ANSWER not in response.text

    assert Message.objects.filter(conversation=claim).count() == 1
    assert Conversation.objects.values().get(pk=claim.pk) == before  # Not even marked read.
    inbox = stranger_client.get(reverse("posts:conversations"))
    assert claim.get_absolute_url() not in inbox.text
    assert claim.post.title not in inbox.text


def test_strangers_service_calls_are_refused(stranger, claim):
    with pytest.raises(PermissionDenied):
        relay.send_message(conversation=claim, by=stranger, body="Hello")
    with pytest.raises(PermissionDenied):
        relay.mark_read(conversation=claim, by=stranger)
    assert Message.objects.count() == 1


def test_moderators_read_conversations_only_in_the_admin(moderator_client, claim):
    assert moderator_client.get(claim.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND

    admin_page = moderator_client.get(reverse("admin:posts_conversation_change", args=[claim.pk]))
    assert admin_page.status_code == HTTPStatus.OK
    assert ANSWER in admin_page.text and SECRET in admin_page.text
    listing = moderator_client.get(reverse("admin:posts_conversation_changelist"))
    assert listing.status_code == HTTPStatus.OK


def test_the_admin_cannot_change_or_delete_conversations(moderator_client, claim):
    change = reverse("admin:posts_conversation_change", args=[claim.pk])
    response = moderator_client.post(change, {"claim_answer": "changed"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    delete = reverse("admin:posts_conversation_delete", args=[claim.pk])
    assert moderator_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert moderator_client.get(reverse("admin:posts_conversation_add")).status_code == HTTPStatus.FORBIDDEN
    claim.refresh_from_db()
    assert claim.claim_answer == ANSWER
    assert Message.objects.count() == 1


def test_staff_who_are_not_moderators_cannot_read_conversations_in_the_admin(claim):
    staff = login(UserFactory(is_staff=True))
    response = staff.get(reverse("admin:posts_conversation_change", args=[claim.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_claim_question_is_never_on_public_pages(client, claimant_client, member_client, claim_post):
    pages = [
        client.get(claim_post.get_absolute_url()),
        claimant_client.get(claim_post.get_absolute_url()),
        member_client.get(claim_post.get_absolute_url()),
        client.get(reverse("posts:list")),
        client.get(reverse("posts:list"), {"q": "Simon"}),
        client.get(reverse("posts:requests_feed")),
        client.get(reverse("posts:pfif")),
        claimant_client.get(start_url(claim_post, "i_know_them")),
    ]
    for page in pages:
        assert page.status_code == HTTPStatus.OK
        assert QUESTION not in page.content.decode()


def test_claim_question_is_shown_to_someone_starting_a_claim(claimant_client, claim_post):
    response = claimant_client.get(start_url(claim_post))
    assert QUESTION in response.text
    assert 'name="answer"' in response.text


def test_claim_answer_is_read_by_poster_and_claimant_only(
    member_client, claimant_client, helper_client, stranger_client, claim, claim_post
):
    assert ANSWER in member_client.get(claim.get_absolute_url()).text
    assert ANSWER in claimant_client.get(claim.get_absolute_url()).text

    helper_client.post(start_url(claim_post, "i_know_them"), {"body": "I know his sister."})
    tip = Conversation.objects.get(kind="i_know_them")
    for page in (
        helper_client.get(tip.get_absolute_url()),
        helper_client.get(reverse("posts:conversations")),
        stranger_client.get(reverse("posts:conversations")),
        member_client.get(reverse("posts:conversations")),
    ):
        assert ANSWER not in page.text
        assert QUESTION not in page.text
    assert helper_client.get(claim.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_poster_sees_claim_question_only_in_their_own_form(member_client, claim_post):
    edit = member_client.get(reverse("posts:edit", args=[claim_post.pk]))
    assert QUESTION in edit.text
    assert QUESTION not in member_client.get(claim_post.get_absolute_url()).text


def test_each_side_sees_the_other_by_display_name_only(member, claimant, member_client, claimant_client, claim):
    for client, other in ((member_client, claimant), (claimant_client, member)):
        for url in (claim.get_absolute_url(), reverse("posts:conversations")):
            page = client.get(url).text
            assert other.public_name in page
            assert member.email not in page and claimant.email not in page


def test_a_conversation_says_truly_who_can_read_it(claimant_client, claim, moderator_client):
    page = claimant_client.get(claim.get_absolute_url()).text

    assert "Only the two of you read this conversation" not in page
    assert "moderators can read it too" in page
    # As they can: a moderator reads the messages in the admin.
    admin_page = moderator_client.get(reverse("admin:posts_conversation_change", args=[claim.pk]))
    assert admin_page.status_code == HTTPStatus.OK
    assert "Lindenstrasse" in admin_page.text
