"""Saved-search alerts decide exactly as the list page's filters do, for every corpus request and many queries.

`alert_saved_searches` evaluates each distinct filter input once and, under
`posts.search.only_keys_of`, looks names up among the new request's own keys only. The
decision must stay the one it replaced: for each saved search,
`PostFilter(QueryDict(query), queryset=Post.objects.published().filter(pk=post.pk)).qs.exists()`.
"""

from unittest import mock
from urllib.parse import urlencode

from django.http import QueryDict

from posts.models import Post, SavedSearch
from posts.reach.alerts import alert_saved_searches
from posts.search.filters import PostFilter
from posts.search.filters import filter_params as filter_input
from tests.factories import UserFactory
from tests.search.corpus import QUERIES

# The list page's other filters (posts/filters.py), alone and with a search; bad values, which
# drop one filter only; and spellings of one input (other parameters, order, repeated names).
FILTER_QUERIES = [
    "",
    "q=",
    "q=+++",
    "q=%C2%A2",
    "page=2",
    "met_country=US",
    "met_country=CN&relationship=teacher",
    "now_country=DE",
    "relationship=classmate",
    "year_from=2017",
    "year_to=1999",
    "year_from=1990&year_to=2005",
    "year_from=abc",
    "status=open",
    "status=resolved",
    "language=en",
    "language=zh-hans",
    "has_photos=on",
    "has_photos=false",
    "sort=newest",
    "sort=waiting&met_country=VN",
    "met_country=XX",
    "q=Simon&met_country=US",
    "q=Simon&met_country=DE",
    "q=Simon&page=2",
    "page=3&q=Simon",
    "q=Nobody&q=Simon",
    "q=Simon&year_from=abc",
    "q=Katharina&year_from=2017&year_to=2018",
    "q=Katharina&year_from=1990&year_to=2000",
    "q=%E6%9D%8E%E5%93%8D%E7%81%BF&met_country=CN",
    "q=Wuhan&relationship=teacher",
    "q=Li+Xiangcan&relationship=friend&sort=active",
    "q=Regina+High+School&now_country=US",
    "q=Tran&met_country=VN&status=open",
    "q=Simon&has_photos=on",
    "has_photos=",
    "q=Simon&q=",
    "q=+Simon+&met_country=+US",
]
# Every sixth corpus query, so every kind of name is compared without the test growing with the corpus's
# romanisations (each pair is one FilterSet query: all 670 queries made it 145,000 pairs, ~25 minutes).
QUERY_STRINGS = [urlencode({"q": text}) for text, *_rest in QUERIES[::6]] + FILTER_QUERIES


def per_search_decision(post: Post, query: str) -> bool:
    """The decision the task made before: one FilterSet per saved search."""
    return PostFilter(QueryDict(query), queryset=Post.objects.published().filter(pk=post.pk)).qs.exists()


def test_alerts_equal_the_per_search_filter_decision_for_every_request_and_query(corpus, capsys):
    searches = [
        SavedSearch.objects.create(user=UserFactory(), name=f"s{index}", query=query)
        for index, query in enumerate(QUERY_STRINGS)
    ]
    differences, matches = [], 0
    for key, post in corpus.items():
        with mock.patch("posts.reach.alerts.send_notification") as send:
            alert_saved_searches.func(post_id=post.pk)
        alerted = {call.kwargs["saved_search_id"] for call in send.enqueue.call_args_list}
        expected = {saved.pk for saved in searches if per_search_decision(post, saved.query)}
        matches += len(expected)
        for saved in searches:
            if (saved.pk in alerted) != (saved.pk in expected):
                differences.append(
                    f"{key} × {saved.query!r}: alert {saved.pk in alerted}, filter {saved.pk in expected}"
                )
    with capsys.disabled():
        pairs = len(corpus) * len(searches)
        print(f"\nalert equivalence: {pairs} pairs, {matches} alerts, {len(differences)} differences")
    assert differences == []
    assert len(corpus) * len(QUERY_STRINGS) > 7_000
    assert matches > 300  # not a comparison of empty sets


def test_one_filter_input_for_spellings_of_one_query():
    assert filter_input("q=Simon&page=2") == filter_input("page=3&q=Simon") == filter_input("q=Simon")
    assert filter_input("q=Nobody&q=Simon") == filter_input("q=Simon")
    assert filter_input("q=Simon+Becker") == filter_input("q=Simon%20Becker")
    assert filter_input("q=Simon") != filter_input("q=Simon&met_country=US")
    assert filter_input("") == filter_input("page=2") == ()
    assert filter_input("has_photos=") == filter_input("has_photos=false") == filter_input("")  # an unticked box
    assert filter_input("has_photos=on") == filter_input("has_photos=yes") != filter_input("")


def test_many_saved_searches_of_few_queries_cost_few_statements(corpus, django_assert_max_num_queries):
    savers = [UserFactory() for _ in range(3)]
    for index in range(60):
        query = ("q=Simon", "q=Li+Xiangcan&met_country=CN", "q=Katarina&page=2")[index % 3]
        SavedSearch.objects.create(user=savers[index % 3], name=f"s{index}", query=query)
    post = corpus["katharina-seeks-simon"]
    with mock.patch("posts.reach.alerts.send_notification") as send, django_assert_max_num_queries(10):
        alert_saved_searches.func(post_id=post.pk)
    assert send.enqueue.call_count == 20  # the 20 saved "q=Simon"
