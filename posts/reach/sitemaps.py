from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from posts.models import Post


class PostSitemap(Sitemap):
    """Published requests only: held, hidden and removed ones stay out of search engines."""

    def items(self):
        return Post.objects.published().only("pk", "last_activity_at").order_by("pk")

    def lastmod(self, post: Post):
        return post.last_activity_at


class PageSitemap(Sitemap):
    """The pages that lead to requests: home and the list."""

    def items(self) -> list[str]:
        return ["home", "posts:list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "requests": PostSitemap}
