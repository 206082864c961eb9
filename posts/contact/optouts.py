from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from posts.models import OptOut, Post
from posts.requests import permissions

User = get_user_model()


def matches_an_opt_out(post: Post) -> bool:
    """Whether a sought name of this request is close to a name someone registered as "do not post about me"."""
    from posts.search.index import sought_names
    from posts.search.namekeys import split_names
    from posts.search.query import name_matches, parse_query

    queries = [parse_query(name) for name in sought_names(post)]
    for opt_out in OptOut.objects.exclude(user_id=post.author_id).only("name", "other_names"):
        for name in [opt_out.name, *split_names(opt_out.other_names)]:
            if any(name_matches(query, name) for query in queries):
                return True
    return False


def register_opt_out(*, user, name: str, other_names: str = "", details: str = "") -> OptOut:
    if not permissions.has_verified_email(user):
        raise PermissionDenied(_("Please verify your email address first."))
    if not name.strip():
        raise ValidationError(_("Please give your name."), code="required")
    return OptOut.objects.create(user=user, name=name.strip(), other_names=other_names.strip(), details=details.strip())


def withdraw_opt_out(*, opt_out: OptOut, by) -> None:
    if opt_out.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("This is not your opt-out."))
    opt_out.delete()
