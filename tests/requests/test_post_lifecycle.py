"""A request's life after posting: reunited, closed, reopened — by its poster alone."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Moderation, Post, Status
from tests.contact.consent.helpers import consenting_conversation
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.helpers import error_beside

STATE_FIELDS = ("status", "resolved_note", "resolved_comment_id", "resolved_at", "last_activity_at")


def state(post: Post) -> dict:
    post.refresh_from_db()
    return {field: getattr(post, field) for field in STATE_FIELDS}


def resolve_url(post: Post) -> str:
    return reverse("posts:resolve", kwargs={"pk": post.pk})


@pytest.fixture
def helper(db):
    return UserFactory(display_name="Helpful Hana")


@pytest.fixture
def lead(post, helper):
    return CommentFactory(post=post, author=helper, body="He plays in the Hamburg symphony now.", is_lead=True)


@pytest.fixture
def story_agreed(post):
    """Someone who wrote to the poster agreed that a story of their reunion may be published."""
    return consenting_conversation(post)


# Reunited ------------------------------------------------------------------------------------


def test_poster_marks_request_reunited_with_note_and_the_lead_that_helped(
    member_client, post, lead, helper, mailoutbox, django_capture_on_commit_callbacks, story_agreed
):
    form_page = member_client.get(resolve_url(post))
    assert form_page.status_code == HTTPStatus.OK
    assert "He plays in the Hamburg symphony now." in form_page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(resolve_url(post), {"note": "We met in Hamburg last May!", "lead": lead.pk})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == post.get_absolute_url()
    post.refresh_from_db()
    assert post.status == Status.RESOLVED
    assert post.resolved_note == "We met in Hamburg last May!"
    assert post.resolved_comment == lead
    assert post.resolved_at is not None
    page = member_client.get(post.get_absolute_url())
    assert "Reunited" in page.text
    assert "We met in Hamburg last May!" in page.text
    assert "a lead from Helpful Hana" in page.text
    assert "this lead helped" in page.text
    assert [message.to for message in mailoutbox] == [[helper.email]]
    assert "Your lead helped a reunion" in mailoutbox[0].subject


def test_poster_marks_request_reunited_without_choosing_a_lead(member_client, post, client, story_agreed):
    response = member_client.post(resolve_url(post), {"note": "My sister found him.", "lead": ""})

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert (post.status, post.resolved_comment) == (Status.RESOLVED, None)
    page = client.get(post.get_absolute_url())
    assert "Reunited" in page.text
    assert "My sister found him." in page.text


def test_resolve_without_a_story_is_reunited_with_no_story(member_client, post, lead, story_agreed):
    response = member_client.post(resolve_url(post), {"note": "   ", "lead": lead.pk})

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert (post.status, post.resolved_note, post.resolved_comment) == (Status.RESOLVED, "", lead)


def test_resolve_with_a_comment_of_another_request_is_refused_as_invalid_choice(member_client, post, lead):
    foreign = CommentFactory(post=PostFactory(), body="A lead somewhere else", is_lead=True)
    before = state(post)

    response = member_client.post(resolve_url(post), {"note": "Found him", "lead": foreign.pk})

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "lead") == ["Select a valid choice. That choice is not one of the available choices."]
    assert "Found him</textarea>" in response.text
    assert state(post) == before


def test_resolve_with_a_hidden_comment_as_lead_is_refused(member_client, post):
    hidden = CommentFactory(post=post, moderation=Moderation.HIDDEN, body="Hidden by a moderator")
    before = state(post)

    response = member_client.post(resolve_url(post), {"note": "Found him", "lead": hidden.pk})

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "lead")
    assert state(post) == before


def test_poster_may_credit_a_private_lead_without_showing_it(member_client, post, helper, client, story_agreed):
    private = CommentFactory(post=post, author=helper, body="His number is 555-0101", is_lead=True, is_private=True)

    member_client.post(resolve_url(post), {"note": "Thank you!", "lead": private.pk})

    post.refresh_from_db()
    assert post.resolved_comment == private
    page = client.get(post.get_absolute_url())
    assert "Reunited" in page.text
    assert "555-0101" not in page.text


def test_poster_cannot_credit_their_own_comment_and_nobody_is_emailed(
    member_client, member, post, mailoutbox, django_capture_on_commit_callbacks, story_agreed
):
    own = CommentFactory(post=post, author=member, body="Update: I wrote to the school.")

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(resolve_url(post), {"note": "The school helped.", "lead": own.pk})

    assert response.status_code == HTTPStatus.OK
    assert "The school helped.</textarea>" in response.text
    post.refresh_from_db()
    assert (post.status, post.resolved_comment) == (Status.OPEN, None)
    assert mailoutbox == []


# Closing and reopening ------------------------------------------------------------------------


def test_poster_closes_request_and_it_stops_taking_comments(member_client, post, stranger_client):
    before = state(post)

    response = member_client.post(reverse("posts:close", kwargs={"pk": post.pk}))

    assert response.status_code == HTTPStatus.FOUND
    after = state(post)
    assert after["status"] == Status.CLOSED
    assert after["last_activity_at"] > before["last_activity_at"]
    page = stranger_client.get(post.get_absolute_url())
    assert "This request is closed and is not taking comments." in page.text
    assert 'name="body"' not in page.text


def test_poster_reopens_closed_request(member_client, post):
    post.status = Status.CLOSED
    post.save()

    response = member_client.post(reverse("posts:reopen", kwargs={"pk": post.pk}))

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.status == Status.OPEN
    assert "Your request is open again." in member_client.get(post.get_absolute_url()).text


def test_reopening_a_reunited_request_no_longer_shows_it_reunited(member_client, post, lead, client):
    member_client.post(resolve_url(post), {"note": "Wrong Simon, sadly.", "lead": lead.pk})

    member_client.post(reverse("posts:reopen", kwargs={"pk": post.pk}))

    post.refresh_from_db()
    assert (post.status, post.resolved_at, post.resolved_comment) == (Status.OPEN, None, None)
    page = client.get(post.get_absolute_url())
    assert "Reunited" not in page.text
    assert "Wrong Simon, sadly." not in page.text
    assert "this lead helped" not in page.text


@pytest.mark.parametrize("action", ["close", "reopen"])
def test_status_change_by_get_is_not_allowed(member_client, post, action):
    before = state(post)

    response = member_client.get(reverse(f"posts:{action}", kwargs={"pk": post.pk}))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert state(post) == before


# Refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "data"),
    [
        ("resolve", Status.OPEN, {"note": "Not mine to say"}),
        ("close", Status.OPEN, {}),
        ("reopen", Status.CLOSED, {}),
        ("reopen", Status.RESOLVED, {}),
    ],
)
@pytest.mark.parametrize("who", ["stranger", "moderator"])
def test_status_change_by_anyone_but_the_poster_is_refused(request, post, who, action, status, data):
    post.status = status
    post.save()
    before = state(post)
    client = request.getfixturevalue(f"{who}_client")

    response = client.post(reverse(f"posts:{action}", kwargs={"pk": post.pk}), data)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert state(post) == before


def test_resolve_page_for_stranger_is_refused(stranger_client, post):
    assert stranger_client.get(resolve_url(post)).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("action", ["resolve", "close", "reopen"])
def test_status_change_by_anonymous_redirects_to_login(client, post, action):
    before = state(post)

    response = client.post(reverse(f"posts:{action}", kwargs={"pk": post.pk}), {"note": "x"})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert state(post) == before


@pytest.mark.parametrize("action", ["resolve", "close", "reopen"])
def test_status_change_of_someone_elses_pending_request_is_not_found(stranger_client, member, action):
    pending = PostFactory(author=member, moderation=Moderation.PENDING, published_at=None)
    before = state(pending)

    response = stranger_client.post(reverse(f"posts:{action}", kwargs={"pk": pending.pk}), {"note": "x"})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert state(pending) == before


@pytest.mark.parametrize("action", ["resolve", "close", "reopen"])
def test_status_change_of_a_removed_request_by_its_poster_is_refused(member_client, member, action):
    removed = PostFactory(author=member, moderation=Moderation.REMOVED, moderation_reason="Spam")
    before = state(removed)

    response = member_client.post(reverse(f"posts:{action}", kwargs={"pk": removed.pk}), {"note": "x"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert state(removed) == before


def test_the_lead_that_helped_is_never_the_posters_own_comment(member_client, post, member, lead):
    own = CommentFactory(post=post, author=member, body="Any news, anyone?")
    page = member_client.get(resolve_url(post)).text
    assert f'value="{lead.pk}"' in page
    assert f'value="{own.pk}"' not in page

    before = state(post)
    response = member_client.post(resolve_url(post), {"note": "", "lead": own.pk})

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "lead")
    assert state(post) == before


def test_the_facts_say_where_you_met_to_the_poster_and_where_they_met_to_others(member_client, post, client):
    post.met_place = "Hamburg"
    post.save()
    assert "Where you met" in member_client.get(post.get_absolute_url()).text
    page = client.get(post.get_absolute_url()).text
    assert "Where they met" in page and "Where you met" not in page


def test_a_request_nobody_else_can_see_is_not_marked_reunited_and_says_why(member_client, member):
    pending = PostFactory(author=member, moderation=Moderation.PENDING, published_at=None)

    page = member_client.get(pending.get_absolute_url()).text
    assert resolve_url(pending) not in page
    assert "Close this request" in page

    refused = member_client.post(resolve_url(pending), {"note": "", "lead": ""})

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "Nobody else can see this request yet" in refused.text
    pending.refresh_from_db()
    assert pending.status == Status.OPEN
