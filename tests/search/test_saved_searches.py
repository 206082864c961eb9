"""Saved searches: kept per member, emailed on new matches, unsubscribed in one click."""

import re
import time
from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse

from posts.models import Moderation, SavedSearch
from posts.moderation import actions
from posts.reach.unsubscribe import saved_search_token
from posts.requests import services
from posts.search import saved_searches
from tests.conftest import login
from tests.factories import PostFactory, UserFactory

NEW_REQUEST = {
    "title": "Looking for Katharina from Regina High School",
    "sought_name": "Katharina Müller",
    "relationship": "classmate",
    "met_place": "Regina High School",
    "met_country": "US",
    "story": "We sat together in chemistry.",
}


@pytest.fixture
def trusted_poster(db):
    poster = UserFactory()
    PostFactory(author=poster, sought_name="Someone Earlier", met_place="Elsewhere")
    return poster


def publish_new(poster, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_post(author=poster, data={**NEW_REQUEST, **overrides})


def alerts(mailoutbox):
    return [email for email in mailoutbox if "matches your search" in email.subject]


def test_member_saves_the_current_search_without_the_page_number(member_client, member):
    response = member_client.post(reverse("posts:saved_search_create"), {"query": "q=Katarina&met_country=US&page=3"})

    assert response.status_code == HTTPStatus.FOUND
    saved = SavedSearch.objects.get(user=member)
    assert saved.query == "q=Katarina&met_country=US"
    assert saved.name == "Katarina"
    assert saved.alert is True
    page = member_client.get(reverse("posts:saved_searches"))
    assert "Katarina" in page.text


def test_saving_requires_log_in(client, db):
    response = client.post(reverse("posts:saved_search_create"), {"query": "q=Simon"})
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_new_matching_request_emails_the_saver_with_an_unsubscribe_link(
    member, trusted_poster, django_capture_on_commit_callbacks, mailoutbox
):
    saved_searches.save_search(user=member, query="q=Katarina")
    mailoutbox.clear()
    post = publish_new(trusted_poster, django_capture_on_commit_callbacks)

    [email] = alerts(mailoutbox)
    assert email.to == [member.email]
    assert post.title in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.search(r"/searches/unsubscribe/[^/\s]+/", email.body)
    assert trusted_poster.email not in email.body


def test_request_that_does_not_match_sends_nothing(
    member, trusted_poster, django_capture_on_commit_callbacks, mailoutbox
):
    saved_searches.save_search(user=member, query="q=Katarina&met_country=JP")
    publish_new(trusted_poster, django_capture_on_commit_callbacks)
    assert alerts(mailoutbox) == []


def test_held_request_alerts_only_once_a_moderator_publishes_it(
    member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    saved_searches.save_search(user=member, query="q=Katharina")
    newcomer = UserFactory()
    post = publish_new(newcomer, django_capture_on_commit_callbacks)
    assert post.moderation == Moderation.PENDING
    assert alerts(mailoutbox) == []

    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_post(post=post, by=moderator)
    assert [email.to for email in alerts(mailoutbox)] == [[member.email]]


def test_own_request_does_not_alert_its_author(member, django_capture_on_commit_callbacks, mailoutbox):
    PostFactory(author=member, sought_name="Someone Earlier", met_place="Elsewhere")
    saved_searches.save_search(user=member, query="q=Katharina")
    publish_new(member, django_capture_on_commit_callbacks)
    assert alerts(mailoutbox) == []


def test_unsubscribe_link_works_without_logging_in_and_can_be_undone(
    client, member, trusted_poster, django_capture_on_commit_callbacks, mailoutbox
):
    saved = saved_searches.save_search(user=member, query="q=Katharina")
    publish_new(trusted_poster, django_capture_on_commit_callbacks)
    path = re.search(r"(/searches/unsubscribe/[^/\s]+/)", alerts(mailoutbox)[0].body).group(1)

    response = client.get(path)  # A mail scanner, or the member opening it: only asked.
    assert response.status_code == HTTPStatus.OK
    assert "Stop the emails for this search?" in response.text
    saved.refresh_from_db()
    assert saved.alert is True

    response = client.post(path)
    assert response.status_code == HTTPStatus.OK
    saved.refresh_from_db()
    assert saved.alert is False

    client.post(path, {"resubscribe": "1"})
    saved.refresh_from_db()
    assert saved.alert is True

    client.post(path)  # the one-click POST a mail client sends
    saved.refresh_from_db()
    assert saved.alert is False


def test_an_expired_saved_search_link_says_so_and_changes_nothing(client, member, settings):
    settings.RECONNECT_UNSUBSCRIBE_LINK_DAYS = 60
    saved = saved_searches.save_search(user=member, query="q=Katharina")
    path = reverse("posts:saved_search_unsubscribe", kwargs={"token": saved_search_token(saved)})

    with mock.patch("django.core.signing.time.time", return_value=time.time() + 61 * 24 * 3600):
        response = client.post(path)

    assert response.status_code == HTTPStatus.GONE
    assert "This link has expired" in response.text
    assert reverse("posts:saved_searches") in response.text
    saved.refresh_from_db()
    assert saved.alert is True


def test_forged_unsubscribe_link_changes_nothing(client, member):
    saved = saved_searches.save_search(user=member, query="q=Katharina")
    response = client.get(reverse("posts:saved_search_unsubscribe", kwargs={"token": f"{saved.pk}:forged"}))
    assert response.status_code == HTTPStatus.NOT_FOUND
    saved.refresh_from_db()
    assert saved.alert is True


def test_member_renames_and_silences_a_saved_search(member_client, member):
    saved = saved_searches.save_search(user=member, query="q=Simon")
    prefix = f"s{saved.pk}"
    response = member_client.post(
        reverse("posts:saved_search_edit", kwargs={"pk": saved.pk}), {f"{prefix}-name": "Simon from Iowa"}
    )
    assert response.status_code == HTTPStatus.FOUND
    saved.refresh_from_db()
    assert (saved.name, saved.alert) == ("Simon from Iowa", False)


def test_empty_name_is_refused_with_a_message_and_nothing_changes(member_client, member):
    saved = saved_searches.save_search(user=member, query="q=Simon")
    prefix = f"s{saved.pk}"
    response = member_client.post(
        reverse("posts:saved_search_edit", kwargs={"pk": saved.pk}), {f"{prefix}-name": "", f"{prefix}-alert": "on"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This field is required." in response.text
    saved.refresh_from_db()
    assert saved.name == "Simon"


@pytest.mark.parametrize("action", ["posts:saved_search_edit", "posts:saved_search_delete"])
def test_another_members_saved_search_cannot_be_changed(stranger_client, member, action):
    saved = saved_searches.save_search(user=member, query="q=Simon")
    response = stranger_client.post(reverse(action, kwargs={"pk": saved.pk}), {f"s{saved.pk}-name": "Mine now"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    saved.refresh_from_db()
    assert (saved.name, saved.alert) == ("Simon", True)
    assert "Simon" not in stranger_client.get(reverse("posts:saved_searches")).text


def test_member_deletes_a_saved_search(member_client, member):
    saved = saved_searches.save_search(user=member, query="q=Simon")
    member_client.post(reverse("posts:saved_search_delete", kwargs={"pk": saved.pk}))
    assert not SavedSearch.objects.exists()


def test_list_page_offers_to_save_a_search_only_when_logged_in(client, member):
    url = reverse("posts:list") + "?q=Simon"
    assert "Save this search" not in client.get(url).text
    assert "Save this search" in login(member).get(url).text
