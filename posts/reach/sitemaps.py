"""The sitemap: an index (/sitemap.xml) of sections, each in pages of at most SITEMAP_PAGE_URLS addresses.

Every page of it is kept for anonymous readers like the listings (posts.reach.pagecache, wired in reconnect/urls.py).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from posts.models import Post

# Well under the protocol's 50,000, so that one page is quick to make when it is not kept.
SITEMAP_PAGE_URLS = 5000


class PostSitemap(Sitemap):
    """Published requests only: held, hidden and removed ones stay out of search engines."""

    limit = SITEMAP_PAGE_URLS

    def items(self):
        return Post.objects.published().only("pk", "last_activity_at").order_by("pk")

    def lastmod(self, post: Post):
        return post.last_activity_at

    def get_latest_lastmod(self):
        # For the index: one aggregate, where Django's default reads every request to take the latest.
        return Post.objects.published().aggregate(latest=Max("last_activity_at"))["latest"]


class PageSitemap(Sitemap):
    """The pages that lead to requests: home and the list."""

    limit = SITEMAP_PAGE_URLS

    def items(self) -> list[str]:
        return ["home", "posts:list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "requests": PostSitemap}
