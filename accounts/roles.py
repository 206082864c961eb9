"""Who is a moderator: one rule, asked by every page, service, command and template."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

# Held through the Moderators group (posts/migrations/0002_moderators_group.py); superusers hold every permission.
MODERATE_PERMISSION = "posts.moderate_post"


def is_moderator(user) -> bool:
    """Moderators hold the `posts.moderate_post` permission (through the Moderators group).

    With RECONNECT_MODERATOR_MFA they also need an authenticator app (two-factor log-in, which allauth then
    asks for at every log-in): until they set one up they read and write as any member, on the site as in
    the admin (reconnect/admin.py sends them to set it up).
    """
    if not (user and user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION)):
        return False
    return not settings.RECONNECT_MODERATOR_MFA or has_authenticator_app(user)


def has_authenticator_app(user) -> bool:
    """Whether the member set up an authenticator app (TOTP); asked once per request and member."""
    if not hasattr(user, "_reconnect_has_app"):
        user._reconnect_has_app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user._reconnect_has_app


def moderators() -> QuerySet:
    """The members `is_moderator` says yes to, as a QuerySet: for mailing them all."""
    app_label, codename = MODERATE_PERMISSION.split(".")
    through_group = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    directly = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    return get_user_model().objects.filter(through_group | directly | Q(is_superuser=True), is_active=True).distinct()
