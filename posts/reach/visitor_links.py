"""Signed links for visitors, who act without an account: one to verify their address and send what they wrote,
one to read and answer their conversation.

Each has its own salt and its own shape, so that neither works as the other, nor as an unsubscribe link
(posts/reach/unsubscribe.py). A verification link names only the visitor's request; it works for
`RECONNECT_VISITOR_LINK_HOURS`, and once (the request records when it was used, posts/contact/visitors.py).
A conversation link names the conversation and the visitor it was sent to, so that a link sent to one
visitor opens nobody else's conversation; each email carries a fresh one, working for
`RECONNECT_VISITOR_CONVERSATION_LINK_DAYS`.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from posts.reach.unsubscribe import LinkExpired

__all__ = [
    "LinkExpired",
    "conversation_link",
    "read_conversation_token",
    "read_verify_token",
    "verify_link",
]

VERIFY_SALT = "reconnect.visitor-verify"
CONVERSATION_SALT = "reconnect.visitor-conversation"


def _absolute(path: str) -> str:
    return settings.RECONNECT_SITE_URL.rstrip("/") + path


def _read(token: str, *, salt: str, keys: set[str], max_age: timedelta) -> dict | None:
    """The payload of a genuine token of this shape, None for anything else; LinkExpired for a genuine old one."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        try:
            old = signing.loads(token, salt=salt)
        except signing.BadSignature:
            return None
        if isinstance(old, dict) and set(old) == keys:
            raise LinkExpired from None
        return None
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or set(payload) != keys or not all(isinstance(v, int) for v in payload.values()):
        return None
    return payload


def verify_token(visitor_request) -> str:
    return signing.dumps({"r": visitor_request.pk}, salt=VERIFY_SALT)


def verify_link(visitor_request) -> str:
    return _absolute(reverse("posts:visitor_verify", kwargs={"token": verify_token(visitor_request)}))


def read_verify_token(token: str) -> int | None:
    """The visitor's request a verification link names, or None; LinkExpired once it is too old."""
    max_age = timedelta(hours=settings.RECONNECT_VISITOR_LINK_HOURS)
    payload = _read(token, salt=VERIFY_SALT, keys={"r"}, max_age=max_age)
    return None if payload is None else payload["r"]


def conversation_token(conversation) -> str:
    return signing.dumps({"c": conversation.pk, "u": conversation.starter_id}, salt=CONVERSATION_SALT)


def conversation_path(conversation) -> str:
    return reverse("posts:visitor_conversation", kwargs={"token": conversation_token(conversation)})


def conversation_link(conversation) -> str:
    return _absolute(conversation_path(conversation))


def read_conversation_token(token: str) -> tuple[int, int] | None:
    """The conversation and the visitor a conversation link was sent to, or None; LinkExpired once too old."""
    max_age = timedelta(days=settings.RECONNECT_VISITOR_CONVERSATION_LINK_DAYS)
    payload = _read(token, salt=CONVERSATION_SALT, keys={"c", "u"}, max_age=max_age)
    return None if payload is None else (payload["c"], payload["u"])
