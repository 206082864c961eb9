"""The person sought, and anyone who knows them, may act without an account yet, and is told why they log in."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from posts.models import Moderation
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_is_offered_this_is_me_and_i_know_them_and_told_what_follows(client):
    post = PostFactory(title="Looking for Mei from the night train")

    page = client.get(post.get_absolute_url()).text

    for kind in ("this_is_me", "i_know_them", "removal"):
        assert reverse("posts:visitor_start", args=[post.pk, kind]) in page
    assert "No account needed" in page and "They never see your address." in page


def test_a_visitor_is_not_offered_to_write_about_an_unpublished_request(client, member):
    pending = PostFactory(author=member, moderation=Moderation.PENDING, published_at=None)
    client.force_login(member)  # Only its poster sees it, and they do not write to themselves.

    page = client.get(pending.get_absolute_url()).text

    assert reverse("posts:conversation_start", args=[pending.pk, "this_is_me"]) not in page
    assert reverse("posts:visitor_start", args=[pending.pk, "this_is_me"]) not in page


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (lambda post: reverse("posts:conversation_start", args=[post.pk, "this_is_me"]), "this request is about you"),
        (lambda post: reverse("posts:conversation_start", args=[post.pk, "i_know_them"]), "you know this person"),
        (lambda post: reverse("posts:report", args=[post.pk]), "To report a request"),
        (lambda post: reverse("posts:create"), "To post a request"),
    ],
)
def test_the_log_in_page_says_why_it_is_shown(client, target, reason):
    post = PostFactory()
    start = client.get(target(post))
    assert start.status_code == HTTPStatus.FOUND

    login_page = client.get(start.url)

    assert login_page.status_code == HTTPStatus.OK
    assert reason in login_page.text


def test_the_log_in_page_gives_its_reason_in_chinese(client):
    post = PostFactory()
    client.cookies["django_language"] = "zh-hans"
    url = reverse("account_login") + "?" + urlencode({"next": reverse("posts:report", args=[post.pk])})

    assert "举报" in client.get(url).text


def test_a_log_in_page_for_anything_else_says_nothing_more(client):
    page = client.get(reverse("account_login") + "?next=/elsewhere/").text
    assert 'class="notice login-reason"' not in page


def test_is_a_request_about_you_needs_no_account(client):
    """The header's "Is a request about you?" leads a visitor to their choices, none of which needs an account."""
    start = client.get(reverse("posts:opt_out"))
    assert start.status_code == HTTPStatus.FOUND
    assert start.url == reverse("posts:visitor_opt_out")

    page = client.get(start.url).text
    assert "None of this needs an account" in page and "This is about me — please take it down" in page
