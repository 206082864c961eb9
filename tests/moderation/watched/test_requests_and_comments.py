"""Watched words in requests and comments, on creation and on edit, seen from the writer's and others' side."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import (
    Comment,
    Moderation,
    Post,
    Report,
    ReportReason,
    ReviewItem,
    ReviewReason,
    ReviewStatus,
    WatchedAction,
)
from posts.moderation import reports
from tests.factories import CommentFactory, UserFactory
from tests.helpers import error_beside
from tests.moderation.queue.helpers import item_about, item_url, moderation_log, queued
from tests.requests.test_post_create_edit import REQUEST, submit_edit, submit_new_request

QUEUE_URL = reverse("admin:moderation:queue")


def comment_on(client, post, body: str):
    return client.post(reverse("posts:comment_create", kwargs={"pk": post.pk}), {"body": body})


# Block ---------------------------------------------------------------------------------------


def test_a_blocked_word_in_a_new_request_is_refused_beside_its_field_and_everything_typed_is_kept(
    member_client, member, post, watch
):
    watch("bitcoin", WatchedAction.BLOCK)
    story = "She said to pay her in Bitcoin before we meet again."

    response = submit_new_request(member_client, story=story)

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "story") == [
        "“Bitcoin” cannot be used on Reconnect. Please reword this and send it again."
    ]
    assert story in response.text and REQUEST["title"] in response.text and REQUEST["met_place"] in response.text
    assert Post.objects.filter(author=member).count() == 1  # Only the fixture's.


def test_a_blocked_word_in_any_text_field_of_a_request_is_refused(member_client, member, post, watch):
    watch("bitcoin", WatchedAction.BLOCK)

    response = submit_new_request(member_client, claim_question="Which Bitcoin wallet did I use?")

    assert error_beside(response, "claim_question")
    assert Post.objects.filter(author=member).count() == 1


def test_a_blocked_word_in_a_comment_is_refused_and_the_comment_kept_in_the_form(
    stranger_client, stranger, post, watch
):
    watch("bitcoin", WatchedAction.BLOCK)
    body = "I can find him for you, send 0.1 BITCOIN first."

    response = comment_on(stranger_client, post, body)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "“BITCOIN” cannot be used on Reconnect." in " ".join(error_beside(response, "body"))
    assert body in response.text
    assert not Comment.objects.filter(author=stranger).exists()


def test_an_edit_that_adds_a_blocked_word_is_refused_and_the_request_is_unchanged(member_client, post, watch):
    watch("bitcoin", WatchedAction.BLOCK)

    response = submit_edit(member_client, post, story="Pay in bitcoin.")

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "story")
    assert "Pay in bitcoin." in response.text
    post.refresh_from_db()
    assert post.story == "We were in the same chemistry class. He played the cello."


# Hold ----------------------------------------------------------------------------------------


def test_a_held_comment_tells_its_author_why_without_naming_the_word_and_is_hidden_from_others(
    stranger_client, stranger, member_client, client, post, watch
):
    watch("western union", WatchedAction.HOLD)

    response = comment_on(stranger_client, post, "He works at a Western Union office in Lagos.")

    comment = Comment.objects.get(author=stranger)
    assert comment.moderation == Moderation.PENDING
    assert "western union" not in comment.moderation_reason.lower()
    assert item_about(comment).reason == ReviewReason.WATCHED_HOLD
    page = stranger_client.get(response["Location"])
    assert "Western Union office" in page.text
    assert "A moderator will read this before others can" in page.text
    for other in (member_client, client):
        assert "Western Union office" not in other.get(post.get_absolute_url()).text


def test_a_held_request_waits_and_its_author_is_told_why(member_client, member, post, client, watch):
    watch("western union", WatchedAction.HOLD)

    response = submit_new_request(member_client, story="She sent money by Western Union every month.")

    held = Post.objects.exclude(pk=post.pk).get(author=member)
    assert (held.moderation, held.published_at) == (Moderation.PENDING, None)
    page = member_client.get(response["Location"])
    assert "A moderator will read this before others can" in page.text
    assert client.get(held.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_an_edit_that_brings_in_a_hold_word_sends_a_published_request_back_to_review(
    member_client, post, client, watch
):
    watch("western union", WatchedAction.HOLD)
    first_published = post.published_at

    submit_edit(member_client, post, story="Send the money by Western Union.")

    post.refresh_from_db()
    assert post.moderation == Moderation.PENDING
    assert post.published_at == first_published
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert (item_about(post).reason, item_about(post).status) == (ReviewReason.WATCHED_HOLD, ReviewStatus.PENDING)


def test_an_edit_of_something_else_leaves_a_request_a_moderator_let_through_published(member_client, post, watch):
    Post.objects.filter(pk=post.pk).update(story="He worked at Western Union.")
    watch("western union", WatchedAction.HOLD)

    submit_edit(member_client, post, title="Looking for Simon, the cellist")

    post.refresh_from_db()
    assert (post.title, post.moderation) == ("Looking for Simon, the cellist", Moderation.PUBLISHED)


def test_an_edited_comment_with_a_new_hold_word_goes_back_to_review(stranger_client, stranger, post, watch):
    comment = CommentFactory(post=post, author=stranger, body="He moved to Hamburg.")
    watch("western union", WatchedAction.HOLD)

    stranger_client.post(
        reverse("posts:comment_edit", kwargs={"pk": comment.pk}), {"body": "He works at Western Union in Hamburg."}
    )

    comment.refresh_from_db()
    assert comment.moderation == Moderation.PENDING
    assert comment.body == "He works at Western Union in Hamburg."


def test_a_moderators_own_writing_is_neither_held_nor_flagged(moderator_client, moderator, post, watch):
    watch("western union", WatchedAction.HOLD)
    watch("lottery", WatchedAction.FLAG)

    comment_on(moderator_client, post, "Beware: nobody from Reconnect asks for Western Union or lottery fees.")

    comment = Comment.objects.get(author=moderator)
    assert comment.moderation == Moderation.PUBLISHED
    assert not ReviewItem.objects.exists()


def test_a_moderator_is_still_refused_a_blocked_word(moderator_client, moderator, post, watch):
    watch("bitcoin", WatchedAction.BLOCK)

    comment_on(moderator_client, post, "Pay in bitcoin.")

    assert not Comment.objects.filter(author=moderator).exists()


# Flag ----------------------------------------------------------------------------------------


def test_a_flagged_comment_is_published_and_put_in_the_queue_by_the_site(
    stranger_client, stranger, member_client, moderator_client, post, watch, mailoutbox
):
    watch("lottery", WatchedAction.FLAG)

    comment_on(stranger_client, post, "He won the lottery and moved to Spain.")

    comment = Comment.objects.get(author=stranger)
    assert comment.moderation == Moderation.PUBLISHED
    assert "He won the lottery" in member_client.get(post.get_absolute_url()).text
    # The site's flag is an item of the review queue, not a report nobody filed.
    assert not Report.objects.exists()
    item = item_about(comment)
    assert (item.reason, item.flagged_by_site, item.status) == (ReviewReason.WATCHED_FLAG, True, ReviewStatus.PENDING)
    queue = moderator_client.get(QUEUE_URL)
    assert queued(queue) == [comment]
    assert "flagged by the site" in queue.text
    assert "lottery" in queue.text


@pytest.mark.parametrize(
    ("data", "moderation", "status"),
    [
        ({"action": "keep"}, Moderation.PUBLISHED, ReviewStatus.APPROVED),
        ({"action": "hide", "common_reason": "spam"}, Moderation.HIDDEN, ReviewStatus.REJECTED),
    ],
)
def test_a_site_flag_is_handled_from_the_queue_with_no_reporter_to_tell(
    moderator_client,
    stranger_client,
    stranger,
    post,
    watch,
    mailoutbox,
    django_capture_on_commit_callbacks,
    data,
    moderation,
    status,
):
    watch("lottery", WatchedAction.FLAG)
    comment_on(stranger_client, post, "He won the lottery.")
    comment = Comment.objects.get(author=stranger)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(item_url(comment), data)

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get(pk=comment.pk).moderation == moderation
    assert item_about(comment).status == status
    assert len(moderation_log()) == 1
    assert mailoutbox == []
    assert queued(moderator_client.get(QUEUE_URL)) == []


def test_site_flags_do_not_count_towards_hiding_after_three_reports(post, watch, stranger_client, stranger):
    watch("lottery", WatchedAction.FLAG)
    comment_on(stranger_client, post, "He won the lottery.")
    comment = Comment.objects.get(author=stranger)
    for reporter in UserFactory.create_batch(2):
        reports.report_content(reporter=reporter, reason=ReportReason.SPAM, comment=comment)

    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED


def test_a_member_cannot_choose_the_sites_own_report_reason(stranger_client, stranger, post):
    form = stranger_client.get(reverse("posts:report", kwargs={"pk": post.pk}))
    assert 'value="watched"' not in form.text

    stranger_client.post(reverse("posts:report", kwargs={"pk": post.pk}), {"reason": "watched"})

    assert not Report.objects.exists()
