"""Signing up, verifying the email address, logging in and resetting a password, through allauth."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import FieldDoesNotExist
from django.test import Client
from django.urls import reverse

from accounts.models import User
from posts.models import Post
from posts.requests import permissions
from tests.factories import NewUserFactory

PASSWORD = "a long and unusual passphrase 42"
FACTORY_PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/accounts/confirm-email/[^\s/]+/)")


def sign_up(client, email="new.member@example.com", password1=PASSWORD, password2=PASSWORD, display_name="Mei Lin"):
    return client.post(
        reverse("account_signup"),
        {"display_name": display_name, "email": email, "password1": password1, "password2": password2},
    )


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def confirmation_path(mail) -> str:
    match = CONFIRM_LINK.search(mail.body)
    assert match, mail.body
    return match.group(1)


def new_request_data() -> dict:
    return {
        "title": "Looking for Simon, my classmate in Iowa",
        "sought_name": "Simon Weber",
        "relationship": "classmate",
        "story": "We sat together in chemistry.",
        "languages": ["en"],
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "6",
    }


def test_user_logs_in_with_an_email_and_has_no_username():
    assert User.USERNAME_FIELD == "email"
    assert User.EMAIL_FIELD == "email"
    with pytest.raises(FieldDoesNotExist):
        User._meta.get_field("username")
    assert User._meta.get_field("email").unique


def test_create_user_needs_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password=PASSWORD)
    assert User.objects.count() == 0


def test_signup_creates_an_unverified_user_and_sends_a_verification_email(client, mailoutbox):
    response = sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.member@example.com")
    assert user.check_password(PASSWORD)
    assert user.is_active
    assert not user.is_staff
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("new.member@example.com", False, True)
    assert [mail.to for mail in mailoutbox] == [["new.member@example.com"]]
    assert confirmation_path(mailoutbox[0])
    assert not permissions.can_post(user)


def test_unverified_user_cannot_log_in(client, mailoutbox):
    sign_up(client)
    client.logout()

    response = log_in(client, "new.member@example.com")

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None


def test_unverified_user_cannot_post_a_request(client):
    user = NewUserFactory(verified=False)
    client.force_login(user)
    response = client.get(reverse("posts:create"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "verify" in response.text


def test_confirmation_link_asks_before_confirming(client, mailoutbox):
    sign_up(client)
    path = confirmation_path(mailoutbox[0])

    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    assert response.context["can_confirm"]
    # allauth signs the key with a timestamp, so the page's own link may be signed a second later than the email's.
    action = re.search(r'<form[^>]*action="(/accounts/confirm-email/[^"]+)"', response.text)
    assert action is not None
    assert action.group(1).split(":")[0] == path.split(":")[0]
    assert not EmailAddress.objects.get(email="new.member@example.com").verified


def test_following_the_confirmation_link_verifies_the_address_and_lets_them_post(client, mailoutbox):
    sign_up(client)
    path = confirmation_path(mailoutbox[0])
    another_browser = Client()

    response = another_browser.post(path)

    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="new.member@example.com")
    assert EmailAddress.objects.get(user=user).verified
    assert permissions.can_post(User.objects.get(pk=user.pk))

    log_in(another_browser, "new.member@example.com")
    assert logged_in_user_id(another_browser) == str(user.pk)
    form = another_browser.get(reverse("posts:create"))
    assert form.status_code == HTTPStatus.OK
    created = another_browser.post(reverse("posts:create"), new_request_data())
    assert created.status_code == HTTPStatus.FOUND
    post = Post.objects.get(author=user)
    assert created.url == post.get_absolute_url()
    assert post.sought_name == "Simon Weber"


def test_confirmation_link_with_a_wrong_key_verifies_nothing(client, mailoutbox):
    sign_up(client)
    url = reverse("account_confirm_email", args=["not-a-real-key"])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "This link has expired or was already used." in page.text
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert not EmailAddress.objects.get(email="new.member@example.com").verified


def test_login_with_email_works(client, member):
    response = log_in(client, member.email, FACTORY_PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("home")
    assert logged_in_user_id(client) == str(member.pk)


def test_login_with_email_ignores_case(client, member):
    log_in(client, member.email.upper(), FACTORY_PASSWORD)
    assert logged_in_user_id(client) == str(member.pk)


def test_login_with_a_wrong_password_is_refused(client, member):
    response = log_in(client, member.email, "not the password")
    assert response.status_code == HTTPStatus.OK
    assert "The email address and/or password you specified are not correct." in response.text
    assert logged_in_user_id(client) is None


def test_password_reset_sends_an_email(client, member, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_reset_password_done")
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_password_reset_link_sets_a_new_password(client, member, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^\s/]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    # allauth moves the key out of the address into the session before showing the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == HTTPStatus.OK
    form_url = form_page.redirect_chain[-1][0]

    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


# Bad input ---------------------------------------------------------------------


def test_signup_with_mismatched_passwords_shows_a_message_and_creates_no_user(client, mailoutbox):
    response = sign_up(client, password2=PASSWORD + " typo")
    assert response.status_code == HTTPStatus.OK
    assert "You must type the same password each time." in response.text
    assert User.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["not-an-email", "someone@", "@example.com", ""])
def test_signup_with_an_invalid_email_shows_a_message_and_creates_no_user(client, mailoutbox, email):
    response = sign_up(client, email=email)
    assert response.status_code == HTTPStatus.OK
    assert "Enter a valid email address." in response.text or "This field is required." in response.text
    assert User.objects.count() == 0
    assert mailoutbox == []


def test_signup_with_a_weak_password_shows_a_message_and_creates_no_user(client):
    response = sign_up(client, password1="12345678", password2="12345678")
    assert response.status_code == HTTPStatus.OK
    assert "This password is too common." in response.text
    assert User.objects.count() == 0


def test_signup_with_an_existing_email_creates_no_user_and_reveals_nothing(client, member, mailoutbox):
    """allauth does not tell a stranger the address is taken; it writes to the address's owner instead."""
    response = sign_up(client, email=member.email.upper())

    assert User.objects.count() == 1
    member.refresh_from_db()
    assert member.check_password(FACTORY_PASSWORD)
    assert EmailAddress.objects.filter(email__iexact=member.email).count() == 1
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "Account Already Exists" in mailoutbox[0].subject


def test_confirming_in_the_browser_that_signed_up_logs_them_in(client, mailoutbox):
    sign_up(client)
    client.post(confirmation_path(mailoutbox[0]))
    user = User.objects.get(email="new.member@example.com")
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get(reverse("posts:create")).status_code == HTTPStatus.OK
