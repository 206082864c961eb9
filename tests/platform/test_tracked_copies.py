"""Each process's own copies of page versions and sessions (reconnect.cache.TrackedKeys, reconnect/sessions.py):
a write from anywhere else is seen at once, as if nothing were copied. Needs Redis (skipped without it)."""

import pickle
from http import HTTPStatus

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from reconnect import pagecache
from tests.conftest import login
from tests.factories import PostFactory


def test_a_version_bumped_by_another_process_is_seen_at_once(on_redis):
    first = pagecache.versions(["listing"])
    assert pagecache.versions(["listing"]) == first  # now this process's copy
    assert cache.tracked(pagecache.VERSION_PREFIX).get_many([cache.make_key(pagecache.VERSION_PREFIX + "listing")])

    # Another process bumps: it writes a new version in Redis, with a client of its own.
    on_redis.client.set(f"{on_redis.prefix}:1:{pagecache.VERSION_PREFIX}listing", pickle.dumps("bumped-elsewhere"))

    assert pagecache.versions(["listing"]) == ["bumped-elsewhere"]


def test_a_hidden_request_leaves_a_members_list_at_once_when_another_process_hides_it(on_redis, member):
    post = PostFactory(title="Looking for Zanzibar Quartet")
    client = login(member)
    assert "Zanzibar Quartet" in client.get(reverse("posts:list")).text
    assert "Zanzibar Quartet" in client.get(reverse("posts:list")).text  # from this process's copies

    type(post).objects.filter(pk=post.pk).update(moderation="hidden")
    # The bump as another process makes it: the version's key rewritten in Redis.
    on_redis.client.delete(f"{on_redis.prefix}:1:{pagecache.VERSION_PREFIX}listing")

    assert "Zanzibar Quartet" not in client.get(reverse("posts:list")).text


def test_a_session_ended_elsewhere_ends_here_at_once(on_redis, member):
    client = login(member)
    assert "Log out" in client.get(reverse("home")).text
    assert "Log out" in client.get(reverse("home")).text  # the session from this process's copy

    session_key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=session_key).delete()
    on_redis.client.delete(f"{on_redis.prefix}:1:django.contrib.sessions.cached_db{session_key}")

    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    assert "Log out" not in response.text
