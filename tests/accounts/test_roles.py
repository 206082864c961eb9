"""One rule says who is a moderator (accounts.roles.is_moderator): the header, reminders and sanctions ask it."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Sanction, SanctionKind
from accounts.roles import is_moderator, moderators
from posts.moderation import actions
from tests.conftest import login
from tests.factories import ModeratorFactory, UserFactory
from tests.moderation.queue.helpers import held_post, waiting_since


def _with_the_permission(**fields):
    user = UserFactory(**fields)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="posts", codename="moderate_post"))
    return user


PEOPLE = {
    "moderator": (lambda: ModeratorFactory(), True),
    "superuser": (lambda: UserFactory(is_staff=True, is_superuser=True), True),
    "holder of the permission itself": (lambda: _with_the_permission(is_staff=True), True),
    "staff without the permission": (lambda: UserFactory(is_staff=True), False),
    "member": (lambda: UserFactory(), False),
}


def _moderation_link(page) -> bool:
    return f'<a href="{reverse("admin:index")}">Moderation</a>' in page.text


@pytest.mark.parametrize("person", PEOPLE)
def test_the_header_shows_the_moderation_link_to_moderators_alone(db, person):
    make, moderates = PEOPLE[person]
    user = make()

    page = login(user).get(reverse("posts:list"))

    assert page.status_code == HTTPStatus.OK
    assert is_moderator(user) is moderates
    assert _moderation_link(page) is moderates


def test_a_visitor_sees_no_moderation_link(client, db):
    assert not _moderation_link(client.get(reverse("posts:list")))


def test_reminders_go_to_everyone_the_rule_calls_a_moderator(db, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    people = {name: make() for name, (make, _moderates) in PEOPLE.items()}
    ModeratorFactory(is_active=False)
    waiting_since(held_post(), timezone.now() - timedelta(days=2))

    call_command("remind_moderators", stdout=StringIO())

    expected = {people[name].email for name, (_make, moderates) in PEOPLE.items() if moderates}
    assert {email.to[0] for email in mailoutbox} == expected
    assert set(moderators()) == {people[name] for name in PEOPLE if PEOPLE[name][1]}


@pytest.mark.parametrize(
    "sanction",
    [
        lambda user, by: actions.ban_user(user=user, by=by, reason="Rogue"),
        lambda user, by: actions.sanction_user(user=user, by=by, kind=SanctionKind.SILENCE, days=3, reason="Rogue"),
    ],
    ids=["ban", "silence"],
)
def test_moderators_are_not_banned_or_sanctioned_by_each_other_and_are_told_why(db, sanction):
    first, second = ModeratorFactory(), ModeratorFactory()

    with pytest.raises(PermissionDenied) as refused:
        sanction(second, first)
    with pytest.raises(PermissionDenied) as own:
        sanction(first, first)

    assert "take them out of the Moderators group first" in str(refused.value)
    assert str(own.value) == "You cannot ban or sanction your own account."
    second.refresh_from_db()
    assert second.is_active
    assert not Sanction.objects.exists()
