"""What accounts keeps of events sent by the layers below it."""

from accounts.models import FailedEmail

# The error's text is kept for moderators to read; a traceback is in the log.
ERROR_KEPT_CHARS = 2000


def record_failed_email(sender, *, user, kind: str, error: BaseException, **kwargs) -> None:
    """Keep a row for an email that could not be sent, for moderators to see in the admin."""
    if user.pk is None:
        return
    FailedEmail.objects.create(
        user_id=user.pk, kind=kind[:60], error=f"{type(error).__name__}: {error}"[:ERROR_KEPT_CHARS]
    )
