"""Three requests a day for new members; doubled per-member rate limits for trusted ones."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import formats, timezone

from accounts.models import TrustLevel
from posts.models import Comment, Post
from tests.conftest import login
from tests.factories import NewUserFactory, UserFactory
from tests.moderation.trust.conftest import comment_url, days_ago, publish_comments
from tests.requests.test_post_create_edit import REQUEST, browser_form, submit_new_request

DAILY_LIMIT = "New members can post at most 3 requests in 24 hours."


def test_a_new_members_fourth_request_in_a_day_is_refused_with_when_to_try_again(second_day_client, second_day_newbie):
    for number in range(3):
        assert submit_new_request(second_day_client, title=f"Request {number}").status_code == HTTPStatus.FOUND
    first = Post.objects.filter(author=second_day_newbie).earliest("created_at")

    response = submit_new_request(second_day_client, title="The fourth one")

    assert response.status_code == HTTPStatus.OK
    assert response.text.count(DAILY_LIMIT) == 1  # once, above the form; not a server error
    again = timezone.localtime(first.created_at + timedelta(days=1))
    assert f"You can post this one after {formats.date_format(again, 'DATETIME_FORMAT')}" in response.text
    assert (browser_form(response)["title"], browser_form(response)["story"]) == ("The fourth one", REQUEST["story"])
    assert Post.objects.filter(author=second_day_newbie).count() == 3


def test_a_new_member_posts_again_once_the_first_of_the_three_is_a_day_old(second_day_client, second_day_newbie):
    for number in range(3):
        submit_new_request(second_day_client, title=f"Request {number}")
    first = Post.objects.filter(author=second_day_newbie).earliest("created_at")
    Post.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=25))

    response = submit_new_request(second_day_client, title="The fourth one")

    assert response.status_code == HTTPStatus.FOUND
    assert Post.objects.filter(author=second_day_newbie).count() == 4


@pytest.mark.parametrize("how", ["earned", "set by a moderator"])
def test_a_member_is_not_held_to_three_a_day(db, how):
    person = NewUserFactory(date_joined=days_ago(5), trust_level="" if how == "earned" else TrustLevel.MEMBER)
    if how == "earned":
        publish_comments(person, 2)
    client = login(person)

    for number in range(4):
        assert submit_new_request(client, title=f"Request {number}").status_code == HTTPStatus.FOUND


@pytest.fixture
def two_comments_an_hour(settings):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "comment": {"user": "2/h", "ip": "100/h"}}


def comments_accepted(client, post, tries: int) -> list[int]:
    return [client.post(comment_url(post), {"body": f"Lead {n}"}).status_code for n in range(tries)]


def test_a_member_is_stopped_at_the_rate_limit(two_comments_an_hour, open_post):
    person = UserFactory()

    codes = comments_accepted(login(person), open_post, 3)

    assert codes == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]
    assert Comment.objects.filter(author=person).count() == 2


@pytest.mark.parametrize("how", ["earned", "set by a moderator"])
def test_a_trusted_member_has_the_rate_limit_doubled(two_comments_an_hour, open_post, how):
    if how == "earned":
        person = NewUserFactory(date_joined=days_ago(40))
        publish_comments(person, 10)
    else:
        person = UserFactory(trust_level=TrustLevel.TRUSTED)

    codes = comments_accepted(login(person), open_post, 5)

    assert codes == [HTTPStatus.FOUND] * 4 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert Comment.objects.filter(author=person, post=open_post).count() == 4
