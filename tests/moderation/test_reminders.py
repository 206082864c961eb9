from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from posts.models import Moderation
from tests.factories import PostFactory
from tests.moderation.queue.helpers import held_comment, held_message, held_post, reported, waiting_since


def remind() -> str:
    output = StringIO()
    call_command("remind_moderators", stdout=output)
    return output.getvalue()


def test_moderators_are_emailed_about_items_waiting_more_than_a_day(moderator, member, mailoutbox):
    day_ago = timezone.now() - timedelta(hours=25)
    waiting_since(held_post(), day_ago)
    waiting_since(held_comment(), day_ago)
    old = reported()
    reported(post=old.post)  # A second report on the same request: one item.
    waiting_since(old.post, day_ago)
    reported()  # fresh: not counted

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
    held_post()
    # Only what is in the queue counts, not a request written pending straight to the database.
    PostFactory(moderation=Moderation.PENDING, published_at=None, created_at=timezone.now() - timedelta(days=3))
    assert "Nothing has waited" in remind()
    assert mailoutbox == []


def test_a_held_private_message_waiting_a_day_is_in_the_reminder(moderator, member, stranger, mailoutbox):
    message = held_message(post=PostFactory(author=member), author=stranger, body="Call me on +49 30 1234 5678")
    waiting_since(message, timezone.now() - timedelta(hours=30))

    remind()

    [email] = mailoutbox
    assert "1 private message waiting for review" in email.body
    assert "/admin/queue/" in email.body
    assert "1234 5678" not in email.body

