"""Conversations for the reunion-story tests, made straight in the database."""

from django.utils import timezone

from posts.models import Conversation, ConversationKind, Message
from tests.factories import UserFactory


def conversation_on(
    post, *, starter=None, agreed: bool = False, kind: str = ConversationKind.THIS_IS_ME, answered: bool = True
):
    """A conversation someone started on `post`, with their message and (`answered`) the poster's reply;
    `agreed`: they agree to a reunion story."""
    now = timezone.now()
    conversation = Conversation.objects.create(
        post=post,
        starter=starter or UserFactory(display_name="Simon"),
        kind=kind,
        last_message_at=now,
        story_consent_at=now if agreed else None,
    )
    Message.objects.create(conversation=conversation, author=conversation.starter, body="Is it you, Anna?")
    if answered:
        Message.objects.create(conversation=conversation, author=post.author, body="Yes! Simon, is that you?")
    return conversation


def consenting_conversation(post, **kwargs):
    return conversation_on(post, agreed=True, **kwargs)
