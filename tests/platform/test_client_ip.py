"""One rule for the visitor's address: DJANGO_TRUSTED_PROXY_COUNT entries from the right of X-Forwarded-For."""

from http import HTTPStatus

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from posts.models import Comment
from reconnect.clientip import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # Our load balancer: the peer of every request.
VISITOR = "203.0.113.7"
OTHER_VISITOR = "198.51.100.9"
PASSWORD = "a long and unusual passphrase 42"


def forwarded(visitor: str, forged: str = "") -> dict[str, str]:
    """Headers as our one proxy sends them: whatever the visitor wrote, then the address it saw."""
    chain = f"{forged}, {visitor}" if forged else visitor
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def request_with(**meta):
    return RequestFactory().get("/", **meta)


@pytest.fixture
def one_proxy(settings):
    settings.RECONNECT_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.RECONNECT_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(**forwarded(VISITOR, forged="1.2.3.4"))) == PROXY


@pytest.mark.parametrize(
    ("chain", "trusted", "expected"),
    [
        (VISITOR, 1, VISITOR),
        (f"1.2.3.4, {VISITOR}", 1, VISITOR),
        (f"1.2.3.4, 5.6.7.8, {VISITOR}", 1, VISITOR),
        (f"1.2.3.4, {VISITOR}, 10.0.0.9", 2, VISITOR),
        (f"{VISITOR}:5123", 1, VISITOR),
        ("[2001:db8::1]:443", 1, "2001:db8::1"),
        ("2001:db8::1", 1, "2001:db8::1"),
        (VISITOR, 2, VISITOR),  # One proxy forwarded nothing: the left-most is all there is.
        ("not-an-address", 1, PROXY),
        ("", 1, PROXY),
    ],
)
def test_the_client_is_counted_from_the_right(settings, chain, trusted, expected):
    settings.RECONNECT_TRUSTED_PROXY_COUNT = trusted
    assert client_ip(request_with(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)) == expected


def test_forged_entries_do_not_escape_reconnects_limits(one_proxy, settings, stranger, post):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "comment": {"user": "100/h", "ip": "2/h"}}
    client = Client()
    client.force_login(stranger)
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})

    codes = [
        client.post(url, {"body": f"Lead {n}"}, **forwarded(VISITOR, forged=f"192.0.2.{n}")).status_code
        for n in range(4)
    ]

    assert codes == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.TOO_MANY_REQUESTS]
    assert Comment.objects.filter(author=stranger).count() == 2


def test_visitors_behind_the_same_proxy_have_limits_of_their_own(one_proxy, settings, stranger, member, post):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "comment": {"user": "100/h", "ip": "1/h"}}
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    first, second = Client(), Client()
    first.force_login(stranger)
    second.force_login(member)

    assert first.post(url, {"body": "Mine"}, **forwarded(VISITOR)).status_code == HTTPStatus.FOUND
    assert second.post(url, {"body": "Theirs"}, **forwarded(OTHER_VISITOR)).status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 2


def test_forged_entries_do_not_escape_the_admin_log_in_limit(one_proxy, settings, moderator):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "admin_login": {"ip": "3/m"}}
    client = Client()
    wrong = {"username": moderator.email, "password": "guess"}

    codes = [
        client.post("/admin/login/", wrong, **forwarded(VISITOR, forged=f"192.0.2.{n}")).status_code for n in range(5)
    ]

    assert codes[:3] == [HTTPStatus.OK] * 3
    assert codes[3:] == [HTTPStatus.TOO_MANY_REQUESTS] * 2
    # Another visitor behind the same proxy can still log in.
    other = client.post("/admin/login/", wrong, **forwarded(OTHER_VISITOR))
    assert other.status_code == HTTPStatus.OK


def test_forged_entries_do_not_escape_allauths_log_in_limit(one_proxy, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    member = UserFactory(email="anna@example.com")
    member.set_password(PASSWORD)
    member.save()
    client = Client()
    for n in range(3):
        # A different address tried each time, so only the per-address limit can stop them.
        client.post(
            reverse("account_login"),
            {"login": f"guess{n}@example.com", "password": "wrong"},
            **forwarded(VISITOR, forged=f"192.0.2.{n}"),
        )

    blocked = Client().post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD},
        **forwarded(VISITOR, forged="192.0.2.99"),
    )
    elsewhere = Client()
    allowed = elsewhere.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}, **forwarded(OTHER_VISITOR)
    )

    assert "Too many failed login attempts" in blocked.text
    assert allowed.status_code == HTTPStatus.FOUND
    assert elsewhere.session["_auth_user_id"] == str(member.pk)
