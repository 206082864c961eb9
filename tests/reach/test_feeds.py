"""Atom feeds of new requests (with the list's filters), reunions and one request's comments."""

from http import HTTPStatus

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.models import Moderation, Relationship, Status
from posts.reach.feeds import FEED_ITEMS
from tests.factories import CommentFactory, PhotoFactory, PostFactory, UserFactory
from tests.reach.conftest import HIDDEN_COMMENT, HIDDEN_TITLES, PRIVATE_LEAD


def fetch(client, url: str):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return response, feed


def assert_nothing_private(response, world) -> None:
    text = response.content.decode()
    for secret in (*HIDDEN_TITLES, PRIVATE_LEAD, HIDDEN_COMMENT, "Hidden reunion note", "Comment on a hidden request"):
        assert secret not in text
    assert "secret@example.com" not in text
    assert "@" not in "".join(entry.get("author", "") for entry in feedparser.parse(response.content).entries)


def test_url_names():
    assert reverse("posts:requests_feed") == "/feeds/requests/"
    assert reverse("posts:reunions_feed") == "/feeds/reunions/"
    assert reverse("posts:comments_feed", kwargs={"pk": 7}) == "/requests/7/feed/"


def test_requests_feed_lists_published_requests_newest_first(client, world):
    response, feed = fetch(client, reverse("posts:requests_feed"))

    assert [entry.title for entry in feed.entries] == [world["open"].title, world["reunited"].title]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{world['open'].get_absolute_url()}"
    assert entry.author == "Anna"
    assert entry.summary.startswith("We were in the same chemistry class. He played the cello &amp; sang.")
    assert "<strong>" not in entry.summary and "**" not in entry.summary
    assert entry.published_parsed and entry.updated_parsed
    assert feed.feed.link == "http://testserver/requests/"
    assert_nothing_private(response, world)


def test_requests_feed_title_keeps_special_characters_as_text(client, world):
    _response, feed = fetch(client, reverse("posts:requests_feed"))

    assert feed.entries[0].title == "Looking for Simon & “the cellist” <Iowa>"


def test_reunions_feed_lists_resolved_requests_by_reunion_date(client, world):
    later = PostFactory(title="Looking for my host family in Osaka")
    PostFactory(title="Still looking for Bob")  # open: not a reunion
    later.status, later.resolved_at = Status.RESOLVED, world["reunited"].resolved_at.replace(year=2099)
    later.save()

    response, feed = fetch(client, reverse("posts:reunions_feed"))

    assert [entry.title for entry in feed.entries] == [later.title, world["reunited"].title]
    assert feed.entries[1].summary == "We met again in Wuhan!"
    assert feed.entries[1].link == f"http://testserver{world['reunited'].get_absolute_url()}"
    assert_nothing_private(response, world)


def test_comments_feed_has_only_public_published_comments(client, world):
    response, feed = fetch(client, reverse("posts:comments_feed", kwargs={"pk": world["open"].pk}))

    assert [entry.title for entry in feed.entries] == ["Comment from Anna", "Lead from Helper Hu"]
    lead = feed.entries[1]
    assert lead.link == f"http://testserver/comments/{world['public_lead'].pk}/"  # Sent on to its page.
    assert lead.author == "Helper Hu"
    assert lead.summary == "I think he moved to Hamburg."
    assert_nothing_private(response, world)


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED])
def test_comments_feed_of_an_unpublished_request_is_not_found_even_for_its_author(client, world, moderation):
    hidden = next(post for post in world["hidden"] if post.moderation == moderation)
    client.force_login(world["author"])

    response = client.get(reverse("posts:comments_feed", kwargs={"pk": hidden.pk}))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.fixture
def varied(db):
    """Requests that differ in one filter each from the base one."""
    base = {"met_country": "US", "now_country": "DE", "relationship": Relationship.CLASSMATE}
    posts = {
        "base": PostFactory(title="Base request", **base),
        "china": PostFactory(title="Met in China", **{**base, "met_country": "CN"}),
        "japan_now": PostFactory(title="Now in Japan", **{**base, "now_country": "JP"}),
        "teacher": PostFactory(title="A teacher", **{**base, "relationship": Relationship.TEACHER}),
        "old": PostFactory(title="Long ago", year_from=1985, year_to=1986, **base),
        "reunited": PostFactory(title="Reunited one", status=Status.RESOLVED, **base),
        "chinese": PostFactory(title="Writes Chinese", languages=["zh-hans"], **base),
        "named": PostFactory(title="Named one", sought_name="Zephyrine Okonkwo", **base),
        "hidden": PostFactory(title="Hidden Zanzibar match", moderation=Moderation.HIDDEN, **base),
    }
    PhotoFactory(post=posts["named"])
    return posts


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("met_country=CN", {"Met in China"}),
        ("now_country=JP", {"Now in Japan"}),
        ("relationship=teacher", {"A teacher"}),
        ("year_to=1990", {"Long ago"}),
        ("status=resolved", {"Reunited one"}),
        ("language=zh-hans", {"Writes Chinese"}),
        ("has_photos=on", {"Named one"}),
        ("q=Zephyrine", {"Named one"}),
        ("q=Zephyrine&met_country=CN", set()),
    ],
)
def test_requests_feed_honours_the_list_page_filters(client, varied, query, expected):
    list_page = client.get(f"{reverse('posts:list')}?{query}")
    _response, feed = fetch(client, f"{reverse('posts:requests_feed')}?{query}")

    titles = {entry.title for entry in feed.entries}
    assert titles == expected
    assert titles == {post.title for post in list_page.context["page"]}
    assert feed.feed.link == f"http://testserver/requests/?{query}"


def test_requests_feed_sorts_like_the_list_page(client, varied):
    query = "sort=waiting&met_country=US&now_country=DE"
    list_page = client.get(f"{reverse('posts:list')}?{query}")
    _response, feed = fetch(client, f"{reverse('posts:requests_feed')}?{query}")

    assert [entry.title for entry in feed.entries] == [post.title for post in list_page.context["page"]]


def test_requests_feed_ignores_a_bad_filter_value_and_keeps_the_others(client, varied):
    _response, feed = fetch(client, f"{reverse('posts:requests_feed')}?year_from=abc&relationship=teacher")

    assert [entry.title for entry in feed.entries] == ["A teacher"]


def test_requests_feed_self_link_keeps_the_filters_and_drops_the_page(client, varied):
    response = client.get(f"{reverse('posts:requests_feed')}?relationship=teacher&q=&page=3&utm_source=x")

    assert 'href="http://testserver/feeds/requests/?relationship=teacher" rel="self"' in response.content.decode()


def test_feeds_are_limited(client, db, settings):
    author = UserFactory()
    for number in range(FEED_ITEMS + 3):
        PostFactory(author=author, title=f"Request {number}")

    _response, feed = fetch(client, reverse("posts:requests_feed"))

    assert len(feed.entries) == FEED_ITEMS


# Query counts -------------------------------------------------------------------------------


def build(requests: int, comments_each: int, *, post=None) -> None:
    for _ in range(requests):
        made = PostFactory(author=UserFactory())
        PhotoFactory(post=made)
        made.status, made.resolved_at = Status.RESOLVED, made.created_at
        made.save()
    for _ in range(comments_each):
        CommentFactory(post=post, author=UserFactory(), is_lead=True)


def count_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries), len(feedparser.parse(response.content).entries)


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/requests/",
        "/feeds/reunions/",
        "/feeds/requests/?q=simon&met_country=US&has_photos=on&sort=active",
        "comments",
    ],
)
def test_feed_queries_do_not_grow_with_the_number_of_items(client, db, url, no_page_cache):
    post = PostFactory(author=UserFactory())
    if url == "comments":
        url = reverse("posts:comments_feed", kwargs={"pk": post.pk})
    build(2, 2, post=post)
    client.get(url)  # Warm up per-process caches.
    small, small_entries = count_queries(client, url)

    build(10, 10, post=post)
    client.get(url)  # as for the small feed: a search's ranked ids are cached until the index changes
    large, large_entries = count_queries(client, url)

    assert large_entries > small_entries
    assert small == large
    assert large <= 6
