"""Who may start a conversation, and what happens with bad input: a message beside the field, nothing lost."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from posts.contact import relay
from posts.models import Conversation, Message, Moderation
from tests.conftest import login
from tests.contact.helpers import ANSWER, QUESTION, start_url
from tests.factories import PostFactory, UserFactory
from tests.requests.test_post_create_edit import error_beside, submit_edit

TYPED = "I was in your chemistry class and I sat behind you."


def test_missing_answer_is_shown_beside_the_field_and_the_message_is_kept(claimant_client, claim_post):
    response = claimant_client.post(start_url(claim_post), {"answer": "  ", "body": TYPED})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "answer") == ["Please answer the poster&#x27;s question."]
    assert TYPED in response.text
    assert QUESTION in response.text
    assert Conversation.objects.count() == 0


def test_empty_first_message_is_shown_beside_the_field_and_the_answer_is_kept(claimant_client, claim_post):
    response = claimant_client.post(start_url(claim_post), {"answer": ANSWER, "body": "   "})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body") == ["Please write a message."]
    assert f'value="{ANSWER}"' in response.text
    assert Conversation.objects.count() == 0


def test_empty_reply_is_refused_and_the_thread_is_unchanged(member_client, claimant, claim_post):
    conversation = relay.start_conversation(
        post=claim_post, by=claimant, kind="this_is_me", answer=ANSWER, body=TYPED
    )

    response = member_client.post(conversation.get_absolute_url(), {"body": " \n "})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body") == ["Please write a message."]
    assert TYPED in response.text
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_too_long_reply_is_refused_and_what_was_typed_is_kept(member_client, claimant, claim_post):
    conversation = relay.start_conversation(post=claim_post, by=claimant, kind="i_know_them", body=TYPED)
    typed = "Remember the summer of 2018? " * 200

    response = member_client.post(conversation.get_absolute_url(), {"body": typed})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body")
    assert typed.strip() in response.text
    assert Message.objects.count() == 1


def test_no_question_no_answer_field(claimant_client, post):
    response = claimant_client.get(start_url(post))
    assert 'name="answer"' not in response.text

    claimant_client.post(start_url(post), {"body": TYPED})
    conversation = Conversation.objects.get()
    assert (conversation.claim_question, conversation.claim_answer) == ("", "")


def test_service_requires_the_answer_too(claimant, claim_post):
    with pytest.raises(ValidationError) as refused:
        relay.start_conversation(post=claim_post, by=claimant, kind="this_is_me", answer="", body=TYPED)
    assert set(refused.value.error_dict) == {"answer"}
    assert Conversation.objects.count() == 0


def test_poster_cannot_claim_their_own_request(member, member_client, claim_post):
    page = member_client.get(claim_post.get_absolute_url())
    assert start_url(claim_post) not in page.text
    assert start_url(claim_post, "i_know_them") not in page.text

    assert member_client.get(start_url(claim_post)).status_code == HTTPStatus.FORBIDDEN
    response = member_client.post(start_url(claim_post), {"answer": ANSWER, "body": TYPED})
    assert response.status_code == HTTPStatus.FORBIDDEN
    with pytest.raises(PermissionDenied):
        relay.start_conversation(post=claim_post, by=member, kind="this_is_me", answer=ANSWER, body=TYPED)
    assert Conversation.objects.count() == 0


def test_unverified_member_is_refused(claim_post):
    unverified = UserFactory(verified=False)
    client = login(unverified)

    assert start_url(claim_post) not in client.get(claim_post.get_absolute_url()).text
    page = client.get(start_url(claim_post))
    assert page.status_code == HTTPStatus.FORBIDDEN
    assert "verify your email" in page.text
    response = client.post(start_url(claim_post), {"answer": ANSWER, "body": TYPED})
    assert response.status_code == HTTPStatus.FORBIDDEN
    with pytest.raises(PermissionDenied):
        relay.start_conversation(post=claim_post, by=unverified, kind="this_is_me", answer=ANSWER, body=TYPED)
    assert Conversation.objects.count() == 0


def test_anonymous_visitor_is_sent_to_log_in(client, claim_post):
    # A visitor is offered the page without an account (tests/contact/test_visitor_contact.py); the members' own
    # page still asks for a log-in.
    page = client.get(claim_post.get_absolute_url()).text
    assert reverse("posts:visitor_start", args=[claim_post.pk, "this_is_me"]) in page
    assert start_url(claim_post) not in page
    response = client.post(start_url(claim_post), {"answer": ANSWER, "body": TYPED})
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("state", [Moderation.HIDDEN, Moderation.REMOVED, Moderation.PENDING])
def test_unpublished_requests_cannot_be_contacted(claimant, claimant_client, member_client, member, state):
    hidden = PostFactory(author=member, moderation=state, claim_question=QUESTION)

    for kind in ("this_is_me", "i_know_them"):
        assert claimant_client.get(start_url(hidden, kind)).status_code == HTTPStatus.NOT_FOUND
        response = claimant_client.post(start_url(hidden, kind), {"answer": ANSWER, "body": TYPED})
        assert response.status_code == HTTPStatus.NOT_FOUND
        # Its poster sees their own request, but nobody can write about it either.
        assert member_client.get(start_url(hidden, kind)).status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(PermissionDenied):
        relay.start_conversation(post=hidden, by=claimant, kind="i_know_them", body=TYPED)
    assert Conversation.objects.count() == 0


def test_unknown_kind_is_not_found(claimant_client, claim_post):
    url = reverse("posts:conversation_start", kwargs={"pk": claim_post.pk, "kind": "lover"})
    assert claimant_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_conversation_of_a_request_hidden_later_can_be_read_but_not_continued(
    member_client, claimant_client, claimant, claim_post
):
    conversation = relay.start_conversation(
        post=claim_post, by=claimant, kind="this_is_me", answer=ANSWER, body=TYPED
    )
    claim_post.moderation = Moderation.HIDDEN
    claim_post.save()

    for client in (member_client, claimant_client):
        page = client.get(conversation.get_absolute_url())
        assert page.status_code == HTTPStatus.OK
        assert TYPED in page.text
        assert 'name="body"' not in page.text
        assert client.post(conversation.get_absolute_url(), {"body": "Hello?"}).status_code == HTTPStatus.FORBIDDEN
    with pytest.raises(PermissionDenied):
        relay.send_message(conversation=conversation, by=claimant, body="Hello?")
    assert Message.objects.count() == 1


def test_poster_sets_the_claim_question_in_the_request_form(member_client, post):
    response = submit_edit(member_client, post, claim_question="Which song did I sing at the farewell party?")

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.claim_question == "Which song did I sing at the farewell party?"


def test_question_added_later_is_asked_when_the_claimant_writes_again(claimant, claimant_client, post):
    conversation = relay.start_conversation(post=post, by=claimant, kind="this_is_me", body=TYPED)
    post.claim_question = QUESTION
    post.save()

    refused = claimant_client.post(start_url(post), {"body": "Me again."})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    claimant_client.post(start_url(post), {"answer": ANSWER, "body": "Me again."})

    conversation.refresh_from_db()
    assert (conversation.claim_question, conversation.claim_answer) == (QUESTION, ANSWER)
    assert conversation.messages.count() == 2
