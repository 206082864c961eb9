from django.conf import settings


def site(request):
    return {"site_url": settings.RECONNECT_SITE_URL.rstrip("/"), "max_photos": settings.RECONNECT_MAX_PHOTOS}
