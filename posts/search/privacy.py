"""A member's saved searches: their part of the export, and of an account deletion.

(The name keys of their requests go with the requests: posts.requests.privacy unindexes them.)
Receivers of accounts.privacy.signals, connected in posts/apps.py.
"""

from accounts.privacy.signals import UserDataExport
from posts.models import SavedSearch


def export_saved_searches(sender, *, user, export: UserDataExport, **kwargs) -> None:
    export.add(
        "saved_searches",
        list(SavedSearch.objects.filter(user=user).values("name", "query", "alert", "created_at", "last_alerted_at")),
    )


def erase_saved_searches(sender, *, user, **kwargs) -> None:
    SavedSearch.objects.filter(user=user).delete()
