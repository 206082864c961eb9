"""How a member earns their level: verified email, account age, published content, and no sanctions."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Sanction, SanctionKind, TrustLevel
from posts.models import Comment, Moderation, Post
from posts.moderation import actions, trust
from tests.conftest import login
from tests.factories import CommentFactory, ModeratorFactory, NewUserFactory, PostFactory, UserFactory
from tests.moderation.trust.conftest import days_ago, level_shown, publish_comments


def test_a_member_who_just_signed_up_is_new_and_is_told_what_holds_apply(newbie_client):
    page = newbie_client.get(reverse("accounts:profile_edit"))

    assert page.status_code == HTTPStatus.OK
    assert level_shown(newbie_client) == TrustLevel.NEW
    assert "Your first request waits for a moderator" in page.text
    assert "Your comments wait for a moderator until 2 of them are published." in page.text
    assert "at most 3 requests in 24 hours" in page.text
    assert "On your first day: 1 photo per request, and no links in comments." in page.text
    assert "You become a member once" in page.text


def test_a_day_old_verified_member_with_a_published_request_is_a_member(db):
    person = NewUserFactory(date_joined=days_ago(2))
    PostFactory(author=person)

    client = login(person)
    assert level_shown(client) == TrustLevel.MEMBER
    page = client.get(reverse("accounts:profile_edit")).text
    assert "Your comments wait" not in page
    assert "On your first day" not in page


def test_two_published_comments_earn_member_as_a_request_does(db):
    person = NewUserFactory(date_joined=days_ago(2))
    publish_comments(person, 2)

    assert level_shown(login(person)) == TrustLevel.MEMBER


@pytest.mark.parametrize(
    "missing",
    ["verified email", "a day of age", "published content", "only one published comment", "content hidden"],
)
def test_each_condition_of_member_is_needed(db, missing):
    person = NewUserFactory(
        verified=missing != "verified email",
        date_joined=timezone.now() if missing == "a day of age" else days_ago(2),
    )
    if missing == "only one published comment":
        publish_comments(person, 1)
    elif missing == "content hidden":
        PostFactory(author=person, moderation=Moderation.HIDDEN)
        CommentFactory(author=person, moderation=Moderation.PENDING)
        CommentFactory(author=person, moderation=Moderation.REMOVED)
    elif missing != "published content":
        PostFactory(author=person)

    assert level_shown(login(person)) == TrustLevel.NEW


def _veteran(days: int = 31, published: int = 10):
    person = NewUserFactory(date_joined=days_ago(days))
    PostFactory(author=person)
    publish_comments(person, published - 1)
    return person


def test_thirty_days_ten_published_and_no_sanction_earn_trusted(db):
    client = login(_veteran())

    assert level_shown(client) == TrustLevel.TRUSTED
    assert "your rate limits are 2 times the usual" in client.get(reverse("accounts:profile_edit")).text


@pytest.mark.parametrize("missing", ["thirty days", "ten published", "never sanctioned"])
def test_each_condition_of_trusted_is_needed(db, missing):
    person = _veteran(days=29 if missing == "thirty days" else 31, published=9 if missing == "ten published" else 10)
    if missing == "never sanctioned":
        # Even a sanction that was lifted long ago.
        Sanction.objects.create(
            user=person,
            kind=SanctionKind.SILENCE,
            reason="Spam",
            starts_at=days_ago(20),
            ends_at=days_ago(19),
            lifted_at=days_ago(19),
        )

    assert level_shown(login(person)) == TrustLevel.MEMBER


def test_a_ban_that_was_lifted_still_counts_against_trusted(db):
    """Lifting a ban restores the account and its content, not a clean record: the member stays a member."""
    person = _veteran(days=31, published=10)
    moderator = ModeratorFactory()
    actions.ban_user(user=person, by=moderator, reason="Asked people for money")
    actions.unban_user(user=person, by=moderator)
    person.refresh_from_db()

    assert (person.is_active, person.banned_at) == (True, None)
    assert Post.objects.get(author=person).moderation == Moderation.PUBLISHED  # The 10 published are back.
    assert level_shown(login(person)) == TrustLevel.MEMBER


def test_other_moderation_log_entries_about_a_member_are_not_a_sanction(db):
    person = _veteran(days=31, published=10)
    moderator = ModeratorFactory()
    trust.set_level(user=person, by=moderator, level=TrustLevel.NEW, reason="Checking something")
    trust.set_level(user=person, by=moderator, level="", reason="All fine")

    assert level_shown(login(person)) == TrustLevel.TRUSTED


def test_a_moderator_counts_as_trusted_from_the_first_minute(db):
    moderator = ModeratorFactory(date_joined=timezone.now(), trust_level="")

    assert level_shown(login(moderator)) == TrustLevel.TRUSTED


def test_a_level_set_by_a_moderator_is_shown_as_such(db):
    client = login(UserFactory(trust_level=TrustLevel.TRUSTED))

    assert level_shown(client) == TrustLevel.TRUSTED
    assert "A moderator set this level." in client.get(reverse("accounts:profile_edit")).text


@pytest.mark.parametrize("size", [1, 4])
def test_settings_page_queries_do_not_grow_with_what_the_member_wrote(db, django_assert_num_queries, size):
    person = NewUserFactory()
    for _ in range(size):
        PostFactory(author=person, moderation=Moderation.PENDING, published_at=None)
        CommentFactory(author=person, moderation=Moderation.PENDING)
    client = login(person)
    client.get(reverse("accounts:profile_edit"))

    # 4: the session, then the member's trust level (its facts, and what they published). Their row, role,
    # header counts and standing (any sanction, a verified address) are kept from the first visit
    # (accounts.backends, accounts.roles, posts.reach.header, accounts.standing).
    with django_assert_num_queries(4):
        client.get(reverse("accounts:profile_edit"))


def test_a_member_who_signs_up_and_confirms_through_the_site_starts_new(client, open_post, mailoutbox):
    from tests.accounts.test_signup_and_verification import confirmation_path, sign_up

    sign_up(client, email="fresh@example.com")
    client.post(confirmation_path(mailoutbox[0]))

    assert level_shown(client) == TrustLevel.NEW
    client.post(reverse("posts:comment_create", kwargs={"pk": open_post.pk}), {"body": "Saw him in Kiel"})
    assert Comment.objects.get(author__email="fresh@example.com").moderation == Moderation.PENDING
