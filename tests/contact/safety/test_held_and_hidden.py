"""Contact details in comments wait for a moderator; three reports hide a thing until one looks."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Comment, Moderation, ModerationActionKind, Report, ReportReason
from posts.moderation import actions, reports
from posts.moderation.detection import contains_contact_details
from tests.conftest import login
from tests.factories import CommentFactory, UserFactory
from tests.helpers import logged


@pytest.mark.parametrize(
    "text",
    [
        "Write to him at simon.becker@example.org",
        "Her number is +49 151 2345 6789",
        "Call 138 0013 8000 after six",
        "He lives at 12 Baker Street now",
        "Sie wohnt in der Goethestraße 7",
        "住在中山路 12号",
        "Il habite rue de la Paix 5",
    ],
)
def test_contact_details_are_recognised(text):
    assert contains_contact_details(text)


@pytest.mark.parametrize(
    "text",
    ["We met in 1998 at Regina High School", "He was born in 1975", "Room 101 of building 3", "Try the alumni office"],
)
def test_ordinary_words_are_not_taken_for_contact_details(text):
    assert not contains_contact_details(text)


def test_comment_with_a_phone_number_waits_for_a_moderator_and_the_author_is_told(post, stranger, client, moderator):
    author = login(stranger)
    response = author.post(
        reverse("posts:comment_create", kwargs={"pk": post.pk}),
        {"body": "His number is +49 151 2345 6789"},
        follow=True,
    )

    comment = Comment.objects.get(post=post)
    assert comment.moderation == Moderation.PENDING
    assert "a moderator will look at it" in response.text
    assert "+49 151 2345 6789" in author.get(post.get_absolute_url()).text
    assert "+49 151 2345 6789" not in client.get(post.get_absolute_url()).text
    assert "+49 151 2345 6789" not in login(post.author).get(post.get_absolute_url()).text

    actions.publish_comment(comment=comment, by=moderator)
    assert "+49 151 2345 6789" in client.get(post.get_absolute_url()).text


def test_three_members_reports_hide_a_comment_until_a_moderator_looks(post, client):
    comment = CommentFactory(post=post, body="Spam spam spam")
    first, second = UserFactory(), UserFactory()
    reports.report_content(reporter=first, comment=comment, reason=ReportReason.SPAM)
    reports.report_content(reporter=first, comment=comment, reason=ReportReason.HARASSMENT)  # same person again
    reports.report_content(reporter=second, comment=comment, reason=ReportReason.SPAM)
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED

    third = UserFactory()
    reports.report_content(reporter=third, comment=comment, reason=ReportReason.SPAM)
    comment.refresh_from_db()
    assert comment.moderation == Moderation.HIDDEN
    assert "Spam spam spam" not in client.get(post.get_absolute_url()).text
    assert logged(comment, "action", "actor", "details") == [
        (
            ModerationActionKind.AUTO_HIDE,
            None,
            {"reporters": 3, "score": 3.0, "report_id": Report.objects.get(reporter=third).pk},
        )
    ]


def test_three_reports_hide_a_request(post, client):
    for _ in range(3):
        reports.report_content(reporter=UserFactory(), post=post, reason=ReportReason.FALSE_INFO)
    post.refresh_from_db()
    assert post.moderation == Moderation.HIDDEN
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
