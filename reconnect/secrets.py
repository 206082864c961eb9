"""The site is never served with debugging off and the development secret key."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_development_key() -> None:
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to serve the site, or DJANGO_DEBUG=1 for local development.")
