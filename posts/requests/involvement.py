"""Which requests a member follows and which they wrote on, kept per member between their requests.

A request's page asks both of every member who reads it: whether to offer "Follow" or "Following · stop",
and whether they read its comments as a visitor does (their own pending comments and private leads are
shown to them alone; posts.requests.views._reads_as_visitor). Both are kept in the cache under the member's
version (accounts.roles.member_version), bumped by every follow and unfollow and by every comment they write
or that is deleted, so that such a page asks the database for neither. A member only ever reads their own.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from accounts.roles import member_changed, member_version
from posts.models import Comment, Follow
from reconnect import pagecache

INVOLVEMENT_PREFIX = "member:involvement:"


@dataclass(frozen=True)
class Involvement:
    following: frozenset[int]  # the requests they follow
    wrote_on: frozenset[int]  # the requests they wrote a comment on, in any state


def involvement(user) -> Involvement:
    """The member's follows and the requests they commented on: asked once per request and member object."""
    known = getattr(user, "_reconnect_involvement", None)  # the member object, even through a lazy request.user
    if known is None:
        known = user._reconnect_involvement = _kept(user)
    return known


def follows(user, post_id: int) -> bool:
    if not user.is_authenticated:
        return False
    if not pagecache.seconds():  # nothing kept: ask of this request only
        return Follow.objects.filter(user_id=user.pk, post_id=post_id).exists()
    return post_id in involvement(user).following


def wrote_on(user, post_id: int) -> bool:
    if not user.is_authenticated:
        return False
    if not pagecache.seconds():
        return Comment.objects.filter(author_id=user.pk, post_id=post_id).exists()
    return post_id in involvement(user).wrote_on


def _key(user) -> str:
    return INVOLVEMENT_PREFIX + pagecache.digest([*pagecache.versions([member_version(user.pk)]), str(user.pk)])


def _kept(user) -> Involvement:
    return pagecache.kept_or_made(lambda: _key(user), lambda: _ask(user))


def _ask(user) -> Involvement:
    return Involvement(
        following=frozenset(Follow.objects.filter(user_id=user.pk).values_list("post_id", flat=True)),
        wrote_on=frozenset(Comment.objects.filter(author_id=user.pk).values_list("post_id", flat=True).distinct()),
    )


# What makes it stale ----------------------------------------------------------------------------------------------


def _follow_changed(sender, instance: Follow, **kwargs) -> None:
    member_changed(instance.user_id)


def _comment_saved(sender, instance: Comment, created: bool, **kwargs) -> None:
    if created:
        member_changed(instance.author_id)


def _comment_deleted(sender, instance: Comment, **kwargs) -> None:
    member_changed(instance.author_id)


def connect() -> None:
    """Connect the receivers (posts.apps, once the models are loaded). Writes that go round the signals
    (`bulk_create`, raw deletions: the demo and bench loaders only) call `member_changed` themselves."""
    post_save.connect(_follow_changed, sender=Follow, dispatch_uid="involvement-follow-saved")
    post_delete.connect(_follow_changed, sender=Follow, dispatch_uid="involvement-follow-deleted")
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="involvement-comment-saved")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="involvement-comment-deleted")
