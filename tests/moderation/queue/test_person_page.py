"""One member's moderation record at /admin/people/<id>/, linked from their user page in the admin."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Sanction, SanctionKind
from posts.models import Moderation, ModerationActionKind, ReportReason
from posts.moderation import actions, reports
from tests.factories import CommentFactory, PostFactory, ReportFactory, UserFactory
from tests.moderation.queue.helpers import held_comment, held_post

# Session, two for permissions, the member; requests, comments, two report lists, sanctions, the log, staff
# notes; two for the member's own permissions (moderators are trusted), for their trust level. The moderator's
# own row and the header's two counts are kept from their first visit (accounts.backends, posts.reach.header).
PERSON_QUERIES = 11


def person_url(user) -> str:
    return reverse("admin:moderation:person", args=[user.pk])


def test_record_shows_their_items_reports_sanctions_and_log(moderator_client, moderator):
    member = UserFactory(email="subject@example.com")
    post = PostFactory(author=member, title="Looking for my tutor Ling")
    hidden = held_post(author=member, title="A held request of theirs")
    comment = CommentFactory(author=member, body="He moved to Chengdu, I believe")
    other_post = PostFactory(title="Someone else's request")
    ReportFactory(post=post, reason=ReportReason.THIS_IS_ME, details="That is me, take it down")
    ReportFactory(post=None, comment=comment, reason=ReportReason.HARASSMENT)
    ReportFactory(reporter=member, post=other_post, details="This looks like spam to me")
    actions.hide_post(post=hidden, by=moderator, reason="Phone number in the story")
    Sanction.objects.create(
        user=member, kind=SanctionKind.SILENCE, reason="Kept posting phone numbers", created_by=moderator
    )
    unrelated = PostFactory(title="Unrelated request")
    actions.hide_post(post=unrelated, by=moderator, reason="Not about them")

    response = moderator_client.get(person_url(member))

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["posts"]) == [hidden, post]
    assert list(response.context["comments"]) == [comment]
    assert [r.details for r in response.context["reports_against"]] == ["That is me, take it down", ""]
    assert [r.post for r in response.context["reports_filed"]] == [other_post]
    text = response.text
    for expected in (
        "subject@example.com",
        "Looking for my tutor Ling",
        "He moved to Chengdu, I believe",
        "That is me, take it down",
        "This looks like spam to me",
        "Someone else&#x27;s request",
        "Kept posting phone numbers",
        "Phone number in the story",
        str(Moderation.HIDDEN.label),
    ):
        assert expected in text, expected
    assert "Not about them" not in text


def test_record_shows_sanctions_and_bans_from_the_log(moderator_client, moderator):
    member = UserFactory()
    actions.sanction_user(user=member, by=moderator, kind=SanctionKind.SUSPEND, days=3, reason="Threats")
    response = moderator_client.get(person_url(member))
    assert "Threats" in response.text
    assert len(response.context["moderation_actions"]) == 1


@pytest.mark.parametrize("size", [1, 4])
def test_record_query_count_does_not_grow_with_their_history(
    moderator_client, moderator, django_assert_num_queries, size
):
    member = UserFactory()
    for _ in range(size):
        post = PostFactory(author=member)
        comment = held_comment(author=member)
        ReportFactory(post=post)
        ReportFactory(post=None, comment=comment)
        ReportFactory(reporter=member)
        Sanction.objects.create(
            user=member,
            kind=SanctionKind.SILENCE,
            reason="r",
            created_by=moderator,
            lifted_at=timezone.now(),
            lifted_by=moderator,
            ends_at=timezone.now() + timedelta(days=1),
        )
        actions.hide_post(post=post, by=moderator, reason="Spam")
    moderator_client.get(person_url(member))  # content types are cached after the first look-up

    with django_assert_num_queries(PERSON_QUERIES):
        response = moderator_client.get(person_url(member))

    assert len(response.context["posts"]) == size
    assert len(response.context["moderation_actions"]) == size


def test_member_cannot_see_a_record(member_client, stranger):
    response = member_client.get(person_url(stranger))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_staff_outside_the_moderators_group_cannot_see_a_record(db, member):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(person_url(member)).status_code == HTTPStatus.FORBIDDEN


def test_unknown_member_is_not_found(moderator_client):
    assert moderator_client.get(reverse("admin:moderation:person", args=[999_999])).status_code == HTTPStatus.NOT_FOUND


def test_user_change_page_links_the_record(moderator_client, member):
    response = moderator_client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert response.status_code == HTTPStatus.OK
    assert person_url(member) in response.text


def test_record_lists_what_was_done_to_them_to_their_writing_and_to_their_reports(moderator_client, moderator):
    member = UserFactory()
    filed = ReportFactory(reporter=member, reason=ReportReason.SPAM)
    reports.dismiss_report(report=filed, by=moderator)
    actions.sanction_user(user=member, by=moderator, kind=SanctionKind.SILENCE, days=3, reason="Cool down")
    their_post = PostFactory(author=member)
    for _ in range(3):
        reports.report_content(reporter=UserFactory(), post=their_post, reason=ReportReason.SPAM)
    actions.hide_post(post=PostFactory(), by=moderator, reason="Not about them")

    response = moderator_client.get(person_url(member))

    assert [action.action for action in response.context["moderation_actions"]] == [
        ModerationActionKind.AUTO_HIDE,
        ModerationActionKind.SILENCE,
        ModerationActionKind.DISMISS_REPORT,
    ]
    for text in ("Cool down", "for 3 days", "reported by 3 members", "the site"):
        assert text in response.text, text
    assert "Not about them" not in response.text
