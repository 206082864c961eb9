"""Reports are weighed by their reporter's trust, and one member's reports on one thing are one report.

Hiding before review needs the members' reports to weigh AUTO_HIDE_SCORE (new 0.5, member 1, trusted 2, a
moderator enough on their own), so three new accounts cannot hide a request. The database keeps one open report per
reporter and thing: a second report, even one sent at the same moment, updates the first.
"""

from http import HTTPStatus

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import TrustLevel
from posts.models import Moderation, ModerationActionKind, Report, ReportReason, ReviewItem
from posts.models.moderation import ReportQuerySet
from posts.moderation import reports
from posts.moderation.policy import AUTO_HIDE_SCORE, REPORT_WEIGHTS
from tests.conftest import login
from tests.factories import CommentFactory, ModeratorFactory, NewUserFactory, UserFactory
from tests.helpers import logged


def _report(post, *reporters, reason=ReportReason.FALSE_INFO):
    for reporter in reporters:
        reports.report_content(reporter=reporter, post=post, reason=reason)
    post.refresh_from_db()
    return post


def test_three_new_accounts_cannot_hide_a_request(post, client):
    _report(post, *(NewUserFactory() for _ in range(3)))

    assert post.moderation == Moderation.PUBLISHED
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK
    assert ReviewItem.objects.for_target(post).get().score == 3 * REPORT_WEIGHTS["new"]
    assert logged(post, "action") == []


def test_new_accounts_hide_a_request_once_their_reports_weigh_the_threshold(post):
    needed = int(AUTO_HIDE_SCORE / REPORT_WEIGHTS["new"])
    _report(post, *(NewUserFactory() for _ in range(needed - 1)))
    assert post.moderation == Moderation.PUBLISHED

    _report(post, NewUserFactory())

    assert post.moderation == Moderation.HIDDEN
    assert logged(post, "action", "actor") == [(ModerationActionKind.AUTO_HIDE, None)]


def test_a_trusted_members_report_weighs_twice_a_members(post):
    _report(post, UserFactory(trust_level=TrustLevel.TRUSTED))
    assert post.moderation == Moderation.PUBLISHED

    _report(post, UserFactory(trust_level=TrustLevel.MEMBER))

    assert post.moderation == Moderation.HIDDEN
    [action] = logged(post, "details")
    assert action[0]["score"] == AUTO_HIDE_SCORE


def test_a_moderators_report_hides_on_its_own(post):
    _report(post, ModeratorFactory())

    assert post.moderation == Moderation.HIDDEN


def test_one_member_reporting_again_and_again_is_one_report(post):
    reporter = UserFactory()
    for reason in (ReportReason.SPAM, ReportReason.FALSE_INFO, ReportReason.HARASSMENT):
        _report(post, reporter, reason=reason)

    report = Report.objects.get()
    assert (report.reporter, report.reason) == (reporter, ReportReason.HARASSMENT)
    assert ReviewItem.objects.for_target(post).get().score == REPORT_WEIGHTS["member"]
    assert post.moderation == Moderation.PUBLISHED


@pytest.mark.parametrize("target", ["request", "comment"])
def test_reporting_again_through_the_page_says_it_was_already_reported(db, post, target):
    comment = CommentFactory(post=post)
    url = (
        reverse("posts:report", kwargs={"pk": post.pk})
        if target == "request"
        else reverse("posts:comment_report", kwargs={"pk": comment.pk})
    )
    reporter = login(UserFactory())

    first = reporter.post(url, {"reason": ReportReason.SPAM}, follow=True)
    again = reporter.post(url, {"reason": ReportReason.FALSE_INFO, "details": "Made up"}, follow=True)

    assert "Thank you. A moderator will look at your report." in first.text
    assert "You already reported this: your report is updated" in again.text
    report = Report.objects.get()
    assert (report.reason, report.details) == (ReportReason.FALSE_INFO, "Made up")


def test_the_database_refuses_a_second_open_report_by_one_member_on_one_thing(post):
    reporter = UserFactory()
    Report.objects.create(reporter=reporter, post=post, reason=ReportReason.SPAM)

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=reporter, post=post, reason=ReportReason.FALSE_INFO)

    # A report a moderator closed stays as history beside a new one.
    Report.objects.update(status="dismissed")
    Report.objects.create(reporter=reporter, post=post, reason=ReportReason.FALSE_INFO)
    assert Report.objects.count() == 2


def test_a_report_that_loses_the_race_updates_the_one_that_won(post, monkeypatch):
    reporter = UserFactory()
    Report.objects.create(reporter=reporter, post=post, reason=ReportReason.SPAM)
    # As if the other report was written between this one's look-up and its insert.
    real_open, lookups = ReportQuerySet.open, []

    def open_missing_the_winner_at_first(self):
        lookups.append(1)
        return self.none() if len(lookups) == 1 else real_open(self)

    monkeypatch.setattr(ReportQuerySet, "open", open_missing_the_winner_at_first)

    report, created = reports.report_content(reporter=reporter, post=post, reason=ReportReason.THIS_IS_ME)

    assert created is False
    assert list(Report.objects.values_list("pk", "reason")) == [(report.pk, ReportReason.THIS_IS_ME)]


def test_the_review_queue_shows_the_weighed_score(post, moderator_client):
    _report(post, NewUserFactory(), UserFactory(trust_level=TrustLevel.MEMBER))

    response = moderator_client.get(reverse("admin:moderation:queue"))

    assert response.status_code == HTTPStatus.OK
    assert "score 1.5" in response.text


# The migration ------------------------------------------------------------------------------------


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_merges_one_members_open_reports_on_one_thing_before_the_constraint():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    before = [node for node in leaves if node[0] != "posts"] + [("posts", "0019_images_photo_processing")]
    apps = _migrate(before)
    try:
        User = apps.get_model("accounts", "User")
        Post = apps.get_model("posts", "Post")
        Report = apps.get_model("posts", "Report")
        author = User.objects.create(email="author@example.com", display_name="Author")
        reporter = User.objects.create(email="reporter@example.com", display_name="Reporter")
        other = User.objects.create(email="other@example.com", display_name="Other")
        post = Post.objects.create(
            author=author, title="Reported", sought_name="Simon", relationship="classmate", story="…", languages=["en"]
        )
        first = Report.objects.create(reporter=reporter, post=post, reason="this_is_me", details="It is me")
        Report.objects.create(reporter=reporter, post=post, reason="spam", details="Later")
        Report.objects.create(reporter=reporter, post=post, reason="spam", status="dismissed")
        Report.objects.create(reporter=other, post=post, reason="spam")

        apps = _migrate(leaves)

        Report = apps.get_model("posts", "Report")
        assert sorted(Report.objects.values_list("reporter__email", "status", "reason")) == [
            ("other@example.com", "open", "spam"),
            ("reporter@example.com", "dismissed", "spam"),
            ("reporter@example.com", "open", "this_is_me"),
        ]
        assert Report.objects.get(reporter__email="reporter@example.com", status="open").pk == first.pk
    finally:
        _migrate(leaves)
