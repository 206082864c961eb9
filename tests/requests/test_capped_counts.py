"""Lists count up to a cap: past it they say "more than …", and their pages still lead everywhere."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from posts.templatetags.reconnect import grouped
from reconnect.paginator import CappedPaginator
from tests.factories import PostFactory

LIST_URL = "/requests/"


@pytest.fixture(autouse=True)
def _pages_made_anew(settings):
    """Each request makes its page, so a changed cap shows (where pages are kept, reconnect/pagecache.py)."""
    settings.RECONNECT_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def small_cap(settings):
    settings.RECONNECT_PAGE_SIZE = 2
    settings.RECONNECT_COUNT_CAP = 5


def titles(response) -> list[str]:
    return [post.title for post in response.context["page"]]


def next_link(response) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', response.text)
    return found and found.group(1).replace("&amp;", "&")


def test_past_the_cap_the_list_says_more_than_the_cap(client, db, small_cap):
    for number in range(8):
        PostFactory(title=f"Request {number}")

    response = client.get(LIST_URL)

    assert "more than 5 requests" in response.text
    assert "8 requests" not in response.text
    assert "Page 1</span>" in response.text  # no total of pages: it is not known
    assert " of " not in re.search(r'<nav class="pagination".*?</nav>', response.text, re.S).group(0)


def test_up_to_the_cap_the_count_is_exact(client, db, small_cap):
    for number in range(5):
        PostFactory(title=f"Request {number}")

    response = client.get(LIST_URL)

    assert "5 requests" in response.text
    assert "more than" not in response.text
    assert "Page 1 of 3" in response.text


def test_the_capped_count_is_in_the_readers_language(client, db, settings):
    settings.RECONNECT_COUNT_CAP = 1
    for number in range(2):
        PostFactory(title=f"Request {number}")

    english = client.get(LIST_URL)
    chinese = client.get(LIST_URL, headers={"accept-language": "zh-hans"})

    assert "more than 1 request<" in english.text
    assert "超过 1 条寻人启事" in chinese.text


def test_the_cap_is_written_with_the_languages_thousands_separator():
    with translation.override("en"):
        assert grouped(1000) == "1,000"


def test_next_links_past_the_cap_reach_every_request_once_in_order(client, db, small_cap):
    made = [PostFactory(title=f"Request {number}").title for number in range(9)]

    seen, url, numbers = [], LIST_URL, []
    while url:
        response = client.get(url if url.startswith("/") else LIST_URL + url)
        assert response.status_code == HTTPStatus.OK
        seen += titles(response)
        numbers.append(response.context["page"].number)
        url = next_link(response)

    assert seen == list(reversed(made))  # newest first, each once, the last one too
    assert numbers == [1, 2, 3, 4, 5]  # pages 4 and 5 lie past the counted ones


def test_a_full_last_page_past_the_cap_has_no_next_link(client, db, small_cap):
    for number in range(8):
        PostFactory(title=f"Request {number}")

    fourth = client.get(f"{LIST_URL}?page=4")

    assert titles(fourth) == ["Request 1", "Request 0"]
    assert next_link(fourth) is None
    assert '<a rel="prev" href="?page=3"' in fourth.text


def test_a_page_beyond_the_end_past_the_cap_shows_the_last_counted_page(client, db, small_cap):
    for number in range(8):
        PostFactory(title=f"Request {number}")

    response = client.get(f"{LIST_URL}?page=999")

    assert response.context["page"].number == 3  # rows 5 and 6: the page holding the cap + 1st
    assert titles(response) == ["Request 3", "Request 2"]


def test_the_count_reads_at_most_the_cap_and_one_row(client, db, small_cap):
    for number in range(8):
        PostFactory(title=f"Request {number}", met_country="FR")

    with CaptureQueriesContext(connection) as queries:
        client.get(f"{LIST_URL}?met_country=FR")

    counts = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1
    assert re.search(r"LIMIT 6\b", counts[0]), counts[0]


def test_capped_and_uncapped_lists_ask_the_same_number_of_queries(client, db, settings):
    settings.RECONNECT_PAGE_SIZE = 2
    for number in range(8):
        PostFactory(title=f"Request {number}")
    settings.RECONNECT_COUNT_CAP = 100
    with CaptureQueriesContext(connection) as uncapped:
        client.get(f"{LIST_URL}?page=2")
    settings.RECONNECT_COUNT_CAP = 3
    with CaptureQueriesContext(connection) as capped:
        client.get(f"{LIST_URL}?page=2")

    assert len(capped) == len(uncapped)


@pytest.mark.parametrize(
    ("rows", "number", "shown", "has_next", "capped"),
    [
        (7, 1, [0, 1, 2], True, True),
        (7, 3, [6], False, True),
        (6, 2, [3, 4, 5], False, True),  # a full page past the cap, and nothing after it
        (4, 2, [3], False, False),
        (0, 1, [], False, False),
    ],
)
def test_capped_paginator_pages(rows, number, shown, has_next, capped):
    paginator = CappedPaginator(list(range(rows)), 3, cap=4)

    page = paginator.get_page(number)

    assert list(page) == shown
    assert page.has_next() is has_next
    assert paginator.is_capped is capped
    assert page.end_index() == (shown[-1] + 1 if shown else 0)
