"""The conversation pages are fetched in a fixed number of queries, however many conversations and messages."""

import re

import pytest
from django.urls import reverse

from posts.contact import relay
from tests.factories import PostFactory, UserFactory

# Every page: session, user, the reader's two permission lookups and the header's two counts
# (notifications, messages): 6.
LIST_QUERIES = 6 + 2  # the paginator's count, the conversations with their unread counts
DETAIL_QUERIES = 6 + 5  # the conversation, the verified email, any sanction, marking it read, the messages


def _exchange(post, starter, messages: int):
    conversation = relay.start_conversation(post=post, by=starter, kind="i_know_them", body="Hello")
    for number in range(messages - 1):
        author = post.author if number % 2 else starter
        relay.send_message(conversation=conversation, by=author, body=f"Message {number}")
    return conversation


@pytest.mark.parametrize(("conversations", "messages"), [(1, 2), (6, 12)])
def test_conversation_list_queries_do_not_grow(
    member, member_client, django_assert_num_queries, conversations, messages
):
    for _ in range(conversations):
        _exchange(PostFactory(author=member), UserFactory(), messages)

    with django_assert_num_queries(LIST_QUERIES):
        response = member_client.get(reverse("posts:conversations"))
    assert len(re.findall(r'href="/conversations/\d+/"', response.text)) == conversations


@pytest.mark.parametrize("messages", [2, 15])
def test_conversation_detail_queries_do_not_grow(member, member_client, django_assert_num_queries, messages):
    conversation = _exchange(PostFactory(author=member), UserFactory(), messages)
    relay.send_message(conversation=conversation, by=conversation.starter, body="Unread for the poster")

    with django_assert_num_queries(DETAIL_QUERIES):
        response = member_client.get(conversation.get_absolute_url())
    assert "Unread for the poster" in response.text
