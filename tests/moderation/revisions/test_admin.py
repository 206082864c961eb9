"""Moderators read what each edit changed in the admin and hide a version that leaked private details."""

import re
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.models import ModerationActionKind, Revision
from posts.moderation import revisions
from posts.requests import services
from tests.conftest import login
from tests.factories import PostFactory, UserFactory
from tests.helpers import logged

PHONE = "+49 170 5550123"


def change_url(obj) -> str:
    return reverse(f"admin:posts_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url() -> str:
    return reverse("admin:posts_revision_changelist")


@pytest.fixture
def leaked(member, post):
    """A story that held a phone number for one version: (the version before it, the leaking version)."""
    services.edit_post(post=post, by=member, data={"story": f"Call me on {PHONE}, he played the cello."})
    services.edit_post(post=post, by=member, data={"story": "He played the cello."})
    leaking, before = Revision.objects.filter(post=post)
    assert PHONE in leaking.fields["story"]
    return before, leaking


def test_moderator_sees_removed_and_added_words_escaped(moderator_client, member, post):
    services.edit_post(post=post, by=member, data={"story": "He played the <script>alert(1)</script> violin."})
    revision = Revision.objects.get()

    page = moderator_client.get(change_url(revision))

    assert page.status_code == HTTPStatus.OK
    assert re.search(r"<del[^>]*>[^<]*cello\.</del>", page.text)
    assert re.search(r"<ins[^>]*>&lt;script&gt;alert\(1\)&lt;/script&gt; violin\.</ins>", page.text)
    assert "<script>alert(1)" not in page.text


def test_post_and_comment_admins_list_versions_newest_first(moderator_client, member, post):
    services.edit_post(post=post, by=member, data={"title": "Second title"})
    services.edit_post(post=post, by=member, data={"title": "Third title"})
    newest, oldest = Revision.objects.filter(post=post)

    page = moderator_client.get(change_url(post)).text

    assert page.index(change_url(newest)) < page.index(change_url(oldest))
    comment = services.add_comment(post=post, author=member, body="First words")
    services.edit_comment(comment=comment, by=member, body="Second words")
    assert change_url(Revision.objects.get(comment=comment)) in moderator_client.get(change_url(comment)).text


def test_moderator_hides_a_version_and_its_text_leaves_the_admin(
    moderator_client, moderator, post, leaked, admin_action
):
    before, leaking = leaked
    pages = (changelist_url(), change_url(post), change_url(before), change_url(leaking))
    assert PHONE in moderator_client.get(change_url(before)).text

    asked = admin_action(moderator_client, Revision, "hide", [leaking])
    response = admin_action(moderator_client, Revision, "hide", [leaking], apply="1", reason="Phone number")

    assert asked.status_code == HTTPStatus.OK and PHONE not in asked.text
    assert response.status_code == HTTPStatus.FOUND
    leaking.refresh_from_db()
    assert (leaking.hidden, leaking.hidden_by, leaking.hidden_reason) == (True, moderator, "Phone number")
    assert PHONE in leaking.fields["story"]  # still in the database, for superusers only
    assert logged(leaking) == [(ModerationActionKind.HIDE_REVISION, "Phone number")]
    for url in pages:
        page = moderator_client.get(url)
        assert page.status_code == HTTPStatus.OK
        assert PHONE not in page.text
    assert "hidden by Mo: Phone number" in moderator_client.get(change_url(leaking)).text


def test_superuser_does_not_see_a_hidden_version_in_the_admin_either(superuser_client, moderator, leaked):
    _before, leaking = leaked
    revisions.hide_revision(revision=leaking, by=moderator, reason="Phone number")

    assert PHONE not in superuser_client.get(change_url(leaking)).text


@pytest.mark.parametrize("who", ["member", "stranger"])
def test_hide_revision_by_non_moderator_is_refused_and_changes_nothing(request, who, leaked):
    _before, leaking = leaked

    with pytest.raises(PermissionDenied):
        revisions.hide_revision(revision=leaking, by=request.getfixturevalue(who), reason="Phone number")

    leaking.refresh_from_db()
    assert (leaking.hidden, leaking.hidden_by, leaking.hidden_reason) == (False, None, "")
    assert logged(leaking) == []


def test_member_cannot_open_the_revision_admin(member_client, leaked):
    _before, leaking = leaked

    for url in (changelist_url(), change_url(leaking)):
        response = member_client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("admin:login"))


def test_staff_without_moderation_permission_sees_no_versions(leaked):
    _before, leaking = leaked
    client = login(UserFactory(is_staff=True))

    response = client.get(change_url(leaking))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert PHONE not in response.text


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(changelist_url()).status_code == HTTPStatus.OK
    return len(queries)


def _edit_posts(count: int) -> None:
    for post in PostFactory.create_batch(count):
        services.edit_post(post=post, by=post.author, data={"story": "Told again."})


@pytest.mark.usefixtures("no_page_cache")  # What the page costs to make, not what a member's caches save.
def test_revision_changelist_query_count_does_not_grow_with_rows(moderator_client, django_assert_num_queries):
    _edit_posts(2)
    baseline = _changelist_queries(moderator_client)
    _edit_posts(5)
    with django_assert_num_queries(baseline):
        assert moderator_client.get(changelist_url()).status_code == HTTPStatus.OK
