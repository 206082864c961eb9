"""The URL root: the one module of reconnect/ that imports the domain (the import contracts allow it)."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import TemplateView

from accounts.views import contact, switch_language
from posts.reach import pagecache
from posts.reach.sitemaps import SITEMAPS
from posts.requests.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("posts.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # A plain link, so that pages anonymous readers share carry no CSRF token (accounts/views.py).
    path("language/<str:code>/", switch_language, name="switch_language"),
    # ReconnectAdminSite (reconnect/admin.py), with the review queue and the members' records inside it.
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        pagecache.sitemap_index(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        pagecache.sitemap_section(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    # What the site is, what it keeps and who reads it, its rules, and how to reach the moderators.
    path("about/", TemplateView.as_view(template_name="pages/about.html"), name="about"),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("terms/", TemplateView.as_view(template_name="pages/terms.html"), name="terms"),
    path("contact/", contact, name="contact"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots_txt"),
]

# A refusal shows its reason; an unverified email address gets the page that says how to verify it.
handler403 = "accounts.views.permission_denied"
# Not Django's: allauth answers its rate limits with ROOT_URLCONF.handler429 when there is one.
handler429 = "reconnect.ratelimit.allauth_rate_limited"
