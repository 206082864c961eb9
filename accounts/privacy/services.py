"""Asking for a copy of one's data: at most one prepared at a time, and one per RECONNECT_EXPORT_INTERVAL_HOURS."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import DataExport, User
from accounts.privacy.tasks import prepare_export


def export_interval() -> timedelta:
    return timedelta(hours=settings.RECONNECT_EXPORT_INTERVAL_HOURS)


def _already_pending() -> ValidationError:
    return ValidationError(
        _("We are already preparing a copy of your data; we will email you a link when it is ready."),
        code="export_pending",
    )


def request_export(*, user) -> DataExport:
    """Start preparing `user`'s export, or raise ValidationError saying why not (one pending, or asked too lately).

    An export still pending after a whole interval is taken for lost (its worker died) and no longer blocks.
    """
    now = timezone.now()
    with transaction.atomic():
        # One member's requests wait for each other here; the constraint catches any that do not lock.
        User.objects.select_for_update().filter(pk=user.pk).first()
        last = DataExport.objects.filter(user=user).order_by("-requested_at", "-pk").first()
        if last is not None and last.requested_at > now - export_interval():
            if last.finished_at is None:
                raise _already_pending()
            hours = settings.RECONNECT_EXPORT_INTERVAL_HOURS
            after = formats.date_format(timezone.localtime(last.requested_at + export_interval()), "DATETIME_FORMAT")
            raise ValidationError(
                ngettext(
                    "You asked for a copy of your data less than %(hours)d hour ago, and we emailed you a link "
                    "to it. You can ask for a new one after %(after)s.",
                    "You asked for a copy of your data less than %(hours)d hours ago, and we emailed you a link "
                    "to it. You can ask for a new one after %(after)s.",
                    hours,
                )
                % {"hours": hours, "after": after},
                code="export_too_soon",
            )
        DataExport.objects.filter(user=user, finished_at__isnull=True).update(finished_at=now)  # Lost ones.
        try:
            with transaction.atomic():
                export = DataExport.objects.create(user=user, requested_at=now)
        except IntegrityError:
            raise _already_pending() from None
    transaction.on_commit(lambda: prepare_export.enqueue(user_id=user.pk, export_id=export.pk))
    return export
