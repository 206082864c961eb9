"""Wrong passwords lock an account, whichever addresses they come from, on the site's log-in and the admin's.

The owner is told by email and can still log in with a code sent to their address.
"""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import ModeratorFactory, UserFactory

PASSWORD = "correct horse battery staple"  # the factories' password
LOCKED = "logging in with a password is paused"
pytestmark = pytest.mark.django_db


def address(number: int) -> dict:
    return {"REMOTE_ADDR": f"192.0.2.{number}"}


def site_log_in(client, email, password, number=1):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **address(number))


def admin_log_in(client, email, password, number=1):
    return client.post(reverse("admin:login"), {"username": email, "password": password}, **address(number))


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_from_five_addresses_lock_the_account_even_for_the_right_one():
    owner = UserFactory(email="owner@example.com")
    attacker = Client()
    for number in range(1, 6):
        assert site_log_in(attacker, "owner@example.com", f"guess {number}", number).status_code == HTTPStatus.OK

    owner_client = Client()
    refused = site_log_in(owner_client, "owner@example.com", PASSWORD, 99)

    assert refused.status_code == HTTPStatus.OK
    assert LOCKED in refused.text
    assert reverse("account_request_login_code") in refused.text  # the page points to the way in
    assert not logged_in(owner_client)
    other = UserFactory(email="other@example.com")
    assert site_log_in(Client(), other.email, PASSWORD, 7).status_code == HTTPStatus.FOUND  # only that account
    assert owner.pk


def test_the_owner_is_told_once_in_their_language_with_nothing_of_theirs_as_html():
    UserFactory(
        email="owner@example.com", display_name='<img src="https://evil.example/p.gif">', interface_language="zh-hans"
    )
    attacker = Client()
    for number in range(1, 10):
        site_log_in(attacker, "owner@example.com", f"guess {number}", number)

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["owner@example.com"]
    assert "锁定" in notice.subject
    assert "/accounts/login/code/" in notice.body
    html = notice.alternatives[0][0]
    assert "<img" not in html
    assert "&lt;img" in html


def test_no_email_when_the_address_is_over_its_limit_but_the_account_is_not(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/m/ip,5/15m/key"}
    UserFactory(email="owner@example.com")
    attacker = Client()
    site_log_in(attacker, "a@example.com", "guess")
    site_log_in(attacker, "b@example.com", "guess")

    refused = site_log_in(attacker, "owner@example.com", "guess")

    assert "Too many failed login attempts" in refused.text
    assert mail.outbox == []


def test_the_owner_logs_in_with_an_emailed_code_while_locked():
    owner = UserFactory(email="owner@example.com")
    attacker = Client()
    for number in range(1, 6):
        site_log_in(attacker, "owner@example.com", f"guess {number}", number)
    mail.outbox.clear()

    client = Client()
    asked = client.post(reverse("account_request_login_code"), {"email": "owner@example.com"}, **address(50))
    assert asked.status_code == HTTPStatus.FOUND
    code = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,}[A-Z0-9])\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    confirmed = client.post(reverse("account_confirm_login_code"), {"code": code}, **address(50))

    assert confirmed.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_the_admin_log_in_counts_with_the_sites_and_locks_across_addresses():
    moderator = ModeratorFactory(email="mod@example.com")
    attacker = Client()
    for number in range(1, 4):
        site_log_in(attacker, moderator.email, f"guess {number}", number)
    for number in range(4, 6):
        assert admin_log_in(attacker, moderator.email, f"guess {number}", number).status_code == HTTPStatus.OK

    client = Client()
    refused = admin_log_in(client, moderator.email, PASSWORD, 99)

    assert refused.status_code == HTTPStatus.OK
    assert LOCKED in refused.text
    assert reverse("account_request_login_code") in refused.text
    assert not logged_in(client)
    assert len(mail.outbox) == 1


def test_the_admin_log_in_still_logs_a_moderator_in():
    moderator = ModeratorFactory(email="mod@example.com")
    client = Client()

    response = admin_log_in(client, moderator.email, PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:index")
    assert client.session["_auth_user_id"] == str(moderator.pk)
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
