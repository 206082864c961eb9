"""PFIF pages: each reads only its share of each index, and together they give every record once, in order."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.interchange.export import export_records
from posts.models import Comment, Moderation, Post, Status
from tests.factories import CommentFactory, PostFactory
from tests.interchange.pfif_xml import parse

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 10, 9, 30, 15, 123456, tzinfo=UTC)
DOMAIN = "reconnect.example"


@pytest.fixture(autouse=True)
def _domain(settings):
    settings.RECONNECT_PFIF_DOMAIN = DOMAIN
    settings.RECONNECT_SITE_URL = f"https://{DOMAIN}"


@pytest.fixture
def stream(db):
    """Requests, comments and reunions whose entry dates tie across every kind and part of the stream."""
    tied = [PostFactory(published_at=T0, indexed=False) for _ in range(3)]
    later = PostFactory(published_at=T0 + timedelta(hours=1), indexed=False)
    held_then_published = PostFactory(
        created_at=T0 - timedelta(days=1), published_at=T0 + timedelta(hours=2), indexed=False
    )
    # Written after publication, at the very moment other requests were published: ties with persons.
    for post in tied:
        CommentFactory(post=post, created_at=T0)
    CommentFactory(post=tied[0], created_at=T0 + timedelta(hours=1))
    # Written while the request waited for review: its entry is the request's.
    CommentFactory(post=held_then_published, created_at=T0 - timedelta(hours=5))
    CommentFactory(post=held_then_published, created_at=T0 - timedelta(hours=4))
    CommentFactory(post=held_then_published, created_at=T0 + timedelta(hours=2))  # ties with its own person
    # Reunions marked at the same moment as other records.
    for post in (tied[1], later):
        Post.objects.filter(pk=post.pk).update(status=Status.RESOLVED, resolved_at=T0 + timedelta(hours=1))
    # Never exported.
    CommentFactory(post=later, is_lead=True, is_private=True, created_at=T0)
    CommentFactory(post=later, moderation=Moderation.HIDDEN, created_at=T0)
    withheld = PostFactory(published_at=T0, photos_withheld=True, indexed=False)
    CommentFactory(post=withheld, created_at=T0)
    PostFactory(published_at=T0, moderation=Moderation.PENDING, indexed=False)


def expected_ids(min_entry_date: datetime | None = None) -> list[str]:
    """The stream as docs/pfif.md defines it, computed the slow way: every record, then one sort."""
    rows = []
    for post in Post.objects.published().filter(photos_withheld=False):
        entry = post.published_at or post.created_at
        rows.append((entry, 0, post.pk, f"{DOMAIN}/person.{post.pk}"))
        if post.status == Status.RESOLVED and post.resolved_at:
            rows.append((max(post.resolved_at, entry), 2, post.pk, f"{DOMAIN}/reunion.{post.pk}"))
    for comment in Comment.objects.public().filter(post__photos_withheld=False).select_related("post"):
        entry = max(comment.created_at, comment.post.published_at or comment.post.created_at)
        rows.append((entry, 1, comment.pk, f"{DOMAIN}/note.{comment.pk}"))
    rows = [row for row in rows if min_entry_date is None or row[0] >= min_entry_date]
    return [row[3] for row in sorted(rows)]


def page_ids(client, **params) -> list[str]:
    response = client.get(reverse("posts:pfif"), params)
    assert response.status_code == HTTPStatus.OK
    return [record.get("note_record_id") or record["person_record_id"] for record in parse(response.content)]


def all_pages(client, max_results: int, **params) -> list[str]:
    ids, skip = [], 0
    while True:
        page = page_ids(client, skip=skip, max_results=max_results, **params)
        ids += page
        if len(page) < max_results:
            return ids
        skip += max_results


@pytest.mark.parametrize("max_results", [1, 2, 3, 5, 500])
def test_pages_give_every_record_exactly_once_in_stream_order(client, stream, max_results):
    expected = expected_ids()
    assert len(expected) == 14  # 5 persons, 7 notes, 2 reunions

    assert all_pages(client, max_results) == expected


@pytest.mark.parametrize("max_results", [1, 4])
def test_pages_since_a_date_give_every_later_record_once(client, stream, max_results):
    since = T0 + timedelta(hours=1)

    ids = all_pages(client, max_results, min_entry_date="2026-01-10T10:30:15Z")

    assert ids == expected_ids(since.replace(microsecond=0))
    assert f"{DOMAIN}/note.{Comment.objects.order_by('created_at').first().pk}" in ids  # held, entry = its request's


def test_a_page_is_one_query_that_limits_each_part_and_merges_them(stream):
    with CaptureQueriesContext(connection) as queries:
        export_records(skip=4, max_results=3)

    stream_sql = queries.captured_queries[0]["sql"]
    # Four parts, each ordered along its index and cut at skip + max_results, and the page cut from their merge.
    assert stream_sql.count("ORDER BY") == 5 + 1  # the + 1: the held comments' first persons
    assert stream_sql.count("LIMIT 7") == 5
    assert stream_sql.rstrip().endswith("LIMIT 3 OFFSET 4")


def test_a_page_reads_as_many_queries_however_long_the_stream(client, stream, django_assert_num_queries):
    # The stream, the requests, their photos, the comments with their requests.
    with django_assert_num_queries(4):
        client.get(reverse("posts:pfif"), {"max_results": 3, "skip": 6})
