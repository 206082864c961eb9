"""A comment of invisible characters only is refused as an empty one (issue 11, finding 15).

Before, a comment made only of zero-width characters was accepted and published as an empty-looking comment.
"""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Comment
from posts.requests import services
from tests.factories import CommentFactory
from tests.helpers import error_beside

INVISIBLE = ["\u200b\u200b\u200b", "\u200b \u200c\n\u200d", "\ufeff\u2060", " \u00ad\u200e "]


@pytest.mark.parametrize("body", INVISIBLE)
def test_a_comment_of_invisible_characters_only_is_refused_as_required(stranger_client, post, body):
    response = stranger_client.post(reverse("posts:comment_create", kwargs={"pk": post.pk}), {"body": body})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body") == ["This field is required."]
    assert not Comment.objects.filter(post=post).exists()


@pytest.mark.parametrize("body", INVISIBLE)
def test_an_edit_to_invisible_characters_only_is_refused_and_the_comment_is_kept(stranger, stranger_client, post, body):
    comment = CommentFactory(post=post, author=stranger, body="He moved to Hamburg.")

    response = stranger_client.post(reverse("posts:comment_edit", kwargs={"pk": comment.pk}), {"body": body})

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "body") == ["This field is required."]
    assert Comment.objects.get(pk=comment.pk).body == "He moved to Hamburg."


def test_the_service_refuses_a_comment_of_zero_width_spaces(stranger, post):
    with pytest.raises(services.ValidationError):
        services.add_comment(post=post, author=stranger, body="\u200b\u200b")

    assert not Comment.objects.filter(post=post).exists()
