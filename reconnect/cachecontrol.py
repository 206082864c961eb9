"""What browsers and shared caches may keep of a response to a logged-in member: nothing, unless a view says.

A member's pages carry their name, their messages and what only they may see; a browser's back button, a
shared computer or a proxy must not keep them. Every response to a logged-in member therefore gets
`Cache-Control: private, no-store`, unless its view set a Cache-Control of its own (a photo's short private
max-age, say). Anonymous readers are left alone: their pages are the same for everyone and
reconnect/pagecache.py gives them their public caching.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

MEMBER_CACHE_CONTROL = "private, no-store"


class PrivateMemberPagesMiddleware:
    """Mark every response to a logged-in member `private, no-store`, unless the view chose its own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # Read after the view: logging in or out changes it.
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = MEMBER_CACHE_CONTROL
        return response
