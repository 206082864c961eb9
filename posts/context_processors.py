from django.conf import settings

from posts.models import Message, Notification


def site(request):
    context = {"site_url": settings.RECONNECT_SITE_URL.rstrip("/"), "max_photos": settings.RECONNECT_MAX_PHOTOS}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Lazily: pages that never show the header pay nothing.
        context["unread_notifications"] = lambda: Notification.objects.for_user(user).unread().count()
        context["unread_messages"] = lambda: _unread_messages(user)
    return context


def _unread_messages(user) -> int:
    return Message.objects.unread_by(user).count()
