"""Who is a moderator: one rule, asked by every page, service, command and template."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

# Held through the Moderators group (posts/migrations/0002_moderators_group.py); superusers hold every permission.
MODERATE_PERMISSION = "posts.moderate_post"


def is_moderator(user) -> bool:
    """Moderators hold the `posts.moderate_post` permission (through the Moderators group)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION))


def moderators() -> QuerySet:
    """The members `is_moderator` says yes to, as a QuerySet: for mailing them all."""
    app_label, codename = MODERATE_PERMISSION.split(".")
    through_group = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    directly = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    return get_user_model().objects.filter(through_group | directly | Q(is_superuser=True), is_active=True).distinct()
