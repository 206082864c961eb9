"""Free-text search over requests.

Each word of the query must appear in one of the searched fields. Issue #3
replaces this with keys that match across scripts and spellings.
"""

from django.db.models import Q, QuerySet

SEARCHED_FIELDS = (
    "sought_name",
    "sought_other_names",
    "sought_nickname",
    "title",
    "met_place",
    "met_city",
    "story",
)


def search_posts(posts: QuerySet, query: str) -> QuerySet:
    for term in query.split()[:12]:
        match = Q()
        for field in SEARCHED_FIELDS:
            match |= Q(**{f"{field}__icontains": term})
        posts = posts.filter(match)
    return posts
