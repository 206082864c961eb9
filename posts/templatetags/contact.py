from django import template

from posts.requests import permissions

register = template.Library()


@register.filter
def can_start_conversation(post, user) -> bool:
    return permissions.can_start_conversation(user, post)
