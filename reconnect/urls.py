from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language
from posts.views import home

admin.site.site_header = _("Reconnect moderation")
admin.site.site_title = _("Reconnect moderation")
admin.site.index_title = _("Moderation")

urlpatterns = [
    path("", home, name="home"),
    path("", include("posts.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
