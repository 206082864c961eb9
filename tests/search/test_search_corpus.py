"""Name search over the bilingual corpus: recall and precision over the query table."""

from collections import defaultdict

from django.http import QueryDict

from posts.models import Post
from posts.search.filters import PostFilter
from tests.search.corpus import QUERIES

MIN_RECALL = 0.95
MIN_PRECISION = 0.9


def run_query(text: str) -> set[int]:
    data = QueryDict(mutable=True)
    data["q"] = text
    return set(PostFilter(data, queryset=Post.objects.published()).qs.values_list("pk", flat=True))


def test_query_table_meets_recall_and_precision(corpus, capsys):
    by_pk = {post.pk: key for key, post in corpus.items()}
    totals = defaultdict(lambda: [0, 0, 0])  # kind -> [expected found, expected, returned]
    failures, forbidden = [], []
    for text, kind, must, must_not in QUERIES:
        returned = {by_pk[pk] for pk in run_query(text)}
        found = returned & must
        totals[kind][0] += len(found)
        totals[kind][1] += len(must)
        totals[kind][2] += len(returned)
        if returned != must:
            failures.append(f"{text!r}: missing {sorted(must - returned)}, extra {sorted(returned - must)}")
        forbidden.extend(f"{text!r} returned {key}" for key in returned & must_not)

    found = sum(t[0] for t in totals.values())
    expected = sum(t[1] for t in totals.values())
    returned = sum(t[2] for t in totals.values())
    recall, precision = found / expected, found / returned
    with capsys.disabled():
        print(f"\nsearch corpus: {len(QUERIES)} queries, recall {recall:.3f}, precision {precision:.3f}")
        for kind, (f, e, r) in sorted(totals.items()):
            print(f"  {kind:12} recall {f / e:.3f}  precision {f / max(r, 1):.3f}")
        for line in failures:
            print("  differs:", line)
    assert forbidden == []
    assert recall >= MIN_RECALL
    assert precision >= MIN_PRECISION
