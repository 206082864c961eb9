"""A member's notifications and email settings: their part of the export, and of an account deletion.

Receivers of accounts.privacy.signals, connected in posts/apps.py.
"""

from accounts.privacy.signals import UserDataExport
from accounts.roles import member_changed
from posts.models import Notification, NotificationSetting


def export_reach(sender, *, user, export: UserDataExport, **kwargs) -> None:
    export.add(
        "notifications",
        list(
            Notification.objects.filter(recipient=user).values(
                "kind", "post_id", "comment_id", "created_at", "read_at", "emailed_at"
            )
        ),
    )
    export.add("notification_settings", list(NotificationSetting.objects.filter(user=user).values("kind", "email")))


def erase_reach(sender, *, user, **kwargs) -> None:
    Notification.objects.filter(recipient=user).delete()
    member_changed(user.pk)
    NotificationSetting.objects.filter(user=user).delete()
