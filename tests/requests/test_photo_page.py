"""A photo has a page of its own: the photo, its caption and description, "n of m", previous and next,
and the way back to its request, all as links (no script). Who may see it is who may see the photos."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Moderation, Photo, PhotoStatus, Post
from reconnect.contentpolicy import NON_DOCUMENT_POLICY
from tests.factories import PhotoFactory, PostFactory

pytestmark = pytest.mark.usefixtures("no_page_cache")


def page_url(photo: Photo) -> str:
    return reverse("posts:photo_page", kwargs={"pk": photo.pk})


def image_url(photo: Photo, size: str = "full") -> str:
    return reverse("posts:photo", kwargs={"pk": photo.pk, "size": size})


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.fixture
def three(post):
    return [
        PhotoFactory(post=post, caption="At the station", alt_text="Two students on a platform", order=0),
        PhotoFactory(post=post, caption="The school gate", alt_text="A red-brick gate", order=1),
        PhotoFactory(post=post, caption="", alt_text="", order=2),
    ]


def test_request_page_links_each_photo_to_its_page_not_to_the_bare_image(client, post, three):
    html = client.get(post.get_absolute_url()).text

    for photo in three:
        assert page_url(photo) in links(html)
        assert image_url(photo) not in links(html)


def test_photo_page_shows_the_photo_its_caption_its_place_and_the_way_back(client, post, three):
    response = client.get(page_url(three[1]))

    assert response.status_code == HTTPStatus.OK
    html = response.text
    assert f'src="{image_url(three[1])}"' in html
    assert 'alt="A red-brick gate"' in html
    assert "<figcaption>The school gate</figcaption>" in html
    assert "Photo 2 of 3" in html
    found = links(html)
    assert post.get_absolute_url() in found
    assert page_url(three[0]) in found and page_url(three[2]) in found
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_first_photo_has_no_previous_and_last_no_next(client, post, three):
    first = client.get(page_url(three[0])).text
    last = client.get(page_url(three[2])).text

    assert "Photo 1 of 3" in first and 'rel="prev"' not in first and page_url(three[1]) in links(first)
    assert "Photo 3 of 3" in last and 'rel="next"' not in last
    # No caption and no description: the image still says what it is.
    assert f'alt="Photo for {post.title}"' in last
    assert "<figcaption>" not in last


def test_photo_page_is_in_chinese_too(client, post, three):
    html = client.get(page_url(three[1]), headers={"accept-language": "zh-hans"}).text

    assert "第 2 张，共 3 张" in html
    assert "返回寻人启事" in html


@pytest.mark.parametrize("moderation", [Moderation.HIDDEN, Moderation.REMOVED, Moderation.PENDING])
def test_photo_page_of_an_unpublished_request_is_not_found_for_others(client, stranger_client, member, moderation):
    photo = PhotoFactory(post=PostFactory(author=member, moderation=moderation))

    assert client.get(page_url(photo)).status_code == HTTPStatus.NOT_FOUND
    assert stranger_client.get(page_url(photo)).status_code == HTTPStatus.NOT_FOUND


def test_author_and_moderators_see_the_photo_page_of_a_hidden_request(member_client, moderator_client, member):
    photo = PhotoFactory(post=PostFactory(author=member, moderation=Moderation.HIDDEN))

    for client in (member_client, moderator_client):
        response = client.get(page_url(photo))
        assert response.status_code == HTTPStatus.OK
        assert response["X-Robots-Tag"] == "noindex"


def test_withheld_photos_are_refused_with_the_reason(client, stranger_client, moderator_client, post, three):
    Post.objects.filter(pk=post.pk).update(photos_withheld=True)

    for reader in (client, stranger_client):
        response = reader.get(page_url(three[0]))
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "withheld while a moderator reviews a removal request" in response.text
    assert moderator_client.get(page_url(three[0])).status_code == HTTPStatus.OK


def test_photo_still_processing_is_shown_only_to_its_poster(client, member_client, post):
    photo = PhotoFactory(post=post, status=PhotoStatus.PROCESSING)

    assert client.get(page_url(photo)).status_code == HTTPStatus.NOT_FOUND
    response = member_client.get(page_url(photo))
    assert response.status_code == HTTPStatus.OK
    assert "Processing your photo" in response.text


def test_unknown_photo_page_is_not_found(client, db):
    assert client.get(reverse("posts:photo_page", kwargs={"pk": 999})).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("count", [2, 6])
def test_photo_page_costs_the_same_queries_however_many_photos(client, post, count, django_assert_num_queries):
    photos = [PhotoFactory(post=post) for _ in range(count)]

    with django_assert_num_queries(2):  # The photo with its request, then the photos of that request.
        response = client.get(page_url(photos[1]))
    assert response.status_code == HTTPStatus.OK


# The policy of what is not a page ------------------------------------------------------------


@pytest.mark.parametrize("size", ["full", "thumb"])
def test_a_photo_opened_on_its_own_lets_the_browser_style_its_viewer(client, post, size):
    photo = PhotoFactory(post=post)

    response = client.get(image_url(photo, size))
    b"".join(response.streaming_content)

    policy = response["Content-Security-Policy"]
    assert policy == NON_DOCUMENT_POLICY
    assert "style-src 'unsafe-inline'" in policy  # Chromium's image viewer styles itself inline.
    assert "default-src 'none'" in policy  # ...and nothing else may load or run.
    assert "script-src" not in policy


def test_feeds_get_the_non_document_policy_and_pages_keep_theirs(client, post):
    feed = client.get(reverse("posts:requests_feed"))
    page = client.get(post.get_absolute_url())

    assert feed["Content-Security-Policy"] == NON_DOCUMENT_POLICY
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    assert "style-src 'self'" in page["Content-Security-Policy"]
