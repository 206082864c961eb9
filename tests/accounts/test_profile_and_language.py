"""The member's profile: editing it, what the public page shows, and the interface language."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import CommentFactory, PostFactory, UserFactory

PROFILE_EDIT = reverse("accounts:profile_edit")


@pytest.fixture(autouse=True)
def _back_to_english():
    """A request in Chinese leaves the thread's language switched; later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def profile_data(**changes) -> dict:
    data = {
        "display_name": "Anna K.",
        "country": "DE",
        "languages": ["de", "en"],
        "bio": "Exchange student in Iowa, 2017.",
        "interface_language": "",
    }
    data.update(changes)
    return {field: value for field, value in data.items() if value is not None}


def saved_profile(user) -> tuple:
    user.refresh_from_db()
    return (user.display_name, user.country.code, user.languages, user.bio, user.interface_language)


# Editing -----------------------------------------------------------------------


def test_member_edits_their_profile(member_client, member):
    response = member_client.post(PROFILE_EDIT, profile_data())
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == member.get_absolute_url()
    assert saved_profile(member) == ("Anna K.", "DE", ["de", "en"], "Exchange student in Iowa, 2017.", "")


def test_profile_form_shows_the_saved_values(member_client, member):
    member_client.post(PROFILE_EDIT, profile_data())
    response = member_client.get(PROFILE_EDIT)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].initial["display_name"] == "Anna K."
    assert "Exchange student in Iowa, 2017." in response.text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"languages": ["en", "klingon"]}, "languages"),
        ({"interface_language": "fr"}, "interface_language"),
        ({"display_name": "A" * 81}, "display_name"),
        ({"bio": "B" * 601}, "bio"),
    ],
)
def test_bad_profile_input_shows_an_error_and_saves_nothing(member_client, member, changes, field):
    member_client.post(PROFILE_EDIT, profile_data())
    before = saved_profile(member)

    # Good changes to other fields ride along: none of them may be saved either.
    data = profile_data(display_name="Someone else", bio="Changed", country="FR") | changes

    response = member_client.post(PROFILE_EDIT, data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0] in response.text.replace("&#x27;", "'").replace("&quot;", '"')
    assert saved_profile(member) == before


def test_unknown_country_error_names_the_problem(member_client, member):
    response = member_client.post(PROFILE_EDIT, profile_data(country="XX"))
    assert "Select a valid choice. XX is not one of the available choices." in response.text
    member.refresh_from_db()
    assert member.display_name == "Anna"


def test_profile_edit_needs_a_login(client):
    response = client.get(PROFILE_EDIT)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_choosing_an_interface_language_in_the_profile_sets_the_cookie(member_client, member):
    response = member_client.post(PROFILE_EDIT, profile_data(interface_language="zh-hans"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    member.refresh_from_db()
    assert member.interface_language == "zh-hans"
    assert '<html lang="zh-Hans"' in member_client.get(reverse("home")).text


# The public profile ------------------------------------------------------------


def test_public_profile_shows_name_country_languages_and_bio(client, member):
    PostFactory(author=member)  # A profile is public once its member has published something.
    member.country, member.languages, member.bio = "DE", ["de"], "Exchange student in Iowa."
    member.save()
    response = client.get(member.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Anna" in response.text
    assert "Germany" in response.text
    assert "Exchange student in Iowa." in response.text


@pytest.mark.parametrize("reader", ["anonymous", "stranger", "themself"])
def test_public_profile_never_shows_the_email_address(reader, client, stranger_client, member_client, member):
    PostFactory(author=member)
    browser = {"anonymous": client, "stranger": stranger_client, "themself": member_client}[reader]
    response = browser.get(member.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert member.email not in response.text
    assert member.email.split("@")[0] not in response.text


def test_member_without_a_display_name_is_shown_by_number_not_email(client, db):
    nameless = UserFactory(display_name="")
    PostFactory(author=nameless)
    response = client.get(nameless.get_absolute_url())
    assert f"Member {nameless.pk}" in response.text
    assert nameless.email not in response.text


def test_request_page_never_shows_author_or_commenter_emails(client, post, stranger):
    CommentFactory(post=post, author=stranger)
    response = client.get(post.get_absolute_url())
    assert post.author.email not in response.text
    assert stranger.email not in response.text


def test_profile_of_an_unknown_member_is_not_found(client, db):
    assert client.get(reverse("accounts:profile", args=[987654])).status_code == HTTPStatus.NOT_FOUND


# The language switcher --------------------------------------------------------


def switch(code: str) -> str:
    return reverse("switch_language", args=[code])


def test_language_switch_sets_the_cookie_and_renders_in_chinese(client, db):
    response = client.get(switch("zh-hans"), {"next": "/"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    page = client.get(reverse("home"))
    assert '<html lang="zh-Hans"' in page.text
    assert page["Content-Language"] == "zh-hans"


def test_language_switch_saves_the_choice_on_the_members_account(member_client, member):
    response = member_client.get(switch("zh-hans"), {"next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    member.refresh_from_db()
    assert member.interface_language == "zh-hans"
    assert '<html lang="zh-Hans"' in member_client.get(reverse("posts:list")).text


def test_switching_back_to_english(member_client, member):
    member_client.get(switch("zh-hans"), {"next": "/"})
    member_client.get(switch("en"), {"next": "/"})
    member.refresh_from_db()
    assert member.interface_language == "en"
    assert '<html lang="en"' in member_client.get(reverse("home")).text


def test_unknown_language_changes_nothing(member_client, member):
    member.interface_language = "en"
    member.save()
    response = member_client.get(switch("xx"), {"next": "/"})
    assert response.status_code == HTTPStatus.FOUND
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    member.refresh_from_db()
    assert member.interface_language == "en"


def test_every_page_links_to_each_language_without_a_form(client, db):
    page = client.get(f"{reverse('posts:list')}?q=Simon")
    for code in ("en", "zh-hans"):
        href = f"{switch(code)}?next=/requests/%3Fq%3DSimon"
        assert f'<a href="{href}" hreflang="{code}" lang="{code}"' in page.text
    assert "csrfmiddlewaretoken" not in page.text
    # Followed without JavaScript, the link comes back to the same page, in that language.
    response = client.get(switch("zh-hans"), {"next": "/requests/?q=Simon"})
    assert response.url == "/requests/?q=Simon"
    assert '<html lang="zh-Hans"' in client.get(response.url).text


def test_language_switch_is_never_kept_by_a_cache(client, db):
    response = client.get(switch("zh-hans"), {"next": "/"})
    assert "no-store" in response["Cache-Control"]


def test_saved_language_follows_the_member_to_a_new_device(member):
    member.interface_language = "zh-hans"
    member.save()
    new_device = Client()
    new_device.force_login(member)
    assert '<html lang="zh-Hans"' in new_device.get(reverse("home")).text


def test_language_chosen_on_the_device_wins_over_the_saved_one(member):
    member.interface_language = "zh-hans"
    member.save()
    device = Client()
    device.force_login(member)
    device.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en"' in device.get(reverse("home")).text


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", ""])
def test_switch_redirects_only_to_this_site(client, db, next_url):
    response = client.get(switch("zh-hans"), {"next": next_url})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
