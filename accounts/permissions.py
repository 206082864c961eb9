"""May this member write at all? The account's own reasons, told in the order a member should hear them.

Every write on the site starts with one of two checks, then adds the reasons of its own object
(posts/requests/permissions.py, posts/contact/permissions.py, posts/search/permissions.py):

- `check_active_member`: logged in, not suspended, not banned. A suspended member cannot log in
  (accounts/backends.py); a session that outlived the suspension writes nothing either.
- `check_can_write`: that, then a verified email address, then not silenced. Everything that others
  read or that reaches the moderators asks it: requests, comments, messages, reports, claims,
  opt-outs, the public profile.

Silence leaves a member what is theirs alone: following requests, saved searches, email settings,
and taking back what they gave (deleting their comments, withdrawing an opt-out or a story consent).
Those ask only `check_active_member`. Their interface language, a copy of their data and deleting their
account are theirs too, whatever a moderator did: nobody else reads them, and a member's own data stays
theirs to take away. Reporting is not: a report reaches the moderators and weighs on others' writing.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Sanction, SanctionKind
from accounts.standing import standing

__all__ = [
    "EmailNotVerified",
    "allows",
    "check_active_member",
    "check_can_write",
    "check_edit_profile",
    "has_verified_email",
    "refusal",
    "sanction_message",
]


class EmailNotVerified(PermissionDenied):
    """Refused until the member verifies an email address; the page that says so also says how."""

    verify_email = True  # Read by templates, which cannot ask isinstance().


def has_verified_email(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return standing(user).verified_email


def _sanction_in_force(user) -> Sanction | None:
    """The sanction that decides what the member may do now: a suspension before a silence."""
    sanction = user.active_sanction()
    if sanction is None or sanction.kind == SanctionKind.SUSPEND:
        return sanction
    return user.active_sanction(SanctionKind.SUSPEND) or sanction


def sanction_message(sanction: Sanction) -> str:
    """What a sanctioned member is told when they try to write, with the day it ends."""
    if sanction.kind == SanctionKind.SUSPEND:
        if sanction.ends_at is None:
            return _("A moderator has suspended your account.")
        return _("A moderator has suspended your account until %(date)s.") % {"date": _date(sanction.ends_at)}
    if sanction.ends_at is None:
        return _("A moderator has stopped your account from writing.")
    return _("A moderator has stopped your account from writing until %(date)s.") % {"date": _date(sanction.ends_at)}


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def check_active_member(user) -> None:
    """Logged in, not suspended, not banned: the least that any write asks."""
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Please log in first."))
    sanction = _sanction_in_force(user)
    if sanction is not None and sanction.kind == SanctionKind.SUSPEND:
        raise PermissionDenied(sanction_message(sanction))
    if not user.is_active:
        if user.banned_at is not None:
            raise PermissionDenied(_("A moderator has banned this account."))
        raise PermissionDenied(_("This account is closed."))


def check_can_write(user) -> None:
    """An active member with a verified email address whom no moderator has silenced."""
    check_active_member(user)
    if not has_verified_email(user):
        raise EmailNotVerified(_("Please verify your email address first."))
    sanction = _sanction_in_force(user)
    if sanction is not None:
        raise PermissionDenied(sanction_message(sanction))


def check_edit_profile(user) -> None:
    """The display name and bio are read by everyone: changing them is writing."""
    check_can_write(user)


def refusal(check: Callable[..., None], *args: Any) -> PermissionDenied | None:
    """What `check` refuses with, or None: for a page that shows the reason in place of a form."""
    try:
        check(*args)
    except PermissionDenied as refused:
        return refused
    return None


def allows(check: Callable[..., None], *args: Any) -> bool:
    """`check` as a yes or no, for the `can_*` wrappers that templates ask."""
    return refusal(check, *args) is None
