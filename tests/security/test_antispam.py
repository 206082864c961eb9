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
            "email": "robot@example.com",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Something went wrong" in response.text
    assert not User.objects.filter(email="robot@example.com").exists()
