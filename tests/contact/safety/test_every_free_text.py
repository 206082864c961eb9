"""Contact details are held in every free text, on create and on edit (issue 11, finding 3).

Before, editing a comment within its window to add a phone number and an email address left it published, on
the page and in its feed; a request's story, title, other names, photo captions, and members' display names
and bios were never checked, so a third party's street address, phone and email were published on the page, in
the share preview and in the Atom feed.
"""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.models import Comment, Moderation, Post, ReviewItem, ReviewReason
from posts.moderation import actions
from posts.moderation.detection import HELD_MESSAGE, HELD_POST_MESSAGE
from posts.requests import services
from tests.conftest import login
from tests.factories import CommentFactory, PhotoFactory, PostFactory

THIRD_PARTY = "She lives at 12 Baker Street now, phone +44 20 7946 0958, email mary.jones@example.org."
PHONE, EMAIL = "+44 20 7946 0958", "mary.jones@example.org"
REQUEST = {
    "title": "Looking for Mary",
    "sought_name": "Mary Jones",
    "relationship": "helper",
    "story": "We met in 1987.",
    "languages": ["en"],
}


def pending_item(target):
    return ReviewItem.objects.for_target(target).pending().get()


@pytest.fixture
def trusted_commenter(stranger, post):
    """A member whose comments go straight out: two published comments already."""
    CommentFactory.create_batch(2, post=PostFactory(author=post.author), author=stranger)
    return stranger


def test_editing_a_comment_to_add_a_phone_and_an_email_holds_it_off_the_page_and_the_feed(
    client, post, trusted_commenter
):
    comment = services.add_comment(post=post, author=trusted_commenter, body="I think I saw her in Leeds.")
    assert comment.moderation == Moderation.PUBLISHED
    author = login(trusted_commenter)

    response = author.post(
        reverse("posts:comment_edit", kwargs={"pk": comment.pk}),
        {"body": f"I think I saw her in Leeds. Call {PHONE} or write to {EMAIL}"},
        follow=True,
    )

    comment.refresh_from_db()
    assert comment.moderation == Moderation.PENDING
    assert comment.moderation_reason == str(HELD_MESSAGE)
    assert pending_item(comment).reason == ReviewReason.CONTACT_DETAILS
    assert "a moderator will look at it" in response.text
    for reader in (client, login(post.author)):
        assert PHONE not in reader.get(post.get_absolute_url()).text
    feed = client.get(reverse("posts:comments_feed", kwargs={"pk": post.pk}))
    assert feed.status_code == HTTPStatus.OK
    assert PHONE not in feed.text and EMAIL not in feed.text
    assert PHONE in author.get(post.get_absolute_url()).text


def test_an_edit_that_keeps_contact_details_a_moderator_let_through_stays_published(post, trusted_commenter, moderator):
    comment = services.add_comment(post=post, author=trusted_commenter, body=f"Write to {EMAIL}")
    actions.publish_comment(comment=comment, by=moderator)

    services.edit_comment(comment=comment, by=trusted_commenter, body=f"Write to {EMAIL}, she said hello.")

    assert Comment.objects.get(pk=comment.pk).moderation == Moderation.PUBLISHED


@pytest.mark.parametrize("field", ["story", "title", "sought_other_names", "on_behalf_of", "met_place"])
def test_a_new_request_with_a_third_partys_details_waits_for_a_moderator_and_the_author_is_told(
    client, member, post, field
):
    data = {**REQUEST, field: THIRD_PARTY}

    held = services.create_post(author=member, data=data)

    held.refresh_from_db()
    assert held.moderation == Moderation.PENDING
    assert held.published_at is None
    assert held.moderation_reason == str(HELD_POST_MESSAGE)
    assert pending_item(held).reason == ReviewReason.CONTACT_DETAILS
    assert client.get(held.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert PHONE not in client.get(reverse("posts:requests_feed")).text
    assert str(HELD_POST_MESSAGE) in login(member).get(held.get_absolute_url()).text


def test_editing_a_published_story_to_add_an_address_takes_it_off_the_page_share_preview_and_feed(client, member, post):
    published_at = post.published_at
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK

    services.edit_post(post=post, by=member, data={"story": f"{post.story}\n\n{THIRD_PARTY}"})

    post.refresh_from_db()
    assert post.moderation == Moderation.PENDING
    assert post.published_at == published_at
    assert pending_item(post).reason == ReviewReason.CONTACT_DETAILS
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert EMAIL not in client.get(reverse("posts:requests_feed")).text


def test_a_photo_caption_with_a_phone_number_holds_the_request(client, member, post):
    photo = PhotoFactory(post=post)

    services.edit_post(
        post=post,
        by=member,
        data={},
        photo_changes=[services.PhotoChange(photo_id=photo.pk, caption=f"Her shop: {PHONE}", alt_text="", order=0)],
    )

    assert Post.objects.get(pk=post.pk).moderation == Moderation.PENDING
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_moderators_own_request_is_not_held(moderator):
    post = services.create_post(author=moderator, data={**REQUEST, "story": THIRD_PARTY})

    assert post.moderation == Moderation.PUBLISHED


def test_a_reunion_story_with_contact_details_is_refused_beside_the_field(member, post, monkeypatch):
    monkeypatch.setattr(services, "has_story_consent", lambda post: True)

    with pytest.raises(services.ValidationError) as refused:
        services.resolve_post(post=post, by=member, note=f"We met again! Her number is {PHONE}")

    assert "note" in refused.value.error_dict
    assert Post.objects.get(pk=post.pk).resolved_note == ""


@pytest.mark.parametrize(
    ("field", "typed"),
    [("display_name", "Anna, wechat: anna_1988"), ("bio", f"Teacher in Leeds. Write to me at {EMAIL}.")],
)
def test_contact_details_in_a_profile_are_refused_beside_the_field_and_the_text_is_kept(member, field, typed):
    client = login(member)
    before = {"display_name": member.display_name, "bio": member.bio}

    response = client.post(
        reverse("accounts:profile_edit"),
        {"display_name": member.display_name, "bio": member.bio, "languages": ["en"], field: typed},
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert "cannot contain an email address, a phone number, a messenger ID" in errors[field][0]
    assert typed in response.text
    member.refresh_from_db()
    assert {"display_name": member.display_name, "bio": member.bio} == before
