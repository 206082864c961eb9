import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from tests.factories import PostFactory, UserFactory

ENGLISH_TITLE = "Looking for Simon, my classmate in Iowa"
ENGLISH_STORY = "We were in the same chemistry class at Regina High School. He played the cello."
CHINESE_TITLE = "寻找西蒙，我在爱荷华的同学"
CHINESE_STORY = "我们在里贾纳高中同一个化学班。他拉大提琴，总是在午饭时练习。"


@pytest.fixture(autouse=True)
def _commit_at_once(monkeypatch):
    """What waits for the commit (notifications, their fan-out) runs at once: these tests never commit."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _back_to_english():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def poster(db):
    return UserFactory(display_name="Katharina")


@pytest.fixture
def translator(db):
    return UserFactory(display_name="Xiaoming", languages=["zh-hans", "en"])


@pytest.fixture
def english_post(poster):
    return PostFactory(author=poster, title=ENGLISH_TITLE, story=ENGLISH_STORY, sought_name="Simon Fischer")
