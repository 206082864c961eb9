import pytest
from django.utils import timezone

from posts.models import Moderation, Post
from posts.requests.services import POST_FIELDS
from posts.search.index import index_post, reset_vocabulary_cache
from tests.factories import UserFactory
from tests.search.corpus import CORPUS

MODEL_FIELDS = (*POST_FIELDS, "moderation")


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    """Each test database starts empty; so must the per-process vocabulary."""
    reset_vocabulary_cache()
    yield
    reset_vocabulary_cache()


@pytest.fixture
def corpus(db) -> dict[str, Post]:
    """Every corpus request saved and indexed, by its key; each has its own author."""
    posts = {}
    for entry in CORPUS:
        post = Post(author=UserFactory(), **{name: entry[name] for name in MODEL_FIELDS if name in entry})
        if post.moderation == Moderation.PUBLISHED:
            post.published_at = timezone.now()
        post.full_clean()
        post.save()
        index_post(post)
        posts[entry["key"]] = post
    return posts
