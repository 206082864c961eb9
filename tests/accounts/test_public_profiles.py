"""A profile is public only once its member has published something; until then it is not found, except by them."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Moderation, OptOut
from tests.conftest import login
from tests.factories import CommentFactory, PostFactory, UserFactory

BIO = "I only want to be left alone."


def _profile(person) -> str:
    return reverse("accounts:profile", kwargs={"pk": person.pk})


@pytest.fixture
def opted_out(db):
    """Someone who signed up only to say "do not post about me"."""
    person = UserFactory(display_name="Quiet Person", bio=BIO)
    OptOut.objects.create(user=person, name="Quiet Person")
    return person


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_profile_of_someone_who_only_registered_an_opt_out_is_not_found(client, opted_out, reader):
    browser = client if reader == "anonymous" else login(UserFactory())

    response = browser.get(_profile(opted_out))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Quiet Person" not in response.text
    assert BIO not in response.text


HIDDEN_WRITING = {
    "a request waiting for review": lambda person: PostFactory(author=person, moderation=Moderation.PENDING),
    "a hidden request": lambda person: PostFactory(author=person, moderation=Moderation.HIDDEN),
    "a removed request": lambda person: PostFactory(author=person, moderation=Moderation.REMOVED),
    "a comment waiting for review": lambda person: CommentFactory(author=person, moderation=Moderation.PENDING),
    "a hidden comment": lambda person: CommentFactory(author=person, moderation=Moderation.HIDDEN),
    "a private lead": lambda person: CommentFactory(author=person, is_lead=True, is_private=True),
    "a comment on a hidden request": lambda person: CommentFactory(
        author=person, post=PostFactory(moderation=Moderation.HIDDEN)
    ),
}


@pytest.mark.parametrize("writing", HIDDEN_WRITING)
def test_profile_of_someone_whose_writing_nobody_else_can_read_is_not_found(client, db, writing):
    person = UserFactory(display_name="Unseen")
    HIDDEN_WRITING[writing](person)

    assert client.get(_profile(person)).status_code == HTTPStatus.NOT_FOUND
    assert login(UserFactory()).get(_profile(person)).status_code == HTTPStatus.NOT_FOUND


PUBLISHED_WRITING = {
    "a published request": lambda person: PostFactory(author=person),
    "a published comment": lambda person: CommentFactory(author=person),
    "a published public lead": lambda person: CommentFactory(author=person, is_lead=True),
}


@pytest.mark.parametrize("writing", PUBLISHED_WRITING)
def test_profile_of_someone_who_published_is_public(client, db, writing):
    person = UserFactory(display_name="Helper", bio="Retired teacher in Chengdu.")
    PUBLISHED_WRITING[writing](person)

    response = client.get(_profile(person))

    assert response.status_code == HTTPStatus.OK
    assert "Retired teacher in Chengdu." in response.text


def test_a_member_and_moderators_still_see_a_profile_with_nothing_published(opted_out, moderator):
    for reader in (opted_out, moderator):
        response = login(reader).get(_profile(opted_out))
        assert response.status_code == HTTPStatus.OK
        assert BIO in response.text
