"""A member with something of everything, and the others their data touches."""

from dataclasses import dataclass

import pytest

from accounts.models import SanctionKind, TrustLevel
from posts.models import (
    Comment,
    Conversation,
    ConversationKind,
    Follow,
    Message,
    Notification,
    NotificationKind,
    OptOut,
    Photo,
    Post,
    ReportReason,
    SavedSearch,
)
from posts.moderation import actions, trust
from tests.conftest import login
from tests.factories import CommentFactory, ModeratorFactory, PhotoFactory, PostFactory, ReportFactory, UserFactory

# Text only the leaving member wrote: none of it may survive the deletion anywhere.
LEAVER_EMAIL = "zebulon.quackenbush@example.org"
LEAVER_NAME = "Zebulon Quackenbush"
LEAVER_BIO = "I collect blue teapots from Tromsø."
LEAVER_TITLE = "Looking for Marguerite Oyelaran from the Gdansk summer camp"
LEAVER_STORY = "We shared a tent by the Motława river and sang until sunrise."
LEAVER_CAPTION = "The orange tent at dawn"
LEAVER_COMMENT = "Ask the harbour master in Kirkenes about him."
LEAVER_HELPFUL = "He runs the bakery on Storgata now, try there."
LEAVER_MESSAGE = "This is Zebulon: my cousin knew your sister in Kraków."
LEAVER_ANSWER = "Our teacher was Mrs Wiśniewska."
LEAVER_REPORT = "This request copies my cousin's words without asking."
LEAVER_SEARCH = "Teapot cousins search"
LEAVER_OPT_OUT = "Zebulon Q. from Hammerfest"
LEAVER_TEXTS = (
    LEAVER_EMAIL,
    LEAVER_NAME,
    LEAVER_BIO,
    LEAVER_TITLE,
    LEAVER_STORY,
    LEAVER_CAPTION,
    LEAVER_COMMENT,
    LEAVER_HELPFUL,
    LEAVER_MESSAGE,
    LEAVER_ANSWER,
    LEAVER_REPORT,
    LEAVER_SEARCH,
    LEAVER_OPT_OUT,
)

# Others' writing that the leaver's export must never carry.
OTHER_EMAIL = "vesna.other@example.org"
OTHER_PRIVATE_LEAD = "Private: Marguerite's phone is +48 601 234 567."
OTHER_MESSAGE = "Vesna here: my sister lives at Długa 12 now."
OTHER_REPLY = "Thank you, that bakery was it!"
OTHER_TITLE = "Looking for Piotr, my sister's classmate"


@dataclass
class World:
    leaver: object
    other: object
    leaver_post: Post
    other_post: Post
    resolved_post: Post
    photo: Photo
    deleted_comment: Comment
    helpful_comment: Comment
    replied_comment: Comment
    conversation: Conversation


@pytest.fixture
def world(db) -> World:
    leaver = UserFactory(email=LEAVER_EMAIL, display_name=LEAVER_NAME, bio=LEAVER_BIO)
    other = UserFactory(email=OTHER_EMAIL, display_name="Vesna")
    leaver_post = PostFactory(author=leaver, title=LEAVER_TITLE, story=LEAVER_STORY, sought_name="Marguerite Oyelaran")
    photo = PhotoFactory(post=leaver_post, caption=LEAVER_CAPTION)
    CommentFactory(post=leaver_post, author=other, body=OTHER_PRIVATE_LEAD, is_lead=True, is_private=True)

    other_post = PostFactory(author=other, title=OTHER_TITLE, claim_question="Who was our teacher?")
    deleted_comment = CommentFactory(post=other_post, author=leaver, body=LEAVER_COMMENT)
    # Later replied to by someone else on another request: a conversation that would break.
    resolved_post = PostFactory(author=other, title="Looking for Jonas")
    replied_comment = CommentFactory(post=resolved_post, author=leaver, body=LEAVER_COMMENT + " Really.")
    helpful_comment = CommentFactory(post=resolved_post, author=leaver, body=LEAVER_HELPFUL, is_lead=True)
    CommentFactory(post=resolved_post, author=other, body=OTHER_REPLY)
    resolved_post.status, resolved_post.resolved_comment = "resolved", helpful_comment
    resolved_post.save()

    conversation = Conversation.objects.create(
        post=other_post,
        starter=leaver,
        kind=ConversationKind.THIS_IS_ME,
        claim_question=other_post.claim_question,
        claim_answer=LEAVER_ANSWER,
    )
    Message.objects.create(conversation=conversation, author=leaver, body=LEAVER_MESSAGE)
    Message.objects.create(conversation=conversation, author=other, body=OTHER_MESSAGE)

    ReportFactory(reporter=leaver, post=other_post, reason=ReportReason.OTHER, details=LEAVER_REPORT)
    Follow.objects.create(user=leaver, post=other_post)
    SavedSearch.objects.create(user=leaver, name=LEAVER_SEARCH, query="q=teapot")
    OptOut.objects.create(user=leaver, name=LEAVER_OPT_OUT, details="Hammerfest school, 1999")
    Notification.objects.create(recipient=leaver, kind=NotificationKind.NEW_LEAD, post=other_post)
    # Moderators' reasons may quote the member: the log about them must not keep their words.
    moderator = ModeratorFactory()
    sanction = actions.sanction_user(
        user=leaver, by=moderator, kind=SanctionKind.SILENCE, days=1, reason=f"Kept posting “{LEAVER_BIO}”"
    )
    actions.lift_sanction(sanction=sanction, by=moderator)
    trust.set_level(user=leaver, by=moderator, level=TrustLevel.TRUSTED, reason=f"{LEAVER_NAME} is known to us")
    return World(
        leaver=leaver,
        other=other,
        leaver_post=leaver_post,
        other_post=other_post,
        resolved_post=resolved_post,
        photo=photo,
        deleted_comment=deleted_comment,
        helpful_comment=helpful_comment,
        replied_comment=replied_comment,
        conversation=conversation,
    )


@pytest.fixture
def leaver_client(world):
    return login(world.leaver)


@pytest.fixture
def other_client(world):
    return login(world.other)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what is queued for after the commit (file deletions, task emails), as a real request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
