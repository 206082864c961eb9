"""Background work: run inline by default, by a worker when DJANGO_TASKS_BACKEND names one."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

KINDS = {
    "new_lead",
    "lead_helped",
    "post_published",
    "post_hidden",
    "post_removed",
    "possible_match",
    "saved_search_match",
}


@task()
def send_notification(
    *,
    user_id: int,
    kind: str,
    post_id: int | None = None,
    comment_id: int | None = None,
    other_post_id: int | None = None,
    saved_search_id: int | None = None,
) -> None:
    """Email one user about one event, in the user's own interface language."""
    from posts.models import Comment, Post

    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    post = Post.objects.filter(pk=post_id).first() if post_id else None
    comment = Comment.objects.filter(pk=comment_id).first() if comment_id else None
    other_post = Post.objects.published().filter(pk=other_post_id).first() if other_post_id else None
    if other_post_id and other_post is None:
        return  # The other request was hidden in the meantime.
    saved_search = None
    headers = {}
    if saved_search_id:
        from posts.models import SavedSearch

        saved_search = SavedSearch.objects.filter(pk=saved_search_id, user=user, alert=True).first()
        if saved_search is None:
            return  # Unsubscribed in the meantime.
        unsubscribe_url = settings.RECONNECT_SITE_URL.rstrip("/") + unsubscribe_path(saved_search)
        headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    context = {
        "user": user,
        "post": post,
        "comment": comment,
        "other_post": other_post,
        "saved_search": saved_search,
        "unsubscribe_url": headers and unsubscribe_url,
        "site_url": settings.RECONNECT_SITE_URL.rstrip("/"),
    }
    with translation.override(user.interface_language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{kind}_subject.txt", context).strip()
        body = render_to_string(f"emails/{kind}.txt", context)
    EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email], headers=headers).send()


@task()
def refresh_matches(*, post_id: int) -> None:
    """Recompute a request's possible matches and tell both posters of each strong new one."""
    from posts.matching import update_matches
    from posts.models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return
    for match in update_matches(post):
        for mine, theirs in ((match.post, match.other), (match.other, match.post)):
            send_notification.enqueue(
                user_id=mine.author_id, kind="possible_match", post_id=mine.pk, other_post_id=theirs.pk
            )


UNSUBSCRIBE_SALT = "reconnect.saved-search-unsubscribe"


def unsubscribe_path(saved_search) -> str:
    token = signing.dumps(saved_search.pk, salt=UNSUBSCRIBE_SALT)
    return reverse("posts:saved_search_unsubscribe", kwargs={"token": token})


@task()
def alert_saved_searches(*, post_id: int) -> None:
    """Email everyone whose saved search a newly published request matches."""
    from django.http import QueryDict
    from django.utils import timezone

    from posts.filters import PostFilter
    from posts.models import Post, SavedSearch

    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return
    searches = SavedSearch.objects.filter(alert=True, user__is_active=True).exclude(user_id=post.author_id)
    for saved in searches.iterator():
        found = PostFilter(QueryDict(saved.query), queryset=Post.objects.published().filter(pk=post.pk)).qs
        if found.exists():
            send_notification.enqueue(
                user_id=saved.user_id, kind="saved_search_match", post_id=post.pk, saved_search_id=saved.pk
            )
            SavedSearch.objects.filter(pk=saved.pk).update(last_alerted_at=timezone.now())
