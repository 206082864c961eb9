"""Reunion stories: a poster may publish how they found someone only while that person agrees.

The person sought (or the one who knew them) never chose to be written about. So the short story a
poster adds when marking a request reunited is shown only while the starter of one of the request's
conversations agrees to it, in that conversation. Withdrawing the agreement hides the story at once,
everywhere it is read (`Post.reunion_story`); the request then shows "Reunited" with no story.
"""

from django.utils import timezone

from posts.contact.permissions import check_give_story_consent
from posts.models import Conversation, Post


def has_story_consent(post: Post) -> bool:
    return post.conversations.filter(story_consent_at__isnull=False).exists()


def set_story_consent(*, conversation: Conversation, by, agree: bool) -> Conversation:
    """Record or withdraw the starter's agreement that the poster may publish a story of their reunion."""
    check_give_story_consent(by, conversation)
    if agree and conversation.story_consent_at is not None:
        return conversation  # Keep the date they first agreed.
    conversation.story_consent_at = timezone.now() if agree else None
    # Saved, not updated: the signal makes the request's kept pages drop or show the story (posts.reach.pagecache).
    conversation.save(update_fields=["story_consent_at"])
    return conversation


def show_consent_panel(conversation: Conversation, thread, *, is_poster: bool) -> bool:
    """Whether the conversation page shows the reunion-story panel: to the poster always (it says where the
    agreement stands), to the one who wrote first once the poster has answered them, or while they agree
    (so they can withdraw). Asking for agreement before anyone has answered is asking too soon."""
    if is_poster or conversation.story_consent_at is not None:
        return True
    return any(message.author_id == conversation.post.author_id for message in thread)
