"""Hidden and removed requests, end to end: who still sees them, and where."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Moderation
from tests.factories import PhotoFactory, PostFactory

REASON = "Contains a phone number"
SOUGHT = "Xanthippe Quillfeather"


@pytest.fixture(params=[Moderation.HIDDEN, Moderation.REMOVED])
def moderated(request, member):
    post = PostFactory(
        author=member,
        title=f"Looking for {SOUGHT}",
        sought_name=SOUGHT,
        moderation=request.param,
        moderation_reason=REASON,
    )
    post.photo = PhotoFactory(post=post)
    return post


@pytest.fixture
def published(member):
    """A published request by the same author, so pages that list requests are not simply empty."""
    return PostFactory(author=member, title="Looking for Bartholomew Oakes", sought_name="Bartholomew Oakes")


@pytest.fixture(params=["anonymous", "stranger"])
def other_reader(request, client, stranger_client):
    return client if request.param == "anonymous" else stranger_client


def photo_url(post) -> str:
    return reverse("posts:photo", kwargs={"pk": post.photo.pk, "size": "thumb"})


@pytest.mark.parametrize("query", ["", f"?q={SOUGHT.split()[0]}", "?q=Looking"])
def test_moderated_request_is_missing_from_list_and_search(other_reader, moderated, published, query):
    response = other_reader.get(reverse("posts:list") + query)
    assert response.status_code == HTTPStatus.OK
    assert SOUGHT not in response.text
    if "Xanthippe" not in query:
        assert "Bartholomew Oakes" in response.text


def test_moderated_request_is_missing_from_list_and_search_for_its_author_too(member_client, moderated):
    # Lists show published requests only; the author finds theirs on their own profile.
    assert SOUGHT not in member_client.get(reverse("posts:list")).text
    assert SOUGHT not in member_client.get(reverse("posts:list") + "?q=Xanthippe").text


def test_moderated_request_is_missing_from_the_authors_profile_for_others(other_reader, moderated, published, member):
    response = other_reader.get(member.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert SOUGHT not in response.text
    assert "Bartholomew Oakes" in response.text


def test_moderated_request_is_missing_from_the_home_page(other_reader, moderated):
    assert SOUGHT not in other_reader.get(reverse("home")).text


def test_direct_link_to_a_moderated_request_is_not_found_for_others(other_reader, moderated):
    assert other_reader.get(moderated.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_photo_of_a_moderated_request_is_not_served_to_others(other_reader, moderated):
    assert other_reader.get(photo_url(moderated)).status_code == HTTPStatus.NOT_FOUND
    full = reverse("posts:photo", kwargs={"pk": moderated.photo.pk, "size": "full"})
    assert other_reader.get(full).status_code == HTTPStatus.NOT_FOUND


def test_author_still_sees_their_moderated_request_and_why(member_client, moderated, member):
    detail = member_client.get(moderated.get_absolute_url())
    assert detail.status_code == HTTPStatus.OK
    assert SOUGHT in detail.text
    assert REASON in detail.text
    assert '<meta name="robots" content="noindex">' in detail.text
    assert SOUGHT in member_client.get(member.get_absolute_url()).text
    assert member_client.get(photo_url(moderated)).status_code == HTTPStatus.OK


def test_moderator_still_sees_a_moderated_request(moderator_client, moderated, member):
    detail = moderator_client.get(moderated.get_absolute_url())
    assert detail.status_code == HTTPStatus.OK
    assert REASON in detail.text
    assert reverse("admin:posts_post_change", args=[moderated.pk]) in detail.text
    assert SOUGHT in moderator_client.get(member.get_absolute_url()).text
    assert moderator_client.get(photo_url(moderated)).status_code == HTTPStatus.OK


def test_published_request_photo_is_served_to_everyone(client, post):
    photo = PhotoFactory(post=post)
    response = client.get(reverse("posts:photo", kwargs={"pk": photo.pk, "size": "thumb"}))
    assert response.status_code == HTTPStatus.OK
    assert response["X-Content-Type-Options"] == "nosniff"


def test_others_cannot_comment_on_or_report_a_moderated_request(stranger_client, moderated):
    comment = stranger_client.post(reverse("posts:comment_create", args=[moderated.pk]), {"body": "Hello"})
    report = stranger_client.post(reverse("posts:report", args=[moderated.pk]), {"reason": "spam"})
    assert comment.status_code == HTTPStatus.NOT_FOUND
    assert report.status_code == HTTPStatus.NOT_FOUND
    assert moderated.comments.count() == 0
    assert moderated.reports.count() == 0


@pytest.mark.parametrize("count", [1, 4])
def test_profile_page_queries_do_not_grow_with_requests(client, member, count, django_assert_num_queries):
    for _ in range(count):
        PhotoFactory(post=PostFactory(author=member))
    PostFactory(author=member, moderation=Moderation.HIDDEN, moderation_reason=REASON)
    # The person, their requests, and the requests' photos.
    with django_assert_num_queries(3):
        response = client.get(member.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
