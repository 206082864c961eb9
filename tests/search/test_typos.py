"""Typing slips by exact lookups: the deletion variants of each vocabulary key (posts.search.typos)."""

import random
from http import HTTPStatus

from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from rapidfuzz.distance import OSA

from posts.models import KeyDeletion, Moderation, NameKey, NameKind, NameVocabulary, Post
from posts.search.filters import PostFilter
from posts.search.index import bulk_index_posts, index_post, unindex_posts
from posts.search.namekeys import allowed_edits
from posts.search.typos import PREFIX, query_variants, vocabulary_variants
from tests.factories import PostFactory

LETTERS = "aeinoughzxs"


def slipped(rng: random.Random, key: str, edits: int) -> str:
    """`key` with up to `edits` random substitutions, insertions, deletions or transpositions."""
    other = list(key)
    for _edit in range(edits):
        op, i = rng.choice("sidt"), rng.randrange(max(1, len(other) - 1))
        if op == "s":
            other[i] = rng.choice(LETTERS)
        elif op == "i":
            other.insert(i, rng.choice(LETTERS))
        elif op == "d" and len(other) > 1:
            del other[i]
        elif len(other) > 1:
            other[i], other[i + 1] = other[i + 1], other[i]
    return "".join(other)


def test_every_key_within_the_allowed_slips_shares_a_variant():
    """The lookup drops no key that the OSA check would accept, whichever side is longer."""
    rng = random.Random(20261202)
    checked = 0
    for _ in range(30_000):
        stored = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 16)))
        typed = slipped(rng, stored, rng.randint(1, 2))
        if not allowed_edits(typed) or OSA.distance(typed, stored) > allowed_edits(typed):
            continue
        checked += 1
        assert query_variants({typed}) & vocabulary_variants(stored), (typed, stored)
    assert checked > 15_000


def test_variants_are_few_and_short():
    assert vocabulary_variants("li") == set()  # no query key of 5+ letters reaches a 2-letter key
    assert vocabulary_variants("anna") == {"anna"}
    assert max(map(len, vocabulary_variants("nguyenthithuha"))) == PREFIX
    assert len(vocabulary_variants("nguyenthithuha")) <= 1 + PREFIX + PREFIX * (PREFIX - 1) // 2


def found(text: str) -> list[str]:
    data = QueryDict(mutable=True)
    data["q"] = text
    return list(PostFilter(data, queryset=Post.objects.published()).qs.values_list("sought_name", flat=True))


def variant_rows(key: str) -> int:
    return KeyDeletion.objects.filter(key=key).count()


def test_typo_queries_find_the_name(db):
    PostFactory(sought_name="Katharina Müller")
    PostFactory(sought_name="李响灿")
    assert found("Katarina") == ["Katharina Müller"]  # one slip at 8 letters
    assert found("Katharina Mueler") == ["Katharina Müller"]
    assert found("Lee Xiangcan") == ["李响灿"]  # "leexiangcan": two slips at 11 letters
    assert found("Li Xiangcna") == ["李响灿"]
    assert found("Kat") == []  # no slips below 5 letters


def test_deletion_table_follows_edits_and_deletions(db):
    post = PostFactory(sought_name="Katharina Müller")
    assert variant_rows("katharinamuller") == len(vocabulary_variants("katharinamuller"))
    other = PostFactory(sought_name="Katharina Schulz")  # shares the word "katharina"

    post.sought_name = "Simone Rossi"
    post.save()
    index_post(post)

    assert not NameVocabulary.objects.filter(key__in=["katharinamuller", "muller", "mueller"]).exists()
    assert variant_rows("katharinamuller") == 0
    assert variant_rows("katharina") == len(vocabulary_variants("katharina"))  # still Katharina Schulz's
    assert variant_rows("simonerossi") == len(vocabulary_variants("simonerossi"))
    assert found("Katharina Mueler") == []
    assert found("Simone Rosi") == ["Simone Rossi"]

    unindex_posts([other.pk])
    assert variant_rows("katharina") == 0
    assert not KeyDeletion.objects.filter(key__startswith="katharina").exists()


def test_bulk_indexing_writes_what_index_post_writes(db):
    posts = [PostFactory(sought_name=name, indexed=False) for name in ("李响灿", "Katharina Müller", "Zoë Dubois")]
    assert bulk_index_posts(Post.objects.order_by("pk"), batch_size=2) == 3
    bulk_rows = sorted(NameKey.objects.values_list("post_id", "kind", "name", "key"))
    bulk_variants = sorted(KeyDeletion.objects.values_list("variant", "key"))
    for post in posts:
        index_post(Post.objects.get(pk=post.pk))
    assert sorted(NameKey.objects.values_list("post_id", "kind", "name", "key")) == bulk_rows
    assert sorted(KeyDeletion.objects.values_list("variant", "key")) == bulk_variants
    assert Post.objects.get(pk=posts[0].pk).search_text.strip() != ""
    assert found("Lee Xiangcan") == ["李响灿"]


def search_and_count(text: str) -> int:
    cache.clear()  # the cache would spare the second size its lookups
    with CaptureQueriesContext(connection) as captured:
        data = QueryDict(mutable=True)
        data["q"] = text
        qs = PostFilter(data, queryset=Post.objects.published()).qs
        list(qs[:20])
        qs.count()
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_vocabulary(db, django_assert_num_queries):
    PostFactory(sought_name="Katharina Müller")
    texts = ("Katharina Mueler", "Li Xiangcna", "Simon", "李明")
    small = {text: search_and_count(text) for text in texts}
    rng = random.Random(7)
    for _ in range(60):
        name = " ".join("".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 10))) for _ in range(2))
        PostFactory(sought_name=name.title(), sought_nickname="Kathi")
    large = {text: search_and_count(text) for text in texts}
    assert large == small
    # The typo lookup (one statement for every key), the name keys, the text by id, the page, the count.
    cache.clear()
    with django_assert_num_queries(5):
        data = QueryDict(mutable=True)
        data["q"] = "Katharina Mueler"
        qs = PostFilter(data, queryset=Post.objects.published()).qs
        list(qs[:20])
        qs.count()


def ranked(text: str) -> list[tuple[str, int]]:
    data = QueryDict(mutable=True)
    data["q"] = text
    return list(PostFilter(data, queryset=Post.objects.published()).qs.values_list("sought_name", "search_rank"))


def test_short_chinese_queries_find_names_by_character_and_pair(db):
    PostFactory(sought_name="李响灿")
    PostFactory(sought_name="王李明")
    PostFactory(sought_name="李")
    PostFactory(sought_name="Anna Schmidt", sought_other_names="安娜")
    # 李响灿 and 李 carry 李 as a name of their own (the characters as written); 王李明 only has the character.
    assert ranked("李") == [("李", 5), ("李响灿", 5), ("王李明", 2)]
    assert ranked("响灿") == [("李响灿", 5)]
    assert ranked("李明") == [("王李明", 5)]  # its given name is 李明
    assert ranked("王李") == [("王李明", 2)]  # the pair only: "wang li" is neither its name nor its words
    assert ranked("響燦") == [("李响灿", 5)]  # Traditional characters
    assert ranked("安娜") == [("Anna Schmidt", 5)]
    assert NameKey.objects.filter(kind=NameKind.SOUGHT, key="响灿").count() == 1


def test_short_chinese_words_in_the_text_are_an_indexed_lookup(db):
    PostFactory(sought_name="Marco Bianchi", met_place="武漢大學", story="We met in 1998.")
    PostFactory(sought_name="Anna Schmidt", story="我们在武汉认识的。")
    with CaptureQueriesContext(connection) as captured:
        assert sorted(found("武汉")) == ["Anna Schmidt", "Marco Bianchi"]
    statements = " ".join(query["sql"] for query in captured.captured_queries)
    assert "%武汉%" not in statements and "武汉" in statements
    assert ranked("汉") == [("Marco Bianchi", 1), ("Anna Schmidt", 0)]  # in the place first


def test_cached_results_never_show_a_request_hidden_since(db, client):
    shown = PostFactory(sought_name="Katharina Müller", title="Katharina from Iowa")
    PostFactory(sought_name="Katharina Schulz", title="Katharina from Leipzig")
    assert sorted(found("Katarina")) == ["Katharina Müller", "Katharina Schulz"]

    Post.objects.filter(pk=shown.pk).update(moderation=Moderation.HIDDEN)  # no reindex: only visibility changed

    with CaptureQueriesContext(connection) as captured:
        assert found("Katarina") == ["Katharina Schulz"]
    assert len(captured.captured_queries) == 1  # ranked ids from the cache, read through published()
    response = client.get("/requests/", {"q": "Katarina"})
    assert response.status_code == HTTPStatus.OK
    assert "Katharina from Leipzig" in response.content.decode()
    assert "Katharina from Iowa" not in response.content.decode()


def test_reindexing_a_request_makes_cached_results_stale(db):
    post = PostFactory(sought_name="Katharina Müller")
    assert found("Katarina") == ["Katharina Müller"]
    post.sought_name = "Simone Rossi"
    post.save()
    index_post(post)
    assert found("Katarina") == []
    assert found("Simone") == ["Simone Rossi"]
