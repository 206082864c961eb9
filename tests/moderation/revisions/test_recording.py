"""Every edit of a request or a comment keeps the text it had before."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.privacy import data as account_data
from posts.models import Comment, Revision
from posts.requests import services
from tests.factories import CommentFactory, PostFactory
from tests.requests.test_post_create_edit import submit_edit

# Written out so that a new free-text field on requests is a visible decision here.
POST_TEXT_FIELDS = {
    "title",
    "sought_name",
    "sought_other_names",
    "sought_nickname",
    "met_place",
    "met_city",
    "story",
    "on_behalf_of",
    "poster_then_name",
    "poster_then_nickname",
    "claim_question",
}


def text_of(obj) -> dict[str, str]:
    return {name: getattr(obj, name) for name in POST_TEXT_FIELDS}


@pytest.fixture
def own_comment(member, stranger):
    return CommentFactory(post=PostFactory(author=stranger), author=member, body="He moved to Hamburg in 2019.")


def test_editing_a_request_through_its_page_keeps_the_earlier_text(member_client, member, post):
    before = text_of(post)

    response = submit_edit(member_client, post, title="Looking for Simon, the cellist", story="He played the viola.")

    assert response.status_code == HTTPStatus.FOUND
    revision = Revision.objects.get()
    assert (revision.post, revision.comment, revision.edited_by) == (post, None, member)
    assert revision.fields == before
    assert not revision.hidden
    post.refresh_from_db()
    assert (post.title, post.story) == ("Looking for Simon, the cellist", "He played the viola.")


def test_each_edit_through_the_service_keeps_the_version_it_replaced(member, post):
    first = text_of(post)
    services.edit_post(post=post, by=member, data={"story": "Second telling."})
    services.edit_post(post=post, by=member, data={"story": "Third telling.", "met_city": "Des Moines"})

    newest, oldest = Revision.objects.filter(post=post)
    assert oldest.fields == first
    assert newest.fields == {**first, "story": "Second telling."}


def test_saving_the_edit_page_unchanged_records_nothing(member_client, post):
    response = submit_edit(member_client, post)

    assert response.status_code == HTTPStatus.FOUND
    assert not Revision.objects.exists()


def test_changing_only_years_and_countries_records_nothing(member, post):
    services.edit_post(post=post, by=member, data={"year_from": 2016, "now_country": "FR"})

    assert not Revision.objects.exists()


def test_refused_edit_records_nothing(member_client, post):
    response = submit_edit(member_client, post, title="Not saved", year_from="2019", year_to="2010")

    assert response.status_code == HTTPStatus.OK
    assert not Revision.objects.exists()


def test_editing_a_comment_keeps_the_earlier_body(member_client, member, own_comment):
    url = reverse("posts:comment_edit", kwargs={"pk": own_comment.pk})

    response = member_client.post(url, {"body": "Correction: he moved to Bremen."})

    assert response.status_code == HTTPStatus.FOUND
    revision = Revision.objects.get()
    assert (revision.comment, revision.post, revision.edited_by) == (own_comment, None, member)
    assert revision.fields == {"body": "He moved to Hamburg in 2019."}


def test_saving_a_comment_unchanged_records_nothing(member, own_comment):
    services.edit_comment(comment=own_comment, by=member, body="  He moved to Hamburg in 2019. ")

    assert not Revision.objects.exists()


def test_deleting_the_account_deletes_earlier_versions_of_comments_it_leaves_behind(member, stranger, own_comment):
    services.edit_comment(comment=own_comment, by=member, body="He moved to Bremen.")
    own_comment.created_at = timezone.now() - timedelta(minutes=1)
    own_comment.save(update_fields=["created_at"])
    CommentFactory(post=own_comment.post, author=stranger, body="Thank you, that helps!")

    account_data.delete_account(user=member, password="correct horse battery staple")

    assert Comment.objects.filter(pk=own_comment.pk).exists()  # kept, with its text replaced
    assert not Revision.objects.exists()
