"""The email telling someone a message waits: on or off in their settings, one-click unsubscribe, never held ones."""

from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from posts.contact import relay
from posts.models import EmailMode, Message, Moderation, NotificationKind, NotificationSetting
from posts.reach.delivery import send_message_notice
from tests.helpers import error_beside

SECRET = "It really is me: we called the chemistry teacher Mr Bunsen."


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(conversation, by, body=SECRET):
        with django_capture_on_commit_callbacks(execute=True):
            return relay.send_message(conversation=conversation, by=by, body=body)

    return run


def message_mode(user):
    return NotificationSetting.objects.filter(user=user, kind=NotificationKind.MESSAGE).values_list("email", flat=True)


def test_a_message_is_emailed_without_its_text_and_with_one_click_unsubscribe(
    conversation, found, member, send, mailoutbox
):
    send(conversation, found)

    assert [m.to for m in mailoutbox] == [[member.email]]
    email = mailoutbox[0]
    assert SECRET not in email.body
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in email.body


def test_the_settings_page_offers_each_or_none_for_messages(member_client, member):
    page = member_client.get(reverse("posts:notification_settings")).text
    assert str(NotificationKind.MESSAGE.label) in page
    assert 'name="message" value="each"' in page
    assert 'name="message" value="none"' in page
    assert 'name="message" value="daily"' not in page


def settings_data(**changes) -> dict:
    data = {kind: EmailMode.EACH for kind in NotificationKind.values}
    return {**data, **changes}


def test_turning_message_emails_off_stops_them(conversation, found, member, member_client, send, mailoutbox):
    response = member_client.post(reverse("posts:notification_settings"), settings_data(message=EmailMode.NONE))

    assert response.status_code == HTTPStatus.FOUND
    assert list(message_mode(member)) == [EmailMode.NONE]
    send(conversation, found)
    assert mailoutbox == []
    assert Message.objects.filter(conversation=conversation, body=SECRET).exists()


def test_a_daily_digest_of_messages_is_refused_beside_the_field(member_client, member):
    response = member_client.post(reverse("posts:notification_settings"), settings_data(message=EmailMode.DAILY))

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "message")
    assert not NotificationSetting.objects.filter(user=member).exists()


def test_one_click_unsubscribe_from_the_email_stops_message_emails(
    conversation, found, member, send, mailoutbox, client
):
    send(conversation, found)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    response = client.post(urlsplit(link).path)  # A mail client's one-click POST: no login, no CSRF token.

    assert response.status_code == HTTPStatus.OK
    assert list(message_mode(member)) == [EmailMode.NONE]
    send(conversation, found, body="Another one")
    assert len(mailoutbox) == 1


def test_other_kinds_stay_on_when_messages_are_off(conversation, found, member, send, mailoutbox):
    NotificationSetting.objects.create(user=member, kind=NotificationKind.REPLY, email=EmailMode.NONE)
    send(conversation, found)
    assert len(mailoutbox) == 1


def test_a_held_message_is_not_emailed_until_it_is_let_through(conversation, found, mailoutbox):
    message = Message.objects.create(
        conversation=conversation, author=found, body=SECRET, moderation=Moderation.PENDING
    )

    send_message_notice.call(message_id=message.pk)
    assert mailoutbox == []

    Message.objects.filter(pk=message.pk).update(moderation=Moderation.PUBLISHED)
    send_message_notice.call(message_id=message.pk)
    assert len(mailoutbox) == 1
