"""Shared by the queue tests: held, reported and flagged items, and the moderation log the services write."""

from django.urls import reverse

from posts.models import (
    Conversation,
    ConversationKind,
    Message,
    Moderation,
    ModerationAction,
    ReportReason,
    ReviewItem,
    ReviewReason,
)
from posts.moderation.review import needs_review
from tests.factories import CommentFactory, PostFactory, ReportFactory, UserFactory


def held_post(*, reason: str = ReviewReason.NEW_MEMBER, **kwargs):
    post = PostFactory(moderation=Moderation.PENDING, published_at=None, **kwargs)
    needs_review(target=post, reason=reason)
    return post


def held_comment(*, reason: str = ReviewReason.NEW_MEMBER, **kwargs):
    comment = CommentFactory(moderation=Moderation.PENDING, **kwargs)
    needs_review(target=comment, reason=reason)
    return comment


def message(*, author=None, post=None, body: str = "Call me on +49 30 1234 5678", **kwargs) -> Message:
    post = post or PostFactory()
    author = author or UserFactory()
    conversation = Conversation.objects.get_or_create(post=post, starter=author, kind=ConversationKind.I_KNOW_THEM)[0]
    return Message.objects.create(conversation=conversation, author=author, body=body, **kwargs)


def held_message(*, reason: str = ReviewReason.CONTACT_DETAILS, **kwargs) -> Message:
    held = message(moderation=Moderation.PENDING, **kwargs)
    needs_review(target=held, reason=reason)
    return held


def reported(*, reason: str = ReportReason.SPAM, **kwargs):
    """A report as `report_content` and `report_message` file it: in the queue at once."""
    filed = ReportFactory(reason=reason, **kwargs)
    needs_review(
        target=filed.target,
        reason=ReviewReason.REMOVAL_REQUEST if reason == ReportReason.THIS_IS_ME else ReviewReason.REPORTS,
    )
    return filed


def flagged(target):
    needs_review(target=target, reason=ReviewReason.WATCHED_FLAG)
    return target


def item_about(target) -> ReviewItem:
    """The one item about `target`, whatever its status."""
    return ReviewItem.objects.for_target(target).get()


def waiting_since(target, when):
    """Date the item about `target` as if it came into the queue `when`."""
    ReviewItem.objects.for_target(target).update(created_at=when, updated_at=when)
    return target


def item_url(target) -> str:
    return reverse("admin:moderation:queue_item", args=[item_about(target).pk])


def queued(response) -> list:
    """What the queue page lists, in order: the requests, comments and messages themselves."""
    return [row.target for row in response.context["page"].object_list]


def row_for(response, target):
    """The queue page's row about `target`."""
    return next(row for row in response.context["page"].object_list if row.target == target)


# The moderation log ----------------------------------------------------------------------------------------


def moderation_log() -> list[tuple[str, int, str, str]]:
    """Every moderation action, oldest first, as (kind of target, its id, kind of action, reason)."""
    return [
        (action.target_type.model, action.target_id, action.action, action.reason)
        for action in ModerationAction.objects.select_related("target_type").order_by("pk")
    ]
