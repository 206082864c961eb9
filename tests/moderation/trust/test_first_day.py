"""A new member's first day: one photo per request, and no links in comments."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from posts.models import Comment, Moderation, Photo, Post
from posts.requests import services
from posts.requests.images import process_upload
from tests.factories import CommentFactory, PhotoFactory, PostFactory, image_upload
from tests.helpers import error_beside
from tests.moderation.trust.conftest import comment_url, comments_of
from tests.requests.test_post_create_edit import REQUEST, browser_form, submit_new_request

PHOTO_ERROR = "On your first day you can add 1 photo to a request."
LINK_ERROR = "On your first day you cannot put links or web addresses (such as example.com) in a comment."


def two_photos() -> dict:
    return {
        "photos-TOTAL_FORMS": "2",
        "photos-0-image": image_upload("train.jpg"),
        "photos-0-caption": "Our carriage",
        "photos-1-image": image_upload("cards.jpg"),
    }


# Photos ------------------------------------------------------------------------------------------


def test_first_day_create_page_offers_one_photo_and_says_why(newbie_client):
    page = newbie_client.get(reverse("posts:create"))

    assert browser_form(page)["photos-TOTAL_FORMS"] == "1"
    assert PHOTO_ERROR in page.text


def test_second_photo_on_the_first_day_is_refused_beside_it_and_nothing_is_lost(newbie_client, newbie):
    response = submit_new_request(newbie_client, **two_photos())

    assert response.status_code == HTTPStatus.OK
    assert not Post.objects.filter(author=newbie).exists()
    assert error_beside(response, "photos-1-image")[0].startswith(PHOTO_ERROR)
    assert error_beside(response, "photos-0-image") == []
    kept = browser_form(response)
    typed = (REQUEST["title"], REQUEST["story"], "Our carriage")
    assert (kept["title"], kept["story"], kept["photos-0-caption"]) == typed
    assert kept["photos-0-kept"]  # the first photo is carried to the next try

    retry = newbie_client.post(reverse("posts:create"), {**kept, "photos-TOTAL_FORMS": "1"})

    assert retry.status_code == HTTPStatus.FOUND
    post = Post.objects.get(author=newbie)
    assert list(post.photos.values_list("caption", flat=True)) == ["Our carriage"]


def test_one_photo_on_the_first_day_is_accepted(newbie_client, newbie):
    response = submit_new_request(newbie_client, **{"photos-0-image": image_upload("train.jpg")})

    assert response.status_code == HTTPStatus.FOUND
    assert Photo.objects.filter(post__author=newbie).count() == 1


def test_adding_a_photo_by_editing_on_the_first_day_is_refused_beside_it(newbie_client, newbie):
    post = PostFactory(author=newbie, moderation=Moderation.PENDING, published_at=None)
    PhotoFactory(post=post)
    url = reverse("posts:edit", kwargs={"pk": post.pk})
    data = browser_form(newbie_client.get(url))
    assert data["photos-TOTAL_FORMS"] == "1"  # A slot to replace the photo with; adding one beside it is refused.

    data.update({"story": "A new line of the story", "photos-TOTAL_FORMS": "1", "photos-0-image": image_upload()})
    response = newbie_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "photos-0-image")[0].startswith(PHOTO_ERROR)
    assert browser_form(response)["story"] == "A new line of the story"
    post.refresh_from_db()
    assert (post.photos.count(), post.story) == (1, PostFactory.story)


def test_replacing_the_one_photo_on_the_first_day_is_accepted(newbie_client, newbie):
    post = PostFactory(author=newbie, moderation=Moderation.PENDING, published_at=None)
    old = PhotoFactory(post=post)
    url = reverse("posts:edit", kwargs={"pk": post.pk})
    data = browser_form(newbie_client.get(url))

    data.update({"existing-0-DELETE": "on", "photos-TOTAL_FORMS": "1", "photos-0-image": image_upload()})
    response = newbie_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert not Photo.objects.filter(pk=old.pk).exists()
    assert post.photos.count() == 1


def test_after_the_first_day_a_new_member_adds_several_photos(second_day_client, second_day_newbie):
    response = submit_new_request(second_day_client, **two_photos())

    assert response.status_code == HTTPStatus.FOUND
    assert Photo.objects.filter(post__author=second_day_newbie).count() == 2


def test_the_service_refuses_a_second_photo_on_the_first_day_too(newbie):
    """Not only the form: whatever calls create_post is held to one photo on a new member's first day."""
    photos = [services.NewPhoto(image=process_upload(image_upload(name))) for name in ("train.jpg", "cards.jpg")]

    with pytest.raises(ValidationError) as refused:
        services.create_post(author=newbie, data=dict(REQUEST), photos=photos)

    assert refused.value.code == "first_day_photos"
    assert not Post.objects.filter(author=newbie).exists()
    assert not Photo.objects.exists()


# Links -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "His page: https://example.org/mei",
        "see http://example.org",
        "Look at www.example.org for photos",
        "I put the class photo on example.com",
        "Try photos.example.co.uk please",
        "我在例子.cn上看到了她",
    ],
)
def test_link_in_a_comment_on_the_first_day_is_refused_beside_the_body(newbie_client, newbie, open_post, body):
    response = newbie_client.post(comment_url(open_post), {"body": body})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body")[0].startswith(LINK_ERROR)
    assert f"{escape(body)}</textarea>" in response.text  # what was typed is still there
    assert not Comment.objects.filter(author=newbie).exists()


@pytest.mark.parametrize(
    "body",
    [
        "We met in St. Petersburg in 1998. He was 1.8 m tall.",
        "She moved to Hamburg.She wrote to me once.",
        "Ask his sister, e.g. at the bakery.",
    ],
)
def test_ordinary_text_on_the_first_day_is_not_taken_for_a_link(newbie_client, newbie, open_post, body):
    response = newbie_client.post(comment_url(open_post), {"body": body})

    assert response.status_code == HTTPStatus.FOUND
    assert comments_of(newbie) == [(body, Moderation.PENDING)]


def test_after_the_first_day_a_link_is_accepted_and_waits_as_any_new_comment(
    second_day_client, second_day_newbie, open_post
):
    response = second_day_client.post(comment_url(open_post), {"body": "See https://example.org/mei"})

    assert response.status_code == HTTPStatus.FOUND
    assert comments_of(second_day_newbie) == [("See https://example.org/mei", Moderation.PENDING)]


def test_editing_a_link_into_a_comment_on_the_first_day_is_refused(newbie_client, newbie, open_post):
    comment = CommentFactory(post=open_post, author=newbie, body="I know her.")
    url = reverse("posts:comment_edit", kwargs={"pk": comment.pk})

    response = newbie_client.post(url, {"body": "I know her: www.example.org"})

    assert error_beside(response, "body")[0].startswith(LINK_ERROR)
    assert "I know her: www.example.org" in response.text
    comment.refresh_from_db()
    assert comment.body == "I know her."
