from django import template

from posts.admin_views import waiting_count
from posts.models import is_moderator

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_waiting(context) -> int | None:
    """How many items wait in the review queue, for moderators only (None for anyone else)."""
    request = context.get("request")
    if request is None or not is_moderator(request.user):
        return None
    return waiting_count()
