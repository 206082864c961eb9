from django import template

from accounts.roles import is_moderator
from posts.moderation.views import waiting_count

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_waiting(context) -> int | None:
    """How many items wait in the review queue, for moderators only (None for anyone else)."""
    request = context.get("request")
    if request is None or not is_moderator(request.user):
        return None
    return waiting_count()
