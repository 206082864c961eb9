from django.conf import settings
from django.utils.functional import SimpleLazyObject

from posts.reach import header


def site(request):
    context = {"site_url": settings.RECONNECT_SITE_URL.rstrip("/"), "max_photos": settings.RECONNECT_MAX_PHOTOS}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Lazily, and both counts at once: pages that never show the header pay nothing.
        unread = SimpleLazyObject(lambda: header.unread(user))
        context["unread_notifications"] = lambda: unread.notifications  # type: ignore[attr-defined]
        context["unread_messages"] = lambda: unread.messages  # type: ignore[attr-defined]
        context["member_chrome"] = header.member_chrome(request, user)
    if request is not None and hasattr(request, "META"):
        context["page_chrome"] = header.page_chrome(request)
    return context
