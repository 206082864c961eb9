from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.views import set_language
from posts.reach.sitemaps import SITEMAPS
from posts.requests.views import home
from reconnect import ratelimit

admin.site.site_header = _("Reconnect moderation")
admin.site.site_title = _("Reconnect moderation")
admin.site.index_title = _("Moderation")
# allauth limits its own log-in; the admin's log-in gets a limit of its own.
admin.site.login = ratelimit.limited("admin_login")(admin.site.login)

urlpatterns = [
    path("", home, name="home"),
    path("", include("posts.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # The review queue and member records (posts/admin_views.py), before the admin claims every admin/ path.
    path("admin/", include("posts.moderation.views")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots_txt"),
]

# A refusal shows its reason; an unverified email address gets the page that says how to verify it.
handler403 = "accounts.views.permission_denied"
