"""A newline in a title or a name no longer stops an email; a failed email is logged and recorded (issue 11, #9)."""

import logging
from http import HTTPStatus

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from accounts.models import FailedEmail
from posts.models import Notification, RequestEmail
from posts.reach.delivery import send_notification, send_request_email
from reconnect.emails import header_value
from tests.conftest import login
from tests.factories import CommentFactory, ModeratorFactory, PostFactory, UserFactory


def test_header_values_are_one_line():
    assert header_value("Looking for\r\nBcc: victim@example.org\x00\u2028Anna ") == (
        "Looking for Bcc: victim@example.org Anna"
    )


@pytest.mark.django_db
def test_newline_in_a_title_and_a_name_still_sends_the_email_with_a_one_line_subject(mailoutbox):
    poster = UserFactory(display_name="Anna\r\nBcc: victim@example.org")
    post = PostFactory(author=poster, title="Looking for Simon\nfrom Leeds")
    comment = CommentFactory(post=post, author=UserFactory(display_name="Carl\nCommenter"))
    Notification.objects.create(recipient=poster, kind="comment", post=post, comment=comment)
    RequestEmail.objects.create(user=poster, post=post, due_at=timezone.now())

    send_request_email.call(user_id=poster.pk, post_id=post.pk)

    [email] = mailoutbox
    assert "\n" not in email.subject and "\r" not in email.subject
    assert "Looking for Simon from Leeds" in email.subject
    assert email.message()["Bcc"] is None
    assert Notification.objects.get().emailed_at is not None
    assert not FailedEmail.objects.exists()


class FailingBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


@pytest.mark.django_db
def test_a_failed_email_is_logged_at_error_and_recorded_for_moderators(settings, caplog, mailoutbox):
    settings.EMAIL_BACKEND = "tests.reach.notifications.test_delivery_failures.FailingBackend"
    member = UserFactory()
    post = PostFactory(author=member)

    with caplog.at_level(logging.ERROR, logger="reconnect.emails"):
        send_notification.call(user_id=member.pk, kind="post_published", post_id=post.pk)

    [record] = [r for r in caplog.records if r.name == "reconnect.emails"]
    assert record.levelno == logging.ERROR
    assert (record.recipient_id, record.email_kind) == (member.pk, "post_published")
    assert str(member.pk) in record.getMessage() and "post_published" in record.getMessage()
    failure = FailedEmail.objects.get()
    assert (failure.user, failure.kind) == (member, "post_published")
    assert "SMTP server down" in failure.error

    moderator_client = login(ModeratorFactory())
    page = moderator_client.get(reverse("admin:accounts_failedemail_changelist"))
    assert page.status_code == HTTPStatus.OK
    assert "post_published" in page.text


@pytest.mark.django_db
def test_a_failed_coalesced_email_leaves_its_notifications_for_the_next_one(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.reach.notifications.test_delivery_failures.FailingBackend"
    poster = UserFactory()
    post = PostFactory(author=poster)
    Notification.objects.create(recipient=poster, kind="comment", post=post, comment=CommentFactory(post=post))
    RequestEmail.objects.create(user=poster, post=post, due_at=timezone.now())

    send_request_email.call(user_id=poster.pk, post_id=post.pk)

    assert Notification.objects.get().emailed_at is None
    assert RequestEmail.objects.get().last_sent_at is None
    assert FailedEmail.objects.get().kind == "notify_comment"
