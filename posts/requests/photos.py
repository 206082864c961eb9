"""How many photos a request may have: the one place for the limit and what members are told about it.

The site allows `RECONNECT_MAX_PHOTOS` per request; a new member on their first day fewer
(posts.moderation.trust). The form, the service and the page all ask here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext_lazy

from posts.moderation import trust

# "num" is the name Django's formsets give the number in their "too many forms" message, so that one can be this.
TOO_MANY_PHOTOS = ngettext_lazy(
    "A request can have at most %(num)d photo.", "A request can have at most %(num)d photos.", "num"
)


def photo_limit(user) -> int:
    """How many photos a request of this member may have."""
    if user is not None and user.is_authenticated and trust.first_day_rules_apply(user):
        return trust.FIRST_DAY_PHOTOS
    return settings.RECONNECT_MAX_PHOTOS


def too_many_photos_message() -> str:
    return TOO_MANY_PHOTOS % {"num": settings.RECONNECT_MAX_PHOTOS}


def limit_note(user) -> str:
    """Why this member may add fewer photos than the site allows, or "" when they may add them all."""
    return trust.first_day_photo_message() if photo_limit(user) < settings.RECONNECT_MAX_PHOTOS else ""


def check_photo_count(*, user, count: int) -> None:
    """Refuse a request that would have more photos than its author may give it."""
    if count <= photo_limit(user):
        return
    if note := limit_note(user):
        raise ValidationError(note, code="first_day_photos")
    raise ValidationError(too_many_photos_message(), code="too_many_photos")
