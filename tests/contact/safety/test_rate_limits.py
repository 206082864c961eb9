"""Over a limit: HTTP 429 with a page in the reader's language that says when to retry, and nothing saved."""

from http import HTTPStatus

from django.urls import reverse

from posts.models import Comment, Report


def test_comment_flood_hits_the_limit(settings, stranger_client, post):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "comment": {"user": "3/h", "ip": "100/h"}}
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    for number in range(3):
        assert stranger_client.post(url, {"body": f"Lead {number}"}).status_code == HTTPStatus.FOUND

    response = stranger_client.post(url, {"body": "One too many"})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0
    assert "Please try again in" in response.text
    assert Comment.objects.count() == 3


def test_limit_page_is_in_the_readers_language(settings, stranger_client, post):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "report": {"user": "0/h"}}
    stranger_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = stranger_client.post(reverse("posts:report", kwargs={"pk": post.pk}), {"reason": "spam"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert '<html lang="zh-Hans"' in response.text
    assert "请" in response.text
    assert not Report.objects.exists()


def test_limit_counts_per_address_across_members(settings, client, post, member, stranger):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "comment": {"user": "100/h", "ip": "2/h"}}
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    client.force_login(stranger)
    client.post(url, {"body": "First"})
    client.force_login(member)
    client.post(url, {"body": "Second"})
    client.force_login(stranger)
    assert client.post(url, {"body": "Third"}).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_admin_login_is_limited(settings, client, db):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "admin_login": {"ip": "2/m"}}
    for _ in range(2):
        client.post("/admin/login/", {"username": "x@example.com", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "x@example.com", "password": "wrong"}).status_code == 429
