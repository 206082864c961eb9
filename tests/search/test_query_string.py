"""One spelling of the list page's query string, shared by saved searches, alerts, canonical links and feeds."""

import re
from html import unescape
from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import SavedSearch
from posts.search.filters import filter_params, filter_query_string
from tests.factories import PostFactory

# What a browser sends from the list page's form after a few clicks: every field, empty ones too,
# the search typed twice, spaces around it, a page number and a tracker's parameter.
MESSY = "q=Nobody&met_country=&relationship=teacher&q=+Simon+&page=2&utm_source=x&has_photos="
CLEAN = "q=Simon&relationship=teacher"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("q=Simon&page=2", "page=3&q=Simon"),
        ("q=Nobody&q=Simon", "q=Simon"),
        ("q=+Simon+", "q=Simon"),
        ("q=&met_country=&utm_source=x", ""),
        ("relationship=teacher&q=Simon", "q=Simon&relationship=teacher"),
        ("has_photos=false", ""),
        ("has_photos=yes", "has_photos=on"),
        ("?q=Simon", "q=Simon"),
    ],
)
def test_queries_that_filter_alike_are_spelled_alike(one, other):
    assert filter_params(one) == filter_params(other)
    assert filter_query_string(one) == filter_query_string(other)


def test_a_later_search_or_an_empty_one_wins_as_on_the_list_page():
    assert filter_params("q=Simon&q=") == ()
    assert filter_params("q=Simon&q=Mei") == (("q", "Mei"),)


def test_the_saved_search_the_canonical_link_and_the_feed_link_agree(member_client, member, settings):
    settings.RECONNECT_PAGE_SIZE = 1
    for number in range(3):
        PostFactory(title=f"Simon request {number}", sought_name="Simon Becker", relationship="teacher")

    saved = member_client.post(reverse("posts:saved_search_create"), {"query": MESSY})
    page = member_client.get(f"{reverse('posts:list')}?{MESSY}")
    feed = member_client.get(f"{reverse('posts:requests_feed')}?{MESSY}")

    assert saved.status_code == HTTPStatus.FOUND
    assert SavedSearch.objects.get(user=member).query == CLEAN
    canonical = re.findall(r'<link rel="canonical"[^>]* href="([^"]*)"', page.text)
    assert [unescape(href) for href in canonical] == [f"http://testserver/requests/?{CLEAN}&page=2"]
    assert f'href="http://testserver/feeds/requests/?{CLEAN}" rel="self"' in unescape(feed.content.decode())
