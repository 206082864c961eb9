"""Claims and private messages show on the notifications page and in the header's count, coalesced per
conversation like comments are per request, and never before a held message is let through."""

import re

import pytest
from django.urls import reverse

from posts.contact import relay
from posts.models import ConversationKind, Message, Moderation, Notification, NotificationKind
from posts.moderation import actions
from tests.contact.helpers import ANSWER

NOTIFICATIONS = reverse("posts:notifications")


def header_count(html: str) -> int:
    match = re.search(r'Notifications <span class="count-badge">(\d+)<', html)
    return int(match.group(1)) if match else 0


def notes(user) -> list[tuple[str, int | None]]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", "conversation_id"))


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        (ConversationKind.THIS_IS_ME, "Simon thinks they are the person you are looking for in"),
        (ConversationKind.I_KNOW_THEM, "Simon knows the person you are looking for in"),
    ],
)
def test_a_claim_reaches_the_posters_notifications_and_header(
    claim_post, claimant, member, member_client, committed, kind, shown
):
    conversation = committed(
        relay.start_conversation, post=claim_post, by=claimant, kind=kind, answer=ANSWER, body="It is me, Simon!"
    )

    assert notes(member) == [(NotificationKind.CLAIM, conversation.pk)]
    assert notes(claimant) == []
    page = member_client.get(NOTIFICATIONS).text
    assert shown in page
    assert header_count(page) == 1
    opened = member_client.get(reverse("posts:notification_open", kwargs={"pk": Notification.objects.get().pk}))
    assert opened["Location"] == conversation.get_absolute_url()
    assert header_count(member_client.get(NOTIFICATIONS).text) == 0


def test_replies_reach_the_other_side_and_collapse_while_unread(
    claim_post, claimant, claimant_client, member, committed
):
    conversation = committed(
        relay.start_conversation,
        post=claim_post,
        by=claimant,
        kind=ConversationKind.THIS_IS_ME,
        answer=ANSWER,
        body="It is me, Simon!",
    )
    committed(relay.send_message, conversation=conversation, by=member, body="Simon! At last.")
    committed(relay.send_message, conversation=conversation, by=member, body="Are you still in Regina?")

    # Two messages, one unread notification: coalesced per conversation.
    assert notes(claimant) == [(NotificationKind.MESSAGE, conversation.pk)]
    page = claimant_client.get(NOTIFICATIONS).text
    assert "A new message from Anna about" in page
    assert header_count(page) == 1

    # Once read, the next message is news again.
    Notification.objects.filter(recipient=claimant).update(read_at=Notification.objects.get(recipient=claimant).created_at)
    committed(relay.send_message, conversation=conversation, by=member, body="Write when you can.")
    assert len(notes(claimant)) == 2

    # The poster's claim notification stays one; the claimant's second message, while it is unread, adds none.
    committed(relay.send_message, conversation=conversation, by=claimant, body="Yes, still here.")
    assert notes(member) == [(NotificationKind.CLAIM, conversation.pk)]


def test_a_held_claim_is_told_only_once_a_moderator_lets_it_through(
    claim_post, claimant, member, moderator, committed
):
    conversation = committed(
        relay.start_conversation,
        post=claim_post,
        by=claimant,
        kind=ConversationKind.THIS_IS_ME,
        answer=ANSWER,
        body="It is me, Simon! Call me on +44 20 7946 0958.",
    )
    message = Message.objects.get(conversation=conversation)
    assert message.moderation == Moderation.PENDING
    assert notes(member) == []

    committed(actions.publish_message, message=message, by=moderator)

    assert notes(member) == [(NotificationKind.CLAIM, conversation.pk)]


def test_claims_and_messages_are_not_gathered_into_request_emails(
    claim_post, claimant, member, committed, mailoutbox
):
    committed(
        relay.start_conversation,
        post=claim_post,
        by=claimant,
        kind=ConversationKind.THIS_IS_ME,
        answer=ANSWER,
        body="It is me, Simon!",
    )

    # One email, the message notice, never the conversation's text; the notification row adds no second one.
    assert len(mailoutbox) == 1
    assert "It is me, Simon!" not in mailoutbox[0].body
