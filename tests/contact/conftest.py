import pytest

from tests.conftest import login
from tests.contact.helpers import QUESTION
from tests.factories import PostFactory, UserFactory


@pytest.fixture
def claim_post(member):
    """Anna's request, with a question only the person sought could answer."""
    return PostFactory(author=member, title="Looking for Simon from Regina High", claim_question=QUESTION)


@pytest.fixture
def claimant(db):
    return UserFactory(display_name="Simon")


@pytest.fixture
def claimant_client(claimant):
    return login(claimant)


@pytest.fixture
def helper(db):
    return UserFactory(display_name="Helper Hui")


@pytest.fixture
def helper_client(helper):
    return login(helper)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what services queue for after the commit (the email tasks), as a real request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
