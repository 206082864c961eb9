"""A photo that passed its checks survives a form that comes back with errors."""

import re
from http import HTTPStatus

from django.urls import reverse

from posts.models import Photo, Post
from tests.conftest import login
from tests.factories import PostFactory, UserFactory, image_upload


def form_data(**overrides) -> dict:
    data = {
        "title": "Looking for Katharina from the ship",
        "sought_name": "Katharina",
        "relationship": "colleague",
        "story": "We worked on the same ferry in 2009.",
        "photos-TOTAL_FORMS": "6",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "6",
    }
    data.update(overrides)
    return data


def kept_token(html: str) -> str:
    match = re.search(r'name="photos-0-kept" value="([^"]+)"', html)
    assert match, "the re-shown form carries no token for the checked photo"
    return match.group(1)


def test_photo_is_kept_when_another_field_has_an_error(member):
    PostFactory(author=member)  # so the new request is published directly
    client = login(member)
    first = client.post(
        reverse("posts:create"),
        form_data(title="", **{"photos-0-image": image_upload(), "photos-0-caption": "On deck"}),
    )
    assert first.status_code == HTTPStatus.OK
    assert Post.objects.filter(author=member).count() == 1
    assert "We kept this photo for you" in first.text
    assert "On deck" in first.text

    second = client.post(
        reverse("posts:create"),
        form_data(**{"photos-0-kept": kept_token(first.text), "photos-0-caption": "On deck"}),
    )
    assert second.status_code == HTTPStatus.FOUND
    post = Post.objects.get(title="Looking for Katharina from the ship")
    photo = Photo.objects.get(post=post)
    assert photo.caption == "On deck"
    assert photo.width == 64


def test_kept_photo_token_of_another_member_is_ignored(member):
    first = login(member).post(reverse("posts:create"), form_data(title="", **{"photos-0-image": image_upload()}))
    token = kept_token(first.text)

    other = UserFactory()
    response = login(other).post(reverse("posts:create"), form_data(**{"photos-0-kept": token}))
    assert response.status_code == HTTPStatus.FOUND
    assert not Photo.objects.filter(post__author=other).exists()


def test_forged_kept_token_is_ignored(member):
    response = login(member).post(reverse("posts:create"), form_data(**{"photos-0-kept": "not-a-token"}))
    assert response.status_code == HTTPStatus.FOUND
    assert not Photo.objects.exists()
