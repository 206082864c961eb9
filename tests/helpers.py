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


# A new request as its form posts it, with six empty photo slots: add "photos-0-image" and so on.
NEW_REQUEST = {
    "title": "Looking for the photographer",
    "sought_name": "Jonas",
    "relationship": "friend",
    "story": "He took this picture of us.",
    "photos-TOTAL_FORMS": "6",
    "photos-INITIAL_FORMS": "0",
    "photos-MIN_NUM_FORMS": "0",
    "photos-MAX_NUM_FORMS": "6",
}
