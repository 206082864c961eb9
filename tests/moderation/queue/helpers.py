"""Shared by the queue tests: held items."""

from posts.models import Moderation
from tests.factories import CommentFactory, PostFactory


def held_post(**kwargs):
    return PostFactory(moderation=Moderation.PENDING, published_at=None, **kwargs)


def held_comment(**kwargs):
    return CommentFactory(moderation=Moderation.PENDING, **kwargs)
