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


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth's rate limits count in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser(db):
    return UserFactory(display_name="Root", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser):
    return login(superuser)


@pytest.fixture
def admin_action():
    """POST an action to a model's admin changelist, as its action menu does."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    def run(client, model, action: str, objects, **data):
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **data})

    return run


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password for every user; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    """Tests post forms at once; the antispam tests turn the check back on."""
    settings.RECONNECT_MIN_FILL_SECONDS = 0


@pytest.fixture
def no_page_cache(settings):
    """Pages made anew for every reader: for tests that count what making one costs (reconnect/pagecache.py)."""
    settings.RECONNECT_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _moderator_mfa_not_required(settings):
    """Moderators' tests log in with force_login; the two-factor rule has its own tests (test_moderator_mfa.py)."""
    settings.RECONNECT_MODERATOR_MFA = False
