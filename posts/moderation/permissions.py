"""Who may report what to the moderators (messages: posts.contact.permissions).

Each `check_*` raises `PermissionDenied` with the true reason; `can_*` wrap them for templates.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import allows, check_can_write
from posts.models import Comment, Post

__all__ = ["can_report_comment", "can_report_post", "check_report_comment", "check_report_post"]


def check_report_post(user, post: Post) -> None:
    check_can_write(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("This is your own request: edit or close it instead of reporting it."))


def check_report_comment(user, comment: Comment) -> None:
    check_can_write(user)
    if comment.author_id == user.pk:
        raise PermissionDenied(_("This is your own comment: delete it instead of reporting it."))


def can_report_post(user, post: Post) -> bool:
    return allows(check_report_post, user, post)


def can_report_comment(user, comment: Comment) -> bool:
    return allows(check_report_comment, user, comment)
