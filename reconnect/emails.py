"""Emails to members: in the recipient's language, as plain text with an HTML twin.

The text part and the subject are rendered without HTML escaping (templates say `{% autoescape off %}`):
they are plain text, and "Tom & Jerry's" must arrive as typed. The HTML part is that text escaped as a
whole, with only the site's own links made clickable, so nothing a member wrote becomes an element or an
attribute. Header values are made one line first: a newline in a title must not stop the email.

A delivery that fails is logged at ERROR and announced through `delivery_failed`, so that the member's
account can keep a record moderators see (accounts.receivers); it never takes the caller down with it.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

# Sent with `user`, `kind` (the template's name) and `error` when an email to a member could not be sent.
delivery_failed = Signal()

# Line breaks and other control characters (C0, DEL, C1, Unicode line and paragraph separators).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_value(value: str) -> str:
    """`value` on one line: every run of line breaks and control characters becomes one space."""
    return _CONTROL.sub(" ", str(value)).strip()


def _site_links(text: str, site_url: str) -> SafeString:
    """`text` escaped for HTML, with the site's own addresses (and only those) made links."""
    if not site_url:
        return mark_safe(escape(text))  # noqa: S308 - escaped as a whole just now.
    pattern = re.compile(re.escape(site_url) + r"(?:/[^\s<>\"'“”]*)?")
    parts: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        parts.append(escape(text[last : found.start()]))
        url = escape(found.group(0))
        parts.append(f'<a href="{url}">{url}</a>')
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above.


def send_to_user(user, template: str, context: dict, *, headers: dict | None = None) -> bool:
    """Render emails/<template>_subject.txt and emails/<template>.txt for `user`, and send both forms.

    Return whether it went; a failure is logged and announced (`delivery_failed`), not raised.
    """
    try:
        _send(user.email, user.interface_language, template, {"user": user, **context}, headers=headers)
    except Exception as error:
        logger.error(
            "Email %r to member %s failed: %s", template, user.pk, error, exc_info=True,
            extra={"recipient_id": user.pk, "email_kind": template},
        )  # fmt: skip
        delivery_failed.send(sender=send_to_user, user=user, kind=template, error=error)
        return False
    return True


def send_to_address(email: str, language: str, template: str, context: dict, *, headers: dict | None = None) -> bool:
    """`send_to_user` for someone known by an email address alone (a visitor), in `language`.

    A failure is logged, not raised; there is no account to keep a record on.
    """
    try:
        _send(email, language, template, context, headers=headers)
    except Exception as error:
        logger.error("Email %r to a visitor failed: %s", template, error, exc_info=True, extra={"email_kind": template})
        return False
    return True


def _send(address: str, language: str, template: str, context: dict, *, headers: dict | None = None) -> None:
    site_url = settings.RECONNECT_SITE_URL.rstrip("/")
    context = {"site_url": site_url, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = header_value(render_to_string(f"emails/{template}_subject.txt", context))
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(
            "emails/base.html", {**context, "subject": subject, "body": _site_links(text, site_url)}
        )
    message = EmailMultiAlternatives(
        header_value(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject),
        text,
        None,
        [address],
        headers={name: header_value(value) for name, value in (headers or {}).items()},
    )
    message.attach_alternative(html, "text/html")
    message.send()
