"""Search stays fast at scale: names are tested by id, never by a subquery run for every request.

bench/README.md measured 3–5 s a search over 100,000 requests while each name condition was a
correlated EXISTS on NameKey; these tests fail if that shape comes back, and check that the
fallback used for very common names (an uncorrelated subquery) finds the same requests.
"""

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from rapidfuzz.distance import OSA

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
    search_queryset("warm up")  # the per-process vocabulary is read once, on SQLite
    for text in SHAPE_QUERIES:
        query = search_query.parse_query(text)
        typo_keys = [key for key in set(query.whole).union(*query.words, *query.token_keys) if allowed_edits(key)]
        # Vocabulary: a top-up read on SQLite, a threshold and a lookup per typo-tolerant key on
        # PostgreSQL; then the name keys, the text scan (SQLite), the first page and the count.
        vocabulary = 1 if connection.vendor == "sqlite" else 2 * len(typo_keys)
        with django_assert_max_num_queries(vocabulary + 4):
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


def _pg_trgm_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity() for single-word lower-case keys: shared trigrams of "  key " over all."""

    def trigrams(key: str) -> set[str]:
        padded = f"  {key} "
        return {padded[i : i + 3] for i in range(len(padded) - 2)}

    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb)


def test_trigram_floor_keeps_every_key_within_the_allowed_edits():
    """The PostgreSQL candidate floor may drop no key that the OSA check would accept."""
    rng = random.Random(20261128)
    letters = "aeinoughzxs"
    checked = 0
    for _ in range(20_000):
        key = "".join(rng.choice(letters) for _ in range(rng.randint(5, 16)))
        edits = allowed_edits(key)
        other = list(key)
        for _edit in range(edits):
            op, i = rng.choice("sidt"), rng.randrange(len(other) - 1)
            if op == "s":
                other[i] = rng.choice(letters)
            elif op == "i":
                other.insert(i, rng.choice(letters))
            elif op == "d":
                del other[i]
            else:
                other[i], other[i + 1] = other[i + 1], other[i]
        other = "".join(other)
        if OSA.distance(key, other) > edits:  # an edit undone or overlapped by the next: not a case
            continue
        checked += 1
        assert _pg_trgm_similarity(key, other) >= search_query.trigram_floor(key, edits), (key, other)
    assert checked > 15_000
    # Long keys get a much higher floor than the 0.1 used before; short ones keep 0.1 at least.
    assert search_query.trigram_floor("nguyenthithuha", 2) > 0.25
    assert search_query.trigram_floor("aaaaa", 1) == 0.1
