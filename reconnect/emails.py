"""Emails to members: in the recipient's language, as plain text with an HTML twin."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_to_user(user, template: str, context: dict, *, headers: dict | None = None) -> None:
    """Render emails/<template>_subject.txt and emails/<template>.txt for `user`, and send both forms."""
    context = {"user": user, "site_url": settings.RECONNECT_SITE_URL.rstrip("/"), **context}
    with translation.override(user.interface_language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string("emails/base.html", {**context, "subject": subject, "body": text})
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, text, None, [user.email], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send()
