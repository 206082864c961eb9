"""Replying to a comment: a "Reply" link that works without JavaScript, and a reply only to what one may read."""

from http import HTTPStatus

from django.urls import reverse

from posts.models import Comment
from tests.conftest import login
from tests.factories import CommentFactory, PostFactory, UserFactory


def comment_url(post) -> str:
    return reverse("posts:comment_create", kwargs={"pk": post.pk})


def test_reply_link_fills_the_form_and_says_whom_it_answers(post, stranger_client):
    answered = CommentFactory(post=post, author=UserFactory(display_name="Carla <Choir>"))
    page = stranger_client.get(post.get_absolute_url()).text
    link = f"{post.get_absolute_url()}?reply_to={answered.pk}#comment-form"
    assert f'href="{link}"' in page

    response = stranger_client.get(link.split("#")[0])

    assert response.status_code == HTTPStatus.OK
    assert f'<input type="hidden" name="reply_to" value="{answered.pk}"' in response.text
    assert "Replying to" in response.text and "Carla &lt;Choir&gt;" in response.text
    assert f'href="{post.get_absolute_url()}#comment-form">Cancel the reply</a>' in response.text


def test_replying_saves_the_comment_answered(post, stranger, stranger_client):
    answered = CommentFactory(post=post)

    response = stranger_client.post(comment_url(post), {"body": "Which year was that?", "reply_to": answered.pk})

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get(author=stranger).reply_to == answered


def test_reply_to_another_requests_comment_or_a_private_lead_is_refused_and_nothing_typed_is_lost(
    post, stranger, stranger_client
):
    elsewhere = CommentFactory(post=PostFactory())
    private = CommentFactory(post=post, is_lead=True, is_private=True)

    for target in (elsewhere, private, 999_999, "not-a-number"):
        pk = getattr(target, "pk", target)
        response = stranger_client.post(comment_url(post), {"body": "Which year was that?", "reply_to": pk})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "The comment you are replying to is no longer there." in response.text
        assert "Which year was that?" in response.text

    assert not Comment.objects.filter(author=stranger).exists()


def test_an_unknown_reply_link_shows_the_ordinary_form(post, stranger_client):
    private = CommentFactory(post=post, is_lead=True, is_private=True)

    page = stranger_client.get(f"{post.get_absolute_url()}?reply_to={private.pk}").text

    assert "Replying to" not in page
    assert 'name="reply_to" value=' not in page


def test_visitors_see_no_reply_link(client, post):
    CommentFactory(post=post)

    assert "?reply_to=" not in client.get(post.get_absolute_url()).text


def test_the_poster_may_answer_a_private_lead(post, member):
    private = CommentFactory(post=post, is_lead=True, is_private=True)

    response = login(member).post(comment_url(post), {"body": "Thank you!", "reply_to": private.pk})

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get(author=member).reply_to == private
