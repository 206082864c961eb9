"""Sending a photo's bytes to a reader who may see it, from local disk or from object storage.

The caller has already checked visibility (`Photo.objects.visible_to`); nothing
here decides who may see what. A photo is streamed through the app server, or,
with DJANGO_PHOTO_DELIVERY=redirect on object storage, answered with a redirect
to a signed address of the bucket that expires within a minute, so that once a
request is hidden an address already handed out stops working soon after and
every new ask gets 404 at once.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseBase, HttpResponseRedirect

from posts.models import Photo

# How long a reader's browser may keep a photo; no shared cache keeps one.
PHOTO_BROWSER_SECONDS = 300


def photo_response(photo: Photo, *, size: str) -> HttpResponseBase:
    # A photo not yet re-encoded has nothing to serve: its original keeps its metadata and is never sent.
    if not photo.is_ready:
        raise Http404
    # A photo re-encoded before thumbnails came with it may still lack one: the full photo stands in.
    field = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image
    if not field.name:
        raise Http404
    if settings.RECONNECT_PHOTO_DELIVERY == "redirect" and _signs_urls(field.storage):
        redirect = HttpResponseRedirect(field.storage.url(field.name, expire=settings.RECONNECT_SIGNED_URL_SECONDS))
        # The redirect is asked again each time, so hiding the request ends it at once.
        redirect["Cache-Control"] = "private, no-store"
        return redirect
    try:
        response = FileResponse(field.open("rb"))
    except FileNotFoundError as missing:
        raise Http404 from missing
    # Private and short: once the request is hidden, a browser that kept the photo shows it for 5 minutes at most.
    response["Cache-Control"] = f"private, max-age={PHOTO_BROWSER_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _signs_urls(storage) -> bool:
    """Object storage hands out signed, expiring addresses; a local folder has none to give."""
    return bool(getattr(storage, "querystring_auth", False))
