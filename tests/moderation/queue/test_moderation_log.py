"""The moderation log in the admin: moderators read, search and filter it; nobody adds, changes or deletes."""

from http import HTTPStatus

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import SanctionKind
from posts.models import ModerationAction, ModerationActionKind, Post, ReportReason
from posts.moderation import actions, reports
from tests.factories import PostFactory, UserFactory
from tests.moderation.queue.helpers import held_post

CHANGELIST_URL = reverse("admin:posts_moderationaction_changelist")
ADMIN_LOG_URL = reverse("admin:admin_logentry_changelist")


@pytest.fixture
def entry(moderator):
    post = held_post(title="Looking for Kenji")
    actions.hide_post(post=post, by=moderator, reason="Spam or advertising")
    return ModerationAction.objects.get()


def test_moderators_read_the_log(moderator_client, moderator, entry):
    response = moderator_client.get(CHANGELIST_URL)
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == [entry]
    for text in ("Looking for Kenji", "Spam or advertising", moderator.email, str(ModerationActionKind.HIDE.label)):
        assert text in response.text, text

    detail = moderator_client.get(reverse("admin:posts_moderationaction_change", args=[entry.pk]))
    assert detail.status_code == HTTPStatus.OK
    assert not detail.context["has_change_permission"]
    assert not detail.context["has_delete_permission"]


def test_actions_of_the_site_itself_are_shown_as_such(moderator_client, post):
    for _ in range(3):
        reports.report_content(reporter=UserFactory(), post=post, reason=ReportReason.SPAM)

    response = moderator_client.get(CHANGELIST_URL)

    assert [(action.action, action.actor) for action in response.context["cl"].result_list] == [
        (ModerationActionKind.AUTO_HIDE, None)
    ]
    assert "the site" in response.text and "reported by 3 members" in response.text


def test_log_search_and_filter(moderator_client, moderator, entry):
    actions.ban_user(user=UserFactory(), by=moderator, reason="Threats")

    def count(**query):
        return moderator_client.get(CHANGELIST_URL, query).context["cl"].result_count

    assert count(q="Kenji") == 1
    assert count(q="Threats") == 1
    assert count(q=moderator.email) == 2
    assert count(q="nothing like it") == 0
    assert count(action=ModerationActionKind.HIDE) == 1
    assert count(action=ModerationActionKind.BAN) == 1
    assert count(action=ModerationActionKind.PUBLISH) == 0


@pytest.mark.parametrize("client_fixture", ["moderator_client", "superuser_client"])
def test_nobody_can_change_or_delete_an_entry(request, entry, client_fixture):
    client = request.getfixturevalue(client_fixture)
    before = ModerationAction.objects.values().get()
    change_url = reverse("admin:posts_moderationaction_change", args=[entry.pk])
    delete_url = reverse("admin:posts_moderationaction_delete", args=[entry.pk])

    assert client.post(change_url, {"reason": "Nothing happened"}).status_code == HTTPStatus.FORBIDDEN
    assert client.post(delete_url, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert client.get(reverse("admin:posts_moderationaction_add")).status_code == HTTPStatus.FORBIDDEN
    client.post(CHANGELIST_URL, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [entry.pk], "post": "yes"})

    assert ModerationAction.objects.values().get() == before


@pytest.mark.parametrize("url", [CHANGELIST_URL, ADMIN_LOG_URL])
def test_members_cannot_read_the_logs(member_client, entry, url):
    response = member_client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_the_admins_own_change_log_stays_read_only(moderator_client, superuser_client, moderator):
    post = PostFactory()
    own = LogEntry.objects.create(
        user=moderator,
        content_type=ContentType.objects.get_for_model(Post),
        object_id=str(post.pk),
        object_repr=str(post),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Title"]}}]',
    )

    assert list(moderator_client.get(ADMIN_LOG_URL).context["cl"].result_list) == [own]
    for client in (moderator_client, superuser_client):
        delete_url = reverse("admin:admin_logentry_delete", args=[own.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert LogEntry.objects.filter(pk=own.pk).exists()


def test_history_of_an_object_shows_its_moderation_actions(moderator_client, moderator, entry):
    post = entry.target

    response = moderator_client.get(reverse("admin:posts_post_history", args=[post.pk]))

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["moderation_actions"]) == [entry]
    assert "Spam or advertising" in response.text
    log = moderator_client.get(response.context["moderation_log_url"])
    assert list(log.context["cl"].result_list) == [entry]


def test_history_of_a_member_shows_sanctions_and_bans(moderator_client, moderator):
    member = UserFactory()
    actions.sanction_user(user=member, by=moderator, kind=SanctionKind.SILENCE, days=3, reason="Cool down")
    actions.ban_user(user=member, by=moderator, reason="Threats")

    response = moderator_client.get(reverse("admin:accounts_user_history", args=[member.pk]))

    assert [action.action for action in response.context["moderation_actions"]] == [
        ModerationActionKind.BAN,
        ModerationActionKind.SILENCE,
    ]
    assert "Cool down" in response.text and "for 3 days" in response.text
