"""Pages reached by a comment's or a photo's id answer 404 when its request is hidden from the reader.

Comment and photo ids are sequential: a page found by one must tell nothing of a request the reader cannot
see, not even its title, and must accept nothing about it.
"""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Comment, Moderation, Report, ReportReason
from tests.conftest import login
from tests.factories import CommentFactory, PhotoFactory, PostFactory, UserFactory

TITLE = "Looking for Wen from the Harbin ice festival"


@pytest.fixture
def hidden_request(member):
    return PostFactory(author=member, title=TITLE, moderation=Moderation.HIDDEN)


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED])
def test_report_page_of_a_comment_on_a_request_not_shown_is_404_and_accepts_nothing(db, member, moderation):
    post = PostFactory(author=member, title=TITLE, moderation=moderation)
    comment = CommentFactory(post=post, author=UserFactory())
    reporter = login(UserFactory())
    url = reverse("posts:comment_report", kwargs={"pk": comment.pk})

    page = reporter.get(url)
    sent = reporter.post(url, {"reason": ReportReason.SPAM})

    assert page.status_code == HTTPStatus.NOT_FOUND
    assert TITLE not in page.text
    assert sent.status_code == HTTPStatus.NOT_FOUND
    assert TITLE not in sent.text
    assert not Report.objects.exists()


def test_report_page_of_a_comment_on_a_published_request_still_works(db, post):
    comment = CommentFactory(post=post, author=UserFactory())
    reporter = login(UserFactory())
    url = reverse("posts:comment_report", kwargs={"pk": comment.pk})

    assert reporter.get(url).status_code == HTTPStatus.OK
    assert reporter.post(url, {"reason": ReportReason.SPAM}).status_code == HTTPStatus.FOUND
    assert Report.objects.get().comment == comment


@pytest.mark.parametrize("name", ["posts:comment_edit", "posts:comment_delete", "posts:comment_report"])
def test_pages_of_own_comment_on_a_hidden_request_are_404_to_its_author(db, hidden_request, name):
    author = UserFactory()
    comment = CommentFactory(post=hidden_request, author=author, body="I saw her in Harbin")
    url = reverse(name, kwargs={"pk": comment.pk})
    client = login(author)

    page = client.get(url)
    sent = client.post(url, {"body": "Changed", "reason": ReportReason.SPAM})

    assert page.status_code == HTTPStatus.NOT_FOUND
    assert TITLE not in page.text
    assert sent.status_code == HTTPStatus.NOT_FOUND
    assert Comment.objects.get(pk=comment.pk).body == "I saw her in Harbin"
    assert not Report.objects.exists()


def test_comment_and_photo_addresses_of_a_hidden_request_are_404(db, hidden_request):
    comment = CommentFactory(post=hidden_request, author=UserFactory())
    photo = PhotoFactory(post=hidden_request)
    reader = login(UserFactory())

    for url in (
        reverse("posts:comment", kwargs={"pk": comment.pk}),
        reverse("posts:photo", kwargs={"pk": photo.pk, "size": "full"}),
        reverse("posts:photo", kwargs={"pk": photo.pk, "size": "thumb"}),
    ):
        response = reader.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND, url
        assert TITLE not in response.text


def test_the_poster_and_moderators_still_reach_the_comments_of_a_hidden_request(db, hidden_request, member, moderator):
    comment = CommentFactory(post=hidden_request, author=UserFactory())
    url = reverse("posts:comment_report", kwargs={"pk": comment.pk})

    assert login(member).get(url).status_code == HTTPStatus.OK
    assert login(moderator).get(url).status_code == HTTPStatus.OK
