"""Signed unsubscribe links that work without logging in."""

from django.core import signing
from django.urls import reverse

UNSUBSCRIBE_SALT = "reconnect.saved-search-unsubscribe"


def unsubscribe_path(saved_search) -> str:
    token = signing.dumps(saved_search.pk, salt=UNSUBSCRIBE_SALT)
    return reverse("posts:saved_search_unsubscribe", kwargs={"token": token})
