"""Small helpers shared by the page tests."""

import re


def error_beside(response, field: str) -> list[str]:
    """The error messages rendered beside one field (its element ids end in `_error`)."""
    return re.findall(rf'id="id_{re.escape(field)}_error"[^>]*>([^<]*)<', response.text)


def logged(obj, *fields: str) -> list[tuple]:
    """The moderation actions taken on `obj`, oldest first, as (kind, reason) or as the `fields` asked for."""
    from posts.models import ModerationAction

    actions = ModerationAction.objects.about(obj).order_by("created_at", "pk")
    return list(actions.values_list(*(fields or ("action", "reason"))))
