"""Moderation through the Django admin: the Moderators group, access, and the actions on requests and comments."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from posts.models import Comment, Moderation, ModerationAction, ModerationActionKind, Post, Report
from posts.moderation import actions
from tests.factories import CommentFactory, ModeratorFactory, PostFactory, ReportFactory, UserFactory
from tests.helpers import logged

# Written out here rather than read from the migration, so that widening the group is a visible change.
MODERATOR_PERMISSIONS = {
    ("posts", "moderate_post"),
    ("posts", "view_post"),
    ("posts", "view_photo"),
    ("posts", "view_comment"),
    ("posts", "view_report"),
    ("accounts", "view_user"),
    ("account", "view_emailaddress"),
    ("admin", "view_logentry"),
}


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# The Moderators group and who gets into the admin -----------------------------


def test_moderators_group_holds_exactly_the_moderation_permissions(db):
    group = Group.objects.get(name="Moderators")
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert held == MODERATOR_PERMISSIONS


def test_moderator_is_staff_in_the_group_and_not_a_superuser(moderator):
    assert moderator.is_staff
    assert not moderator.is_superuser
    assert moderator.groups.filter(name="Moderators").exists()
    assert moderator.has_perm("posts.moderate_post")
    assert not moderator.has_perm("posts.change_post")


@pytest.mark.parametrize("model", [Post, Comment, Report, User])
def test_moderator_can_open_the_changelist(moderator_client, model):
    post = PostFactory()
    comment = CommentFactory(post=post)
    ReportFactory(post=post)
    ReportFactory(post=None, comment=comment)
    response = moderator_client.get(changelist_url(model))
    assert response.status_code == HTTPStatus.OK


def test_moderator_sees_the_change_form_read_only(moderator_client, post):
    response = moderator_client.get(reverse("admin:posts_post_change", args=[post.pk]))
    assert response.status_code == HTTPStatus.OK
    assert post.story in response.text
    assert 'name="story"' not in response.text
    assert 'name="moderation"' not in response.text


def test_moderator_cannot_change_a_story_through_the_change_form(moderator_client, post):
    story = post.story
    response = moderator_client.post(
        reverse("admin:posts_post_change", args=[post.pk]),
        {"title": post.title, "story": "Rewritten by a moderator", "moderation": Moderation.REMOVED},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    post.refresh_from_db()
    assert post.story == story
    assert post.moderation == Moderation.PUBLISHED
    assert logged(post) == []


def test_moderation_state_is_read_only_even_for_a_superuser(superuser_client, post):
    response = superuser_client.get(reverse("admin:posts_post_change", args=[post.pk]))
    assert response.status_code == HTTPStatus.OK
    assert 'name="story"' in response.text
    assert 'name="moderation"' not in response.text
    assert 'name="moderation_reason"' not in response.text


@pytest.mark.parametrize("model", [Post, Comment, Report, User])
def test_member_is_sent_to_the_admin_login(member_client, model):
    response = member_client.get(changelist_url(model))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_the_moderators_group_is_refused(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    response = client.get(changelist_url(Post))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_action_posted_by_a_member_changes_nothing(member_client, admin_action):
    pending = PostFactory(moderation=Moderation.PENDING, published_at=None)
    response = admin_action(member_client, Post, "publish", [pending])
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))
    pending.refresh_from_db()
    assert pending.moderation == Moderation.PENDING
    assert logged(pending) == []


# Actions on requests ---------------------------------------------------------


def test_publish_action_publishes_a_pending_request_and_tells_the_author(
    moderator_client, admin_action, django_capture_on_commit_callbacks, mailoutbox
):
    pending = PostFactory(moderation=Moderation.PENDING, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(moderator_client, Post, "publish", [pending])
    assert response.status_code == HTTPStatus.FOUND
    pending.refresh_from_db()
    assert pending.moderation == Moderation.PUBLISHED
    assert pending.published_at is not None
    assert logged(pending) == [(ModerationActionKind.PUBLISH, "")]
    assert [mail.to for mail in mailoutbox] == [[pending.author.email]]
    assert "Your request is published" in mailoutbox[0].subject


def test_publish_action_logs_the_moderator(moderator, moderator_client, admin_action):
    pending = PostFactory(moderation=Moderation.PENDING, published_at=None)
    admin_action(moderator_client, Post, "publish", [pending])
    action = ModerationAction.objects.about(pending).get()
    assert (action.action, action.actor, action.member) == (ModerationActionKind.PUBLISH, moderator, pending.author)


def test_hide_action_first_asks_for_a_reason_and_changes_nothing(
    moderator_client, admin_action, post, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(moderator_client, Post, "hide", [post])
    assert response.status_code == HTTPStatus.OK
    assert "admin/moderation_reason.html" in [template.name for template in response.templates]
    assert 'name="reason"' in response.text
    assert 'name="apply"' in response.text
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED
    assert logged(post) == []
    assert mailoutbox == []


def test_hide_action_with_a_reason_hides_logs_and_tells_the_author(
    moderator_client, admin_action, post, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(moderator_client, Post, "hide", [post], apply="1", reason="Shares a phone number")
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.moderation == Moderation.HIDDEN
    assert post.moderation_reason == "Shares a phone number"
    assert logged(post) == [(ModerationActionKind.HIDE, "Shares a phone number")]
    assert [mail.to for mail in mailoutbox] == [[post.author.email]]
    assert "hidden" in mailoutbox[0].subject
    assert "Shares a phone number" in mailoutbox[0].body


@pytest.mark.parametrize("reason", ["", "   "])
def test_hide_action_without_a_reason_shows_the_form_again_and_changes_nothing(
    moderator_client, admin_action, post, reason, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(moderator_client, Post, "hide", [post], apply="1", reason=reason)
    assert response.status_code == HTTPStatus.OK
    assert 'name="reason"' in response.text
    assert "This field is required." in response.text
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED
    assert post.moderation_reason == ""
    assert logged(post) == []
    assert mailoutbox == []


def test_hidden_request_shows_its_reason_to_the_author_only(
    moderator_client, admin_action, post, member_client, stranger_client, client
):
    admin_action(moderator_client, Post, "hide", [post], apply="1", reason="Shares a phone number")

    own = member_client.get(post.get_absolute_url())
    assert own.status_code == HTTPStatus.OK
    assert "A moderator has hidden this request" in own.text
    assert "Shares a phone number" in own.text

    assert stranger_client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert moderator_client.get(post.get_absolute_url()).status_code == HTTPStatus.OK


def test_remove_action_with_a_reason_removes_logs_and_tells_the_author(
    moderator_client, admin_action, post, django_capture_on_commit_callbacks, mailoutbox
):
    first = admin_action(moderator_client, Post, "remove", [post])
    assert first.status_code == HTTPStatus.OK
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(moderator_client, Post, "remove", [post], apply="1", reason="Not a real request")
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.moderation == Moderation.REMOVED
    assert post.moderation_reason == "Not a real request"
    assert logged(post) == [(ModerationActionKind.REMOVE, "Not a real request")]
    assert [mail.to for mail in mailoutbox] == [[post.author.email]]
    assert "removed" in mailoutbox[0].subject
    assert "Not a real request" in mailoutbox[0].body


def test_remove_action_without_a_reason_changes_nothing(moderator_client, admin_action, post):
    response = admin_action(moderator_client, Post, "remove", [post], apply="1", reason="")
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.text
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED
    assert logged(post) == []


@pytest.mark.parametrize("state", [Moderation.HIDDEN, Moderation.REMOVED])
def test_restore_action_publishes_a_moderated_request_again(moderator_client, admin_action, client, state):
    moderated = PostFactory(moderation=state, moderation_reason="Shares a phone number")
    response = admin_action(moderator_client, Post, "restore", [moderated])
    assert response.status_code == HTTPStatus.FOUND
    moderated.refresh_from_db()
    assert moderated.moderation == Moderation.PUBLISHED
    assert moderated.moderation_reason == ""
    assert logged(moderated) == [(ModerationActionKind.RESTORE, "")]
    assert client.get(moderated.get_absolute_url()).status_code == HTTPStatus.OK


def test_action_applies_to_every_selected_request_and_no_other(moderator_client, admin_action):
    chosen = PostFactory.create_batch(2)
    untouched = PostFactory()
    admin_action(moderator_client, Post, "hide", chosen, apply="1", reason="Duplicate")
    assert set(Post.objects.filter(moderation=Moderation.HIDDEN).values_list("pk", flat=True)) == {
        post.pk for post in chosen
    }
    untouched.refresh_from_db()
    assert untouched.moderation == Moderation.PUBLISHED
    assert logged(untouched) == []


# Actions on comments ---------------------------------------------------------


@pytest.fixture
def comment(post, stranger):
    return CommentFactory(post=post, author=stranger, body="He moved to Hamburg, I think.")


def test_comment_hide_action_asks_for_a_reason_first(moderator_client, admin_action, comment):
    response = admin_action(moderator_client, Comment, "hide", [comment])
    assert response.status_code == HTTPStatus.OK
    assert 'name="reason"' in response.text
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED
    assert logged(comment) == []


def test_comment_hide_action_hides_it_from_everyone_but_its_author(
    moderator_client, admin_action, comment, post, stranger_client, member_client, client
):
    response = admin_action(moderator_client, Comment, "hide", [comment], apply="1", reason="Personal address")
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.moderation == Moderation.HIDDEN
    assert comment.moderation_reason == "Personal address"
    assert logged(comment) == [(ModerationActionKind.HIDE, "Personal address")]

    assert comment.body not in member_client.get(post.get_absolute_url()).text
    assert comment.body not in client.get(post.get_absolute_url()).text
    own = stranger_client.get(post.get_absolute_url()).text
    assert comment.body in own
    assert "A moderator has hidden this comment." in own
    assert "Personal address" in own


def test_comment_hide_action_without_a_reason_changes_nothing(moderator_client, admin_action, comment):
    response = admin_action(moderator_client, Comment, "hide", [comment], apply="1", reason=" ")
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.text
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED
    assert logged(comment) == []


def test_comment_remove_action_removes_it(moderator_client, admin_action, comment, client, post):
    response = admin_action(moderator_client, Comment, "remove", [comment], apply="1", reason="Spam")
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.moderation == Moderation.REMOVED
    assert comment.moderation_reason == "Spam"
    assert logged(comment) == [(ModerationActionKind.REMOVE, "Spam")]
    assert comment.body not in client.get(post.get_absolute_url()).text


def test_comment_restore_action_publishes_it_again(moderator_client, admin_action, post, client):
    hidden = CommentFactory(post=post, moderation=Moderation.HIDDEN, moderation_reason="Spam")
    response = admin_action(moderator_client, Comment, "restore", [hidden])
    assert response.status_code == HTTPStatus.FOUND
    hidden.refresh_from_db()
    assert hidden.moderation == Moderation.PUBLISHED
    assert hidden.moderation_reason == ""
    assert logged(hidden) == [(ModerationActionKind.RESTORE, "")]
    assert hidden.body in client.get(post.get_absolute_url()).text


# Services refuse anyone who is not a moderator --------------------------------


@pytest.fixture(params=["author", "stranger", "inactive moderator", "staff outside the group"])
def non_moderator(request, member, stranger):
    """Everyone who must not moderate, including a moderator whose account is switched off."""
    return {
        "author": lambda: member,
        "stranger": lambda: stranger,
        "inactive moderator": lambda: ModeratorFactory(is_active=False),
        "staff outside the group": lambda: UserFactory(is_staff=True),
    }[request.param]()


def test_hide_post_by_a_non_moderator_is_refused(post, non_moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        actions.hide_post(post=post, by=non_moderator, reason="Because")
    assert callbacks == []
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED
    assert post.moderation_reason == ""
    assert not ModerationAction.objects.exists()


def test_publish_post_by_a_non_moderator_is_refused(member, non_moderator, django_capture_on_commit_callbacks):
    pending = PostFactory(author=member, moderation=Moderation.PENDING, published_at=None)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        actions.publish_post(post=pending, by=non_moderator)
    assert callbacks == []
    pending.refresh_from_db()
    assert pending.moderation == Moderation.PENDING
    assert pending.published_at is None
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("service", [actions.hide_comment, actions.remove_comment])
def test_comment_moderation_by_a_non_moderator_is_refused(post, non_moderator, service):
    comment = CommentFactory(post=post)
    with pytest.raises(PermissionDenied):
        service(comment=comment, by=non_moderator, reason="Because")
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED
    assert not ModerationAction.objects.exists()


# Admin pages do not grow with the data ---------------------------------------


def _changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(changelist_url(model)).status_code == HTTPStatus.OK
    return len(queries)


def _add_rows(count: int) -> None:
    """Requests, comments, reports on both and their people, `count` of each."""
    for comment in CommentFactory.create_batch(count):
        ReportFactory(post=comment.post)
        ReportFactory(post=None, comment=comment)


@pytest.mark.usefixtures("no_page_cache")  # What the page costs to make, not what a member's caches save.
@pytest.mark.parametrize("model", [Post, Comment, Report, User])
def test_changelist_query_count_does_not_grow_with_rows(moderator_client, model, django_assert_num_queries):
    _add_rows(2)
    baseline = _changelist_queries(moderator_client, model)
    _add_rows(5)
    with django_assert_num_queries(baseline):
        assert moderator_client.get(changelist_url(model)).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("count", "english", "chinese"),
    [(1, "Hid 1 request.", "已隐藏 1 条寻人启事。"), (2, "Hid 2 requests.", "已隐藏 2 条寻人启事。")],
)
def test_an_action_says_how_many_in_the_plural_that_count_takes(moderator, admin_action, count, english, chinese):
    from django.contrib.messages import get_messages

    for language, expected in (("en", english), ("zh-hans", chinese)):
        client = Client()
        client.force_login(moderator)
        client.cookies["django_language"] = language
        posts = PostFactory.create_batch(count)
        response = admin_action(client, Post, "hide", posts, apply="1", reason="Spam")
        assert [str(message) for message in get_messages(response.wsgi_request)] == [expected]


def test_sanction_lengths_are_offered_in_the_readers_language_and_plural(moderator_client):
    from django.utils import translation

    from accounts.admin import SanctionForm

    with translation.override("en"):
        offered = SanctionForm().fields["days"].choices
        assert [str(label) for _days, label in offered] == [
            f"{days} day" if days == 1 else f"{days} days" for days, _label in offered
        ]
    with translation.override("zh-hans"):
        assert all(str(label).endswith("天") for _days, label in SanctionForm().fields["days"].choices)
