"""Tampered management fields of the photo forms: a form error with what was typed kept, never a 500 (#11)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import PhotoFactory
from tests.requests.test_post_create_edit import browser_form, photos_of, snapshot, submit_edit, submit_new_request

TAMPERED = ["999999999", "-1", "abc", ""]
FIELDS = [
    f"{prefix}-{name}"
    for prefix in ("existing", "photos")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
]


@pytest.fixture
def post_with_photos(post):
    for order in range(2):
        PhotoFactory(post=post, order=order, caption=f"Photo {order}")
    return post


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", TAMPERED)
def test_tampered_management_field_on_edit_is_a_form_error_and_keeps_what_was_typed(
    member_client, post_with_photos, field, value
):
    before, photos_before = snapshot(post_with_photos), photos_of(post_with_photos)

    response = submit_edit(
        member_client, post_with_photos, title="A title typed before the tampering", **{field: value}
    )

    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    if response.status_code == HTTPStatus.OK:
        assert "A title typed before the tampering" in response.text
        assert snapshot(post_with_photos) == before
    assert photos_of(post_with_photos) == photos_before or response.status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("field", ["existing-INITIAL_FORMS", "existing-TOTAL_FORMS"])
def test_an_impossible_number_of_existing_photos_is_refused_with_a_message(member_client, post_with_photos, field):
    before, photos_before = snapshot(post_with_photos), photos_of(post_with_photos)

    response = submit_edit(member_client, post_with_photos, title="Kept title", **{field: "999999999"})

    assert response.status_code == HTTPStatus.OK
    assert "The photo form was changed or is out of date" in response.text
    assert "Kept title" in response.text
    assert (snapshot(post_with_photos), photos_of(post_with_photos)) == (before, photos_before)


@pytest.mark.parametrize("field", ["existing-TOTAL_FORMS", "existing-INITIAL_FORMS"])
def test_missing_management_field_is_a_form_error(member_client, post_with_photos, field):
    url = reverse("posts:edit", kwargs={"pk": post_with_photos.pk})
    data = browser_form(member_client.get(url))
    data["title"] = "Kept title"
    del data[field]

    response = member_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert "Kept title" in response.text
    assert "The photo form was changed or is out of date" in response.text


@pytest.mark.parametrize("field", ["photos-TOTAL_FORMS", "photos-INITIAL_FORMS", "photos-MAX_NUM_FORMS"])
@pytest.mark.parametrize("value", TAMPERED)
def test_tampered_management_field_on_create_is_never_a_500(member_client, field, value):
    response = submit_new_request(member_client, title="A new title typed", **{field: value})

    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    if response.status_code == HTTPStatus.OK:
        assert "A new title typed" in response.text
