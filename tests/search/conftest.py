import pytest
from django.core.cache import cache
from django.utils import timezone

from posts.models import Moderation, Post
from posts.requests.services import POST_FIELDS
from posts.search.index import index_post
from tests.factories import UserFactory
from tests.search.corpus import CORPUS

MODEL_FIELDS = (*POST_FIELDS, "moderation")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test database starts empty; so must the cached search results of the process."""
    cache.clear()
    yield
    cache.clear()


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
