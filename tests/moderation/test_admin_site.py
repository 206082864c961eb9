"""The admin moderators work in: ReconnectAdminSite, with the review queue and members' records inside it."""

from http import HTTPStatus

from django.contrib import admin
from django.urls import resolve, reverse

from posts.models import Post
from reconnect.admin import ReconnectAdminSite
from tests.factories import UserFactory


def test_the_admin_in_use_is_the_reconnect_site_with_every_model_on_it():
    assert isinstance(admin.site, ReconnectAdminSite)
    assert isinstance(resolve("/admin/").func.admin_site, ReconnectAdminSite)
    assert admin.site.is_registered(Post)


def test_queue_and_member_record_are_pages_of_the_admin_site(db):
    member = UserFactory()

    for path, name in (("/admin/queue/", "queue"), (f"/admin/people/{member.pk}/", "person")):
        match = resolve(path)
        assert (match.namespace, match.url_name) == ("admin:moderation", name)
        assert match.namespaces[0] == admin.site.name
        assert reverse(f"admin:moderation:{name}", kwargs=match.kwargs) == path


def test_queue_and_member_record_are_behind_the_admin_log_in(client, db):
    member = UserFactory()

    for path in ("/admin/queue/", f"/admin/people/{member.pk}/"):
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND
        assert response.url == f"{reverse('admin:login')}?next={path}"


def test_a_moderator_opens_the_queue_and_a_member_record_in_the_site(moderator_client):
    member = UserFactory(email="subject@example.com")

    queue = moderator_client.get("/admin/queue/")
    record = moderator_client.get(f"/admin/people/{member.pk}/")

    assert (queue.status_code, record.status_code) == (HTTPStatus.OK, HTTPStatus.OK)
    assert queue.context["site_header"] == "Reconnect moderation"
    assert "subject@example.com" in record.text


def test_the_admin_log_in_page_names_the_site(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == HTTPStatus.OK
    assert "Reconnect moderation" in response.text


def test_the_admin_log_in_is_limited_per_address(settings, client, db):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "admin_login": {"ip": "2/m"}}
    wrong = {"username": "x@example.com", "password": "wrong"}

    assert [client.post("/admin/login/", wrong).status_code for _ in range(2)] == [HTTPStatus.OK, HTTPStatus.OK]
    refused = client.post("/admin/login/", wrong)
    other_address = client.post("/admin/login/", wrong, REMOTE_ADDR="192.0.2.7")

    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Retry-After"]
    assert other_address.status_code == HTTPStatus.OK
