"""A busy request: fan-out in the worker, replies heard by whom they answer, emails at most hourly per request."""

from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from posts.models import Comment, EmailMode, Follow, Notification, NotificationKind, RequestEmail
from posts.moderation import actions
from posts.reach import delivery, notifications
from posts.requests import services
from posts.search import saved_searches
from tests.conftest import login
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.reach.notifications.conftest import REQUEST, heard, mail_to

PEOPLE = 50
COMMENTS = 500


class Clock:
    """`timezone.now` for the code under test, stepped by hand."""

    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def step(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    clock = Clock()
    with mock.patch("django.utils.timezone.now", clock):
        yield clock


@pytest.fixture
def queued(settings):
    """A backend that keeps what is enqueued instead of running it, as a worker's queue would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return lambda: notifications.fan_out_comment.get_backend().results


def queued_names(results) -> list[str]:
    return [result.task.name for result in results]


def run(results, capture) -> None:
    """Run what is queued and due, as the worker would, including what those tasks queue in turn once they commit."""
    while due := [r for r in results if r.task.run_after is None or r.task.run_after <= timezone.now()]:
        for result in due:
            results.remove(result)
            with capture(execute=True):
                result.task.call(*result.args, **result.kwargs)


def test_emails_are_bounded_by_participants_and_hours_not_by_comments(
    looking_for, poster, clock, commit, mailoutbox, django_assert_max_num_queries
):
    people = UserFactory.create_batch(PEOPLE)
    Follow.objects.bulk_create([Follow(user=person, post=looking_for) for person in people])
    comments = Comment.objects.bulk_create(
        [
            CommentFactory.build(
                post=looking_for, author=people[number % PEOPLE], body=f"Comment {number}", is_lead=number % 10 == 0
            )
            for number in range(COMMENTS)
        ]
    )
    mailoutbox.clear()

    # 500 comments in 50 minutes, everybody following: without coalescing, 500 × 50 emails.
    for comment in comments:
        clock.step(seconds=6)
        with commit():
            notifications.comment_added(comment)

    participants = {poster.email, *(person.email for person in people)}
    first_hour = [email.to[0] for email in mailoutbox]
    assert sorted(first_hour) == sorted(participants), "one email each, at once, for the first news"
    # Every lead reached everyone else on the site; plain comments collapse into one waiting row each.
    leads = [c for c in comments if c.is_lead]
    assert (
        Notification.objects.filter(kind=NotificationKind.NEW_LEAD).count()
        + Notification.objects.filter(kind=NotificationKind.PRIVATE_LEAD).count()
        == len(leads) * PEOPLE
    )
    assert Notification.objects.filter(kind=NotificationKind.COMMENT).count() <= 2 * len(participants)
    assert Notification.objects.count() < COMMENTS * PEOPLE / 5
    waiting = Notification.objects.filter(recipient=people[0], emailed_at__isnull=True).count()
    assert waiting > delivery.EMAIL_LISTS_AT_MOST

    # An hour after the first emails: at most one more each, listing everything since, and nothing is lost.
    clock.step(minutes=11)
    mailoutbox.clear()
    with django_assert_max_num_queries(20 * len(participants)):
        call_command("send_due_emails", verbosity=0)

    assert sorted(email.to[0] for email in mailoutbox) == sorted(participants)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    email = mail_to(mailoutbox, people[0])[0]
    assert email.subject == f"[Reconnect] News on “{looking_for.title}”"
    assert f"And {waiting - delivery.EMAIL_LISTS_AT_MOST} more." in email.body
    assert not RequestEmail.objects.filter(due_at__isnull=False).exists()

    # Nothing new since: the next round sends nothing.
    clock.step(hours=2)
    mailoutbox.clear()
    call_command("send_due_emails", verbosity=0)
    assert mailoutbox == []


def test_the_next_event_after_the_hour_sends_what_waited_without_a_worker(
    looking_for, poster, follower, helper, clock, commit, mailoutbox
):
    with commit():
        first = services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
    clock.step(minutes=10)
    with commit():
        second = services.add_comment(post=looking_for, author=helper, body="Or the church.", is_lead=True)
    assert len(mail_to(mailoutbox, follower)) == 1

    clock.step(minutes=55)
    with commit():
        third = services.add_comment(post=looking_for, author=helper, body="Or the school.", is_lead=True)

    first_email, second_email = mail_to(mailoutbox, follower)
    assert first.get_absolute_url() in first_email.body
    assert second.get_absolute_url() in second_email.body and third.get_absolute_url() in second_email.body
    assert first.get_absolute_url() not in second_email.body


def test_coalesced_email_is_in_the_readers_language_and_escapes_what_members_wrote(
    poster, follower, clock, commit, mailoutbox
):
    post = services.create_post(author=poster, data={**REQUEST, "title": "Looking for <b>Katharina</b> & co"})
    services.follow_post(user=follower, post=post)
    helper = UserFactory(display_name='<img src=x onerror="alert(1)">')
    follower.interface_language = "zh-hans"
    follower.save(update_fields=["interface_language"])
    with commit():
        services.add_comment(post=post, author=helper, body="One.")
    clock.step(minutes=5)
    with commit():
        services.add_comment(post=post, author=helper, body="Two.", is_lead=True)
        services.resolve_post(post=post, by=poster)
    clock.step(hours=1)
    mailoutbox.clear()

    delivery.send_due_request_emails()

    [email] = mail_to(mailoutbox, follower)
    assert email.subject == f"[Reconnect] “{post.title}”有新动态"
    assert f"{helper.public_name} 留下了一条线索：" in email.body
    assert "发布者已经找到了要找的人。" in email.body
    [(html, _)] = email.alternatives
    assert "<img src=x" not in html and "<b>Katharina" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;b&gt;Katharina&lt;/b&gt; &amp; co" in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in email.extra_headers["List-Unsubscribe"]


def test_kinds_chosen_daily_or_none_are_not_coalesced(looking_for, follower, helper, clock, commit, mailoutbox):
    delivery.set_email_mode(user=follower, kind=NotificationKind.NEW_LEAD, mode=EmailMode.DAILY)
    delivery.set_email_mode(user=follower, kind=NotificationKind.COMMENT, mode=EmailMode.NONE)
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        services.add_comment(post=looking_for, author=helper, body="Good luck.")
    clock.step(hours=2)
    delivery.send_due_request_emails()

    assert mail_to(mailoutbox, follower) == []
    assert not RequestEmail.objects.filter(user=follower).exists()
    assert delivery.send_digests() == 1
    [digest] = mail_to(mailoutbox, follower)
    assert digest.subject == "[Reconnect] Your daily Reconnect news"


def test_settings_page_says_emails_come_at_most_hourly_per_request(member_client):
    page = member_client.get(reverse("posts:notification_settings")).text

    assert "at most one email an hour per request" in page
    assert "an email for each" in page  # Messages are still emailed one by one.


# Replies ----------------------------------------------------------------------------------------


def test_a_reply_reaches_the_author_replied_to_and_the_followers_not_every_commenter(
    looking_for, poster, follower, commenter, helper, commit, mailoutbox
):
    answered = services.add_comment(post=looking_for, author=commenter, body="I was in that choir.")
    bystander = UserFactory(display_name="Earlier Commenter")
    services.add_comment(post=looking_for, author=bystander, body="Good luck!")
    Notification.objects.all().delete()
    mailoutbox.clear()

    with commit():
        reply = services.add_comment(post=looking_for, author=helper, body="Which year?", reply_to=answered)

    assert reply.reply_to == answered
    assert heard(commenter) == [(NotificationKind.REPLY, reply.pk)]
    assert heard(follower) == [(NotificationKind.COMMENT, reply.pk)]
    assert heard(poster) == [(NotificationKind.COMMENT, reply.pk)]
    assert heard(bystander) == []
    assert heard(helper) == []
    assert {email.to[0] for email in mailoutbox} == {commenter.email, follower.email, poster.email}


def test_a_reply_may_not_answer_a_comment_of_another_request_or_one_the_replier_cannot_read(
    looking_for, poster, helper, stranger, commit
):
    elsewhere = CommentFactory(post=PostFactory())
    private = services.add_comment(post=looking_for, author=helper, body="Her number…", is_private=True)

    for target in (elsewhere, private):
        with pytest.raises(ValidationError):
            services.add_comment(post=looking_for, author=stranger, body="Me too.", reply_to=target)

    assert not Comment.objects.filter(author=stranger).exists()
    # The poster may read the private lead, and so answer it.
    assert services.add_comment(post=looking_for, author=poster, body="Thank you!", reply_to=private).reply_to_id


# The request path only queues -----------------------------------------------------------------


def test_posting_a_comment_writes_no_notification_until_the_worker_runs_the_fan_out(
    looking_for, poster, follower, helper, queued, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(helper).post(
            reverse("posts:comment_create", kwargs={"pk": looking_for.pk}), {"body": "Ask the choir.", "is_lead": "on"}
        )
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(post=looking_for, author=helper).exists()
    assert Notification.objects.count() == 0
    assert queued_names(queued()) == ["fan_out_comment"]

    run(queued(), django_capture_on_commit_callbacks)

    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted([poster.pk, follower.pk])
    assert {email.to[0] for email in mailoutbox} == {poster.email, follower.email}


def test_with_a_worker_a_later_email_is_queued_for_an_hour_after_the_last(
    looking_for, follower, helper, clock, queued, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
    run(queued(), django_capture_on_commit_callbacks)
    sent_at = clock.now
    assert len(mail_to(mailoutbox, follower)) == 1
    clock.step(minutes=20)
    for body in ("Or the church.", "Or the school."):
        with django_capture_on_commit_callbacks(execute=True):
            services.add_comment(post=looking_for, author=helper, body=body, is_lead=True)
    run(queued(), django_capture_on_commit_callbacks)

    waiting = [result for result in queued() if result.kwargs["user_id"] == follower.pk]
    assert queued_names(waiting) == ["send_request_email"], "one email waits per member and request"
    assert waiting[0].task.run_after == sent_at + delivery.EMAIL_INTERVAL
    assert len(mail_to(mailoutbox, follower)) == 1

    clock.step(minutes=40)
    run(queued(), django_capture_on_commit_callbacks)

    [_, news] = mail_to(mailoutbox, follower)
    assert "Or the church" not in news.body and news.subject == f"[Reconnect] News on “{looking_for.title}”"


def test_publishing_queues_matching_and_alerts_which_run_and_email_in_the_worker(
    moderator, queued, django_capture_on_commit_callbacks, mailoutbox
):
    searcher = UserFactory()
    saved_searches.save_search(user=searcher, query="q=Katharina")
    pending = PostFactory(sought_name="Katharina Vogel", moderation="pending", published_at=None)
    queued().clear()

    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_post(post=pending, by=moderator)

    assert {"refresh_matches", "alert_saved_searches"} <= set(queued_names(queued()))
    assert mailoutbox == []

    run(queued(), django_capture_on_commit_callbacks)

    assert searcher.email in {email.to[0] for email in mailoutbox}
