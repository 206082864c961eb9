"""ReviewItem: every hold, flag and report puts its target in the queue once; each action resolves it."""

from collections import Counter
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustLevel, User
from posts.contact import relay
from posts.models import (
    Comment,
    Conversation,
    ConversationKind,
    Message,
    Moderation,
    OptOut,
    Post,
    Relationship,
    Report,
    ReportReason,
    ReviewItem,
    ReviewReason,
    ReviewStatus,
    WatchedAction,
    WatchedWord,
)
from posts.moderation import actions, reports, review_actions
from posts.moderation.policy import MODERATOR_REPORT_WEIGHT, REPORT_WEIGHTS, REVIEW_QUEUE_PAGE_SIZE, SITE_FLAG_WEIGHT
from tests.conftest import login
from tests.factories import CommentFactory, ModeratorFactory, NewUserFactory, PostFactory, UserFactory
from tests.moderation.queue.helpers import (
    flagged,
    held_comment,
    held_message,
    held_post,
    item_about,
    item_url,
    message,
    moderation_log,
    queued,
    reported,
    row_for,
)
from tests.requests.test_post_create_edit import submit_edit, submit_new_request

QUEUE_URL = reverse("admin:moderation:queue")
# As in test_review_queue.py: session, user, two for permissions; the count and the page of items; requests,
# comments and messages (a query for each kind); their open reports; authors and their sanctions; the watched words.
QUEUE_QUERIES = 13


def comment_on(client, post, body: str):
    return client.post(reverse("posts:comment_create", kwargs={"pk": post.pk}), {"body": body})


# Every kind of item, through the services that hold, flag and report --------------------------------------


def test_every_hold_flag_and_report_puts_its_target_in_the_queue_once(
    moderator_client, member_client, member, post, stranger, stranger_client
):
    WatchedWord.objects.create(pattern="western union", action=WatchedAction.HOLD)
    WatchedWord.objects.create(pattern="lottery", action=WatchedAction.FLAG)
    OptOut.objects.create(user=UserFactory(), name="Mei Lin")
    newcomer = UserFactory()  # No published request yet: the first one waits.
    submit_new_request(login(newcomer), sought_name="Anna Berg", sought_other_names="")
    submit_new_request(member_client)  # "Mei Lin", whose opt-out holds it.
    submit_edit(member_client, post, story="Send the money by Western Union.")
    other = PostFactory()
    comment_on(login(NewUserFactory()), other, "I think he moved to Hamburg.")
    comment_on(stranger_client, other, "Call her on +49 30 1234 5678.")
    comment_on(login(UserFactory()), other, "He won the lottery and moved.")
    relay.start_conversation(post=other, by=stranger, kind="i_know_them", body="Ring me: 0151 2345 6789")
    reported_comment = CommentFactory(post=other)
    reported_post = PostFactory()
    removal = PostFactory()
    for reporter in UserFactory.create_batch(2):
        reports.report_content(reporter=reporter, reason=ReportReason.SPAM, post=reported_post)
        reports.report_content(reporter=reporter, reason=ReportReason.HARASSMENT, comment=reported_comment)
    reports.report_content(reporter=UserFactory(), reason=ReportReason.THIS_IS_ME, post=removal)
    delivered = relay.start_conversation(post=other, by=UserFactory(), kind="i_know_them", body="Hello!")
    relay.report_message(reporter=other.author, message=delivered.messages.get(), reason=ReportReason.SPAM)

    response = moderator_client.get(QUEUE_URL)

    listed = queued(response)
    assert all(count == 1 for count in Counter(listed).values())
    reasons = Counter(row.item.reason for row in response.context["page"].object_list)
    assert reasons == {
        ReviewReason.NEW_MEMBER: 2,  # the first request, the new member's comment
        ReviewReason.OPT_OUT: 1,
        ReviewReason.WATCHED_HOLD: 1,
        ReviewReason.CONTACT_DETAILS: 2,  # the comment and the message
        ReviewReason.WATCHED_FLAG: 1,
        ReviewReason.REPORTS: 3,  # the request and the comment, reported twice each, and the message
        ReviewReason.REMOVAL_REQUEST: 1,
    }
    assert listed[0] == removal
    assert {type(target) for target in listed} == {Post, Comment, Message}
    assert response.context["page"].paginator.count == ReviewItem.objects.pending().count() == 11


def test_what_goes_straight_out_makes_no_item(moderator, moderator_client, member_client, post):
    WatchedWord.objects.create(pattern="western union", action=WatchedAction.HOLD)
    submit_new_request(moderator_client, story="Nobody from Reconnect asks for Western Union fees.")
    comment_on(member_client, post, "I think he moved to Hamburg.")
    relay.start_conversation(post=post, by=moderator, kind="i_know_them", body="Call me on +49 30 1234 5678")

    assert Post.objects.filter(author=moderator, moderation=Moderation.PUBLISHED).exists()
    assert Comment.objects.get().moderation == Moderation.PUBLISHED
    assert not ReviewItem.objects.exists()


# Every allowed action resolves its item, with one entry in the moderation log ------------------------------


def reported_twice():
    first = reported()
    reported(post=first.post, reason=ReportReason.HARASSMENT)
    return first.post


def reported_comment():
    return reported(post=None, comment=CommentFactory()).comment


def reported_message():
    return reported(post=None, message=message()).message


def removal_request():
    return reported(reason=ReportReason.THIS_IS_ME).post


def flagged_post():
    return flagged(PostFactory())


def flagged_message():
    return flagged(message())


REASON = {"common_reason": "spam"}
CASES = [
    (held_post, "publish", {}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
    (held_post, "hide", REASON, Moderation.HIDDEN, ReviewStatus.REJECTED),
    (held_post, "remove", REASON, Moderation.REMOVED, ReviewStatus.REJECTED),
    (held_comment, "publish", {}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
    (held_comment, "hide", REASON, Moderation.HIDDEN, ReviewStatus.REJECTED),
    (held_comment, "remove", REASON, Moderation.REMOVED, ReviewStatus.REJECTED),
    (held_message, "publish", {}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
    (held_message, "remove", REASON, Moderation.REMOVED, ReviewStatus.REJECTED),
    (reported_twice, "dismiss", {}, Moderation.PUBLISHED, ReviewStatus.IGNORED),
    (reported_twice, "resolve", {}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
    (reported_twice, "hide", REASON, Moderation.HIDDEN, ReviewStatus.REJECTED),
    (reported_twice, "remove", REASON, Moderation.REMOVED, ReviewStatus.REJECTED),
    (reported_comment, "dismiss", {}, Moderation.PUBLISHED, ReviewStatus.IGNORED),
    (reported_comment, "hide", REASON, Moderation.HIDDEN, ReviewStatus.REJECTED),
    (reported_message, "dismiss", {}, Moderation.PUBLISHED, ReviewStatus.IGNORED),
    (reported_message, "remove", REASON, Moderation.REMOVED, ReviewStatus.REJECTED),
    (removal_request, "remove", REASON, Moderation.REMOVED, ReviewStatus.REJECTED),
    (removal_request, "keep", {}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
    (flagged_post, "keep", {}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
    (flagged_post, "hide", REASON, Moderation.HIDDEN, ReviewStatus.REJECTED),
    (flagged_message, "keep", {}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
    (flagged_message, "remove", REASON, Moderation.REMOVED, ReviewStatus.REJECTED),
]


@pytest.mark.parametrize(
    ("make", "action", "data", "moderation", "status"),
    CASES,
    ids=[f"{make.__name__}-{action}" for make, action, *_rest in CASES],
)
def test_each_allowed_action_resolves_the_item_and_writes_one_log_entry(
    moderator_client, moderator, make, action, data, moderation, status
):
    target = make()
    assert action in [allowed.name for allowed in review_actions.build_actions(item_about(target))]

    response = moderator_client.post(item_url(target), {"action": action, **data})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == QUEUE_URL
    target.refresh_from_db()
    assert target.moderation == moderation
    item = item_about(target)
    assert (item.status, item.handled_by) == (status, moderator)
    assert item.handled_at is not None
    assert not Report.objects.open().exists()
    [(kind, pk, _action, _reason)] = moderation_log()
    assert (kind, pk) == (target._meta.model_name, target.pk)
    assert queued(moderator_client.get(QUEUE_URL)) == []


def test_the_page_shows_each_item_the_buttons_of_its_kind(moderator_client):
    held = held_post()
    removal = removal_request()
    flag = flagged_message()

    response = moderator_client.get(QUEUE_URL)

    def buttons(target):
        return [str(action.label) for action in row_for(response, target).actions]

    assert buttons(held) == ["Publish", "Hide", "Remove"]
    assert buttons(removal) == ["Remove", "Keep it and show its photos again"]
    assert buttons(flag) == ["Keep it", "Remove"]
    for target in (held, removal, flag):
        assert f'action="{item_url(target)}"' in response.text
    assert 'value="keep">Keep it and show its photos again</button>' in response.text


def test_dismissing_a_removal_request_shows_the_photos_again(moderator_client, member):
    post = PostFactory(author=member)
    reports.report_content(reporter=UserFactory(), reason=ReportReason.THIS_IS_ME, post=post)
    assert Post.objects.get(pk=post.pk).photos_withheld

    moderator_client.post(item_url(post), {"action": "keep"})

    assert not Post.objects.get(pk=post.pk).photos_withheld
    assert item_about(post).status == ReviewStatus.APPROVED


@pytest.mark.parametrize(
    ("make", "action"),
    [(held_post, "dismiss"), (reported_twice, "publish"), (held_message, "hide"), (removal_request, "resolve")],
)
def test_an_action_the_item_does_not_allow_is_refused_with_a_message_and_changes_nothing(
    moderator_client, make, action
):
    target = make()
    before = type(target).objects.values().get(pk=target.pk)
    open_reports = Report.objects.open().count()

    response = moderator_client.post(item_url(target), {"action": action, **REASON}, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert f"“{action}” is not one of the actions for this item; nothing was changed." in response.text
    assert type(target).objects.values().get(pk=target.pk) == before
    assert item_about(target).status == ReviewStatus.PENDING
    assert Report.objects.open().count() == open_reports
    assert moderation_log() == []


def test_perform_refuses_anyone_but_a_moderator(member):
    post = held_post()
    staff = UserFactory(is_staff=True)
    for who in (member, staff, post.author):
        with pytest.raises(PermissionDenied):
            review_actions.perform(item_about(post), "publish", by=who)
    assert Post.objects.get(pk=post.pk).moderation == Moderation.PENDING
    assert item_about(post).status == ReviewStatus.PENDING
    assert moderation_log() == []


def test_a_members_post_to_an_item_changes_nothing(member_client):
    post = reported_twice()

    response = member_client.post(item_url(post), {"action": "hide", **REASON})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))
    assert Post.objects.get(pk=post.pk).moderation == Moderation.PUBLISHED
    assert Report.objects.open().count() == 2
    assert item_about(post).status == ReviewStatus.PENDING
    assert moderation_log() == []


def test_a_second_action_on_the_same_item_says_it_was_already_handled(moderator_client):
    post = held_post()
    url = item_url(post)
    moderator_client.post(url, {"action": "publish"})

    response = moderator_client.post(url, {"action": "hide", **REASON}, follow=True)

    assert "Someone has already handled this; the queue is up to date now." in response.text
    assert Post.objects.get(pk=post.pk).moderation == Moderation.PUBLISHED
    assert len(moderation_log()) == 1


# Acting elsewhere, reopening -----------------------------------------------------------------------------


def test_publishing_a_held_request_from_its_admin_page_resolves_its_item(moderator_client, moderator, admin_action):
    post = held_post()

    admin_action(moderator_client, Post, "publish", [post])

    item = item_about(post)
    assert (item.status, item.handled_by) == (ReviewStatus.APPROVED, moderator)
    assert queued(moderator_client.get(QUEUE_URL)) == []


def test_hiding_reported_content_from_the_reports_admin_resolves_its_item(moderator_client, admin_action):
    post = reported_twice()
    report = Report.objects.filter(post=post).first()

    admin_action(moderator_client, Report, "hide_content", [report], apply="1", reason="Spam")

    assert Post.objects.get(pk=post.pk).moderation == Moderation.HIDDEN
    assert item_about(post).status == ReviewStatus.REJECTED


def test_closing_one_of_two_reports_leaves_the_item_waiting_for_the_other(moderator, moderator_client):
    post = reported_twice()
    first, second = Report.objects.filter(post=post).order_by("pk")

    reports.dismiss_report(report=first, by=moderator)

    item = item_about(post)
    assert (item.status, item.score) == (ReviewStatus.PENDING, REPORT_WEIGHTS["member"])
    assert row_for(moderator_client.get(QUEUE_URL), post).open_reports == [second]
    reports.dismiss_report(report=second, by=moderator)
    assert item_about(post).status == ReviewStatus.IGNORED


def test_hiding_content_elsewhere_leaves_its_open_reports_waiting(moderator):
    post = reported_twice()

    actions.hide_post(post=post, by=moderator, reason="Spam")

    item = item_about(post)
    assert (item.status, item.reason) == (ReviewStatus.PENDING, ReviewReason.REPORTS)
    assert [action.name for action in review_actions.build_actions(item)] == ["dismiss", "resolve", "remove"]


def test_publishing_held_content_with_open_reports_leaves_it_waiting_as_reported(moderator_client):
    post = held_post()
    reported(post=post)

    moderator_client.post(item_url(post), {"action": "publish"})

    item = item_about(post)
    assert Post.objects.get(pk=post.pk).moderation == Moderation.PUBLISHED
    assert (item.status, item.reason) == (ReviewStatus.PENDING, ReviewReason.REPORTS)


def test_a_report_after_the_item_was_handled_reopens_the_same_item(moderator, moderator_client):
    first = reported()
    post = first.post
    reports.dismiss_report(report=first, by=moderator)
    handled = item_about(post)

    reports.report_content(reporter=UserFactory(), reason=ReportReason.THIS_IS_ME, post=post)

    reopened = item_about(post)  # Still one item about it.
    assert reopened.pk == handled.pk
    assert (reopened.status, reopened.reason, reopened.handled_by) == (
        ReviewStatus.PENDING,
        ReviewReason.REMOVAL_REQUEST,
        None,
    )
    assert reopened.updated_at > handled.updated_at
    assert queued(moderator_client.get(QUEUE_URL)) == [post]


def test_an_edit_that_brings_in_a_hold_word_makes_a_flagged_request_a_held_one(member_client, post):
    WatchedWord.objects.create(pattern="lottery", action=WatchedAction.FLAG)
    WatchedWord.objects.create(pattern="western union", action=WatchedAction.HOLD)
    submit_edit(member_client, post, story="He won the lottery.")
    assert item_about(post).reason == ReviewReason.WATCHED_FLAG

    submit_edit(member_client, post, story="He won the lottery and sends it by Western Union.")

    item = item_about(post)
    assert (item.reason, item.flagged_by_site, item.score) == (ReviewReason.WATCHED_HOLD, True, SITE_FLAG_WEIGHT)
    assert [action.name for action in review_actions.build_actions(item)] == ["publish", "hide", "remove"]


def test_deleting_a_comment_takes_its_item_with_it(stranger):
    comment = held_comment(author=stranger)
    comment.delete()
    assert not ReviewItem.objects.exists()


# Score and order --------------------------------------------------------------------------------------------


def test_the_score_follows_the_reporters_trust(moderator_client):
    new, member, trusted = NewUserFactory(), UserFactory(), UserFactory(trust_level=TrustLevel.TRUSTED)
    by_new, by_member, by_trusted, by_moderator, by_two = PostFactory.create_batch(5)
    reports.report_content(reporter=new, reason=ReportReason.SPAM, post=by_new)
    reports.report_content(reporter=member, reason=ReportReason.SPAM, post=by_member)
    reports.report_content(reporter=trusted, reason=ReportReason.SPAM, post=by_trusted)
    reports.report_content(reporter=ModeratorFactory(), reason=ReportReason.SPAM, post=by_moderator)
    reports.report_content(reporter=new, reason=ReportReason.SPAM, post=by_two)
    reports.report_content(reporter=trusted, reason=ReportReason.OTHER, post=by_two)

    scores = {target: item_about(target).score for target in (by_new, by_member, by_trusted, by_moderator, by_two)}

    assert scores == {
        by_new: REPORT_WEIGHTS["new"],
        by_member: REPORT_WEIGHTS["member"],
        by_trusted: REPORT_WEIGHTS["trusted"],
        by_moderator: MODERATOR_REPORT_WEIGHT,
        by_two: REPORT_WEIGHTS["new"] + REPORT_WEIGHTS["trusted"],
    }
    assert queued(moderator_client.get(QUEUE_URL)) == [by_moderator, by_two, by_trusted, by_member, by_new]


def test_a_members_second_report_on_the_same_thing_weighs_once(db):
    post = PostFactory()
    reporter = UserFactory()
    reports.report_content(reporter=reporter, reason=ReportReason.SPAM, post=post)
    reports.report_content(reporter=reporter, reason=ReportReason.OTHER, details="Really.", post=post)
    assert item_about(post).score == REPORT_WEIGHTS["member"]


def test_removal_requests_come_first_whatever_the_score(moderator_client):
    heavy = PostFactory()
    for reporter in UserFactory.create_batch(2, trust_level=TrustLevel.TRUSTED):
        reports.report_content(reporter=reporter, reason=ReportReason.SPAM, post=heavy)
    removal = PostFactory()
    reports.report_content(reporter=NewUserFactory(), reason=ReportReason.THIS_IS_ME, post=removal)
    held = held_post()

    assert queued(moderator_client.get(QUEUE_URL)) == [removal, heavy, held]


# A page of the queue in a fixed number of queries ------------------------------------------------------------


def fill_queue(size: int) -> None:
    """`size` items of five kinds, written in bulk: held requests, comments and messages, requests reported twice,
    reported comments. Each has its own author. Their scores are left equal, so that every page holds every kind."""
    now = timezone.now()
    authors = User.objects.bulk_create(
        User(email=f"author{n}@example.com", display_name=f"Author {n}", date_joined=now) for n in range(size)
    )
    parent = PostFactory(indexed=False)
    reporters = UserFactory.create_batch(2)

    def request(author, moderation):
        return Post(
            author=author,
            title=f"Looking for {author.display_name}'s classmate",
            sought_name="Simon",
            relationship=Relationship.CLASSMATE,
            story="We were in the same class.",
            languages=["en"],
            moderation=moderation,
        )

    kinds = [n % 5 for n in range(size)]
    posts = Post.objects.bulk_create(
        request(author, Moderation.PENDING if kind == 0 else Moderation.PUBLISHED)
        for author, kind in zip(authors, kinds, strict=True)
        if kind in (0, 3)
    )
    comments = Comment.objects.bulk_create(
        Comment(post=parent, author=author, body="He moved to Hamburg.", moderation=Moderation.PENDING)
        for author, kind in zip(authors, kinds, strict=True)
        if kind in (1, 4)
    )
    conversations = Conversation.objects.bulk_create(
        Conversation(post=parent, starter=author, kind=ConversationKind.I_KNOW_THEM)
        for author, kind in zip(authors, kinds, strict=True)
        if kind == 2
    )
    messages = Message.objects.bulk_create(
        Message(conversation=conversation, author_id=conversation.starter_id, body="Call me on +49 30 1234 5678")
        for conversation in conversations
    )
    posts_by_author = {post.author_id: post for post in posts}
    comments_by_author = {comment.author_id: comment for comment in comments}
    Report.objects.bulk_create(
        [
            *(
                Report(reporter=reporter, post=post, reason=ReportReason.SPAM)
                for post in posts
                if post.moderation == Moderation.PUBLISHED
                for reporter in reporters
            ),
            *(
                Report(reporter=reporters[0], comment=comments_by_author[author.pk])
                for author, kind in zip(authors, kinds, strict=True)
                if kind == 4
            ),
        ]
    )
    content_type = ContentType.objects.get_for_model
    messages_by_author = {message.author_id: message for message in messages}
    kind_of = {
        0: (posts_by_author, ReviewReason.NEW_MEMBER),
        1: (comments_by_author, ReviewReason.NEW_MEMBER),
        2: (messages_by_author, ReviewReason.CONTACT_DETAILS),
        3: (posts_by_author, ReviewReason.REPORTS),
        4: (comments_by_author, ReviewReason.REPORTS),
    }
    items = []
    for author, kind in zip(authors, kinds, strict=True):
        targets, reason = kind_of[kind]
        target = targets[author.pk]
        items.append(
            ReviewItem(
                target_type=content_type(type(target)),
                target_id=target.pk,
                post_id=target.pk if isinstance(target, Post) else parent.pk,
                author=author,
                reason=reason,
            )
        )
    ReviewItem.objects.bulk_create(items)


@pytest.mark.parametrize("size", [5, 500])
def test_a_page_of_the_queue_takes_the_same_queries_for_5_items_and_500(
    moderator_client, django_assert_num_queries, size
):
    fill_queue(size)

    with django_assert_num_queries(QUEUE_QUERIES):
        response = moderator_client.get(QUEUE_URL)

    page = response.context["page"]
    assert response.status_code == HTTPStatus.OK
    assert page.paginator.count == size
    assert len(page.object_list) == min(size, REVIEW_QUEUE_PAGE_SIZE)
    assert {row.kind for row in page.object_list} == {"request", "comment", "message"}
    assert {len(row.open_reports) for row in page.object_list} == {0, 1, 2}
    assert f"{size} items are waiting" in response.text


def test_the_queue_is_paged_with_links_that_need_no_javascript(moderator_client):
    fill_queue(REVIEW_QUEUE_PAGE_SIZE + 3)

    first = moderator_client.get(QUEUE_URL)
    assert 'href="?page=2"' in first.text
    second = moderator_client.get(QUEUE_URL, {"page": 2})

    assert len(second.context["page"].object_list) == 3
    assert 'href="?page=1"' in second.text
    assert not set(queued(first)) & set(queued(second))
    # A page past the end shows the last one rather than an error.
    assert moderator_client.get(QUEUE_URL, {"page": 99}).context["page"].number == 2
