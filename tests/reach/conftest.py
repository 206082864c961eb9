"""A small world with every kind of thing a feed, the sitemap or a share link must leave out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Moderation, Post, Status
from tests.contact.consent.helpers import consenting_conversation
from tests.factories import CommentFactory, PostFactory, UserFactory

HIDDEN_TITLES = ("Hidden Zanzibar request", "Pending Zanzibar request", "Removed Zanzibar request")
PRIVATE_LEAD = "Private lead: her phone is +49 170 5550199"
HIDDEN_COMMENT = "Hidden comment with a spam link"


@pytest.fixture
def world(db):
    """Two published requests (one reunited), three unpublished ones, and comments of every kind."""
    author = UserFactory(display_name="Anna", email="anna.secret@example.com")
    helper = UserFactory(display_name="Helper Hu", email="hu.secret@example.com")
    now = timezone.now()
    open_post = PostFactory(
        author=author,
        title="Looking for Simon & “the cellist” <Iowa>",
        story="We were in the **same chemistry class**. He played the cello & sang.\n\nHe moved away in 2018.",
        published_at=now - timedelta(days=2),
    )
    reunited = PostFactory(author=author, title="Looking for Mrs Li, my teacher", published_at=now - timedelta(days=5))
    Post.objects.filter(pk=reunited.pk).update(
        status=Status.RESOLVED, resolved_at=now - timedelta(days=1), resolved_note="We met again in Wuhan!"
    )
    reunited.refresh_from_db()
    consenting_conversation(reunited)  # The person found agreed to the reunion story.
    for title, moderation in zip(
        HIDDEN_TITLES, (Moderation.HIDDEN, Moderation.PENDING, Moderation.REMOVED), strict=True
    ):
        hidden = PostFactory(author=author, title=title, moderation=moderation)
        if moderation != Moderation.PENDING:
            Post.objects.filter(pk=hidden.pk).update(
                status=Status.RESOLVED, resolved_at=now, resolved_note="Hidden reunion note"
            )
        CommentFactory(post=hidden, author=helper, body="Comment on a hidden request")
    public_lead = CommentFactory(
        post=open_post, author=helper, body="I think he moved to **Hamburg**.", is_lead=True, created_at=now
    )
    reply = CommentFactory(
        post=open_post, author=author, body="Thank you, I will look.", created_at=now + timedelta(minutes=1)
    )
    CommentFactory(post=open_post, author=helper, body=PRIVATE_LEAD, is_lead=True, is_private=True)
    CommentFactory(post=open_post, author=helper, body=HIDDEN_COMMENT, moderation=Moderation.HIDDEN)
    return {
        "author": author,
        "helper": helper,
        "open": open_post,
        "reunited": reunited,
        "hidden": list(Post.objects.exclude(moderation=Moderation.PUBLISHED)),
        "public_lead": public_lead,
        "reply": reply,
    }
