"""Search stays fast at scale: names are tested by id, never by a subquery run for every request.

bench/README.md measured 3–5 s a search over 100,000 requests while each name condition was a
correlated EXISTS on NameKey; these tests fail if that shape comes back, and check that the
fallback used for very common names (an uncorrelated subquery) finds the same requests.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from posts.models import Post
from posts.search import query as search_query
from posts.search.filters import PostFilter
from posts.search.namekeys import allowed_edits
from tests.search.corpus import QUERIES

# Multi-word, typo, Chinese and mixed name + place queries: the ones with the most name conditions.
SHAPE_QUERIES = ("Li Xiangcan", "Katharina Mueller", "李响灿", "Simon Hamburg", "Nguyen Thi Thu Ha", "Gosia")
# How a correlated NameKey subquery reads in Django's SQL: the key table tied to the outer request row.
CORRELATED = re.compile(r'"post_id"\s*=\s*\(?\s*"posts_post"\."id"', re.IGNORECASE)


def search_queryset(text: str):
    data = QueryDict(mutable=True)
    data["q"] = text
    return PostFilter(data, queryset=Post.objects.published()).qs


def assert_not_correlated(text: str) -> None:
    """No statement the search runs (vocabulary, name keys, text, first page, count) ties NameKey to each row."""
    with CaptureQueriesContext(connection) as captured:
        qs = search_queryset(text)
        list(qs[:20])
        qs.count()
    statements = [query["sql"] for query in captured.captured_queries]
    assert statements, text
    for sql in statements:
        assert "EXISTS" not in sql.upper(), f"{text!r}: EXISTS in {sql[:300]}"
        assert not CORRELATED.search(sql), f"{text!r}: a NameKey subquery refers to the outer request: {sql[:300]}"
        if connection.vendor == "sqlite" and sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
            assert "CORRELATED" not in plan, f"{text!r}: {plan}"


@pytest.mark.parametrize("text", SHAPE_QUERIES)
def test_name_conditions_are_not_run_per_request(corpus, text):
    assert_not_correlated(text)


def ranked(text: str) -> list[tuple[int, int]]:
    """The requests found, in the list page's order, with their rank."""
    return list(search_queryset(text).values_list("pk", "search_rank"))


@pytest.mark.parametrize(
    "limits",
    [
        # Every name too common to read its requests: each name condition is one subquery.
        {"MAX_KEY_ROWS": 0},
        # Keys read, but each condition too long for a literal list; and too many matches for SQLite's ids.
        {"_id_list_limit": lambda: 1, "MAX_SEARCH_IDS": {"sqlite": 1, "postgresql": 1}},
        # Literal id lists for names, text conditions in the page's own query (PostgreSQL's default way).
        {"MAX_SEARCH_IDS": {"sqlite": 0, "postgresql": 0}},
    ],
    ids=["subqueries", "long-lists", "inline-text"],
)
def test_every_way_of_building_the_search_finds_the_same_in_the_same_order(corpus, monkeypatch, limits):
    # Symbols only: a name key ("¢" reads "c") but no word to find in the text.
    texts = [text for text, _kind, _must, _must_not in QUERIES] + ["¢", "¢ £"]
    expected = {text: ranked(text) for text in texts}
    assert expected["¢"] == []
    for name, value in limits.items():
        monkeypatch.setattr(search_query, name, value)
    for text in SHAPE_QUERIES:
        assert_not_correlated(text)
    assert {text: ranked(text) for text in expected} == expected


def test_search_runs_a_fixed_number_of_queries(corpus, django_assert_max_num_queries):
    for text in SHAPE_QUERIES:
        query = search_query.parse_query(text)
        typo_keys = [key for key in set(query.whole).union(*query.words, *query.token_keys) if allowed_edits(key)]
        # One typo lookup for all the keys; then the name keys, the text by id, the first page and the count.
        cache.clear()
        with django_assert_max_num_queries(int(bool(typo_keys)) + 4):
            qs = search_queryset(text)
            list(qs[:20])
            qs.count()
        # Again: the ranked ids come from the cache, only the page and the count are read.
        with django_assert_max_num_queries(2):
            qs = search_queryset(text)
            list(qs[:20])
            qs.count()


def test_name_keys_are_the_same_in_every_process():
    """A name with more reading combinations than are kept gives the same keys whatever the hash seed."""
    code = "from posts.search.namekeys import name_forms; print(sorted(name_forms('曾單解樸').keys))"
    outputs = {
        subprocess.run(  # noqa: S603 (our own interpreter and code)
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
    # 曾 as a family name reads "zeng": that reading comes first, so it is among the kept combinations.
    assert "'zengdanjiepu'" in next(iter(outputs))
