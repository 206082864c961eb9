"""Moderators set a member's level on the user change form; the moderation log records old and new."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import TrustLevel
from posts.models import Comment, Moderation, ModerationAction, ModerationActionKind, Post
from posts.moderation import trust
from tests.conftest import login
from tests.factories import CommentFactory, NewUserFactory, PostFactory, UserFactory
from tests.helpers import logged
from tests.moderation.trust.conftest import comment_url, days_ago, level_shown
from tests.requests.test_post_create_edit import browser_form, submit_new_request

SET_LEVEL = ModerationActionKind.SET_TRUST_LEVEL


def level_changes(user) -> list[tuple]:
    """The trust-level changes logged about `user`: (reason, level before, level after, level earned then)."""
    return [
        (reason, details["before"], details["after"], details["earned"])
        for reason, details in logged(user, "reason", "details")
    ]


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def set_level(client, user, level: str, reason: str = "Helpful for years", **other_fields):
    """Open the member's change form and submit it with the level chosen and a reason, as a browser would."""
    page = client.get(change_url(user))
    data = browser_form(page, containing="trust_level")
    data.update(trust_level=level, trust_reason=reason, **other_fields)
    return client.post(change_url(user), data)


def test_moderator_raises_a_new_member_to_trusted_and_their_first_request_goes_out_at_once(
    moderator_client, moderator, newbie, newbie_client
):
    response = set_level(moderator_client, newbie, TrustLevel.TRUSTED)

    assert response.status_code == HTTPStatus.FOUND
    newbie.refresh_from_db()
    assert newbie.trust_level == TrustLevel.TRUSTED
    assert level_changes(newbie) == [("Helpful for years", "", TrustLevel.TRUSTED, TrustLevel.NEW)]
    assert ModerationAction.objects.get(action=SET_LEVEL).actor == moderator
    submit_new_request(newbie_client)
    assert Post.objects.get(author=newbie).moderation == Moderation.PUBLISHED
    assert level_shown(newbie_client) == TrustLevel.TRUSTED


def test_moderator_lowers_an_established_member_to_new_and_their_comments_are_held(moderator_client, open_post, db):
    veteran = NewUserFactory(date_joined=days_ago(90))
    PostFactory(author=veteran)
    assert level_shown(login(veteran)) == TrustLevel.MEMBER

    set_level(moderator_client, veteran, TrustLevel.NEW)

    veteran.refresh_from_db()
    assert veteran.trust_level == TrustLevel.NEW
    assert level_changes(veteran) == [("Helpful for years", "", TrustLevel.NEW, TrustLevel.MEMBER)]
    login(veteran).post(comment_url(open_post), {"body": "I saw him in Kiel last spring."})
    assert Comment.objects.get(author=veteran).moderation == Moderation.PENDING


def test_moderator_gives_the_level_back_to_what_is_earned(moderator_client, db):
    person = UserFactory(trust_level=TrustLevel.TRUSTED)

    set_level(moderator_client, person, "")

    person.refresh_from_db()
    assert person.trust_level == ""
    assert level_changes(person) == [("Helpful for years", TrustLevel.TRUSTED, "", TrustLevel.NEW)]


def test_moderator_can_set_the_level_and_nothing_else_on_the_account(moderator_client, newbie):
    email = newbie.email
    response = set_level(moderator_client, newbie, TrustLevel.MEMBER, email="taken@example.com", is_staff="on")

    assert response.status_code == HTTPStatus.FOUND
    newbie.refresh_from_db()
    assert (newbie.trust_level, newbie.email, newbie.is_staff) == (TrustLevel.MEMBER, email, False)
    password_url = reverse("admin:auth_user_password_change", args=[newbie.pk])
    assert moderator_client.get(password_url).status_code == HTTPStatus.FORBIDDEN
    assert "md5$" not in moderator_client.get(change_url(newbie)).text


def test_moderator_cannot_put_a_member_in_a_group_or_give_permissions_with_the_level(moderator_client, newbie):
    moderators = Group.objects.get(name="Moderators")
    permission = Permission.objects.get(codename="moderate_post")

    response = set_level(
        moderator_client, newbie, TrustLevel.TRUSTED, groups=[moderators.pk], user_permissions=[permission.pk]
    )

    assert response.status_code == HTTPStatus.FOUND
    newbie.refresh_from_db()
    assert newbie.trust_level == TrustLevel.TRUSTED
    assert (list(newbie.groups.all()), list(newbie.user_permissions.all())) == ([], [])


def test_the_service_refuses_a_level_set_by_someone_who_is_not_a_moderator(db, newbie):
    for intruder in (UserFactory(), UserFactory(is_staff=True), newbie):
        with pytest.raises(PermissionDenied):
            trust.set_level(user=newbie, by=intruder, level=TrustLevel.TRUSTED, reason="I vouch for myself")

    newbie.refresh_from_db()
    assert newbie.trust_level == ""
    assert logged(newbie) == []


@pytest.mark.parametrize("who", ["member", "staff outside the moderators group"])
def test_non_moderator_cannot_set_a_level(db, who, newbie):
    intruder = UserFactory(is_staff=who != "member")
    client = login(intruder)

    response = client.post(change_url(newbie), {"trust_level": TrustLevel.TRUSTED, "email": newbie.email})

    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    if response.status_code == HTTPStatus.FOUND:
        assert response.url.startswith(reverse("admin:login"))
    newbie.refresh_from_db()
    assert newbie.trust_level == ""
    assert logged(newbie) == []


def test_superuser_still_edits_the_account_and_the_level_is_logged(superuser_client, newbie):
    response = set_level(superuser_client, newbie, TrustLevel.TRUSTED, display_name="Renamed")

    assert response.status_code == HTTPStatus.FOUND
    newbie.refresh_from_db()
    assert (newbie.display_name, newbie.trust_level) == ("Renamed", TrustLevel.TRUSTED)
    assert ("Helpful for years", "", TrustLevel.TRUSTED, TrustLevel.NEW) in level_changes(newbie)


def test_user_list_and_change_form_show_the_level(moderator_client, newbie, db):
    vouched = UserFactory(email="vouched@example.com")

    listing = moderator_client.get(reverse("admin:accounts_user_changelist")).text
    form = moderator_client.get(change_url(newbie)).text

    assert "member (set by a moderator)" in listing
    assert f'<a href="{change_url(vouched)}">vouched@example.com</a>' in listing
    assert "new — verified email: yes; joined 0 days ago; published: 0 requests, 0 comments" in form


def test_user_list_queries_do_not_grow_with_the_members(moderator_client, db):
    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(reverse("admin:accounts_user_changelist")).status_code == HTTPStatus.OK
        return len(queries)

    PostFactory(author=NewUserFactory())
    queries_for_the_list()  # content types and permissions are cached after the first look
    few = queries_for_the_list()
    for _ in range(4):
        CommentFactory(author=NewUserFactory(), moderation=Moderation.PUBLISHED)

    assert queries_for_the_list() == few


def test_a_level_is_not_changed_without_a_reason(moderator_client, newbie):
    response = set_level(moderator_client, newbie, TrustLevel.TRUSTED, reason="  ")

    assert response.status_code == HTTPStatus.OK
    assert "Give a reason for the new trust level" in response.text
    newbie.refresh_from_db()
    assert newbie.trust_level == ""
    assert logged(newbie) == []
