import pytest
from django.test import Client

from tests.factories import ModeratorFactory, PostFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def member(db):
    return UserFactory(display_name="Anna")


@pytest.fixture
def stranger(db):
    return UserFactory(display_name="Stranger")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(display_name="Mo")


@pytest.fixture
def post(member):
    return PostFactory(author=member)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(member):
    return login(member)


@pytest.fixture
def stranger_client(stranger):
    return login(stranger)


@pytest.fixture
def moderator_client(moderator):
    return login(moderator)
