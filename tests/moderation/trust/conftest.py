"""Accounts at each trust level, for the trust tests (accounts/trust.py, docs/moderation.md)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustLevel
from posts.models import Comment, Moderation, Post
from tests.conftest import login
from tests.factories import CommentFactory, NewUserFactory, PostFactory


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def comment_url(post: Post) -> str:
    return reverse("posts:comment_create", kwargs={"pk": post.pk})


def level_shown(client) -> str:
    """The level the member reads on their own settings page."""
    text = client.get(reverse("accounts:profile_edit")).text
    for level in TrustLevel:
        if f"Your level: <strong>{level.label}</strong>" in text:
            return level.value
    raise AssertionError("no trust level is shown on the settings page")


def publish_comments(author, count: int) -> None:
    for _ in range(count):
        CommentFactory(author=author, moderation=Moderation.PUBLISHED)


def comments_of(author) -> list[tuple[str, str]]:
    return list(Comment.objects.filter(author=author).order_by("pk").values_list("body", "moderation"))


@pytest.fixture
def newbie(db):
    """Signed up a minute ago, email verified, nothing published: new, on their first day."""
    return NewUserFactory(display_name="Newbie")


@pytest.fixture
def newbie_client(newbie):
    return login(newbie)


@pytest.fixture
def second_day_newbie(db):
    """Two days old, still nothing published: new, but past the first-day rules."""
    return NewUserFactory(display_name="Second day", date_joined=days_ago(2))


@pytest.fixture
def second_day_client(second_day_newbie):
    return login(second_day_newbie)


@pytest.fixture
def open_post(db):
    return PostFactory()
