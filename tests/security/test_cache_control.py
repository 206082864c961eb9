"""What browsers and caches may keep: nothing of a member's pages, a photo for minutes, anonymous pages as before."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Moderation
from reconnect import pagecache
from tests.conftest import login
from tests.factories import PhotoFactory, PostFactory

MEMBER_PAGES = {
    "home": lambda post: reverse("home"),
    "request list": lambda post: reverse("posts:list"),
    "request page": lambda post: post.get_absolute_url(),
    "profile settings": lambda post: reverse("accounts:profile_edit"),
    "notifications": lambda post: reverse("posts:notifications"),
    "conversations": lambda post: reverse("posts:conversations"),
    "opt-outs": lambda post: reverse("posts:opt_out"),
    "data settings": lambda post: reverse("accounts:data"),
}


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_every_page_for_a_logged_in_member_is_private_and_not_stored(member, page):
    post = PostFactory(author=member)

    response = login(member).get(MEMBER_PAGES[page](post))

    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "private, no-store"


def test_a_refusal_and_a_redirect_for_a_member_are_not_stored_either(member, moderator):
    hidden = PostFactory(moderation=Moderation.HIDDEN)
    client = login(member)

    assert client.get(hidden.get_absolute_url()).headers["Cache-Control"] == "private, no-store"
    redirect = client.post(reverse("posts:follow", kwargs={"pk": PostFactory().pk}))
    assert redirect.status_code == HTTPStatus.FOUND
    assert redirect["Cache-Control"] == "private, no-store"


def test_anonymous_pages_keep_their_caching_and_are_kept_for_everyone(client, post, settings):
    settings.RECONNECT_PAGE_CACHE_SECONDS = 300
    first = client.get(reverse("home"))
    again = client.get(reverse("home"))

    assert (first[pagecache.HIT_HEADER], again[pagecache.HIT_HEADER]) == ("miss", "hit")
    for response in (first, again):
        assert "private" not in response.get("Cache-Control", "")
        assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_a_photo_is_kept_privately_by_a_browser_for_five_minutes_at_most(client, post, stranger, reader):
    photo = PhotoFactory(post=post)
    browser = client if reader == "anonymous" else login(stranger)

    response = browser.get(reverse("posts:photo", kwargs={"pk": photo.pk, "size": "full"}))

    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "private, max-age=300"
    b"".join(response.streaming_content)


def test_a_hidden_requests_photo_shown_to_its_poster_is_private_and_short_lived(member):
    photo = PhotoFactory(post=PostFactory(author=member, moderation=Moderation.HIDDEN))

    response = login(member).get(reverse("posts:photo", kwargs={"pk": photo.pk, "size": "thumb"}))

    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "private, max-age=300"
    b"".join(response.streaming_content)
