"""The review queue at /admin/queue/: what it lists, in which order, and handling each kind from it."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Sanction, SanctionKind
from posts.models import (
    Comment,
    Moderation,
    ModerationAction,
    ModerationActionKind,
    Post,
    Report,
    ReportReason,
    ReportStatus,
    ReviewItem,
    ReviewStatus,
)
from posts.moderation import actions
from posts.moderation.views import COMMON_REASONS, waiting_count
from tests.factories import CommentFactory, PostFactory, ReportFactory, UserFactory
from tests.helpers import logged
from tests.moderation.queue.helpers import (
    held_comment,
    held_message,
    held_post,
    item_about,
    item_url,
    moderation_log,
    queued,
    reported,
    row_for,
    waiting_since,
)

QUEUE_URL = reverse("admin:moderation:queue")
# Session, user, two for permissions; the count and the page of items; their requests, comments and messages (one
# query for each kind of target); their open reports; authors and their sanctions; the watched words, read once and
# then cached across requests (posts/moderation/watched.py).
QUEUE_QUERIES = 13


# What the queue lists -----------------------------------------------------------------


def test_queue_lists_removal_requests_first_then_oldest_first(moderator_client, moderator):
    now = timezone.now()
    request = waiting_since(held_post(), now - timedelta(days=3))
    comment = waiting_since(held_comment(), now - timedelta(days=2))
    spam = reported(reason=ReportReason.SPAM)
    waiting_since(spam.post, now - timedelta(days=1))
    this_is_me = reported(reason=ReportReason.THIS_IS_ME)
    ReportFactory(status=ReportStatus.RESOLVED, handled_by=moderator, created_at=now - timedelta(days=9))
    PostFactory(created_at=now - timedelta(days=9))
    CommentFactory(created_at=now - timedelta(days=9))

    response = moderator_client.get(QUEUE_URL)

    assert response.status_code == HTTPStatus.OK
    # The removal request first; then what members reported, by score; then the oldest of what is held.
    assert queued(response) == [this_is_me.post, spam.post, request, comment]


def test_queue_row_shows_escaped_excerpt_age_open_reports_and_author_history(moderator_client, moderator):
    author = UserFactory(email="writer@example.com")
    PostFactory(author=author)
    PostFactory(author=author)
    CommentFactory(author=author, moderation=Moderation.HIDDEN)
    held = held_post(author=author, title="<script>alert('x')</script> Looking for Wei", created_at=timezone.now())
    reported(post=held)
    reported(post=held, reason=ReportReason.HARASSMENT)
    Sanction.objects.create(
        user=author, kind=SanctionKind.SILENCE, reason="Spam", ends_at=timezone.now() + timedelta(days=3)
    )

    response = moderator_client.get(QUEUE_URL)

    row = row_for(response, held)
    assert row.kind == "request"
    assert len(row.open_reports) == 2
    assert (row.history.published_requests, row.history.hidden_items, row.history.reports_against) == (2, 1, 2)
    assert row.history.active_sanction.kind == SanctionKind.SILENCE
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Looking for Wei" in response.text
    assert "<script>alert" not in response.text
    assert "writer@example.com" in response.text
    assert reverse("admin:moderation:person", args=[author.pk]) in response.text
    assert "2 published requests" in response.text
    assert "1 hidden or removed item" in response.text
    assert "2 reports against them" in response.text
    assert "0\xa0minutes" in response.text
    for _key, label in COMMON_REASONS:
        assert str(label) in response.text


def test_reports_on_the_same_target_are_one_row_that_counts_them(moderator_client):
    comment = CommentFactory()
    first = reported(post=None, comment=comment)
    second = reported(post=None, comment=comment, reason=ReportReason.OTHER)
    ReportFactory(post=None, comment=comment, status=ReportStatus.DISMISSED)
    lone = reported()

    response = moderator_client.get(QUEUE_URL)

    assert queued(response) == [comment, lone.post]
    assert row_for(response, comment).open_reports == [first, second]
    assert row_for(response, lone.post).open_reports == [lone]
    assert row_for(response, comment).author == comment.author


@pytest.mark.parametrize("size", [1, 4])
def test_queue_query_count_does_not_grow_with_the_queue(moderator_client, django_assert_num_queries, size):
    for _ in range(size):
        author = UserFactory()
        PostFactory(author=author)
        Sanction.objects.create(user=author, kind=SanctionKind.SILENCE, reason="r")
        held_post(author=author)
        held_comment()
        held_message(author=author)
        reported(reason=ReportReason.THIS_IS_ME)
        reported(post=None, comment=CommentFactory(author=author))

    with django_assert_num_queries(QUEUE_QUERIES):
        response = moderator_client.get(QUEUE_URL)

    assert len(response.context["page"].object_list) == 5 * size


def test_waiting_count_is_one_query(db, django_assert_num_queries):
    held_post()
    held_comment()
    first = reported()
    reported(post=first.post)
    ReportFactory(status=ReportStatus.DISMISSED)
    with django_assert_num_queries(1):
        assert waiting_count() == 3


def test_admin_index_links_the_queue_with_the_number_waiting(moderator_client):
    held_post()
    reported()
    response = moderator_client.get(reverse("admin:index"))
    assert response.status_code == HTTPStatus.OK
    assert QUEUE_URL in response.text
    assert "2 items are waiting for a moderator" in response.text


def test_admin_index_has_no_queue_box_for_staff_who_do_not_moderate(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == HTTPStatus.OK
    assert QUEUE_URL not in response.text


# Who may see and use it -------------------------------------------------------------------


def test_member_is_sent_to_the_admin_log_in(member_client):
    held_post()
    response = member_client.get(QUEUE_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_staff_outside_the_moderators_group_are_refused(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(QUEUE_URL).status_code == HTTPStatus.FORBIDDEN


def test_member_cannot_handle_anything_from_the_queue(member_client):
    post = held_post()
    comment = held_comment()
    report = reported()
    posts = [
        (item_url(post), {"action": "publish"}),
        (item_url(comment), {"action": "publish"}),
        (item_url(report.post), {"action": "resolve"}),
        (item_url(report.post), {"action": "hide", "common_reason": "spam"}),
    ]
    for url, data in posts:
        response = member_client.post(url, data)
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("admin:login"))

    assert Post.objects.get(pk=post.pk).moderation == Moderation.PENDING
    assert Post.objects.get(pk=report.post_id).moderation == Moderation.PUBLISHED
    assert Comment.objects.get(pk=comment.pk).moderation == Moderation.PENDING
    assert Report.objects.get(pk=report.pk).status == ReportStatus.OPEN
    assert set(ReviewItem.objects.values_list("status", flat=True)) == {ReviewStatus.PENDING}
    assert moderation_log() == []


def test_staff_outside_the_moderators_group_cannot_handle_anything(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    post = held_post()
    response = client.post(item_url(post), {"action": "publish"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Post.objects.get(pk=post.pk).moderation == Moderation.PENDING
    assert item_about(post).status == ReviewStatus.PENDING
    assert moderation_log() == []


# Handling held requests and comments -------------------------------------------------------


def test_publish_a_held_request_from_the_queue(moderator_client, moderator):
    post = held_post()

    response = moderator_client.post(item_url(post), {"action": "publish"})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == QUEUE_URL
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED
    assert post.published_at is not None
    assert logged(post) == [(ModerationActionKind.PUBLISH, "")]
    assert ModerationAction.objects.get().actor == moderator
    item = item_about(post)
    assert (item.status, item.handled_by) == (ReviewStatus.APPROVED, moderator)
    page = moderator_client.get(QUEUE_URL)
    assert f"Published “{post.title}”." in page.text
    assert post not in queued(page)


def test_hide_a_held_request_with_a_common_reason_and_free_text(moderator_client):
    post = held_post()

    response = moderator_client.post(
        item_url(post),
        {"action": "hide", "common_reason": "contact_details", "reason_text": "A phone number in the story"},
    )

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.moderation == Moderation.HIDDEN
    assert post.moderation_reason == "Contains personal contact details: A phone number in the story"
    assert logged(post) == [
        (ModerationActionKind.HIDE, "Contains personal contact details: A phone number in the story")
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"common_reason": "duplicate"}, "Duplicate request"),
        ({"reason_text": "  Written by a bot  "}, "Written by a bot"),
    ],
)
def test_hide_reason_is_the_common_reason_or_the_free_text(moderator_client, data, reason):
    post = held_post()
    moderator_client.post(item_url(post), {"action": "hide", **data})
    post.refresh_from_db()
    assert post.moderation == Moderation.HIDDEN
    assert post.moderation_reason == reason


def test_hide_without_a_reason_changes_nothing_and_says_why(moderator_client):
    post = held_post()

    response = moderator_client.post(
        item_url(post), {"action": "hide", "common_reason": "", "reason_text": "   "}, follow=True
    )

    assert response.status_code == HTTPStatus.OK
    assert "Choose a common reason or write one; the author will see it." in response.text
    post.refresh_from_db()
    assert post.moderation == Moderation.PENDING
    assert post.moderation_reason == ""
    assert item_about(post).status == ReviewStatus.PENDING
    assert moderation_log() == []


def test_hide_with_an_unknown_common_reason_changes_nothing(moderator_client):
    post = held_post()
    moderator_client.post(item_url(post), {"action": "hide", "common_reason": "made_up"})
    assert Post.objects.get(pk=post.pk).moderation == Moderation.PENDING
    assert moderation_log() == []


def test_unknown_action_is_a_bad_request(moderator_client):
    post = held_post()
    response = moderator_client.post(item_url(post), {"action": "delete"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Post.objects.get(pk=post.pk).moderation == Moderation.PENDING
    assert item_about(post).status == ReviewStatus.PENDING


def test_an_item_already_handled_is_left_alone(moderator_client, moderator):
    post = held_post()
    url = item_url(post)
    actions.hide_post(post=post, by=moderator, reason="Spam")  # From the request's admin page, say.
    log_before = moderation_log()

    response = moderator_client.post(url, {"action": "publish"}, follow=True)

    assert "Someone has already handled this" in response.text
    assert Post.objects.get(pk=post.pk).moderation == Moderation.HIDDEN
    assert moderation_log() == log_before


def test_queue_only_accepts_get_and_actions_only_post(moderator_client):
    post = held_post()
    assert moderator_client.post(QUEUE_URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert moderator_client.get(item_url(post)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_publish_a_held_comment_from_the_queue(moderator_client):
    comment = held_comment()

    response = moderator_client.post(item_url(comment), {"action": "publish"})

    assert response.url == QUEUE_URL
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED
    assert logged(comment) == [(ModerationActionKind.PUBLISH, "")]


def test_hide_a_held_comment_from_the_queue(moderator_client):
    comment = held_comment()

    moderator_client.post(item_url(comment), {"action": "hide", "common_reason": "harassment"})

    comment.refresh_from_db()
    assert comment.moderation == Moderation.HIDDEN
    assert comment.moderation_reason == "Harassment or hate"
    assert logged(comment) == [(ModerationActionKind.HIDE, "Harassment or hate")]


# Handling reports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [
        ("resolve", ReportStatus.RESOLVED, ModerationActionKind.RESOLVE_REPORT),
        ("dismiss", ReportStatus.DISMISSED, ModerationActionKind.DISMISS_REPORT),
    ],
)
def test_resolve_or_dismiss_a_report_from_the_queue(moderator_client, moderator, action, status, kind):
    report = reported()

    response = moderator_client.post(item_url(report.post), {"action": action})

    assert response.url == QUEUE_URL
    report.refresh_from_db()
    assert report.status == status
    assert report.handled_by == moderator
    assert report.handled_at is not None
    assert Post.objects.get(pk=report.post_id).moderation == Moderation.PUBLISHED
    assert logged(report.post) == [(kind, "")]


def test_hide_reported_content_from_the_queue_resolves_every_report_on_it(moderator_client):
    comment = CommentFactory()
    reported(post=None, comment=comment, reason=ReportReason.HARASSMENT)
    reported(post=None, comment=comment)

    moderator_client.post(
        item_url(comment), {"action": "hide", "common_reason": "harassment", "reason_text": "Insults"}
    )

    comment.refresh_from_db()
    assert comment.moderation == Moderation.HIDDEN
    assert comment.moderation_reason == "Harassment or hate: Insults"
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.RESOLVED}
    # One decision, one entry: the reports it settled have none of their own.
    assert moderation_log() == [("comment", comment.pk, ModerationActionKind.HIDE, "Harassment or hate: Insults")]
    assert item_about(comment).status == ReviewStatus.REJECTED
    assert queued(moderator_client.get(QUEUE_URL)) == []


def test_removing_a_request_asked_removed_without_a_reason_changes_nothing(moderator_client):
    report = reported(reason=ReportReason.THIS_IS_ME)

    response = moderator_client.post(item_url(report.post), {"action": "remove"}, follow=True)

    assert "Choose a common reason or write one" in response.text
    assert Report.objects.get(pk=report.pk).status == ReportStatus.OPEN
    assert Post.objects.get(pk=report.post_id).moderation == Moderation.PUBLISHED
    assert item_about(report.post).status == ReviewStatus.PENDING
    assert moderation_log() == []
