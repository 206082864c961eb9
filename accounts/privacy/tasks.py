"""Background work for a member's own data (see accounts/privacy/data.py)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.models import DataExport
from accounts.privacy.data import EXPORT_VALID_FOR, store_export
from reconnect.emails import send_to_user

EXPORT_SALT = "reconnect.data-export-download"


def export_token(*, user_id: int, name: str) -> str:
    return signing.dumps({"user": user_id, "file": name}, salt=EXPORT_SALT)


def read_export_token(token: str) -> dict:
    """The owner and file a download link names; raise signing.BadSignature if forged or expired."""
    return signing.loads(token, salt=EXPORT_SALT, max_age=EXPORT_VALID_FOR)


@task()
def prepare_export(*, user_id: int, export_id: int | None = None) -> None:
    """Build a member's export, store it and email them a link that works for a week."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    exports = DataExport.objects.filter(pk=export_id) if export_id else DataExport.objects.none()
    try:
        name = store_export(user)
    except Exception:
        exports.delete()  # It failed: the member may ask again at once.
        raise
    exports.update(finished_at=timezone.now())
    path = reverse("accounts:data_download", kwargs={"token": export_token(user_id=user.pk, name=name)})
    send_to_user(
        user,
        "data_export_ready",
        {"download_url": settings.RECONNECT_SITE_URL.rstrip("/") + path, "days": EXPORT_VALID_FOR.days},
    )
