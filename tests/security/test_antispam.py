"""Robots that fill every field, or send a form back at once, are refused; people lose nothing."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import User
from posts.models import Comment, Post

POST_DATA = {
    "title": "Looking for Simon from Regina High School",
    "sought_name": "Simon",
    "relationship": "classmate",
    "story": "We were lab partners in 2017.",
    "photos-TOTAL_FORMS": "0",
    "photos-INITIAL_FORMS": "0",
}


@pytest.fixture
def min_fill_time(settings):
    settings.RECONNECT_MIN_FILL_SECONDS = 3


def form_started(response) -> str:
    return response.context["form"]["form_started"].value()


def test_filled_honeypot_refuses_a_comment(stranger_client, post):
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    response = stranger_client.post(url, {"body": "Cheap watches", "website": "http://spam.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Something went wrong" in response.text
    assert not Comment.objects.exists()


def test_request_sent_back_at_once_is_refused_and_nothing_typed_is_lost(min_fill_time, member_client):
    page = member_client.get(reverse("posts:create"))
    response = member_client.post(reverse("posts:create"), {**POST_DATA, "form_started": form_started(page)})
    assert response.status_code == HTTPStatus.OK
    assert "That was quick!" in response.text
    assert "Looking for Simon from Regina High School" in response.text
    assert not Post.objects.filter(title=POST_DATA["title"]).exists()


def test_request_sent_after_the_minimum_time_is_accepted(min_fill_time, member_client, monkeypatch):
    page = member_client.get(reverse("posts:create"))
    started = form_started(page)
    import time

    later = time.time() + 10
    monkeypatch.setattr(time, "time", lambda: later)
    response = member_client.post(reverse("posts:create"), {**POST_DATA, "form_started": started})
    assert response.status_code == HTTPStatus.FOUND
    assert Post.objects.filter(title=POST_DATA["title"]).exists()


def test_form_without_a_start_time_is_refused_when_the_check_is_on(min_fill_time, stranger_client, post):
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    response = stranger_client.post(url, {"body": "A real lead"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "expired" in response.text
    assert not Comment.objects.exists()


def test_signup_by_a_robot_is_refused(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Someone",
            "email": "robot@example.com",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Something went wrong" in response.text
    assert not User.objects.filter(email="robot@example.com").exists()


def later(monkeypatch, seconds: float = 10) -> None:
    """Move the clock on, as a person reading their form over would."""
    import time

    moment = time.time() + seconds
    monkeypatch.setattr(time, "time", lambda: moment)


def test_a_token_is_good_for_one_sending_only(min_fill_time, member_client, post, monkeypatch):
    token = form_started(member_client.get(post.get_absolute_url()))
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    later(monkeypatch)

    first = member_client.post(url, {"body": "A first real lead", "form_started": token})
    again = member_client.post(url, {"body": "The same token, sent again", "form_started": token})

    assert first.status_code == HTTPStatus.FOUND
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert "This form has expired. Please check what you wrote and send it again." in again.text
    assert "The same token, sent again" in again.text  # what was typed comes back
    assert list(Comment.objects.values_list("body", flat=True)) == ["A first real lead"]


def test_a_form_refused_for_its_token_comes_back_with_a_new_one_that_works(
    min_fill_time, member_client, post, monkeypatch
):
    token = form_started(member_client.get(post.get_absolute_url()))
    url = reverse("posts:comment_create", kwargs={"pk": post.pk})
    later(monkeypatch)
    member_client.post(url, {"body": "First", "form_started": token})
    refused = member_client.post(url, {"body": "Second", "form_started": token})

    fresh = refused.context["comment_form"]["form_started"].value()
    later(monkeypatch, 20)
    resent = member_client.post(url, {"body": "Second", "form_started": fresh})

    assert fresh != token
    assert resent.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(body="Second").exists()


def test_a_token_from_one_form_is_refused_on_another(min_fill_time, client, member_client, post, monkeypatch):
    comment_token = form_started(member_client.get(post.get_absolute_url()))
    later(monkeypatch)

    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Someone",
            "email": "robot@example.com",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "form_started": comment_token,
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "This form has expired. Please check what you wrote and send it again." in response.text
    assert not User.objects.filter(email="robot@example.com").exists()


def test_a_request_token_is_refused_on_a_comment(min_fill_time, member_client, post, monkeypatch):
    request_token = form_started(member_client.get(reverse("posts:create")))
    later(monkeypatch)

    response = member_client.post(
        reverse("posts:comment_create", kwargs={"pk": post.pk}), {"body": "A lead", "form_started": request_token}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Comment.objects.exists()


def test_signup_sent_back_at_once_keeps_both_passwords(min_fill_time, client, db):
    token = form_started(client.get(reverse("account_signup")))

    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Someone",
            "email": "quick@example.com",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "form_started": token,
        },
    )

    assert "That was quick!" in response.text
    assert response.text.count('value="a-long-pass-phrase-1"') == 2
    assert not User.objects.filter(email="quick@example.com").exists()


def test_signup_with_a_fresh_token_after_the_minimum_time_is_accepted(min_fill_time, client, db, monkeypatch):
    token = form_started(client.get(reverse("account_signup")))
    later(monkeypatch)

    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Someone",
            "email": "person@example.com",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "form_started": token,
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.filter(email="person@example.com").exists()
