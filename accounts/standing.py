"""What decides whether a member may write, kept for their pages: a verified email address and their sanctions.

Every page a member reads asks whether they may write (the forms it offers, the links beside each comment:
accounts.permissions.check_can_write). The answer's two inputs are kept per member in the cache, under their
version (accounts.roles.member_version), like their row and their role, so that such a page asks the database
for neither:

- whether they have a verified email address (bumped by every save or deletion of one of their addresses);
- their sanctions not lifted and not yet ended, in force now or later (bumped by every save or deletion of
  one of their sanctions). Which of them is in force is decided at each read, and the kept copy is read anew
  once the next of them starts or ends, so a sanction starts and ends on time without any write.
"""

import pickle
from datetime import datetime
from functools import cached_property

from django.apps import apps
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from accounts.roles import member_changed, member_version
from reconnect import pagecache

STANDING_PREFIX = "member:standing:"


class Standing:
    """One member's standing. Each part is asked of the database when first read (so a page that needs one
    asks one query when nothing is kept); a kept standing holds both."""

    def __init__(self, user_pk: int | None, now: datetime) -> None:
        self.user_pk, self.read_at = user_pk, now

    @cached_property
    def verified_email(self) -> bool:
        from allauth.account.models import EmailAddress

        return bool(self.user_pk) and EmailAddress.objects.filter(user_id=self.user_pk, verified=True).exists()

    @cached_property
    def sanctions(self) -> tuple:
        """Not lifted and not ended when read, newest start first."""
        if not self.user_pk:
            return ()
        # Looked up, not imported: accounts.models reads the standing (User.active_sanction).
        return tuple(
            apps.get_model("accounts", "Sanction")
            .objects.filter(user_id=self.user_pk, lifted_at__isnull=True)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=self.read_at))
            .order_by("-starts_at", "-pk")
        )

    @property
    def read_again_at(self) -> datetime | None:
        """When one of the sanctions starts or ends: from then on this copy no longer says what is in force."""
        if "sanctions" not in self.__dict__:
            return None  # not read yet: read when it is
        moments = [moment for sanction in self.sanctions for moment in (sanction.starts_at, sanction.ends_at)]
        return min((moment for moment in moments if moment is not None and moment > self.read_at), default=None)

    def in_force(self, kind: str | None = None, now: datetime | None = None):
        """The sanction in force at `now` (of `kind`, if given), the latest to start first; None when none is."""
        now = now or timezone.now()
        for sanction in self.sanctions:
            if (kind is None or sanction.kind == kind) and sanction.is_active_at(now):
                return sanction
        return None


def standing(user) -> Standing:
    """The member's standing, asked once per request and member object; between requests kept in the cache."""
    known = getattr(user, "_reconnect_standing", None)  # the member object, even through a lazy request.user
    if known is not None and (known.read_again_at is None or timezone.now() < known.read_again_at):
        return known
    known = _kept(user)
    user._reconnect_standing = known
    return known


def _key(user) -> str:
    return STANDING_PREFIX + pagecache.digest([*pagecache.versions([member_version(user.pk)]), str(user.pk)])


def _kept(user) -> Standing:
    if not pagecache.seconds() or not user.pk:
        return _ask(user)
    key = _key(user)
    row = pagecache.kept(key)
    known = pickle.loads(row) if row is not None else None  # noqa: S301 - our own pickle, as the cache's are
    if known is None or (known.read_again_at is not None and timezone.now() >= known.read_again_at):
        known = _ask(user)
        known.verified_email, known.sanctions  # noqa: B018 - both asked now, so that both are kept
        pagecache.keep(key, pickle.dumps(known), pagecache.VERSION_SECONDS)
    return known


def _ask(user) -> Standing:
    return Standing(user.pk, timezone.now())


# What makes a kept standing stale -----------------------------------------------------------------------------------


def _changed(sender, instance, **kwargs) -> None:
    member_changed(instance.user_id)


def connect() -> None:
    """Connect the receivers (accounts.apps, once the models are loaded)."""
    from allauth.account.models import EmailAddress

    for model in (apps.get_model("accounts", "Sanction"), EmailAddress):
        post_save.connect(_changed, sender=model, dispatch_uid=f"standing-{model.__name__}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"standing-{model.__name__}-deleted")
