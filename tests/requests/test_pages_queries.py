"""Every page that lists requests or comments runs the same number of queries however much it shows.

Each test renders a page over a small and a large set of data and compares the counts, so a
query per card, photo or comment fails here, whatever the ceiling.
"""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from posts.models import Post, Status
from tests.factories import CommentFactory, PhotoFactory, PostFactory, UserFactory

SMALL = {"requests": 3, "photos": 1, "comments": 2}
LARGE = {"requests": 12, "photos": 3, "comments": 6}
# What making a page costs: the copies kept for anonymous readers are tested in tests/reach/test_page_cache.py.
pytestmark = pytest.mark.usefixtures("no_page_cache")

# 12, plus the unread-messages count in the header and the sanctions check before the comment form, plus the
# request's approved translations (one query) and, for its poster, the translations waiting for them.
CEILING = 16


def build_request(*, author, photos: int, comments: int, commenters, resolved: bool = False) -> Post:
    post = PostFactory(author=author, sought_other_names="李响灿, Li Xiangcan", languages=["en", "de"])
    for _ in range(photos):
        PhotoFactory(post=post)
    made = []
    for number in range(comments):
        is_lead = number % 2 == 0
        made.append(
            CommentFactory(
                post=post,
                author=commenters[number % len(commenters)],
                body=f"Lead number {number}",
                is_lead=is_lead,
                is_private=is_lead and number % 4 == 0,
            )
        )
    if resolved and made:
        Post.objects.filter(pk=post.pk).update(
            status=Status.RESOLVED, resolved_comment=made[-1], resolved_note="Found!", resolved_at=timezone.now()
        )
    return post


def build_requests(*, requests: int, photos: int, comments: int, commenters, author=None) -> list[Post]:
    return [
        build_request(
            author=author or UserFactory(),
            photos=photos,
            comments=comments,
            commenters=commenters,
            resolved=number % 3 == 2,
        )
        for number in range(requests)
    ]


class Measured:
    """A page rendered once with its queries counted."""

    def __init__(self, client, url: str):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        self.count = len(queries)
        self.queries = [query["sql"] for query in queries.captured_queries]
        self.images = response.text.count("<img ")


@pytest.fixture(params=["anonymous", "member", "moderator"])
def viewer(request, client, member, moderator):
    """The client of the person reading the page, and that person (None when anonymous)."""
    person = {"anonymous": None, "member": member, "moderator": moderator}[request.param]
    if person is not None:
        client.force_login(person)
    return client, person


@pytest.fixture
def commenters(member, stranger):
    return [member, stranger, UserFactory()]


def assert_same_count_for_both_sizes(small: Measured, large: Measured) -> None:
    assert large.images > small.images, "the large page should show more than the small one"
    extra = "\n".join(large.queries)
    assert small.count == large.count, f"{small.count} queries for the small page, {large.count} for:\n{extra}"
    assert large.count <= CEILING, extra


def test_list_page_queries_do_not_grow_with_requests_photos_or_comments(viewer, commenters):
    client, _person = viewer
    build_requests(**SMALL, commenters=commenters)
    client.get(reverse("posts:list"))  # Warm up per-process caches (content types, sessions).
    small = Measured(client, reverse("posts:list"))

    build_requests(**LARGE, commenters=commenters)
    large = Measured(client, reverse("posts:list"))

    assert_same_count_for_both_sizes(small, large)


def test_filtered_list_page_queries_do_not_grow_with_the_data(viewer, commenters):
    client, _person = viewer
    url = f"{reverse('posts:list')}?q=simon&met_country=US&has_photos=on&language=en&year_from=2000&sort=active"
    build_requests(**SMALL, commenters=commenters)
    client.get(url)
    small = Measured(client, url)

    build_requests(**LARGE, commenters=commenters)
    client.get(url)  # as for the small page: the search's ranked ids are cached until the index changes
    large = Measured(client, url)

    assert_same_count_for_both_sizes(small, large)


def test_home_page_queries_do_not_grow_with_the_data(viewer, commenters):
    client, _person = viewer
    build_requests(**SMALL, commenters=commenters)
    client.get(reverse("home"))
    small = Measured(client, reverse("home"))

    build_requests(**LARGE, commenters=commenters)
    large = Measured(client, reverse("home"))

    assert_same_count_for_both_sizes(small, large)


@pytest.mark.parametrize("resolved", [False, True])
def test_detail_page_queries_do_not_grow_with_photos_or_comments(viewer, commenters, resolved):
    client, _person = viewer
    small_post = build_request(
        author=UserFactory(),
        photos=SMALL["photos"],
        comments=SMALL["comments"],
        commenters=commenters,
        resolved=resolved,
    )
    large_post = build_request(
        author=UserFactory(),
        photos=LARGE["photos"],
        comments=LARGE["comments"],
        commenters=commenters,
        resolved=resolved,
    )
    client.get(small_post.get_absolute_url())

    small = Measured(client, small_post.get_absolute_url())
    large = Measured(client, large_post.get_absolute_url())

    assert_same_count_for_both_sizes(small, large)


def test_detail_page_queries_for_the_poster_do_not_grow_with_photos_or_comments(client, commenters):
    poster = UserFactory()
    client.force_login(poster)
    small_post = build_request(
        author=poster, photos=SMALL["photos"], comments=SMALL["comments"], commenters=commenters, resolved=True
    )
    large_post = build_request(
        author=poster, photos=LARGE["photos"], comments=LARGE["comments"], commenters=commenters, resolved=True
    )
    client.get(small_post.get_absolute_url())

    small = Measured(client, small_post.get_absolute_url())
    large = Measured(client, large_post.get_absolute_url())

    assert_same_count_for_both_sizes(small, large)


def test_profile_page_queries_do_not_grow_with_the_persons_requests(viewer, commenters):
    client, _person = viewer
    few, many = UserFactory(display_name="Few"), UserFactory(display_name="Many")
    build_requests(**SMALL, commenters=commenters, author=few)
    build_requests(**LARGE, commenters=commenters, author=many)
    client.get(few.get_absolute_url())

    small = Measured(client, few.get_absolute_url())
    large = Measured(client, many.get_absolute_url())

    assert_same_count_for_both_sizes(small, large)


def test_own_profile_page_queries_do_not_grow_with_own_requests(client, commenters):
    owner = UserFactory()
    client.force_login(owner)
    build_requests(**SMALL, commenters=commenters, author=owner)
    client.get(owner.get_absolute_url())
    small = Measured(client, owner.get_absolute_url())

    build_requests(**LARGE, commenters=commenters, author=owner)
    large = Measured(client, owner.get_absolute_url())

    assert_same_count_for_both_sizes(small, large)
