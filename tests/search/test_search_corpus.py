"""Name search over the bilingual corpus: recall, precision and inversions over the query table."""

from collections import defaultdict

from django.http import QueryDict

from posts.models import Post
from posts.search.filters import PostFilter
from tests.search.corpus import QUERIES, RANKINGS

MIN_RECALL = 0.98
MIN_PRECISION = 0.95


def run_query(text: str) -> list[int]:
    """The requests found, in the list page's order."""
    data = QueryDict(mutable=True)
    data["q"] = text
    return list(PostFilter(data, queryset=Post.objects.published()).qs.values_list("pk", flat=True))


def inversions(found: list[str], groups: list[set[str]]) -> list[tuple[str, str]]:
    """Pairs (better, worse) where a request of a later group comes before one of an earlier group."""
    position = {key: index for index, key in enumerate(found)}
    pairs = []
    for index, better_group in enumerate(groups):
        for worse_group in groups[index + 1 :]:
            pairs += [
                (better, worse)
                for better in sorted(better_group)
                for worse in sorted(worse_group)
                if worse in position and position[worse] < position.get(better, len(found))
            ]
    return pairs


def test_query_table_meets_recall_and_precision_without_inversions(corpus, capsys):
    by_pk = {post.pk: key for key, post in corpus.items()}
    totals = defaultdict(lambda: [0, 0, 0, 0])  # kind -> [expected found, expected, returned, inversions]
    failures, forbidden, inverted = [], [], []
    for text, kind, must, must_not in QUERIES:
        returned = {by_pk[pk] for pk in run_query(text)}
        found = returned & must
        totals[kind][0] += len(found)
        totals[kind][1] += len(must)
        totals[kind][2] += len(returned)
        if returned != must:
            failures.append(f"{text!r}: missing {sorted(must - returned)}, extra {sorted(returned - must)}")
        forbidden.extend(f"{text!r} returned {key}" for key in returned & must_not)
    for text, kind, groups in RANKINGS:
        found_in_order = [by_pk[pk] for pk in run_query(text)]
        pairs = inversions(found_in_order, groups)
        totals[kind][3] += len(pairs)
        inverted.extend(f"{text!r}: {worse} before {better}" for better, worse in pairs)
        missing = set().union(*groups) - set(found_in_order)
        if missing:
            failures.append(f"{text!r} (ranking): missing {sorted(missing)}")

    found = sum(t[0] for t in totals.values())
    expected = sum(t[1] for t in totals.values())
    returned = sum(t[2] for t in totals.values())
    recall, precision = found / expected, found / returned
    with capsys.disabled():
        print(
            f"\nsearch corpus: {len(corpus)} requests, {len(QUERIES)} queries, {len(RANKINGS)} rankings, "
            f"recall {recall:.3f}, precision {precision:.3f}, inversions {len(inverted)}"
        )
        below = []
        for kind, (f, e, r, i) in sorted(totals.items()):
            recall_of, precision_of = (f / e if e else 1.0), (f / r if r else 1.0)  # nothing to find: found nothing
            print(f"  {kind:12} recall {recall_of:.3f}  precision {precision_of:.3f}  inversions {i}")
            if recall_of < MIN_RECALL or precision_of < MIN_PRECISION:
                below.append(f"{kind}: recall {recall_of:.3f}, precision {precision_of:.3f}")
        for line in failures:
            print("  differs:", line)
        for line in inverted:
            print("  inverted:", line)
    assert forbidden == []
    assert inverted == []
    assert recall >= MIN_RECALL
    assert precision >= MIN_PRECISION
    assert below == []  # every kind of query, not only all of them together
