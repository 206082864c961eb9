"""Who is a moderator: one rule, asked by every page, service, command and template.

The answer is kept per member in the cache (reconnect/pagecache.py's versions), so that a member's page does
not ask the database for their permissions and authenticator apps on every request: under the versions
`member_version(pk)` (bumped when their groups, permissions or authenticators change) and ROLES (bumped when
a group's permissions change, or a group or permission goes). `connect` wires those bumps to the signals.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from reconnect import pagecache

# Held through the Moderators group (posts/migrations/0002_moderators_group.py); superusers hold every permission.
MODERATE_PERMISSION = "posts.moderate_post"
# Any group's permissions, or the groups and permissions themselves, changed.
ROLES = "roles"
ROLE_PREFIX = "roles:moderator:"


def member_version(pk: int) -> str:
    """The version of what is kept of one member for their own pages: their role, their header's counts."""
    return f"member:{pk}"


def member_changed(*pks: int | None) -> None:
    """What is kept for these members (role, unread counts) is stale: now, and again at commit."""
    pagecache.bump(*(member_version(pk) for pk in pks if pk is not None))


def is_moderator(user) -> bool:
    """Moderators hold the `posts.moderate_post` permission (through the Moderators group).

    With RECONNECT_MODERATOR_MFA they also need an authenticator app (two-factor log-in, which allauth then
    asks for at every log-in): until they set one up they read and write as any member, on the site as in
    the admin (reconnect/admin.py sends them to set it up).

    Asked once per request and member object; between requests the answer is kept in the cache.
    """
    if not (user and user.is_authenticated and user.is_active):
        return False
    known = getattr(user, "_reconnect_is_moderator", None)
    if known is None:
        known = user._reconnect_is_moderator = _kept(user)
    return known


def role_key(user) -> str:
    """Where the member's role is kept: under the versions of what decides it."""
    parts = [
        *pagecache.versions([ROLES, member_version(user.pk)]),
        str(user.pk),
        str(user.is_superuser),
        str(settings.RECONNECT_MODERATOR_MFA),
    ]
    return ROLE_PREFIX + pagecache.digest(parts)


def want_role(user) -> None:
    """This request will ask for the member's role: read it with the request's other kept values."""
    pagecache.want_versions(ROLES, member_version(user.pk))
    pagecache.want_values(lambda: [role_key(user)])


def _kept(user) -> bool:
    return pagecache.kept_or_made(lambda: role_key(user), lambda: _ask(user))


def _ask(user) -> bool:
    """The database's answer (Django's permission lookups, which the admin then reuses on this request)."""
    if not user.has_perm(MODERATE_PERMISSION):
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


# What makes a kept role stale ---------------------------------------------------------------------------------------


def _forget_on(user) -> None:
    """The member object in hand answers anew (Django's own permission caches too)."""
    for name in ("_reconnect_is_moderator", "_reconnect_has_app", "_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(name, None)
    user.__dict__.pop("_group_perm_cache", None)


def _members_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    """A member's groups or own permissions changed (from either side of the relation)."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, get_user_model()):
        _forget_on(instance)
        member_changed(instance.pk)
    elif action == "post_clear":
        pagecache.bump(ROLES)  # A group or permission lost all its members: which ones is no longer known.
    else:
        member_changed(*(pk_set or ()))


def _roles_changed(sender, **kwargs) -> None:
    pagecache.bump(ROLES)


def _authenticator_changed(sender, instance: Authenticator, **kwargs) -> None:
    member_changed(instance.user_id)


def _member_saved(sender, instance, **kwargs) -> None:
    """The member's row is kept for their requests (accounts.backends)."""
    member_changed(instance.pk)


def connect() -> None:
    """Connect the receivers (accounts.apps, once the models are loaded)."""
    member = get_user_model()
    m2m_changed.connect(_members_changed, sender=member.groups.through, dispatch_uid="roles-groups")
    m2m_changed.connect(_members_changed, sender=member.user_permissions.through, dispatch_uid="roles-permissions")
    m2m_changed.connect(_roles_changed, sender=Group.permissions.through, dispatch_uid="roles-group-permissions")
    for model in (Group, Permission):
        post_delete.connect(_roles_changed, sender=model, dispatch_uid=f"roles-{model.__name__}-deleted")
    post_save.connect(_authenticator_changed, sender=Authenticator, dispatch_uid="roles-authenticator-saved")
    post_save.connect(_member_saved, sender=member, dispatch_uid="roles-member-saved")
    post_delete.connect(_member_saved, sender=member, dispatch_uid="roles-member-deleted")
    post_delete.connect(_authenticator_changed, sender=Authenticator, dispatch_uid="roles-authenticator-deleted")
