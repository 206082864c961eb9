"""Sign-up asks the name others will see; allauth's pages speak in the site's voice, in both languages."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from tests.helpers import error_beside

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def sign_up(client, **fields):
    data = {"display_name": "Mei Lin", "email": "mei@example.com", "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("account_signup"), {**data, **fields})


def test_sign_up_stores_the_display_name_so_nobody_shows_as_member_16(client):
    response = sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    person = User.objects.get(email="mei@example.com")
    assert person.display_name == "Mei Lin"
    assert person.public_name == "Mei Lin"


def test_sign_up_asks_the_name_first(client):
    page = client.get(reverse("account_signup")).text

    assert page.index('name="display_name"') < page.index('name="email"') < page.index('name="password1"')
    assert "Your name on Reconnect" in page


def test_sign_up_without_a_name_is_refused_beside_the_field_keeping_what_was_typed(client):
    response = sign_up(client, display_name="  ")

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "display_name") == ["This field is required."]
    assert 'value="mei@example.com"' in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["Mei mei@example.com", "Call +1 415 555 0100", "WeChat: meilin88"])
def test_a_name_with_contact_details_is_refused_as_on_the_profile_page(client, name):
    response = sign_up(client, display_name=name)

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "display_name") == [
        "Everyone can read this, so it cannot contain an email address, a phone number, a messenger ID or a street "
        "address. Please take it out; people can write to you through the site."
    ]
    assert not User.objects.exists()


# allauth's pages a visitor reaches, each with its heading in English and in Chinese; none in stock Title Case.
VISITOR_PAGES = {
    "account_login": ("Log in", "登录"),
    "account_signup": ("Create an account", "创建账号"),
    "account_email_verification_sent": ("Check your email", "请查收邮件"),
    "account_reset_password": ("Forgot your password?", "忘记密码了？"),
    "account_reset_password_done": ("Check your email", "请查收邮件"),
    "account_request_login_code": ("Log in with a code", "用验证码登录"),
    "account_inactive": ("This account cannot log in", "这个账号无法登录"),
}
MEMBER_PAGES = {
    "account_email": ("Your email address", "你的邮箱地址"),
    "account_change_password": ("Change your password", "修改你的密码"),
    "account_logout": ("Log out", "退出"),
}
STOCK_TITLES = ("Sign In", "Sign Up", "Verify Your Email Address", "Password Reset", "Change Password", "Sign Out")


def heading(html: str) -> str:
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0]


@pytest.mark.parametrize("name", VISITOR_PAGES)
def test_allauth_pages_for_visitors_are_in_the_site_s_voice_in_both_languages(client, name):
    english, chinese = VISITOR_PAGES[name]

    page = client.get(reverse(name))
    assert page.status_code == HTTPStatus.OK
    assert heading(page.text) == english
    assert not any(title in page.text for title in STOCK_TITLES)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse(name))
    assert heading(page.text) == chinese


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_allauth_pages_for_members_are_in_the_site_s_voice_in_both_languages(member_client, name):
    english, chinese = MEMBER_PAGES[name]

    page = member_client.get(reverse(name))
    assert page.status_code == HTTPStatus.OK
    assert heading(page.text) == english
    assert not any(title in page.text for title in STOCK_TITLES)

    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert chinese in heading(member_client.get(reverse(name)).text)


def test_a_password_reset_link_that_no_longer_works_says_so_and_offers_a_new_one(client):
    page = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "set-password"}))

    assert heading(page.text) == "This link no longer works"
    assert f'href="{reverse("account_reset_password")}"' in page.text


def test_the_log_in_page_offers_a_code_and_says_keep_me_logged_in(client):
    page = client.get(reverse("account_login")).text

    assert f'href="{reverse("account_request_login_code")}"' in page
    assert "Keep me logged in on this device" in page
    assert "Remember Me" not in page
