"""Signed unsubscribe links that work without logging in: one salt, and one shape of token per kind of link.

A notification link names a member and a kind of notification, {"u": member, "k": kind}; a saved-search link
names the search, {"s": search}. Each reader accepts its own shape only, so a token of one kind never works as
the other, and a token with anything else in it works as neither.

A link works for `RECONNECT_UNSUBSCRIBE_LINK_DAYS` after it was made (signing.dumps stamps the time), so an
email forwarded or leaked years later stops nothing; an expired link raises `LinkExpired`, so that the
page can say so and send the member to their settings.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from posts.models import NotificationKind

# The value notification links were signed with before saved-search links joined them, so that the
# notification links in emails already sent keep working.
UNSUBSCRIBE_SALT = "reconnect.notification-unsubscribe"


class LinkExpired(Exception):
    """A genuine unsubscribe link, older than links are kept working."""


def link_valid_for() -> timedelta:
    return timedelta(days=settings.RECONNECT_UNSUBSCRIBE_LINK_DAYS)


def _read(token: str, keys: set[str]) -> dict | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=link_valid_for())
    except signing.SignatureExpired:
        if _read_any_age(token, keys) is not None:
            raise LinkExpired from None
        return None
    except signing.BadSignature:
        return None
    return _shaped(payload, keys)


def _read_any_age(token: str, keys: set[str]) -> dict | None:
    try:
        return _shaped(signing.loads(token, salt=UNSUBSCRIBE_SALT), keys)
    except signing.BadSignature:
        return None


def _shaped(payload, keys: set[str]) -> dict | None:
    if not isinstance(payload, dict) or set(payload) != keys:
        return None
    return payload


def _absolute(path: str) -> str:
    return settings.RECONNECT_SITE_URL.rstrip("/") + path


def notification_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_notification_token(token: str) -> tuple[int, str] | None:
    """The member and the kind of notification a link stops, or None if it is not a valid notification link.

    Raises LinkExpired for a notification link that is too old."""
    payload = _read(token, {"u", "k"})
    if payload is None or payload["k"] not in NotificationKind.values:
        return None
    return payload["u"], payload["k"]


def notification_unsubscribe_url(user, kind: str) -> str:
    return _absolute(reverse("posts:notification_unsubscribe", kwargs={"token": notification_token(user, kind)}))


def saved_search_token(saved_search) -> str:
    return signing.dumps({"s": saved_search.pk}, salt=UNSUBSCRIBE_SALT)


def read_saved_search_token(token: str) -> int | None:
    """The saved search a link stops the alerts of, or None if it is not a valid saved-search link.

    Raises LinkExpired for a saved-search link that is too old."""
    payload = _read(token, {"s"})
    return None if payload is None else payload["s"]


def saved_search_unsubscribe_url(saved_search) -> str:
    token = saved_search_token(saved_search)
    return _absolute(reverse("posts:saved_search_unsubscribe", kwargs={"token": token}))
