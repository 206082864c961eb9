"""allauth's own limits answer with the site's 429 page, in the reader's language, with Retry-After."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import User

SIGNUP = {
    "display_name": "Flood",
    "email": "flood{}@example.com",
    "password1": "a-long-pass-phrase-1",
    "password2": "a-long-pass-phrase-1",
}


@pytest.fixture
def one_signup_a_minute(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}


def sign_up_twice(client):
    url = reverse("account_signup")
    client.post(url, {**SIGNUP, "email": SIGNUP["email"].format(1)})
    return client.post(url, {**SIGNUP, "email": SIGNUP["email"].format(2)})


@pytest.mark.parametrize(
    ("language", "html_lang", "words"),
    [("en", 'lang="en"', "Please try again in 1 minute."), ("zh-hans", 'lang="zh-Hans"', "请慢一点")],
)
def test_allauth_limit_gives_the_sites_page_in_the_readers_language(
    one_signup_a_minute, settings, client, db, language, html_lang, words
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    refused = sign_up_twice(client)

    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Retry-After"] == "60"
    assert f"<html {html_lang}>" in refused.text
    assert words in refused.text
    assert refused.templates[0].name == "429.html"
    assert list(User.objects.values_list("email", flat=True)) == ["flood1@example.com"]


def test_allauth_limit_on_a_page_it_does_not_list_waits_for_the_longest_window(settings, rf):
    from reconnect.ratelimit import allauth_retry_after

    settings.ACCOUNT_RATE_LIMITS = {"signup": "20/m/ip", "login_failed": "10/m/ip,5/15m/key"}
    request = rf.get("/")
    request.resolver_match = None

    assert allauth_retry_after(request) == 15 * 60
