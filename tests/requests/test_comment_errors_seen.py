"""A comment that is not posted says so where the writer looks, and only marks what is really marked."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Comment

MARKED = "Please correct the marked fields below"


def comment_form_action(page: str) -> str:
    return re.search(r'<form method="post" action="([^"]*)" class="comment-form"', page).group(1)


def test_the_comment_form_brings_a_refused_comment_back_to_itself(stranger_client, post):
    page = stranger_client.get(post.get_absolute_url()).text
    assert comment_form_action(page).endswith("#comment-form")

    response = stranger_client.post(reverse("posts:comment_create", args=[post.pk]), {"body": ""})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert comment_form_action(response.text).endswith("#comment-form")
    form_html = response.text[response.text.index('id="comment-form"') :]
    assert MARKED in form_html  # Beside the form, not only at the top of a long page.
    assert not Comment.objects.exists()


@pytest.fixture
def min_fill_time(settings):
    settings.RECONNECT_MIN_FILL_SECONDS = 3


def test_a_comment_sent_too_quickly_says_why_and_marks_no_field(min_fill_time, stranger_client, post):
    page = stranger_client.get(post.get_absolute_url())
    token = page.context["comment_form"]["form_started"].value()

    response = stranger_client.post(
        reverse("posts:comment_create", args=[post.pk]), {"body": "Simon sang in a choir.", "form_started": token}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "That was quick!" in response.text
    assert MARKED not in response.text
    assert "Nothing you typed has been lost." in response.text
    assert "Simon sang in a choir." in response.text
    assert not Comment.objects.exists()
