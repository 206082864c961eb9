"""A published request made through the services, and the people around it."""

import pytest

from posts.models import Notification
from posts.requests import services
from tests.factories import PostFactory, UserFactory

REQUEST = {
    "title": "Looking for Katharina from the Hamburg choir",
    "sought_name": "Katharina Vogel",
    "relationship": "friend",
    "met_place": "St. Michaelis choir",
    "met_city": "Hamburg",
    "met_country": "DE",
    "story": "We sang together every Thursday in 2009.",
}

# Personal details in a private lead: only the poster, its author and moderators may ever read them.
SECRET_LEAD = "She goes by Kathi Lindqvist now and works night shifts at the Altona fish market bakery."


@pytest.fixture
def poster(member):
    """A member whose earlier request was published, so the next one goes straight out."""
    PostFactory(author=member, sought_name="Someone Else Entirely", met_place="Elsewhere", met_country="JP")
    return member


@pytest.fixture
def looking_for(poster):
    return services.create_post(author=poster, data=REQUEST)


@pytest.fixture
def follower(looking_for):
    user = UserFactory(display_name="Fiona Follower")
    services.follow_post(user=user, post=looking_for)
    return user


@pytest.fixture
def commenter(db):
    return UserFactory(display_name="Carl Commenter")


@pytest.fixture
def helper(db):
    return UserFactory(display_name="Hanna Helper")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what a block queued for after its commit, as a real request would (emails are sent then)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def heard(user) -> list[tuple[str, int | None]]:
    """What `user` was told of, as (kind, comment id), oldest first."""
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", "comment_id"))


def mail_to(mailoutbox, user) -> list:
    return [email for email in mailoutbox if email.to == [user.email]]


def every_part(email) -> str:
    """Subject, headers, text and HTML of an email, as one string to search."""
    return "\n".join(
        [email.subject, *map(str, email.extra_headers.values()), email.body, *(body for body, _ in email.alternatives)]
    )
