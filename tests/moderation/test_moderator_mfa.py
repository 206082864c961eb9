"""Moderators must use two-factor log-in (RECONNECT_MODERATOR_MFA); the admin's log-in asks for the app's code."""

import time
from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.factories import ModeratorFactory
from tests.security.test_settings_deploy import production_env, run_python

PASSWORD = "correct horse battery staple"  # the factories' password
pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.RECONNECT_MODERATOR_MFA = True


def code_for(secret: str, *, step: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def admin_log_in(client, email, password=PASSWORD):
    return client.post(reverse("admin:login"), {"username": email, "password": password, "next": "/admin/queue/"})


def test_a_moderator_without_an_authenticator_app_is_sent_to_set_one_up(mfa_required, moderator_client):
    response = moderator_client.get("/admin/queue/")

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{reverse('mfa_activate_totp')}?next=%2Fadmin%2Fqueue%2F"
    [message] = list(get_messages(response.wsgi_request))
    assert "Moderators must use two-factor log-in" in str(message)


def test_an_admin_action_is_refused_without_an_authenticator_app(mfa_required, moderator_client, admin_action, post):
    from posts.models import Moderation, Post

    response = admin_action(moderator_client, Post, "hide", [post])

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("mfa_activate_totp"))
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED


def test_a_moderator_logs_in_sets_up_the_app_then_opens_the_queue(mfa_required):
    moderator = ModeratorFactory(email="mod@example.com")
    client = Client()

    logged_in = admin_log_in(client, moderator.email)
    assert logged_in.url == "/admin/queue/"
    sent = client.get("/admin/queue/")
    assert sent.url.startswith(reverse("mfa_activate_totp"))

    confirm = client.get(sent.url)  # allauth asks for the password again before a second factor is added
    assert confirm.url.startswith(reverse("account_reauthenticate"))
    back = client.post(confirm.url, {"password": PASSWORD})
    assert back.url == sent.url
    page = client.get(sent.url)
    assert page.status_code == HTTPStatus.OK
    assert 'src="data:image/svg+xml' in page.text  # the QR code, which the CSP allows (img-src data:)
    assert "data:" in page["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    secret = client.session["mfa.totp.secret"]
    activated = client.post(sent.url, {"code": code_for(secret)})

    assert activated.status_code == HTTPStatus.FOUND
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/queue/").status_code == HTTPStatus.OK


def test_the_admin_log_in_asks_an_account_with_an_app_for_its_code(mfa_required):
    moderator = ModeratorFactory(email="mod@example.com")
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    client = Client()

    asked = admin_log_in(client, moderator.email)
    assert asked.status_code == HTTPStatus.FOUND
    assert asked.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/queue/").url.startswith(reverse("admin:login"))

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert wrong.status_code == HTTPStatus.OK
    assert "_auth_user_id" not in client.session

    done = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert done.status_code == HTTPStatus.FOUND
    assert done.url == "/admin/queue/"
    assert client.session["_auth_user_id"] == str(moderator.pk)
    assert client.get("/admin/queue/").status_code == HTTPStatus.OK


def test_members_are_offered_two_factor_log_in_on_their_account_pages(member_client):
    settings_page = member_client.get(reverse("account_email"))
    mfa_page = member_client.get(reverse("mfa_index"))

    assert reverse("mfa_index") in settings_page.text
    assert mfa_page.status_code == HTTPStatus.OK
    assert reverse("mfa_activate_totp") in mfa_page.text


@pytest.mark.parametrize(("debug", "required"), [("0", "True"), ("1", "False")])
def test_moderators_need_the_app_by_default_unless_debugging(debug, required):
    env = production_env(DJANGO_DEBUG=debug, DJANGO_SECRET_KEY="x" * 60)
    code = "import django; django.setup(); from django.conf import settings; print(settings.RECONNECT_MODERATOR_MFA)"

    result = run_python("-c", code, env=env)

    assert result.stdout.strip() == required, result.stderr


def test_without_an_app_a_moderator_has_no_moderator_powers_on_the_site_either(mfa_required, moderator, member):
    from posts.models import Moderation
    from tests.factories import PostFactory

    hidden = PostFactory(author=member, moderation=Moderation.HIDDEN, title="Looking for the night-train guard")
    reader = Client()
    reader.force_login(moderator)

    assert reader.get(hidden.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND

    TOTP.activate(moderator, generate_totp_secret())
    again = Client()
    again.force_login(moderator)
    shown = again.get(hidden.get_absolute_url())
    assert shown.status_code == HTTPStatus.OK
    assert hidden.title in shown.text
