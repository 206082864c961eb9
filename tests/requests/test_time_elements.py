"""`<time datetime>` in the syntax HTML allows: to the second, with the offset (no microseconds)."""

import re
from datetime import UTC, datetime

from tests.factories import CommentFactory, PostFactory

VALID = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z)$")


def test_a_comments_time_is_a_valid_html_datetime(client, db):
    post = PostFactory()
    CommentFactory(post=post, created_at=datetime(2026, 11, 30, 21, 59, 12, 345678, tzinfo=UTC))

    page = client.get(post.get_absolute_url()).text

    values = re.findall(r'<time datetime="([^"]*)"', page)
    assert values, "the comment shows when it was written"
    assert all(VALID.match(value) for value in values), values
    assert "2026-11-30T21:59:12+00:00" in values
