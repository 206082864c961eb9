"""The reports queue in the admin: its order, and resolving, dismissing and hiding what was reported."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from posts.models import (
    Moderation,
    ModerationAction,
    ModerationActionKind,
    Post,
    Report,
    ReportReason,
    ReportStatus,
    ReviewStatus,
)
from tests.factories import CommentFactory, PostFactory, ReportFactory, UserFactory
from tests.helpers import logged
from tests.moderation.queue.helpers import item_about, reported

QUEUE_URL = reverse("admin:posts_report_changelist")
QUEUE_QUERIES = 7


def test_queue_lists_open_reports_first_with_this_is_me_at_the_top(moderator_client, moderator):
    now = timezone.now()
    handled = ReportFactory(status=ReportStatus.RESOLVED, handled_by=moderator, created_at=now - timedelta(days=3))
    dismissed = ReportFactory(status=ReportStatus.DISMISSED, handled_by=moderator, created_at=now)
    older_spam = ReportFactory(reason=ReportReason.SPAM, created_at=now - timedelta(days=2))
    this_is_me = ReportFactory(reason=ReportReason.THIS_IS_ME, created_at=now - timedelta(days=1))
    newer_spam = ReportFactory(reason=ReportReason.HARASSMENT, created_at=now - timedelta(hours=1))

    response = moderator_client.get(QUEUE_URL)

    assert response.status_code == HTTPStatus.OK
    listed = list(response.context["cl"].result_list)
    assert listed[:3] == [this_is_me, older_spam, newer_spam]
    assert set(listed[3:]) == {handled, dismissed}


def test_queue_shows_reports_of_requests_and_of_comments(moderator_client):
    post_report = ReportFactory(post=PostFactory(title="A request that was reported"))
    comment_report = ReportFactory(post=None, comment=CommentFactory(body="A comment that was reported"))
    response = moderator_client.get(QUEUE_URL)
    assert response.status_code == HTTPStatus.OK
    assert "A request that was reported" in response.text
    assert "A comment that was reported" in response.text
    assert reverse("admin:posts_post_change", args=[post_report.post_id]) in response.text
    assert reverse("admin:posts_comment_change", args=[comment_report.comment_id]) in response.text


@pytest.mark.parametrize("size", [2, 8])
def test_queue_query_count_does_not_grow_with_reports(moderator_client, django_assert_num_queries, size):
    for _ in range(size // 2):
        ReportFactory()
        ReportFactory(post=None, comment=CommentFactory())
    # Session, user, two for permissions, two counts, then one for the whole page of reports.
    with django_assert_num_queries(QUEUE_QUERIES):
        response = moderator_client.get(QUEUE_URL)
    assert len(response.context["cl"].result_list) == size


def test_member_cannot_see_the_reports_queue(member_client):
    ReportFactory()
    response = member_client.get(QUEUE_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_staff_outside_the_moderators_group_cannot_see_the_reports_queue(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(QUEUE_URL).status_code == HTTPStatus.FORBIDDEN


# Resolve and dismiss ----------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [
        ("resolve", ReportStatus.RESOLVED, ModerationActionKind.RESOLVE_REPORT),
        ("dismiss", ReportStatus.DISMISSED, ModerationActionKind.DISMISS_REPORT),
    ],
)
def test_closing_a_report_records_who_and_when(moderator_client, moderator, admin_action, action, status, kind):
    report = reported()
    other = reported(post=report.post)

    response = admin_action(moderator_client, Report, action, [report])

    assert response.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.status == status
    assert report.handled_by == moderator
    assert report.handled_at is not None
    assert logged(report) == [(kind, "")]
    other.refresh_from_db()
    assert other.status == ReportStatus.OPEN
    # Closing a report leaves what was reported as it was, in the review queue while another report is open.
    report.post.refresh_from_db()
    assert report.post.moderation == Moderation.PUBLISHED
    assert item_about(report.post).status == ReviewStatus.PENDING


@pytest.mark.parametrize("action", ["resolve", "dismiss"])
def test_closing_an_already_handled_report_changes_nothing(moderator_client, admin_action, superuser, action):
    handled_at = timezone.now() - timedelta(days=1)
    report = ReportFactory(status=ReportStatus.DISMISSED, handled_by=superuser, handled_at=handled_at)

    admin_action(moderator_client, Report, action, [report])

    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert report.handled_by == superuser
    assert report.handled_at == handled_at
    assert logged(report) == []


def test_member_posting_a_resolve_action_changes_nothing(member_client, admin_action):
    report = ReportFactory()
    response = admin_action(member_client, Report, "resolve", [report])
    assert response.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert report.handled_by is None


# Hide the reported content ----------------------------------------------------


def test_hide_content_asks_for_a_reason_first(moderator_client, admin_action):
    report = ReportFactory()
    response = admin_action(moderator_client, Report, "hide_content", [report])
    assert response.status_code == HTTPStatus.OK
    assert 'name="reason"' in response.text
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    report.post.refresh_from_db()
    assert report.post.moderation == Moderation.PUBLISHED


def test_hide_content_hides_the_request_and_closes_every_open_report_on_it(
    moderator_client, moderator, admin_action, client, django_capture_on_commit_callbacks, mailoutbox
):
    target = PostFactory()
    chosen = reported(post=target, reason=ReportReason.THIS_IS_ME)
    sibling = reported(post=target, reason=ReportReason.SPAM)
    dismissed_before = ReportFactory(post=target, status=ReportStatus.DISMISSED)
    elsewhere = ReportFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(
            moderator_client, Report, "hide_content", [chosen], apply="1", reason="The person asked us"
        )

    assert response.status_code == HTTPStatus.FOUND
    target.refresh_from_db()
    assert target.moderation == Moderation.HIDDEN
    assert target.moderation_reason == "The person asked us"
    assert logged(target) == [(ModerationActionKind.HIDE, "The person asked us")]
    for report in (chosen, sibling):
        report.refresh_from_db()
        assert report.status == ReportStatus.RESOLVED
        assert report.handled_by == moderator
        assert logged(report) == [(ModerationActionKind.RESOLVE_REPORT, "")]
    dismissed_before.refresh_from_db()
    assert dismissed_before.status == ReportStatus.DISMISSED
    elsewhere.refresh_from_db()
    assert elsewhere.status == ReportStatus.OPEN
    elsewhere.post.refresh_from_db()
    assert elsewhere.post.moderation == Moderation.PUBLISHED
    assert client.get(target.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    item = item_about(target)
    assert (item.status, item.handled_by) == (ReviewStatus.REJECTED, moderator)
    hidden_notice = [mail.to for mail in mailoutbox if "hidden" in mail.subject]
    outcome = sorted(mail.to[0] for mail in mailoutbox if "looked at your report" in mail.subject)
    assert hidden_notice == [[target.author.email]]
    assert outcome == sorted([chosen.reporter.email, sibling.reporter.email])


def test_hide_content_hides_a_reported_comment_and_closes_its_reports(moderator_client, admin_action, client):
    comment = CommentFactory(body="Here is her home address")
    chosen = ReportFactory(post=None, comment=comment)
    sibling = ReportFactory(post=None, comment=comment)
    report_on_its_request = ReportFactory(post=comment.post)

    response = admin_action(moderator_client, Report, "hide_content", [chosen], apply="1", reason="Private data")

    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.moderation == Moderation.HIDDEN
    assert comment.moderation_reason == "Private data"
    assert logged(comment) == [(ModerationActionKind.HIDE, "Private data")]
    assert Report.objects.get(pk=chosen.pk).status == ReportStatus.RESOLVED
    assert Report.objects.get(pk=sibling.pk).status == ReportStatus.RESOLVED
    assert Report.objects.get(pk=report_on_its_request.pk).status == ReportStatus.OPEN
    assert Post.objects.get(pk=comment.post_id).moderation == Moderation.PUBLISHED
    assert "Here is her home address" not in client.get(comment.post.get_absolute_url()).text


def test_hide_content_without_a_reason_changes_nothing(moderator_client, admin_action):
    report = ReportFactory()
    response = admin_action(moderator_client, Report, "hide_content", [report], apply="1", reason="")
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.text
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert Post.objects.get(pk=report.post_id).moderation == Moderation.PUBLISHED
    assert not ModerationAction.objects.exists()


def test_hide_content_skips_reports_already_handled(moderator_client, admin_action):
    report = ReportFactory(status=ReportStatus.DISMISSED)
    admin_action(moderator_client, Report, "hide_content", [report], apply="1", reason="Spam")
    assert Post.objects.get(pk=report.post_id).moderation == Moderation.PUBLISHED
    assert not ModerationAction.objects.exists()
