"""The admin log as a read-only moderation log: moderators read it, nobody changes or deletes it."""

from http import HTTPStatus

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from posts.moderation import actions
from tests.moderation.queue.helpers import held_post

CHANGELIST_URL = reverse("admin:admin_logentry_changelist")


@pytest.fixture
def entry(moderator):
    post = held_post(title="Looking for Kenji")
    actions.hide_post(post=post, by=moderator, reason="Spam or advertising")
    return LogEntry.objects.get()


def test_moderators_read_the_log(moderator_client, entry):
    response = moderator_client.get(CHANGELIST_URL)
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == [entry]
    assert "Looking for Kenji" in response.text
    assert "Hidden: Spam or advertising" in response.text

    detail = moderator_client.get(reverse("admin:admin_logentry_change", args=[entry.pk]))
    assert detail.status_code == HTTPStatus.OK
    assert not detail.context["has_change_permission"]
    assert not detail.context["has_delete_permission"]


def test_log_search_and_filter(moderator_client, entry):
    assert moderator_client.get(CHANGELIST_URL, {"q": "Kenji"}).context["cl"].result_count == 1
    assert moderator_client.get(CHANGELIST_URL, {"q": "nothing like it"}).context["cl"].result_count == 0
    assert moderator_client.get(CHANGELIST_URL, {"action_flag": "2"}).context["cl"].result_count == 1


@pytest.mark.parametrize("client_fixture", ["moderator_client", "superuser_client"])
def test_nobody_can_change_or_delete_an_entry(request, entry, client_fixture):
    client = request.getfixturevalue(client_fixture)
    before = LogEntry.objects.values().get()
    change_url = reverse("admin:admin_logentry_change", args=[entry.pk])
    delete_url = reverse("admin:admin_logentry_delete", args=[entry.pk])

    assert client.post(change_url, {"change_message": "Nothing happened"}).status_code == HTTPStatus.FORBIDDEN
    assert client.post(delete_url, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert client.get(reverse("admin:admin_logentry_add")).status_code == HTTPStatus.FORBIDDEN
    client.post(CHANGELIST_URL, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [entry.pk], "post": "yes"})

    assert LogEntry.objects.values().get() == before


def test_members_cannot_read_the_log(member_client, entry):
    response = member_client.get(CHANGELIST_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))
