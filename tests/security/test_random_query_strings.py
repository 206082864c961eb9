"""Whatever a crawler or an attacker puts in the query string of a list URL, the answer is never a 500."""

from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PostFactory

LIST_URLS = ("/requests/", "/feeds/requests/", "/pfif/", "/")
PARAMS = (
    "q",
    "met_country",
    "now_country",
    "relationship",
    "year_from",
    "year_to",
    "status",
    "language",
    "has_photos",
    "sort",
    "page",
    "skip",
    "max_results",
    "min_entry_date",
    "version",
)
values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "-1", "9" * 40, "1e9", "NaN", "2026-13-45T99:99:99Z", "李響燦", "<script>", "%00"]),
)
query_strings = st.dictionaries(st.sampled_from(PARAMS), values, max_size=6).map(urlencode)


@pytest.fixture
def some_posts(db):
    PostFactory(sought_name="李响灿", met_place="武汉大学")
    PostFactory(sought_name="Simon Becker")


@pytest.mark.parametrize("url", LIST_URLS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=query_strings)
def test_random_query_strings_never_give_a_server_error(client, some_posts, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}
