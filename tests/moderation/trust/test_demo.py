"""`make run` shows an ordinary site: the demo accounts are established, not new."""

import io

import pytest
from django.core.management import call_command

from accounts.models import TrustLevel, User
from posts.demo.data import MEMBER_EMAIL, MODERATOR_EMAIL
from posts.models import Moderation, Post
from posts.moderation import trust
from tests.conftest import login
from tests.moderation.trust.conftest import comment_url, comments_of


@pytest.fixture
def seeded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_accounts_are_established(seeded):
    people = list(User.objects.exclude(email__in=[MODERATOR_EMAIL]))

    assert all(not trust.is_first_day(person) for person in people)
    assert trust.level_of(User.objects.get(email=MODERATOR_EMAIL)) == TrustLevel.TRUSTED
    assert trust.level_of(User.objects.get(email=MEMBER_EMAIL)) != TrustLevel.NEW


def test_the_demo_member_comments_and_it_goes_out_at_once(seeded):
    member = User.objects.get(email=MEMBER_EMAIL)
    post = Post.objects.published().exclude(author=member).first()

    login(member).post(comment_url(post), {"body": "I think I know her from the choir."})

    assert comments_of(member)[-1] == ("I think I know her from the choir.", Moderation.PUBLISHED)
