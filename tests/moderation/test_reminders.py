from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from posts.models import Moderation
from tests.factories import CommentFactory, PostFactory, ReportFactory


def remind() -> str:
    output = StringIO()
    call_command("remind_moderators", stdout=output)
    return output.getvalue()


def test_moderators_are_emailed_about_items_waiting_more_than_a_day(moderator, member, mailoutbox):
    day_ago = timezone.now() - timedelta(hours=25)
    PostFactory(moderation=Moderation.PENDING, published_at=None, created_at=day_ago)
    CommentFactory(moderation=Moderation.PENDING, created_at=day_ago)
    ReportFactory(created_at=day_ago)
    ReportFactory()  # fresh: not counted

    remind()

    [email] = mailoutbox
    assert email.to == [moderator.email]
    assert "Items have waited more than 24 hours in the moderation queue" in email.subject
    assert "These have waited more than 24 hours:" in email.body
    assert "1 request waiting for review" in email.body
    assert "1 comment waiting for review" in email.body
    assert "1 open report" in email.body
    assert member.email not in email.body


def test_nothing_old_sends_nothing(moderator, mailoutbox):
    PostFactory(moderation=Moderation.PENDING, published_at=None)
    assert "Nothing has waited" in remind()
    assert mailoutbox == []


def test_a_held_private_message_waiting_a_day_is_in_the_reminder(moderator, member, stranger, mailoutbox):
    from posts.models import Conversation, ConversationKind, Message

    post = PostFactory(author=member)
    conversation = Conversation.objects.create(post=post, starter=stranger, kind=ConversationKind.I_KNOW_THEM)
    Message.objects.create(
        conversation=conversation,
        author=stranger,
        body="Call me on +49 30 1234 5678",
        moderation=Moderation.PENDING,
        created_at=timezone.now() - timedelta(hours=30),
    )

    remind()

    [email] = mailoutbox
    assert "1 private message waiting for review" in email.body
    assert "/admin/queue/" in email.body
    assert "1234 5678" not in email.body

