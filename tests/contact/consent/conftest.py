import pytest
from django.utils import timezone

from posts.models import Status
from tests.conftest import login
from tests.contact.consent.helpers import conversation_on
from tests.factories import PostFactory, UserFactory

STORY = "We met again at the Wuhan railway station after twenty years."


@pytest.fixture
def found(db):
    """The person the poster was looking for, who wrote to them."""
    return UserFactory(display_name="Simon")


@pytest.fixture
def found_client(found):
    return login(found)


@pytest.fixture
def conversation(post, found):
    return conversation_on(post, starter=found)


@pytest.fixture
def reunited(member, found):
    """A reunited request with a story, written while Simon agreed to it."""
    post = PostFactory(
        author=member, title="Looking for Simon from Regina High", status=Status.RESOLVED, resolved_at=timezone.now()
    )
    conversation_on(post, starter=found, agreed=True)
    post.resolved_note = STORY
    post.save(update_fields=["resolved_note"])
    return post
