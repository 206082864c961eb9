"""Deleting an account: the password first, then nothing personal left, and others' conversations intact."""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse

from accounts.models import User
from accounts.privacy.data import DELETED_USER_EMAIL, delete_account
from posts.models import Comment, Conversation, Message, ModerationAction, ModerationActionKind, Photo, Post
from posts.moderation import actions
from tests.accounts.privacy.conftest import (
    LEAVER_EMAIL,
    LEAVER_STORY,
    LEAVER_TEXTS,
    OTHER_MESSAGE,
    OTHER_PRIVATE_LEAD,
    OTHER_REPLY,
)
from tests.conftest import login
from tests.factories import CommentFactory, ModeratorFactory, PostFactory
from tests.helpers import error_beside

PASSWORD = "correct horse battery staple"


def everything_written() -> str:
    """Every text and JSON column of every table, as one string to search."""
    found = []
    for model in apps.get_models():
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField | models.FileField)
        ]
        if columns:
            found.extend(str(row) for row in model._default_manager.values_list(*columns))
    return "\n".join(found)


def snapshot() -> dict:
    return {model.__name__: model.objects.count() for model in (User, Post, Photo, Comment, Conversation, Message)}


def test_delete_with_the_wrong_password_changes_nothing(world, leaver_client, committed):
    before, text_before = snapshot(), everything_written()

    response = committed(
        leaver_client.post, reverse("accounts:account_delete"), {"password": "wrong horse", "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "password") == ["That password is not right."]
    assert (snapshot(), everything_written()) == (before, text_before)
    assert default_storage.exists(world.photo.image.name)
    assert leaver_client.get(reverse("accounts:data")).status_code == HTTPStatus.OK  # Still logged in.


def test_delete_without_the_confirmation_changes_nothing(world, leaver_client):
    before = snapshot()

    response = leaver_client.post(reverse("accounts:account_delete"), {"password": PASSWORD})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "confirm") == ["Tick this box to delete your account."]
    assert snapshot() == before


def test_delete_service_refuses_the_wrong_password(world):
    with pytest.raises(ValidationError, match=r"That password is not right\."):
        delete_account(user=world.leaver, password="wrong horse")

    assert User.objects.filter(pk=world.leaver.pk, is_active=True).exists()


def test_delete_with_the_right_password_leaves_nothing_personal(world, leaver_client, committed):
    photo_files = (world.photo.image.name, world.photo.thumbnail.name)
    untouched = PostFactory(title="Looking for Ilse from Bremen")

    response = committed(
        leaver_client.post, reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"}, follow=True
    )

    assert response.redirect_chain == [(reverse("home"), HTTPStatus.FOUND)]
    assert "Your account and everything personal in it are deleted." in response.text
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(pk=world.leaver.pk).exists()
    assert not Post.objects.filter(pk=world.leaver_post.pk).exists()
    assert not Comment.objects.filter(pk=world.deleted_comment.pk).exists()
    written = everything_written()
    for text in LEAVER_TEXTS:
        assert text not in written, text
    for name in photo_files:
        assert not default_storage.exists(name)

    # Others' requests, replies and messages stay as they were.
    assert Post.objects.filter(pk__in=[world.other_post.pk, world.resolved_post.pk, untouched.pk]).count() == 3
    assert OTHER_REPLY in written and OTHER_MESSAGE in written
    assert OTHER_PRIVATE_LEAD not in written  # It was on the deleted request.


def test_comments_others_rely_on_stay_as_deleted_by_the_placeholder(world, committed):
    committed(delete_account, user=world.leaver, password=PASSWORD)

    placeholder = User.objects.get(email=DELETED_USER_EMAIL)
    assert not placeholder.is_active and not placeholder.has_usable_password()
    world.resolved_post.refresh_from_db()
    assert world.resolved_post.resolved_comment_id == world.helpful_comment.pk
    for kept in (world.helpful_comment, world.replied_comment):
        kept.refresh_from_db()
        assert (kept.author, kept.body) == (placeholder, "[deleted]")
    assert str(placeholder) == "deleted user"


def test_other_sides_messages_stay_readable(world, other_client, committed):
    committed(delete_account, user=world.leaver, password=PASSWORD)

    conversation = Conversation.objects.get(pk=world.conversation.pk)
    placeholder = User.objects.get(email=DELETED_USER_EMAIL)
    assert (conversation.starter, conversation.claim_answer) == (placeholder, "")
    assert list(conversation.messages.values_list("author", "body")) == [
        (placeholder.pk, "[deleted]"),
        (world.other.pk, OTHER_MESSAGE),
    ]
    page = other_client.get(conversation.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert OTHER_MESSAGE in page.text


def test_a_second_deleted_starter_joins_the_placeholders_conversation(world, committed):
    from posts.models import ConversationKind

    second = type(world.leaver).objects.create_user("second@example.org", PASSWORD, display_name="Second")
    conversation = Conversation.objects.create(post=world.other_post, starter=second, kind=ConversationKind.THIS_IS_ME)
    Message.objects.create(conversation=conversation, author=second, body="Second was here")
    committed(delete_account, user=world.leaver, password=PASSWORD)

    committed(delete_account, user=second, password=PASSWORD)

    [kept] = Conversation.objects.filter(post=world.other_post)
    assert list(kept.messages.values_list("body", flat=True)) == ["[deleted]", OTHER_MESSAGE, "[deleted]"]


def test_deleted_member_can_no_longer_log_in(world, client, committed):
    committed(delete_account, user=world.leaver, password=PASSWORD)

    response = client.post(reverse("account_login"), {"login": LEAVER_EMAIL, "password": PASSWORD})

    assert response.status_code == HTTPStatus.OK  # The form again, with its error.
    assert "_auth_user_id" not in client.session
    assert not client.login(email=LEAVER_EMAIL, password=PASSWORD)
    assert not client.login(email=DELETED_USER_EMAIL, password=PASSWORD)


def test_delete_leaves_other_members_requests_and_comments_untouched(world, committed):
    others = PostFactory(author=world.other, title="Looking for Ola")
    reply = CommentFactory(post=others, author=world.other, body="Still looking.")
    before = list(Post.objects.filter(author=world.other).order_by("pk").values())

    committed(delete_account, user=world.leaver, password=PASSWORD)

    assert list(Post.objects.filter(author=world.other).order_by("pk").values()) == before
    reply.refresh_from_db()
    assert reply.body == "Still looking."
    assert login(world.other).get(others.get_absolute_url()).status_code == HTTPStatus.OK


def test_the_moderation_log_keeps_what_was_done_but_not_their_words(world, committed):
    moderator = ModeratorFactory()
    actions.hide_post(post=world.leaver_post, by=moderator, reason=f"Names a child: “{LEAVER_STORY}”")
    about_them = list(ModerationAction.objects.about_member(world.leaver).values("pk", "action", "created_at"))

    committed(delete_account, user=world.leaver, password=PASSWORD)

    placeholder = User.objects.get(email=DELETED_USER_EMAIL)
    kept = ModerationAction.objects.filter(pk__in=[row["pk"] for row in about_them]).order_by("created_at", "pk")
    assert [(action.action, action.created_at) for action in kept] == [
        (row["action"], row["created_at"]) for row in sorted(about_them, key=lambda row: (row["created_at"], row["pk"]))
    ]
    assert [action.action for action in kept] == [
        ModerationActionKind.SILENCE,
        ModerationActionKind.LIFT_SANCTION,
        ModerationActionKind.SET_TRUST_LEVEL,
        ModerationActionKind.HIDE,
    ]
    for action in kept:
        assert (action.member, action.reason, action.target_repr) == (placeholder, "", "[deleted]")
        assert action.actor.is_active  # Still the moderator who acted, not the placeholder.
    assert kept[0].details["days"] == 1  # The facts stay: they quote nobody.


def test_what_a_leaving_moderator_did_stays_in_the_log_as_the_placeholders(world, committed):
    leaving = ModeratorFactory()
    comment = CommentFactory(author=world.other, body="Spam spam")
    actions.hide_comment(comment=comment, by=leaving, reason="Advertising")

    committed(delete_account, user=leaving, password=PASSWORD)

    placeholder = User.objects.get(email=DELETED_USER_EMAIL)
    [action] = ModerationAction.objects.about(comment)
    assert (action.action, action.actor, action.member, action.reason) == (
        ModerationActionKind.HIDE,
        placeholder,
        world.other,
        "Advertising",
    )
    assert action.target_repr == str(comment)
