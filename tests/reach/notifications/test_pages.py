"""The member's notifications page, following a request, email settings and one-click unsubscribe."""

import re
import time
from http import HTTPStatus
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.models import EmailMode, Follow, Moderation, Notification, NotificationKind, NotificationSetting
from posts.reach import delivery, unsubscribe
from posts.requests import services
from tests.conftest import login
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.reach.notifications.conftest import heard, mail_to

# Notifications pages ---------------------------------------------------------------------------


@pytest.fixture
def told_of_a_lead(looking_for, follower, helper, commit) -> Notification:
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
    return Notification.objects.get(recipient=follower)


def unread_badge(html: str) -> str | None:
    start = html.find('class="count-badge">')
    if start == -1:
        return None
    return html[start + len('class="count-badge">') :].split("<", 1)[0]


def test_notifications_page_lists_the_members_notifications_and_the_header_counts_them(
    looking_for, follower, told_of_a_lead
):
    response = login(follower).get(reverse("posts:notifications"))

    assert response.status_code == HTTPStatus.OK
    assert f"A new lead on “{looking_for.title}”" in response.text
    assert reverse("posts:notification_open", args=[told_of_a_lead.pk]) in response.text
    assert unread_badge(response.text) == "1"


def test_opening_a_notification_marks_it_read_and_goes_to_the_comment(follower, told_of_a_lead):
    client = login(follower)

    response = client.get(reverse("posts:notification_open", args=[told_of_a_lead.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == told_of_a_lead.comment.get_absolute_url()
    told_of_a_lead.refresh_from_db()
    assert told_of_a_lead.read_at is not None
    assert unread_badge(client.get(reverse("posts:notifications")).text) is None


def test_mark_all_as_read(looking_for, poster, follower, told_of_a_lead, commit):
    with commit():
        services.resolve_post(post=looking_for, by=poster)
    client = login(follower)
    assert unread_badge(client.get(reverse("posts:notifications")).text) == "2"

    response = client.post(reverse("posts:notifications_read"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("posts:notifications")
    assert "All notifications are marked as read." in response.text
    assert not Notification.objects.filter(recipient=follower, read_at__isnull=True).exists()
    assert unread_badge(response.text) is None


def test_mark_all_as_read_leaves_other_members_unread(poster, follower, told_of_a_lead):
    login(follower).post(reverse("posts:notifications_read"))

    assert Notification.objects.filter(recipient=poster, read_at__isnull=True).count() == 1


def test_another_members_notification_is_not_found_and_stays_unread(poster, told_of_a_lead):
    response = login(poster).get(reverse("posts:notification_open", args=[told_of_a_lead.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    told_of_a_lead.refresh_from_db()
    assert told_of_a_lead.read_at is None


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "posts:notifications", []),
        ("get", "posts:notification_open", [1]),
        ("post", "posts:notifications_read", []),
        ("get", "posts:notification_settings", []),
    ],
)
def test_notification_pages_need_logging_in(client, db, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def make_notifications(recipient, count: int) -> None:
    """Notifications of every kind, about requests and comments of different people."""
    kinds = NotificationKind.values
    for number in range(count):
        post = PostFactory()
        comment = CommentFactory(post=post, is_lead=True, is_private=number % 2 == 0)
        kind = kinds[number % len(kinds)]
        Notification.objects.create(
            recipient=recipient,
            kind=kind,
            post=post,
            comment=None if kind == NotificationKind.RESOLVED else comment,
            read_at=None if number % 3 else post.created_at,
        )


def test_notifications_page_runs_the_same_queries_however_many_it_lists(member_client, member):
    counts = []
    for size in (2, 12):
        Notification.objects.filter(recipient=member).delete()
        make_notifications(member, size)
        with CaptureQueriesContext(connection) as queries:
            response = member_client.get(reverse("posts:notifications"))
        assert response.status_code == HTTPStatus.OK
        assert len(re.findall(r'href="/notifications/\d+/"', response.text)) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Following ------------------------------------------------------------------------------------


def test_member_follows_and_unfollows_from_the_request_page(looking_for, stranger, stranger_client):
    url = reverse("posts:follow", args=[looking_for.pk])

    response = stranger_client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == looking_for.get_absolute_url()
    assert Follow.objects.filter(user=stranger, post=looking_for).count() == 1

    stranger_client.post(url)
    assert Follow.objects.filter(user=stranger, post=looking_for).count() == 1

    stranger_client.post(url, {"follow": "0"})
    assert not Follow.objects.filter(user=stranger, post=looking_for).exists()


@pytest.mark.parametrize("moderation", [Moderation.HIDDEN, Moderation.PENDING, Moderation.REMOVED])
def test_stranger_cannot_follow_a_request_they_may_not_see(stranger, stranger_client, moderation):
    post = PostFactory(moderation=moderation)

    response = stranger_client.post(reverse("posts:follow", args=[post.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Follow.objects.filter(post=post).exists()


def test_following_needs_logging_in(client, looking_for):
    response = client.post(reverse("posts:follow", args=[looking_for.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert list(Follow.objects.filter(post=looking_for).values_list("user_id", flat=True)) == [looking_for.author_id]


def test_following_from_the_page_brings_the_next_lead(looking_for, stranger, stranger_client, helper, commit):
    stranger_client.post(reverse("posts:follow", args=[looking_for.pk]))
    with commit():
        lead = services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)

    assert heard(stranger) == [(NotificationKind.NEW_LEAD, lead.pk)]


# Email settings -------------------------------------------------------------------------------


def test_settings_form_with_an_invalid_choice_shows_an_error_and_changes_nothing(member_client, member):
    delivery.set_email_mode(user=member, kind=NotificationKind.REPLY, mode=EmailMode.DAILY)
    data = {kind: EmailMode.NONE for kind in NotificationKind.values}
    data[NotificationKind.NEW_LEAD] = "hourly"

    response = member_client.post(reverse("posts:notification_settings"), data)

    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice. hourly is not one of the available choices." in response.text
    assert "Please correct the marked fields below." in response.text
    assert dict(NotificationSetting.objects.filter(user=member).values_list("kind", "email")) == {
        NotificationKind.REPLY: EmailMode.DAILY
    }


def test_settings_form_shows_the_saved_choices(member_client, member):
    member_client.post(
        reverse("posts:notification_settings"),
        {**dict.fromkeys(NotificationKind.values, EmailMode.EACH), NotificationKind.RESOLVED: EmailMode.NONE},
    )

    form = member_client.get(reverse("posts:notification_settings")).context["form"]

    assert form[NotificationKind.RESOLVED].initial == EmailMode.NONE
    assert form[NotificationKind.NEW_LEAD].initial == EmailMode.EACH


# One-click unsubscribe ------------------------------------------------------------------------


@pytest.fixture
def unsubscribe_path(follower, told_of_a_lead, mailoutbox) -> str:
    """The link in the follower's email about the lead, as their mail client would open it."""
    [email] = mail_to(mailoutbox, follower)
    return urlsplit(email.extra_headers["List-Unsubscribe"].strip("<>")).path


def mode(user, kind=NotificationKind.NEW_LEAD) -> str:
    return delivery.email_mode(user, kind)


def test_opening_an_unsubscribe_link_only_asks_and_changes_nothing(client, follower, unsubscribe_path):
    """Mail scanners open every link: a GET shows a button, and only its POST unsubscribes (issue 11, #12)."""
    response = client.get(unsubscribe_path)

    assert response.status_code == HTTPStatus.OK
    assert "Stop these emails?" in response.text
    assert '<form method="post">' in response.text
    assert not NotificationSetting.objects.filter(user=follower).exists()
    assert mode(follower) == EmailMode.EACH


def test_unsubscribe_link_works_without_logging_in_and_can_be_undone(client, follower, unsubscribe_path):
    response = client.post(unsubscribe_path)
    assert response.status_code == HTTPStatus.OK
    assert "You will get no more of these emails" in response.text
    assert mode(follower) == EmailMode.NONE
    assert mode(follower, NotificationKind.RESOLVED) == EmailMode.EACH

    response = client.post(unsubscribe_path, {"resubscribe": "1"})
    assert response.status_code == HTTPStatus.OK
    assert "Emails are on again" in response.text
    assert mode(follower) == EmailMode.EACH


def test_one_click_post_from_a_mail_client_unsubscribes(follower, unsubscribe_path):
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == HTTPStatus.OK
    assert mode(follower) == EmailMode.NONE


def test_every_email_with_a_link_says_how_to_unsubscribe_in_one_click(follower, told_of_a_lead, mailoutbox):
    [email] = mail_to(mailoutbox, follower)

    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")


def test_an_expired_unsubscribe_link_says_so_points_to_the_settings_and_changes_nothing(
    client, follower, unsubscribe_path, settings
):
    settings.RECONNECT_UNSUBSCRIBE_LINK_DAYS = 60
    later = time.time() + 61 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        opened = client.get(unsubscribe_path)
        posted = Client(enforce_csrf_checks=True).post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})

    for response in (opened, posted):
        assert response.status_code == HTTPStatus.GONE
        assert "This link has expired" in response.text
        assert reverse("posts:notification_settings") in response.text
    assert mode(follower) == EmailMode.EACH


def test_an_unsubscribe_link_still_works_within_its_days(follower, unsubscribe_path, settings):
    settings.RECONNECT_UNSUBSCRIBE_LINK_DAYS = 60
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 59 * 24 * 3600):
        response = Client(enforce_csrf_checks=True).post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == HTTPStatus.OK
    assert mode(follower) == EmailMode.NONE


def test_unsubscribed_kind_is_no_longer_emailed(
    client, looking_for, follower, helper, unsubscribe_path, commit, mailoutbox
):
    client.post(unsubscribe_path)
    mailoutbox.clear()
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Another idea.", is_lead=True)

    assert mail_to(mailoutbox, follower) == []
    assert len(heard(follower)) == 2


def swap_payload(token: str, payload: dict) -> str:
    """A token carrying `payload` under the signature of another: what a forger can make."""
    forged = signing.dumps(payload, salt=unsubscribe.UNSUBSCRIBE_SALT)
    return ":".join([forged.split(":")[0], *token.split(":")[1:]])


def test_forged_or_tampered_tokens_are_not_found_and_change_nothing(client, follower, poster, unsubscribe_path):
    token = unsubscribe_path.rstrip("/").rsplit("/", 1)[1]
    user_id, kind = unsubscribe.read_notification_token(token)
    assert (user_id, kind) == (follower.pk, NotificationKind.NEW_LEAD)
    forgeries = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "not-a-token",
        signing.dumps({"u": follower.pk, "k": kind}, salt="another-salt"),
        swap_payload(token, {"u": follower.pk, "k": NotificationKind.RESOLVED}),
        swap_payload(token, {"u": poster.pk, "k": NotificationKind.NEW_LEAD}),
        unsubscribe.notification_token(follower, "every_kind"),
    ]

    for forged in forgeries:
        assert client.get(f"/notifications/unsubscribe/{forged}/").status_code == HTTPStatus.NOT_FOUND, forged
        assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == HTTPStatus.NOT_FOUND, forged

    assert not NotificationSetting.objects.exists()


def test_token_of_a_deleted_member_is_not_found(client, db):
    gone = UserFactory()
    token = unsubscribe.notification_token(gone, NotificationKind.REPLY)
    gone.delete()

    response = client.get(reverse("posts:notification_unsubscribe", args=[token]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not NotificationSetting.objects.exists()
