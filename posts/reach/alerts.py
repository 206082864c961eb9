from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from posts.models import Post, PostMatch, SavedSearch
from posts.reach import pagecache
from posts.reach.delivery import send_notification
from posts.search.filters import PostFilter, filter_params
from posts.search.matching import update_matches
from posts.search.query import only_keys_of

User = get_user_model()


def refresh_matches_later(post: Post) -> None:
    """Recompute possible matches once the change is committed (see posts.search.matching)."""
    transaction.on_commit(lambda: refresh_matches.enqueue(post_id=post.pk))


@task()
def refresh_matches(*, post_id: int) -> None:
    """Recompute a request's possible matches and tell both posters of each strong new one."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return
    before = set(PostMatch.objects.filter(other_id=post_id).values_list("post_id", flat=True))
    new_strong = update_matches(post)
    # bulk_create and delete() of matches send no signal: the panels that gained or lost this request change.
    after = set(PostMatch.objects.filter(other_id=post_id).values_list("post_id", flat=True))
    pagecache.requests_changed({post_id, *before, *after})
    for match in new_strong:
        for mine, theirs in ((match.post, match.other), (match.other, match.post)):
            send_notification.enqueue(
                user_id=mine.author_id, kind="possible_match", post_id=mine.pk, other_post_id=theirs.pk
            )


def saved_searches_matching(post, searches) -> list[int]:
    """The ids of the (id, query) pairs in `searches` whose query finds the published request `post`.

    The same decision as `PostFilter(QueryDict(query), queryset=Post.objects.published().filter(pk=post.pk))
    .qs.exists()` for each, made once per distinct filter input (`filter_params`) and with the
    name lookups limited to the request's own keys (`posts.search.only_keys_of`).
    """
    found: dict[tuple, bool] = {}
    matching = []
    with only_keys_of(post):
        for pk, query in searches:
            key = filter_params(query)
            if key not in found:
                candidates = Post.objects.published().filter(pk=post.pk)
                found[key] = PostFilter(QueryDict(query), queryset=candidates).qs.exists()
            if found[key]:
                matching.append(pk)
    return matching


@task()
def alert_saved_searches(*, post_id: int) -> None:
    """Email everyone whose saved search a newly published request matches."""
    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return
    searches = SavedSearch.objects.filter(alert=True, user__is_active=True).exclude(user_id=post.author_id)
    rows = list(searches.values_list("pk", "user_id", "query"))
    matching = set(saved_searches_matching(post, ((pk, query) for pk, _user_id, query in rows)))
    for pk, user_id, _query in rows:
        if pk in matching:
            send_notification.enqueue(user_id=user_id, kind="saved_search_match", post_id=post.pk, saved_search_id=pk)
    ids = sorted(matching)
    for start in range(0, len(ids), 500):
        SavedSearch.objects.filter(pk__in=ids[start : start + 500]).update(last_alerted_at=timezone.now())
