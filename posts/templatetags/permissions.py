"""Who may do what, for templates: each filter is a `can_*` wrapper of the check that its service calls.

`{% if post|can_follow:user %}` shows the Follow button exactly when following would be allowed.
"""

from django import template

from accounts.roles import is_moderator as _is_moderator
from posts.contact import permissions as contact
from posts.moderation import permissions as moderation
from posts.requests import permissions as requests

register = template.Library()


@register.filter
def is_moderator(user) -> bool:
    return _is_moderator(user)


@register.filter
def can_edit_post(post, user) -> bool:
    return requests.can_edit_post(user, post)


@register.filter
def can_follow(post, user) -> bool:
    return requests.can_follow(user, post)


@register.filter
def can_report_post(post, user) -> bool:
    return moderation.can_report_post(user, post)


@register.filter
def can_start_conversation(post, user) -> bool:
    return contact.can_start_conversation(user, post)


@register.filter
def can_edit_comment(comment, user) -> bool:
    return requests.can_edit_comment(user, comment)


@register.filter
def can_delete_comment(comment, user) -> bool:
    return requests.can_delete_comment(user, comment)


@register.filter
def can_report_comment(comment, user) -> bool:
    return moderation.can_report_comment(user, comment)


@register.filter
def can_give_story_consent(conversation, user) -> bool:
    return contact.can_give_story_consent(user, conversation)


@register.filter
def can_report_message(message, user) -> bool:
    return contact.can_report_message(user, message)
