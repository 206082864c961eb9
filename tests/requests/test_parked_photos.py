"""Parked photos expire after RECONNECT_PARKED_PHOTO_HOURS and go with the account (issue 11, #18)."""

import io
import os
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from posts.models import Photo, Post
from posts.requests import uploads
from tests.conftest import login
from tests.factories import PostFactory, UserFactory, image_upload
from tests.requests.test_photo_kept import form_data, kept_token

PASSWORD = "a long enough password 12"


def parked() -> list[str]:
    return uploads._parked_files()


def park_a_photo(client) -> str:
    """Send the create form with a photo and an error elsewhere; return the token the page keeps."""
    response = client.post(reverse("posts:create"), form_data(title="", **{"photos-0-image": image_upload()}))
    assert response.status_code == HTTPStatus.OK
    return kept_token(response.text)


def age(path: str, hours: float) -> None:
    """Make a parked file look `hours` old (the local storage reads the file's modification time)."""
    when = time.time() - hours * 3600
    os.utime(default_storage.path(path), (when, when))


@pytest.fixture
def parker(db, settings):
    settings.RECONNECT_PARKED_PHOTO_HOURS = 1
    user = UserFactory(display_name="Parker")
    user.set_password(PASSWORD)
    user.save()
    PostFactory(author=user)  # So that a new request is published at once.
    return user


def test_a_parked_photo_is_kept_for_an_hour_not_a_day(parker):
    client = login(parker)
    token = park_a_photo(client)
    assert parked()

    later = timezone.now() + timedelta(minutes=61)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        response = client.post(reverse("posts:create"), form_data(**{"photos-0-kept": token}))

    assert response.status_code == HTTPStatus.FOUND
    post = Post.objects.get(title=form_data()["title"])
    assert not Photo.objects.filter(post=post).exists()  # The token had expired: nothing was restored.


def test_purge_deletes_parked_files_older_than_the_setting_and_keeps_newer_ones(parker, settings):
    client = login(parker)
    park_a_photo(client)
    park_a_photo(client)
    old, new = sorted(parked())[:1], sorted(parked())[1:]
    for path in old:
        age(path, 1.5)
    for path in new:
        age(path, 0.5)

    out = io.StringIO()
    call_command("purge_parked_photos", stdout=out)

    assert sorted(parked()) == new
    assert out.getvalue().strip() == f"Deleted {len(old)} parked photo files."


def test_parked_files_are_named_for_their_owner_only(parker):
    park_a_photo(login(parker))
    other = UserFactory()
    park_a_photo(login(other))

    mine = uploads.parked_files_of(parker.pk)
    assert mine and set(mine) < set(parked())
    assert not set(mine) & set(uploads.parked_files_of(other.pk))
    assert all(str(parker.pk) not in path.rsplit("/", 1)[1].split("-")[0] for path in mine)


def test_deleting_the_account_deletes_its_parked_photos_and_no_one_elses(parker, django_capture_on_commit_callbacks):
    client = login(parker)
    park_a_photo(client)
    other = UserFactory()
    park_a_photo(login(other))
    others = uploads.parked_files_of(other.pk)
    assert uploads.parked_files_of(parker.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == HTTPStatus.FOUND
    assert uploads.parked_files_of(parker.pk) == []
    assert sorted(parked()) == sorted(others)
    assert all(default_storage.exists(path) for path in others)
