"""Which pages are kept for anonymous readers, what each shows, and which changes make it stale.

The mechanism (versioned keys, what may be kept) is reconnect/pagecache.py; this module names the versions:

- SITE, read by every kept page: members' names, bans and deleted accounts, rare and far-reaching;
- LISTING, read by home, the list and search, the requests and reunions feeds and the sitemap: any change to
  any request, photo or comment bumps it;
- `request:<pk>`, read by a request's page, its comments feed and its match panel: a change to the request,
  its photos, its comments, its translations and asks for one, its reunion story, or to a request its match
  panel names. A request page is kept per language it is read in (`?lang=`) as well as per interface language.

Model saves and deletions bump through the receivers below (`connect`, from posts.apps). Writes that go round
the signals (`QuerySet.update`, `bulk_create`) call `request_changed`, `requests_changed`, `listing_changed`
or `everything_changed` themselves, in the rooms above this one.
"""

import pickle
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import QueryDict
from django.template.loader import render_to_string

from posts.models import Comment, Conversation, Photo, Post, PostMatch, Translation, TranslationRequest
from posts.search.filters import filter_query_string
from reconnect import pagecache

SITE = "site"
LISTING = "listing"
# What a member's row gives the pages that show them: their name (or "deleted user"), and whether they are banned.
MEMBER_FIELDS_SHOWN = frozenset({"display_name", "email", "is_active"})
# What of a request the match panels of other requests show.
POST_FIELDS_IN_MATCH_PANELS = frozenset({"title", "moderation"})


def request_version(post_id: int) -> str:
    return f"request:{post_id}"


# Bumps, for writes that signals do not see ------------------------------------------------------------------


def request_changed(post_id: int) -> None:
    """Something a request's page shows changed (the request, a photo, a comment); the listings show it too."""
    requests_changed([post_id])


def requests_changed(post_ids: Iterable[int]) -> None:
    pagecache.bump(LISTING, *(request_version(pk) for pk in post_ids))


def listing_changed() -> None:
    """What the listings show changed, no request's own page (search keys, say)."""
    pagecache.bump(LISTING)


def everything_changed() -> None:
    """Every kept page is stale: a member's name, a ban, a deleted account, a reloaded demo."""
    pagecache.bump(SITE)


# The pages ---------------------------------------------------------------------------------------------------------


def _listing(request, *args, **kwargs) -> tuple[str, ...]:
    return (SITE, LISTING)


def _one_request(request, pk: int, *args, **kwargs) -> tuple[str, ...]:
    return (SITE, request_version(pk))


def _list_query(query: QueryDict) -> str:
    """The list page's filters spelled one way (posts.search.filters), and its page number when past the first."""
    page = query.get("page", "")
    return filter_query_string(query, page=int(page) if page.isdigit() else None)


def _feed_query(query: QueryDict) -> str:
    return filter_query_string(query)


home_page = pagecache.anonymous_page(_listing, query=pagecache.no_query)
list_page = pagecache.anonymous_page(_listing, query=_list_query)
# Every parameter is kept: the comments of a request are paged through its query string.
# A request page varies only by its page of comments (`?comments=N`, posts.requests.views.COMMENTS_PAGE).
# and by the translation it is read in (`?lang=zh-hans`, `?lang=original`; posts.translations.languages).
_comments_query = pagecache.only("comments", "lang")
request_page = pagecache.anonymous_page(_one_request, query=_comments_query)
# "Help translate": the asks for translations, filtered by language pair.
translate_page = pagecache.anonymous_page(_listing, query=pagecache.only("language", "source_language", "page"))
# Feeds and sitemaps are built for the anonymous reader whoever asks (published requests, public comments):
# one copy serves members too.
requests_feed = pagecache.anonymous_page(_listing, query=_feed_query, everyone=True)
listing_feed = pagecache.anonymous_page(_listing, query=pagecache.no_query, everyone=True)
comments_feed = pagecache.anonymous_page(_one_request, query=pagecache.no_query, everyone=True)
sitemap_index = pagecache.anonymous_page(_listing, query=pagecache.no_query, everyone=True)
sitemap_section = pagecache.anonymous_page(_listing, query=pagecache.only("p"), everyone=True)


def home_fragments(request) -> pagecache.SharedFragments:
    """Home's content, the same for every reader (published requests only), kept with the listings."""
    return pagecache.SharedFragments(request, depends_on=(SITE, LISTING), names=("home",))


def list_fragments(request) -> pagecache.SharedFragments:
    """The list page's filters and results, the same for every reader with the same filters and page.

    The request's query string becomes the one the key reads (as `anonymous_page` does for visitors), so that
    a member's own stray parameters never reach the links of a fragment another member is shown.
    """
    canonical = _list_query(request.GET)
    request.GET = QueryDict(canonical)
    request.META["QUERY_STRING"] = canonical
    vary_on = (canonical,)
    return pagecache.SharedFragments(
        request, depends_on=(SITE, LISTING), vary_on=vary_on, names=("list-meta", "list-filters", "list-results")
    )


def keeping() -> bool:
    """Whether pages and fragments are kept at all (RECONNECT_PAGE_CACHE_SECONDS)."""
    return pagecache.seconds() > 0


def comment_fragments(request, post: Post, *, may_report: bool, may_reply: bool) -> pagecache.SharedFragments:
    """A request's page of comments as a visitor reads it (published, no private lead), for members who read it
    the same way (posts.requests.views._reads_as_visitor), with the links such a member is given."""
    vary_on = (_comments_query(request.GET), f"report={may_report:d}", f"reply={may_reply:d}")
    return pagecache.SharedFragments(
        request, depends_on=(SITE, request_version(post.pk)), vary_on=vary_on, names=("comments",)
    )


def request_fragments(request, post: Post) -> pagecache.SharedFragments:
    """A published request's own page as a visitor reads it, for members who read it the same way (neither its
    poster nor a moderator: posts.requests.views._reads_publicly): its social metadata, the request itself (in
    the translation read: `?lang=`), the share panel, and the comment form's fields as first given."""
    return pagecache.SharedFragments(
        request,
        depends_on=(SITE, request_version(post.pk)),
        vary_on=(pagecache.only("lang")(request.GET),),
        names=("request-meta", "request-article", "request-share", "comment-fields"),
    )


def request_actions(request, post: Post, *, actions: Iterable[str]) -> pagecache.SharedFragments:
    """The actions under a published request (write to the poster, follow, report, translate), kept for every
    member who reads it publicly and is offered the same ones (`actions`, their names): the kept copy's CSRF
    token is replaced by each reader's own (posts.templatetags.reach)."""
    return pagecache.SharedFragments(
        request,
        depends_on=(SITE, request_version(post.pk)),
        vary_on=("actions", *sorted(actions)),
        names=("request-actions",),
    )


def request_shell(request, post: Post, *, vary_on: Iterable[str]) -> pagecache.PageShell:
    """A published request's page kept whole for the members who read it as a visitor does and are given the
    same page (`vary_on`: what they are offered); each one's header and CSRF token are filled in."""
    return pagecache.PageShell(request, depends_on=(SITE, request_version(post.pk)), vary_on=vary_on)


def kept_request(pk: int, load: Callable[[], Post]) -> Post:
    """A published request as its page reads it (`load`: the row, its author, its approved translations, with
    `visitor_photos`, the photos a visitor sees), kept under the request's version so that a member's page asks
    the database for none of it. A request in any other state is loaded every time: it is only ever read by
    its author or a moderator. Each reader is handed a copy of their own."""
    if not keeping():
        return load()
    key = pagecache.FRAGMENT_PREFIX + pagecache.digest(
        ["request-row", *pagecache.versions((SITE, request_version(pk))), str(pk)]
    )
    row = pagecache.kept(key)
    if row is not None:
        return pickle.loads(row)  # noqa: S301 - our own pickle, as the cache's own values are
    post = load()
    if post.is_published:
        post.visitor_photos = list(Photo.objects.shown().filter(post=post))  # type: ignore[attr-defined]
        pagecache.keep(key, pickle.dumps(post), pagecache.seconds())
    return post


def match_panel(post: Post) -> str:
    """The "possible matches" panel of a published request: the same for every reader, kept with the request."""

    def render() -> str:
        matches = list(PostMatch.objects.shown_for(post)[:5]) if post.is_published else []
        return render_to_string("includes/match_panel.html", {"matches": matches})

    return pagecache.fragment("match-panel", depends_on=(SITE, request_version(post.pk)), render=render)


# Receivers ----------------------------------------------------------------------------------------------------------


def _deleted_with(origin, model) -> bool:
    """Whether a deletion started from a `model` (one, or a QuerySet of them), whose own receiver bumps for all."""
    return isinstance(origin, model) or (isinstance(origin, QuerySet) and issubclass(origin.model, model))


def _partners(post_id: int) -> list[int]:
    """Requests whose match panel names this one."""
    return list(PostMatch.objects.filter(other_id=post_id).values_list("post_id", flat=True))


def _post_saved(sender, instance: Post, created: bool, update_fields=None, **kwargs) -> None:
    shown_elsewhere = not created and (update_fields is None or POST_FIELDS_IN_MATCH_PANELS & set(update_fields))
    requests_changed([instance.pk, *(_partners(instance.pk) if shown_elsewhere else [])])


def _post_deleting(sender, instance: Post, origin=None, **kwargs) -> None:
    if _deleted_with(origin, get_user_model()):
        return
    # Before the deletion, while its matches still say whose panels name it.
    requests_changed([instance.pk, *_partners(instance.pk)])


def _part_changed(sender, instance: Comment | Photo | Translation | TranslationRequest, origin=None, **kwargs) -> None:
    if _deleted_with(origin, Post) or _deleted_with(origin, get_user_model()):
        return
    request_changed(instance.post_id)


def _conversation_saved(sender, instance: Conversation, created: bool, update_fields=None, **kwargs) -> None:
    # Only the agreement to a reunion story reaches a public page (Post.reunion_story).
    if created and instance.story_consent_at is None:
        return
    if update_fields is None or "story_consent_at" in update_fields:
        request_changed(instance.post_id)


def _conversation_deleted(sender, instance: Conversation, origin=None, **kwargs) -> None:
    if instance.story_consent_at is not None and not _deleted_with(origin, Post):
        request_changed(instance.post_id)


def _member_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    if not created and (update_fields is None or MEMBER_FIELDS_SHOWN & set(update_fields)):
        everything_changed()


def _member_deleted(sender, instance, **kwargs) -> None:
    everything_changed()


def connect() -> None:
    """Connect the receivers (posts.apps, once the models are loaded)."""
    member = get_user_model()
    post_save.connect(_post_saved, sender=Post, dispatch_uid="pagecache-post-saved")
    pre_delete.connect(_post_deleting, sender=Post, dispatch_uid="pagecache-post-deleting")
    for model in (Comment, Photo, Translation, TranslationRequest):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-deleted")
    post_save.connect(_conversation_saved, sender=Conversation, dispatch_uid="pagecache-conversation-saved")
    post_delete.connect(_conversation_deleted, sender=Conversation, dispatch_uid="pagecache-conversation-deleted")
    post_save.connect(_member_saved, sender=member, dispatch_uid="pagecache-member-saved")
    post_delete.connect(_member_deleted, sender=member, dispatch_uid="pagecache-member-deleted")
