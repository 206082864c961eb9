"""Posting and editing a request through its form, the way a browser submits it.

The form pages are read back and submitted with exactly the fields they render
(hidden formset management fields included), so a field the template forgets
to render fails here as it would for a real person.
"""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from posts.models import Moderation, Photo, Post
from posts.moderation import actions
from tests.factories import PhotoFactory, PostFactory, UserFactory, image_upload
from tests.helpers import error_beside

TITLE = "Looking for Mei from the night train to Ürümqi"

REQUEST = {
    "title": TITLE,
    "sought_name": "Mei Lin",
    "sought_other_names": "林美, Lin Mei",
    "sought_nickname": "Meimei",
    "relationship": "helper",
    "met_place": "Night train K1121",
    "met_city": "Lanzhou",
    "met_country": "CN",
    "year_from": "2009",
    "year_to": "2009",
    "now_country": "",
    "story": "She shared her noodles with me and taught me to play cards.",
    "languages": ["en", "zh-hans"],
    "on_behalf_of": "",
}

EDITABLE_FIELDS = ("title", "sought_name", "story", "year_from", "year_to", "moderation", "status")


class _FormReader(HTMLParser):
    """Collect, for each <form> on a page, the name/value pairs a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._fields = []
            self.forms.append(self._fields)
        elif self._fields is None:
            return
        elif tag == "input":
            name, kind = attributes.get("name"), (attributes.get("type") or "text").lower()
            if not name or kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self._fields.append((name, attributes.get("value") or "on"))
            else:
                self._fields.append((name, attributes.get("value") or ""))
        elif tag == "select":
            self._select = (attributes.get("name"), "multiple" in attributes, [])
        elif tag == "option" and self._select is not None:
            self._select[2].append((attributes.get("value") or "", "selected" in attributes))
        elif tag == "textarea":
            self._textarea = [attributes.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            self._fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the newline that follows <textarea>.
            self._fields.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None


def browser_form(response, containing: str = "title") -> dict:
    """What a browser submits from the page's form that has the field `containing`."""
    assert response.status_code == HTTPStatus.OK, response.status_code
    reader = _FormReader()
    reader.feed(response.text)
    for fields in reader.forms:
        if any(name == containing for name, _value in fields):
            data: dict = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
    raise AssertionError(f"No form with a field named {containing!r} on the page")


def photo_limit_message(response) -> str:
    match = re.search(r'role="alert">([^<]*)<', response.text)
    assert match, "no error about the photos is shown"
    return match.group(1)


def snapshot(post: Post) -> dict:
    post.refresh_from_db()
    return {field: getattr(post, field) for field in EDITABLE_FIELDS}


def photos_of(post: Post) -> list[tuple]:
    return list(post.photos.order_by("order", "pk").values_list("pk", "caption", "alt_text", "image"))


def text_file_named_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("holiday.jpg", b"these are my holiday notes, not a photo", content_type="image/jpeg")


def submit_new_request(client, **changes):
    """Open the create page, fill it in as a person would, and send it."""
    url = reverse("posts:create")
    data = browser_form(client.get(url))
    data.update(REQUEST)
    data.update(changes)
    return client.post(url, data)


def submit_edit(client, post: Post, **changes):
    url = reverse("posts:edit", kwargs={"pk": post.pk})
    data = browser_form(client.get(url))
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def newcomer(db):
    return UserFactory(display_name="Newcomer")


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer)
    return client


# Creating ------------------------------------------------------------------------------------


def test_first_request_of_new_account_waits_for_review_with_its_photos(newcomer_client, newcomer):
    response = submit_new_request(
        newcomer_client,
        **{
            "photos-0-image": image_upload("school.jpg"),
            "photos-0-caption": "Our carriage",
            "photos-0-alt_text": "A green sleeper carriage",
            "photos-1-image": image_upload("cards.png", fmt="PNG"),
        },
    )

    post = Post.objects.get(author=newcomer)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == post.get_absolute_url()
    assert post.moderation == Moderation.PENDING
    assert post.published_at is None
    assert (post.title, post.sought_name, post.met_country.code, post.year_from) == (TITLE, "Mei Lin", "CN", 2009)
    assert post.languages == ["en", "zh-hans"]
    assert [(p.caption, p.alt_text, p.order) for p in post.photos.all()] == [
        ("Our carriage", "A green sleeper carriage", 0),
        ("", "", 1),
    ]
    page = newcomer_client.get(response.url)
    assert page.status_code == HTTPStatus.OK
    # One notice says it, not a message and a notice saying the same thing (issue 14, item 6).
    assert page.text.count("waits for a moderator to review it") == 1
    assert page.text.count("moderator to review") == 1
    assert "We will email you when it is published." in page.text
    assert "waiting for review" in page.text


@pytest.mark.parametrize("reader", ["anonymous", "stranger"])
def test_pending_request_is_not_found_by_others(client, stranger, reader, newcomer_client, newcomer):
    submit_new_request(newcomer_client)
    post = Post.objects.get(author=newcomer)
    client.logout()
    if reader == "stranger":
        client.force_login(stranger)

    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_request_of_author_with_a_published_request_is_published_directly(member_client, member, post, client):
    response = submit_new_request(member_client)

    created = Post.objects.exclude(pk=post.pk).get(author=member)
    assert response.status_code == HTTPStatus.FOUND
    assert created.moderation == Moderation.PUBLISHED
    assert created.published_at is not None
    page = member_client.get(response.url)
    assert "Your request is published." in page.text
    assert "waiting for a moderator" not in page.text
    assert client.get(created.get_absolute_url()).status_code == HTTPStatus.OK


def test_request_after_moderator_published_the_first_is_published_directly(newcomer_client, newcomer, moderator):
    submit_new_request(newcomer_client)
    first = Post.objects.get(author=newcomer)
    actions.publish_post(post=first, by=moderator)

    submit_new_request(newcomer_client, title="Looking for the conductor of that train")

    second = Post.objects.get(author=newcomer, title="Looking for the conductor of that train")
    assert second.moderation == Moderation.PUBLISHED


def test_create_by_unverified_member_shows_verify_first_page_and_creates_nothing(client, db):
    client.force_login(UserFactory(verified=False))
    url = reverse("posts:create")

    page = client.get(url)
    response = client.post(url, {**REQUEST, "photos-TOTAL_FORMS": "6", "photos-INITIAL_FORMS": "0"})

    assert page.status_code == HTTPStatus.FORBIDDEN
    assert "Please verify your email address first" in page.text
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Post.objects.exists()


def test_create_by_anonymous_redirects_to_login_and_creates_nothing(client, db):
    url = reverse("posts:create")

    page = client.get(url)
    response = client.post(url, {**REQUEST, "photos-TOTAL_FORMS": "6", "photos-INITIAL_FORMS": "0"})

    for answer in (page, response):
        assert answer.status_code == HTTPStatus.FOUND
        assert answer.url.startswith(reverse("account_login"))
        assert f"next={url}" in answer.url
    assert not Post.objects.exists()


# Creating with bad input -----------------------------------------------------------------------


def test_create_without_required_fields_shows_errors_beside_them_and_keeps_the_typed_title(member_client, post):
    before = Post.objects.count()

    response = submit_new_request(member_client, sought_name="", story="  ", relationship="")

    assert response.status_code == HTTPStatus.OK
    assert Post.objects.count() == before
    for field in ("sought_name", "story", "relationship"):
        assert error_beside(response, field) == ["This field is required."]
    assert "Please correct the marked fields below." in response.text
    assert f'value="{TITLE}"' in response.text
    assert "Lanzhou" in response.text


def test_create_with_year_to_before_year_from_is_refused_beside_the_to_year(member_client, post):
    before = Post.objects.count()

    response = submit_new_request(member_client, year_from="2012", year_to="2009")

    assert response.status_code == HTTPStatus.OK
    assert Post.objects.count() == before
    assert error_beside(response, "year_to") == ["This year comes before the “from” year."]
    assert error_beside(response, "year_from") == []
    assert f'value="{TITLE}"' in response.text
    assert 'value="2012"' in response.text


@pytest.mark.parametrize(
    ("field", "typed"),
    [("year_from", "1850"), ("year_to", str(timezone.now().year + 1)), ("year_from", "0")],
)
def test_create_with_year_out_of_range_is_refused_beside_the_field(member_client, post, field, typed):
    before = Post.objects.count()

    response = submit_new_request(member_client, **{"year_from": "", "year_to": "", field: typed})

    assert response.status_code == HTTPStatus.OK
    assert Post.objects.count() == before
    assert error_beside(response, field) == [f"Enter a year between 1900 and {timezone.now().year}."]
    assert f'value="{TITLE}"' in response.text


def test_create_with_text_file_named_jpg_shows_photo_error_and_creates_nothing(member_client, post):
    before = Post.objects.count()

    response = submit_new_request(member_client, **{"photos-0-image": text_file_named_jpg()})

    assert response.status_code == HTTPStatus.OK
    assert Post.objects.count() == before
    assert not Photo.objects.exists()
    assert error_beside(response, "photos-0-image") == [
        "This file is not a photo we can read. Please upload a JPEG, PNG, WebP, HEIC or AVIF image."
    ]
    assert f'value="{TITLE}"' in response.text


def test_create_with_caption_but_no_photo_asks_for_the_photo(member_client, post):
    before = Post.objects.count()

    response = submit_new_request(member_client, **{"photos-2-caption": "Us at the station"})

    assert response.status_code == HTTPStatus.OK
    assert Post.objects.count() == before
    assert error_beside(response, "photos-2-image") == ["Choose the photo this caption belongs to."]
    assert 'value="Us at the station"' in response.text


def test_create_with_more_than_six_photos_is_refused(member_client, post):
    before = Post.objects.count()
    photos = {f"photos-{i}-image": image_upload(f"p{i}.jpg") for i in range(7)}

    response = submit_new_request(member_client, **{"photos-TOTAL_FORMS": "7"}, **photos)

    assert response.status_code == HTTPStatus.OK
    assert Post.objects.count() == before
    assert not Photo.objects.exists()
    assert "A request can have at most 6 photos." in response.text


# Editing -------------------------------------------------------------------------------------


def test_author_edits_request_without_photos(member_client, post):
    response = submit_edit(member_client, post, title="Looking for Simon, the cellist", year_from="2016")

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == post.get_absolute_url()
    post.refresh_from_db()
    assert (post.title, post.year_from, post.year_to) == ("Looking for Simon, the cellist", 2016, 2018)
    assert post.moderation == Moderation.PUBLISHED
    assert "Your changes are saved." in member_client.get(response.url).text


def test_author_changes_photo_caption_and_alt_text_and_deletes_a_photo(
    member_client, post, django_capture_on_commit_callbacks
):
    kept, dropped = PhotoFactory(post=post, order=0), PhotoFactory(post=post, order=1)
    edit_page = member_client.get(reverse("posts:edit", kwargs={"pk": post.pk}))
    assert edit_page.context["existing"].forms[0].instance == kept

    with django_capture_on_commit_callbacks(execute=True):
        response = submit_edit(
            member_client,
            post,
            **{
                "existing-0-caption": "Simon with his cello",
                "existing-0-alt_text": "A boy holding a cello case",
                "existing-1-DELETE": "on",
            },
        )

    assert response.status_code == HTTPStatus.FOUND
    kept.refresh_from_db()
    assert (kept.caption, kept.alt_text) == ("Simon with his cello", "A boy holding a cello case")
    assert list(post.photos.all()) == [kept]
    assert not default_storage.exists(dropped.image.name)
    assert not default_storage.exists(dropped.thumbnail.name)
    assert default_storage.exists(kept.image.name)


def test_author_adds_a_photo_after_the_existing_ones(member_client, post):
    existing = PhotoFactory(post=post, order=3)

    response = submit_edit(
        member_client, post, **{"photos-0-image": image_upload("new.jpg"), "photos-0-caption": "Found it"}
    )

    assert response.status_code == HTTPStatus.FOUND
    added = post.photos.exclude(pk=existing.pk).get()
    assert (added.caption, added.order) == ("Found it", 4)


def test_author_edits_request_that_already_has_six_photos(member_client, post):
    for order in range(6):
        PhotoFactory(post=post, order=order)

    response = submit_edit(member_client, post, title="Looking for Simon, six photos later")

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.title == "Looking for Simon, six photos later"
    assert post.photos.count() == 6


def replace_photos(count: int, *, delete: int, add: int) -> dict:
    """The edit form's fields that tick "delete" on the first `delete` of `count` photos and upload `add` new ones."""
    fields: dict = {"photos-TOTAL_FORMS": str(add)}
    fields.update({f"existing-{index}-DELETE": "on" for index in range(delete)})
    for index in range(add):
        fields[f"photos-{index}-image"] = image_upload(f"new-{index}.jpg")
        fields[f"photos-{index}-caption"] = f"New {index}"
    return fields


def test_replacing_all_six_photos_in_one_edit_is_accepted(member_client, post):
    """The photos ticked for deletion no longer count toward the limit (issue 11, #14)."""
    old = [PhotoFactory(post=post, order=order).pk for order in range(6)]

    response = submit_edit(member_client, post, **replace_photos(6, delete=6, add=6))

    assert response.status_code == HTTPStatus.FOUND
    assert not Photo.objects.filter(pk__in=old).exists()
    assert list(post.photos.order_by("order").values_list("caption", flat=True)) == [f"New {i}" for i in range(6)]


def test_a_full_request_s_edit_page_offers_slots_to_replace_every_photo_in_one_edit(member_client, post):
    """With six photos the page had no upload slot, so replacing them took two edits (issue 11, #14)."""
    old = [PhotoFactory(post=post, order=order).pk for order in range(6)]
    url = reverse("posts:edit", kwargs={"pk": post.pk})
    data = browser_form(member_client.get(url))

    assert data["photos-TOTAL_FORMS"] == "6"
    data.update({f"existing-{index}-DELETE": "on" for index in range(6)})
    data.update({f"photos-{index}-image": image_upload(f"new-{index}.jpg") for index in range(6)})
    response = member_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert not Photo.objects.filter(pk__in=old).exists()
    assert post.photos.count() == 6


def test_replacing_some_photos_still_counts_the_ones_kept(member_client, post):
    for order in range(6):
        PhotoFactory(post=post, order=order)
    photos_before = photos_of(post)

    response = submit_edit(member_client, post, **replace_photos(6, delete=1, add=2))

    assert response.status_code == HTTPStatus.OK
    assert photo_limit_message(response) == "A request can have at most 6 photos."
    assert photos_of(post) == photos_before


def test_adding_photos_beyond_six_is_refused_and_nothing_is_lost(member_client, post):
    for order in range(5):
        PhotoFactory(post=post, order=order, caption=f"Photo {order}")
    before, photos_before = snapshot(post), photos_of(post)

    response = submit_edit(
        member_client,
        post,
        title="This title must not be saved",
        **{
            "existing-0-caption": "Nor this caption",
            "photos-TOTAL_FORMS": "2",
            "photos-0-image": image_upload("six.jpg"),
            "photos-1-image": image_upload("seven.jpg"),
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert photo_limit_message(response) == "A request can have at most 6 photos."
    assert snapshot(post) == before
    assert photos_of(post) == photos_before


def test_adding_photos_after_another_tab_filled_the_slots_is_refused_with_a_message(member_client, post):
    for order in range(4):
        PhotoFactory(post=post, order=order)
    url = reverse("posts:edit", kwargs={"pk": post.pk})
    data = browser_form(member_client.get(url))
    PhotoFactory(post=post, order=4)  # Meanwhile, in another tab.
    PhotoFactory(post=post, order=5)
    before, photos_before = snapshot(post), photos_of(post)

    data.update(
        {"title": "Changed in the first tab", "photos-0-image": image_upload(), "photos-1-image": image_upload()}
    )
    response = member_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert photo_limit_message(response) == "A request can have at most 6 photos."
    assert snapshot(post) == before
    assert photos_of(post) == photos_before


def test_edit_cannot_change_or_delete_a_photo_of_another_request(member_client, post):
    own = PhotoFactory(post=post)
    foreign = PhotoFactory(post=PostFactory(), caption="Not yours")

    submit_edit(
        member_client,
        post,
        **{"existing-0-id": str(foreign.pk), "existing-0-caption": "Hijacked", "existing-0-DELETE": "on"},
    )

    foreign.refresh_from_db()
    assert foreign.caption == "Not yours"
    assert set(Photo.objects.values_list("pk", flat=True)) == {own.pk, foreign.pk}


def test_edit_with_year_to_before_year_from_keeps_saved_request_and_typed_values(member_client, post):
    PhotoFactory(post=post, caption="Keep me")
    before, photos_before = snapshot(post), photos_of(post)

    response = submit_edit(
        member_client,
        post,
        title="A title typed but not saved",
        year_from="2019",
        year_to="2015",
        **{"existing-0-caption": "Typed caption"},
    )

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "year_to") == ["This year comes before the “from” year."]
    assert 'value="A title typed but not saved"' in response.text
    assert 'value="Typed caption"' in response.text
    assert snapshot(post) == before
    assert photos_of(post) == photos_before


def test_edit_with_text_file_as_new_photo_is_refused_and_nothing_is_lost(member_client, post):
    PhotoFactory(post=post)
    before, photos_before = snapshot(post), photos_of(post)

    response = submit_edit(member_client, post, title="Not saved", **{"photos-0-image": text_file_named_jpg()})

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "photos-0-image") == [
        "This file is not a photo we can read. Please upload a JPEG, PNG, WebP, HEIC or AVIF image."
    ]
    assert snapshot(post) == before
    assert photos_of(post) == photos_before


def test_edit_by_stranger_is_refused_and_changes_nothing(stranger_client, member_client, post):
    PhotoFactory(post=post)
    data = browser_form(member_client.get(reverse("posts:edit", kwargs={"pk": post.pk})))
    before, photos_before = snapshot(post), photos_of(post)
    data.update({"title": "Taken over", "existing-0-DELETE": "on"})

    page = stranger_client.get(reverse("posts:edit", kwargs={"pk": post.pk}))
    response = stranger_client.post(reverse("posts:edit", kwargs={"pk": post.pk}), data)

    assert page.status_code == HTTPStatus.FORBIDDEN
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert snapshot(post) == before
    assert photos_of(post) == photos_before


def test_edit_by_moderator_is_refused(moderator_client, post):
    before = snapshot(post)

    response = moderator_client.post(reverse("posts:edit", kwargs={"pk": post.pk}), {**REQUEST})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert snapshot(post) == before


def test_edit_by_anonymous_redirects_to_login(client, post):
    before = snapshot(post)

    response = client.post(reverse("posts:edit", kwargs={"pk": post.pk}), {**REQUEST})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert snapshot(post) == before


def test_edit_of_someone_elses_pending_request_is_not_found(stranger_client, member):
    pending = PostFactory(author=member, moderation=Moderation.PENDING, published_at=None)

    response = stranger_client.get(reverse("posts:edit", kwargs={"pk": pending.pk}))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_author_edits_own_pending_request_and_it_stays_pending(member_client, member):
    pending = PostFactory(author=member, moderation=Moderation.PENDING, published_at=None)

    response = submit_edit(member_client, pending, title="Still waiting for review")

    assert response.status_code == HTTPStatus.FOUND
    pending.refresh_from_db()
    assert (pending.title, pending.moderation) == ("Still waiting for review", Moderation.PENDING)


def test_edit_of_removed_request_by_its_author_is_refused(member_client, member):
    removed = PostFactory(author=member, moderation=Moderation.REMOVED, moderation_reason="Spam")
    before = snapshot(removed)

    page = member_client.get(reverse("posts:edit", kwargs={"pk": removed.pk}))
    response = member_client.post(reverse("posts:edit", kwargs={"pk": removed.pk}), {**REQUEST})

    assert page.status_code == HTTPStatus.FORBIDDEN
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert snapshot(removed) == before
