"""What waits for a moderator: a new member's first comments, and anyone's first request but a trusted one's."""

from http import HTTPStatus

import pytest
from django.utils import timezone

from accounts.models import TrustLevel
from posts.models import Comment, Moderation, Post
from posts.moderation import actions
from tests.conftest import login
from tests.factories import ModeratorFactory, NewUserFactory, PostFactory, UserFactory
from tests.moderation.trust.conftest import comment_url, comments_of, days_ago, publish_comments
from tests.requests.test_post_create_edit import submit_new_request

WHY = "The first comments of a new member wait for a moderator"


def test_new_members_comment_waits_and_the_author_is_told_why(newbie_client, newbie, open_post, client):
    response = newbie_client.post(comment_url(open_post), {"body": "I think he moved to Hamburg."}, follow=True)

    assert comments_of(newbie) == [("I think he moved to Hamburg.", Moderation.PENDING)]
    assert response.status_code == HTTPStatus.OK
    assert WHY in response.text  # in the message after posting, and beside the comment itself
    assert response.text.count(WHY) == 2
    assert "I think he moved to Hamburg." not in client.get(open_post.get_absolute_url()).text


def test_new_members_comments_go_out_once_two_are_published(second_day_client, second_day_newbie, open_post, moderator):
    for body in ("First lead", "Second lead"):
        second_day_client.post(comment_url(open_post), {"body": body})
    assert [state for _body, state in comments_of(second_day_newbie)] == [Moderation.PENDING] * 2

    for comment in Comment.objects.filter(author=second_day_newbie):
        actions.publish_comment(comment=comment, by=moderator)
    second_day_client.post(comment_url(open_post), {"body": "Third lead"})

    assert comments_of(second_day_newbie)[-1] == ("Third lead", Moderation.PUBLISHED)


def test_one_published_comment_is_not_enough(second_day_client, second_day_newbie, open_post):
    publish_comments(second_day_newbie, 1)

    second_day_client.post(comment_url(open_post), {"body": "Another lead"})

    assert comments_of(second_day_newbie)[-1] == ("Another lead", Moderation.PENDING)


def test_a_new_member_with_a_published_request_still_has_comments_held_on_their_first_day(newbie, open_post):
    PostFactory(author=newbie)

    login(newbie).post(comment_url(open_post), {"body": "Seen him in Kiel"})

    assert comments_of(newbie) == [("Seen him in Kiel", Moderation.PENDING)]


def test_an_earned_members_comment_goes_out_at_once(db, open_post):
    person = NewUserFactory(date_joined=days_ago(3))
    PostFactory(author=person)

    login(person).post(comment_url(open_post), {"body": "Seen him in Kiel"})

    assert comments_of(person) == [("Seen him in Kiel", Moderation.PUBLISHED)]


def test_contact_details_still_give_their_own_reason(newbie_client, newbie, open_post):
    newbie_client.post(comment_url(open_post), {"body": "Call me on +49 30 1234 5678"})

    assert Comment.objects.get(author=newbie).moderation_reason.startswith("Your comment seems to contain")


@pytest.mark.parametrize("level", ["", TrustLevel.NEW, TrustLevel.MEMBER])
def test_first_request_waits_unless_the_member_is_trusted(db, level):
    person = NewUserFactory(date_joined=days_ago(2), trust_level=level)

    submit_new_request(login(person))

    assert Post.objects.get(author=person).moderation == Moderation.PENDING


@pytest.mark.parametrize("how", ["earned", "set by a moderator"])
def test_a_trusted_members_first_request_goes_out_at_once(db, how):
    if how == "earned":
        person = NewUserFactory(date_joined=days_ago(40))
        publish_comments(person, 10)
    else:
        person = NewUserFactory(trust_level=TrustLevel.TRUSTED)

    submit_new_request(login(person))

    post = Post.objects.get(author=person)
    assert (post.moderation, post.published_at is not None) == (Moderation.PUBLISHED, True)


def test_a_moderator_is_never_held_nor_limited_on_their_first_day(db, open_post):
    moderator = ModeratorFactory(date_joined=timezone.now(), trust_level="")
    client = login(moderator)

    client.post(comment_url(open_post), {"body": "Moderator here: see https://example.org/help"})
    client.post(comment_url(open_post), {"body": "And a second note"})
    response = submit_new_request(client)

    assert response.status_code == HTTPStatus.FOUND
    assert [state for _body, state in comments_of(moderator)] == [Moderation.PUBLISHED] * 2
    assert Post.objects.get(author=moderator).moderation == Moderation.PUBLISHED


def test_a_member_vouched_by_the_factory_is_not_new(db, open_post):
    """The shared factory's members are established, so the rest of the suite sees no trust holds."""
    person = UserFactory()

    login(person).post(comment_url(open_post), {"body": "Seen him in Kiel"})

    assert comments_of(person) == [("Seen him in Kiel", Moderation.PUBLISHED)]
