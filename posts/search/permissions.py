"""Who may keep saved searches. Saving one is a way of reading: a silenced member may still do it."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import check_active_member
from posts.models import SavedSearch

__all__ = ["check_change_saved_search", "check_save_search"]


def check_save_search(user) -> None:
    check_active_member(user)


def check_change_saved_search(user, saved_search: SavedSearch) -> None:
    """Rename, switch its emails, or delete it: its owner alone."""
    check_active_member(user)
    if saved_search.user_id != user.pk:
        raise PermissionDenied(_("This is not your saved search."))
