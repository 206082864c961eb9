"""Banning a member from the users admin, and lifting the ban."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts.models import User
from posts.models import Comment, Moderation, ModerationAction, ModerationActionKind, Post
from posts.moderation import actions
from tests.factories import CommentFactory, ModeratorFactory, PostFactory, UserFactory
from tests.helpers import logged

PASSWORD = "correct horse battery staple"


def moderation_of(objects) -> dict[tuple[str, int], tuple[str, str, bool]]:
    return {
        (obj._meta.model_name, obj.pk): (obj.moderation, obj.moderation_reason, obj.hidden_by_ban) for obj in objects
    }


@pytest.fixture
def troll(db):
    return UserFactory(display_name="Troll")


@pytest.fixture
def trolls_content(troll):
    """What the troll wrote, in every state a ban must tell apart."""
    published = PostFactory.create_batch(2, author=troll, title="Troll's request")
    hidden_before = PostFactory(author=troll, moderation=Moderation.HIDDEN, moderation_reason="Earlier hide")
    pending = PostFactory(author=troll, moderation=Moderation.PENDING, published_at=None)
    elsewhere = PostFactory()
    comment = CommentFactory(post=elsewhere, author=troll, body="A troll's comment")
    removed_comment = CommentFactory(
        post=elsewhere, author=troll, moderation=Moderation.REMOVED, moderation_reason="Earlier removal"
    )
    return {
        "published": published,
        "hidden_before": hidden_before,
        "pending": pending,
        "elsewhere": elsewhere,
        "comment": comment,
        "removed_comment": removed_comment,
    }


def ban(client, admin_action, *users, reason="Harassing other members"):
    return admin_action(client, User, "ban", users, apply="1", reason=reason)


def test_ban_action_first_asks_for_a_reason_and_changes_nothing(moderator_client, admin_action, troll):
    response = admin_action(moderator_client, User, "ban", [troll])
    assert response.status_code == HTTPStatus.OK
    assert 'name="reason"' in response.text
    troll.refresh_from_db()
    assert troll.is_active
    assert troll.banned_at is None


def test_ban_without_a_reason_changes_nothing(moderator_client, admin_action, troll, trolls_content):
    before = moderation_of(Post.objects.filter(author=troll))
    response = ban(moderator_client, admin_action, troll, reason="  ")
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.text
    troll.refresh_from_db()
    assert troll.is_active
    assert moderation_of(Post.objects.filter(author=troll)) == before
    assert not ModerationAction.objects.exists()


def test_ban_deactivates_the_account_hides_what_it_published_and_logs_it(
    moderator_client, moderator, admin_action, troll, trolls_content
):
    response = ban(moderator_client, admin_action, troll)

    assert response.status_code == HTTPStatus.FOUND
    troll.refresh_from_db()
    assert not troll.is_active
    assert troll.banned_at is not None
    for post in trolls_content["published"]:
        post.refresh_from_db()
        assert (post.moderation, post.moderation_reason, post.hidden_by_ban) == (
            Moderation.HIDDEN,
            "Harassing other members",
            True,
        )
    comment = Comment.objects.get(pk=trolls_content["comment"].pk)
    assert (comment.moderation, comment.hidden_by_ban) == (Moderation.HIDDEN, True)
    # What a moderator had already dealt with keeps its own state and reason.
    hidden_before = Post.objects.get(pk=trolls_content["hidden_before"].pk)
    assert (hidden_before.moderation, hidden_before.moderation_reason, hidden_before.hidden_by_ban) == (
        Moderation.HIDDEN,
        "Earlier hide",
        False,
    )
    assert Post.objects.get(pk=trolls_content["pending"].pk).moderation == Moderation.PENDING
    removed = Comment.objects.get(pk=trolls_content["removed_comment"].pk)
    assert (removed.moderation, removed.moderation_reason) == (Moderation.REMOVED, "Earlier removal")
    # Someone else's request with the troll's comment on it is untouched.
    assert Post.objects.get(pk=trolls_content["elsewhere"].pk).moderation == Moderation.PUBLISHED
    assert logged(troll) == [(ModerationActionKind.BAN, "Harassing other members")]
    ban_action = ModerationAction.objects.get()
    assert (ban_action.actor, ban_action.member) == (moderator, troll)
    assert ban_action.details == {"hidden_requests": len(trolls_content["published"]), "hidden_comments": 1}


def test_banned_members_content_is_gone_for_others(
    moderator_client, admin_action, troll, trolls_content, client, stranger_client
):
    ban(moderator_client, admin_action, troll)

    for reader in (client, stranger_client):
        listing = reader.get(reverse("posts:list"))
        assert "Troll&#x27;s request" not in listing.text
        assert "Troll's request" not in listing.text
        for post in trolls_content["published"]:
            assert reader.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
        detail = reader.get(trolls_content["elsewhere"].get_absolute_url())
        assert detail.status_code == HTTPStatus.OK
        assert "A troll&#x27;s comment" not in detail.text
        assert "A troll's comment" not in detail.text
        assert reader.get(troll.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_banned_member_cannot_log_in(moderator_client, admin_action, troll):
    ban(moderator_client, admin_action, troll)
    client = Client()
    client.post(reverse("account_login"), {"login": troll.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_banned_members_open_session_stops_working(moderator_client, admin_action, troll):
    trolls_browser = Client()
    trolls_browser.force_login(troll)
    assert trolls_browser.get(reverse("accounts:profile_edit")).status_code == HTTPStatus.OK

    ban(moderator_client, admin_action, troll)

    response = trolls_browser.get(reverse("accounts:profile_edit"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_unban_restores_exactly_what_the_ban_hid(moderator_client, admin_action, troll, trolls_content, client):
    before = moderation_of(Post.objects.filter(author=troll)) | moderation_of(Comment.objects.filter(author=troll))
    ban(moderator_client, admin_action, troll)

    response = admin_action(moderator_client, User, "unban", [troll])

    assert response.status_code == HTTPStatus.FOUND
    troll.refresh_from_db()
    assert troll.is_active
    assert troll.banned_at is None
    after = moderation_of(Post.objects.filter(author=troll)) | moderation_of(Comment.objects.filter(author=troll))
    assert after == before
    # The request a moderator hid before the ban stays hidden, with its own reason.
    assert before["post", trolls_content["hidden_before"].pk] == (Moderation.HIDDEN, "Earlier hide", False)
    assert logged(troll) == [(ModerationActionKind.BAN, "Harassing other members"), (ModerationActionKind.UNBAN, "")]
    for post in trolls_content["published"]:
        assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK
    assert client.get(trolls_content["hidden_before"].get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    login = Client()
    login.post(reverse("account_login"), {"login": troll.email, "password": PASSWORD})
    assert login.session["_auth_user_id"] == str(troll.pk)


def test_unban_of_someone_not_banned_changes_nothing(moderator_client, admin_action, troll, trolls_content):
    before = moderation_of(Post.objects.filter(author=troll))
    admin_action(moderator_client, User, "unban", [troll])
    assert moderation_of(Post.objects.filter(author=troll)) == before
    assert not ModerationAction.objects.exists()


def test_moderator_cannot_ban_themself(moderator_client, moderator, admin_action):
    own = PostFactory(author=moderator)
    response = ban(moderator_client, admin_action, moderator)
    assert response.status_code == HTTPStatus.FOUND
    moderator.refresh_from_db()
    assert moderator.is_active
    assert moderator.banned_at is None
    own.refresh_from_db()
    assert own.moderation == Moderation.PUBLISHED
    assert not ModerationAction.objects.exists()


def test_moderator_cannot_ban_a_superuser(moderator_client, admin_action, superuser):
    response = ban(moderator_client, admin_action, superuser)
    assert response.status_code == HTTPStatus.FOUND
    superuser.refresh_from_db()
    assert superuser.is_active
    assert superuser.banned_at is None
    assert not ModerationAction.objects.exists()


def test_refused_ban_does_not_stop_the_others_selected(moderator_client, moderator, admin_action, troll):
    ban(moderator_client, admin_action, moderator, troll)
    moderator.refresh_from_db()
    troll.refresh_from_db()
    assert moderator.is_active
    assert not troll.is_active


def test_member_cannot_post_the_ban_action(member_client, admin_action, troll):
    response = ban(member_client, admin_action, troll)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))
    troll.refresh_from_db()
    assert troll.is_active


@pytest.mark.parametrize("by", ["member", "staff outside the group", "inactive moderator"])
def test_ban_user_service_refuses_a_non_moderator(troll, trolls_content, member, by):
    banner = {
        "member": lambda: member,
        "staff outside the group": lambda: UserFactory(is_staff=True),
        "inactive moderator": lambda: ModeratorFactory(is_active=False),
    }[by]()
    before = moderation_of(Post.objects.filter(author=troll))
    with pytest.raises(PermissionDenied):
        actions.ban_user(user=troll, by=banner, reason="Because")
    troll.refresh_from_db()
    assert troll.is_active
    assert troll.banned_at is None
    assert moderation_of(Post.objects.filter(author=troll)) == before
    assert not ModerationAction.objects.exists()


def test_unban_user_service_refuses_a_non_moderator(moderator, troll, member):
    actions.ban_user(user=troll, by=moderator, reason="Spam")
    with pytest.raises(PermissionDenied):
        actions.unban_user(user=troll, by=member)
    troll.refresh_from_db()
    assert not troll.is_active
