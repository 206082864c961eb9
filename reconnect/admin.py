"""The admin site the moderators work in.

It mounts the moderators' own pages (the review queue, each member's record) from the URLconf that the
setting RECONNECT_ADMIN_URLS names, behind the admin's log-in, so that reconnect/ imports no domain and
nothing is mounted in front of the admin. Its log-in is rate limited like every other form that could be
guessed at (allauth limits the site's own log-in).
"""

from importlib import import_module

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, include, path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from reconnect import ratelimit


class ReconnectAdminSite(admin.AdminSite):
    site_header = _("Reconnect moderation")
    site_title = _("Reconnect moderation")
    index_title = _("Moderation")

    def get_urls(self):
        # First: the admin's own patterns end in a catch-all that would answer for these paths.
        return [*self.mounted_urls(), *super().get_urls()]

    def mounted_urls(self) -> list:
        """The pages of RECONNECT_ADMIN_URLS, each behind `admin_view`, in that URLconf's own namespace."""
        dotted = getattr(settings, "RECONNECT_ADMIN_URLS", "")
        if not dotted:
            return []
        urlconf = import_module(dotted)
        patterns = []
        for pattern in urlconf.urlpatterns:
            if not isinstance(pattern, URLPattern):
                raise ImproperlyConfigured(f"{dotted} may list only path()s to views, not include()s.")
            view = self.admin_view(pattern.callback)
            patterns.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
        return [path("", include((patterns, urlconf.app_name)))]

    @method_decorator(ratelimit.limited("admin_login"))
    def login(self, request, extra_context=None):
        return super().login(request, extra_context)
