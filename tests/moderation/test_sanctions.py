"""Silence and suspension: time-limited, explained to the member, logged, and liftable."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Sanction, SanctionKind
from posts.models import Comment, ModerationActionKind
from posts.moderation import actions
from tests.conftest import login
from tests.helpers import logged

PASSWORD = "correct horse battery staple"


def test_silenced_member_reads_but_cannot_write(
    stranger, moderator, post, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.sanction_user(user=stranger, by=moderator, kind=SanctionKind.SILENCE, days=3, reason="Spamming leads")

    client = login(stranger)
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK
    response = client.post(reverse("posts:comment_create", kwargs={"pk": post.pk}), {"body": "Buy now"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()
    assert client.get(reverse("posts:create")).status_code == HTTPStatus.FORBIDDEN
    [email] = mailoutbox
    assert email.to == [stranger.email]
    assert "Spamming leads" in email.body
    sanction = Sanction.objects.get(user=stranger)
    assert logged(stranger, "action", "reason", "details") == [
        (ModerationActionKind.SILENCE, "Spamming leads", {"days": 3, "sanction_id": sanction.pk})
    ]


def test_suspended_member_cannot_log_in_and_is_logged_out(stranger, moderator):
    open_session = login(stranger)
    actions.sanction_user(user=stranger, by=moderator, kind=SanctionKind.SUSPEND, days=7, reason="Harassment")

    assert "_auth_user_id" not in open_session.session
    fresh = Client()
    response = fresh.post(reverse("account_login"), {"login": stranger.email, "password": PASSWORD})
    assert "_auth_user_id" not in fresh.session
    assert response.status_code == HTTPStatus.OK


def test_sanction_ends_by_itself_and_can_be_lifted_early(stranger, moderator, post):
    sanction = actions.sanction_user(user=stranger, by=moderator, kind=SanctionKind.SILENCE, days=1, reason="Cool down")
    Sanction.objects.filter(pk=sanction.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    stranger.refresh_from_db()
    assert stranger.is_silenced is False

    sanction = actions.sanction_user(user=stranger, by=moderator, kind=SanctionKind.SILENCE, days=1, reason="Again")
    actions.lift_sanction(sanction=sanction, by=moderator)
    stranger.refresh_from_db()
    assert stranger.is_silenced is False
    assert logged(stranger, "action", "details")[-1] == (
        ModerationActionKind.LIFT_SANCTION,
        {"kind": SanctionKind.SILENCE, "sanction_id": sanction.pk},
    )
    response = login(stranger).post(reverse("posts:comment_create", kwargs={"pk": post.pk}), {"body": "Sorry"})
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("days", [0, 31, 2])
def test_only_the_offered_lengths_are_accepted(stranger, moderator, days):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.sanction_user(user=stranger, by=moderator, kind=SanctionKind.SILENCE, days=days, reason="x")
    assert not Sanction.objects.exists()


def test_members_cannot_sanction_each_other(stranger, member):
    with pytest.raises(PermissionDenied):
        actions.sanction_user(user=stranger, by=member, kind=SanctionKind.SUSPEND, days=3, reason="I dislike them")
    assert not Sanction.objects.exists()


def test_moderator_silences_through_the_admin_with_days_and_a_reason(moderator_client, stranger, admin_action):
    from accounts.models import User

    first = admin_action(moderator_client, User, "silence", [stranger])
    assert first.status_code == HTTPStatus.OK
    assert "For how long" in first.text
    admin_action(moderator_client, User, "silence", [stranger], apply="1", reason="Spam", days="7")
    sanction = Sanction.objects.get(user=stranger)
    assert sanction.kind == SanctionKind.SILENCE
    assert timedelta(days=6, hours=23) < sanction.ends_at - sanction.starts_at <= timedelta(days=7)
