"""Two-sided matching: requests that may be the other side of the same story.

Simon looks for Katharina while Katharina looks for Simon. A request records
the poster's own names as they were known then; a request whose sought name
is close to another's "who I was" (or the other way round), at the same place
and in overlapping years, is a likely match. Matches are computed when a
request is saved or published (`update_matches`), stored both ways as
`PostMatch` rows with the evidence, and read on the request page.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_countries import countries

from posts.models import Moderation, NameKey, NameKind, Post, PostMatch, Relationship
from posts.search.index import poster_names, sought_names
from posts.search.query import name_matches, near_keys, parse_query

NAME_POINTS = 40
PLACE_POINTS = 20
YEARS_POINTS = 10
COUNTRY_POINTS = 5
RELATIONSHIP_POINTS = 5
# Below this a suggestion is not shown; at or above STRONG both posters are emailed.
SHOWN = 45
STRONG = 80
MAX_CANDIDATES = 200


def _name_evidence(seekers: list[str], known_as: list[str]) -> tuple[str, str] | None:
    """The first sought name that matches one of the other side's names, as (sought, known as)."""
    for sought in seekers:
        query = parse_query(sought)
        for name in known_as:
            if name_matches(query, name):
                return sought, name
    return None


def _years_overlap(a: Post, b: Post) -> bool | None:
    """True or False when both give years; None when either does not."""
    a_from, a_to = a.year_from or a.year_to, a.year_to or a.year_from
    b_from, b_to = b.year_from or b.year_to, b.year_to or b.year_from
    if not (a_from and a_to and b_from and b_to):  # Each side gives both years or neither.
        return None
    return a_from <= b_to and b_from <= a_to


def _same_place(a: Post, b: Post) -> bool:
    here, there = a.search_places.strip(), b.search_places.strip()
    if not (here and there):
        return False
    return here == there or f" {here} " in f" {there} " or f" {there} " in f" {here} "


def score_pair(post: Post, other: Post) -> tuple[int, list[dict]]:
    """How likely `other` is the other side of `post`'s story, and why."""
    if _years_overlap(post, other) is False:
        return 0, []
    score, evidence = 0, []
    if found := _name_evidence(sought_names(post), poster_names(other)):
        score += NAME_POINTS
        evidence.append({"kind": "name_here", "sought": found[0], "known_as": found[1]})
    if found := _name_evidence(sought_names(other), poster_names(post)):
        score += NAME_POINTS
        evidence.append({"kind": "name_there", "sought": found[0], "known_as": found[1]})
    if not evidence:
        return 0, []
    if _same_place(post, other):
        score += PLACE_POINTS
        evidence.append({"kind": "place", "place": other.place_display or post.place_display})
    if _years_overlap(post, other):
        score += YEARS_POINTS
        evidence.append({"kind": "years", "here": post.years_display, "there": other.years_display})
    if post.met_country and post.met_country == other.met_country:
        score += COUNTRY_POINTS
        evidence.append({"kind": "country", "country": str(post.met_country.code)})
    if post.relationship == other.relationship:
        score += RELATIONSHIP_POINTS
        evidence.append({"kind": "relationship", "relationship": post.relationship})
    return score, evidence


def _mirror(evidence: list[dict]) -> list[dict]:
    """The same evidence seen from the other request."""
    flipped = {"name_here": "name_there", "name_there": "name_here"}
    mirrored = []
    for item in evidence:
        item = dict(item, kind=flipped.get(item["kind"], item["kind"]))
        if item["kind"] == "years":
            item["here"], item["there"] = item["there"], item["here"]
        mirrored.append(item)
    return mirrored


def candidates(post: Post):
    """Published requests by other people whose names or place could pair with this one."""
    sought_keys = {key for name in sought_names(post) for key in parse_query(name).whole}
    poster_keys = {key for name in poster_names(post) for key in parse_query(name).whole}
    near = near_keys(sought_keys | poster_keys)
    near_sought = set().union(*(near[key] for key in sought_keys)) if sought_keys else set()
    near_poster = set().union(*(near[key] for key in poster_keys)) if poster_keys else set()
    by_name = Q(
        pk__in=NameKey.objects.filter(
            Q(kind=NameKind.POSTER, key__in=sorted(near_sought)) | Q(kind=NameKind.SOUGHT, key__in=sorted(near_poster))
        ).values("post_id")
    )
    return (
        Post.objects.published()
        .filter(by_name)
        .exclude(pk=post.pk)
        .exclude(author_id=post.author_id)
        .order_by("-pk")[:MAX_CANDIDATES]
    )


def update_matches(post: Post) -> list[PostMatch]:
    """Recompute this request's matches both ways; return the strong ones that are new."""
    with transaction.atomic():
        previous = set(PostMatch.objects.filter(post=post).values_list("other_id", flat=True))
        PostMatch.objects.filter(Q(post=post) | Q(other=post)).delete()
        if post.moderation != Moderation.PUBLISHED:
            return []
        rows, new_strong = [], []
        for other in candidates(post):
            score, evidence = score_pair(post, other)
            if score < SHOWN:
                continue
            match = PostMatch(post=post, other=other, score=score, evidence=evidence)
            rows += [match, PostMatch(post=other, other=post, score=score, evidence=_mirror(evidence))]
            if score >= STRONG and other.pk not in previous:
                new_strong.append(match)
        PostMatch.objects.bulk_create(rows)
    return new_strong


def describe(evidence: list[dict]) -> list[str]:
    """The evidence of a match in the reader's language."""
    lines = []
    for item in evidence:
        kind = item.get("kind")
        if kind == "name_here":
            lines.append(_("name: %(sought)s ≈ %(known_as)s") % item)
        elif kind == "name_there":
            lines.append(_("they look for: %(sought)s ≈ %(known_as)s") % item)
        elif kind == "place":
            lines.append(_("same place: %(place)s") % item)
        elif kind == "years":
            lines.append(_("years %(here)s and %(there)s overlap") % item)
        elif kind == "country":
            lines.append(_("both met in %(country)s") % {"country": countries.name(item["country"])})
        elif kind == "relationship":
            label = dict(Relationship.choices).get(item["relationship"], item["relationship"])
            lines.append(_("both say: %(relationship)s") % {"relationship": label})
    return lines
