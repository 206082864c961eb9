"""Atom feeds: new requests (with the list page's filters), reunions, and one request's public comments.

Feeds are read by anonymous clients, so they show only what an anonymous reader may see:
published requests, and their published comments that are not private leads.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from posts.models import Comment, Post
from posts.reach.sharing import plain_excerpt
from posts.search.filters import PostFilter, filter_query_string

FEED_ITEMS = 50


@dataclass(frozen=True)
class FilteredRequests:
    filter: PostFilter
    query: str  # the filters as a query string, without the page number


class PostItemsMixin:
    """Item fields shared by the feeds whose items are requests."""

    def item_title(self, post: Post) -> str:
        # Atom titles are plain text, escaped once by the XML writer (not twice as for RSS).
        return post.title

    def item_description(self, post: Post) -> str:
        # Atom summaries are HTML: escape the plain excerpt so that "<" in a story stays text.
        return escape(plain_excerpt(post.story))

    def item_author_name(self, post: Post) -> str:
        return post.author.public_name

    def item_pubdate(self, post: Post):
        return post.published_at or post.created_at

    def item_updateddate(self, post: Post):
        return max(self.item_pubdate(post), post.last_activity_at)


class RequestsFeed(PostItemsMixin, Feed):
    """Newly published requests, optionally narrowed by the list page's filters."""

    feed_type = Atom1Feed

    def get_object(self, request) -> FilteredRequests:
        posts = Post.objects.published().select_related("author")
        return FilteredRequests(
            filter=PostFilter(request.GET or None, queryset=posts), query=filter_query_string(request.GET)
        )

    def title(self, obj: FilteredRequests) -> str:
        if obj.query:
            return _("Reconnect: requests matching your filters")
        return _("Reconnect: new requests")

    def subtitle(self, obj: FilteredRequests) -> str:
        return _("Requests to find people lost touch with, newest first.")

    def link(self, obj: FilteredRequests) -> str:
        return _with_query(reverse("posts:list"), obj.query)

    def feed_url(self, obj: FilteredRequests) -> str:
        return _with_query(reverse("posts:requests_feed"), obj.query)

    def items(self, obj: FilteredRequests):
        return obj.filter.qs[:FEED_ITEMS]


class ReunionsFeed(PostItemsMixin, Feed):
    """Requests marked reunited, the latest reunion first."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Reconnect: reunions")

    def subtitle(self) -> str:
        return _("People who found each other again.")

    def link(self) -> str:
        return f"{reverse('posts:list')}?status=resolved"

    def items(self):
        return (
            Post.objects.published()
            .resolved()
            .select_related("author")
            .with_story_consent()
            .order_by("-resolved_at", "-pk")[:FEED_ITEMS]
        )

    def item_description(self, post: Post) -> str:
        # The reunion story only while the person found agrees to it (posts/contact/stories.py).
        return escape(plain_excerpt(post.reunion_story or post.story))

    def item_pubdate(self, post: Post):
        return post.resolved_at or post.published_at or post.created_at


class CommentsFeed(Feed):
    """Public comments and leads on one published request, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, pk: int) -> Post:
        return get_object_or_404(Post.objects.published(), pk=pk)

    def title(self, post: Post) -> str:
        return _("Reconnect: leads and comments on “%(title)s”") % {"title": post.title}

    def link(self, post: Post) -> str:
        return post.get_absolute_url()

    def items(self, post: Post):
        # visible_to(None, …) is the anonymous reader's view: published, and no private leads.
        return (
            Comment.objects.visible_to(None, post)
            .select_related("author", "post")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, comment: Comment) -> str:
        if comment.is_lead:
            return _("Lead from %(author)s") % {"author": comment.author.public_name}
        return _("Comment from %(author)s") % {"author": comment.author.public_name}

    def item_description(self, comment: Comment) -> str:
        return escape(plain_excerpt(comment.body))

    def item_author_name(self, comment: Comment) -> str:
        return comment.author.public_name

    def item_pubdate(self, comment: Comment):
        return comment.created_at

    def item_updateddate(self, comment: Comment):
        return comment.edited_at or comment.created_at


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path
