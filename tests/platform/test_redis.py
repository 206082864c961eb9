"""With REDIS_URL: the cache, sessions, Reconnect's and allauth's rate limits live in Redis and work there."""

import json
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import User
from posts.models import Comment
from tests.factories import UserFactory
from tests.platform import servers

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def test_redis_url_puts_the_cache_and_sessions_in_redis():
    env = servers.server_env(REDIS_URL="redis://127.0.0.1:6379/5")
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'], "
        "settings.SESSION_ENGINE]))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=servers.PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [
        "reconnect.cache.SharedClientRedisCache",
        "redis://127.0.0.1:6379/5",
        "reconnect.sessions",  # Django's cached_db, with each process's own copies (reconnect/sessions.py)
    ]


def test_without_redis_sessions_stay_in_the_database():
    env = servers.server_env()
    env.pop("REDIS_URL", None)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=servers.PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "django.contrib.sessions.backends.db"


def test_sign_up_works_on_redis(on_redis, mailoutbox):
    response = Client().post(
        reverse("account_signup"),
        {"display_name": "Mei", "email": "new.member@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.filter(email="new.member@example.com").exists()
    assert len(mailoutbox) == 1
    # allauth counted the sign-up in Redis.
    assert on_redis.names("allauth:rl:*:signup:*")


def test_log_in_works_on_redis_and_the_session_is_in_redis_and_the_database(on_redis):
    member = UserFactory(email="anna@example.com")
    member.set_password(PASSWORD)
    member.save()
    client = Client()

    response = client.post(reverse("account_login"), {"login": "anna@example.com", "password": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    session_key = client.cookies["sessionid"].value
    assert on_redis.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    assert Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("accounts:data")).status_code == HTTPStatus.OK


def test_a_session_outlives_a_flushed_cache(on_redis, member):
    client = Client()
    client.force_login(member)
    on_redis.delete_all()
    # cached_db reads the database when Redis has lost the session.
    assert client.get(reverse("accounts:data")).status_code == HTTPStatus.OK


def test_failed_log_ins_are_limited_in_redis(on_redis, settings):
    member = UserFactory(email="anna@example.com")
    member.set_password(PASSWORD)
    member.save()
    client = Client()
    for _ in range(5):  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 15 minutes per account (accounts/lockout.py).
        client.post(reverse("account_login"), {"login": "anna@example.com", "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": "anna@example.com", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "logging in with a password is paused" in response.text
    assert on_redis.names("allauth:rl:*:login_failed:*")


def test_rate_limited_posts_count_in_redis(on_redis, settings, stranger, post):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "comment": {"user": "3/h", "ip": "100/h"}}
    client = Client()
    client.force_login(stranger)
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    codes = [client.post(url, {"body": f"Lead {number}"}).status_code for number in range(4)]

    assert codes == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert Comment.objects.filter(author=stranger).count() == 3
    [counter] = on_redis.names(f"rl:comment:u:{stranger.pk}:*")
    # Another process reading the same Redis sees the same count.
    assert int(on_redis.client.get(counter)) == 4


def test_pages_for_anonymous_readers_are_kept_in_redis_and_made_stale_there(on_redis, django_assert_num_queries):
    from posts.moderation.actions import hide_post
    from tests.factories import ModeratorFactory, PostFactory

    post = PostFactory(title="Looking for the choir of Hamburg harbour")
    assert Client().get(reverse("home"))["X-Page-Cache"] == "miss"
    assert on_redis.names("pagecache:page:*")
    assert on_redis.names("pagecache:version:listing")
    with django_assert_num_queries(0):
        assert "Hamburg harbour" in Client().get(reverse("home")).text

    hide_post(post=post, by=ModeratorFactory(), reason="Spam")

    response = Client().get(reverse("home"))
    assert response["X-Page-Cache"] == "miss"
    assert "Hamburg harbour" not in response.text
