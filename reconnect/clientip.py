"""The visitor's address, by one rule that Reconnect's rate limits and allauth's share.

Behind proxies, `X-Forwarded-For` is "client, proxy1, proxy2": each proxy appends
the address it was reached from. Anything left of what our own proxies wrote is
the visitor's to invent, so the client is read from the right:
DJANGO_TRUSTED_PROXY_COUNT (settings.RECONNECT_TRUSTED_PROXY_COUNT) is how many
proxies of ours stand in front of the app servers, and the client is that many
entries from the right. With 0 (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address a request's rate limits count against."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = settings.RECONNECT_TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return peer
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if not forwarded:
        # Not through our proxies at all: the peer is the visitor.
        return peer
    # Fewer entries than proxies means one of them forwarded nothing; the left-most is then the best there is.
    entry = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
    return _address(entry) or peer


def _address(entry: str) -> str | None:
    """The address in an entry ("203.0.113.7", "203.0.113.7:5123", "[2001:db8::1]:443"), or None if it is none."""
    if entry.startswith("["):
        entry = entry[1:].split("]", 1)[0]
    elif entry.count(":") == 1:
        entry = entry.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None
