"""Messages to the moderators from the Contact page, for what no report button covers."""

from typing import Any

from django.utils import translation

from accounts.models import ContactMessage


def send_contact_message(*, data: dict[str, Any], user=None) -> ContactMessage:
    """Keep the message where moderators read it (the admin's "Messages to the moderators")."""
    member = user if user is not None and user.is_authenticated else None
    return ContactMessage.objects.create(
        topic=data["topic"],
        name=data.get("name", ""),
        email=data["email"],
        body=data["body"],
        user=member,
        language=translation.get_language() or "",
    )
