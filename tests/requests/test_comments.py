"""Comments and leads on a request, and reports about requests and comments."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Comment, Moderation, Post, Report, ReportReason, ReportStatus, Status
from posts.moderation.policy import COMMENT_EDIT_WINDOW
from tests.contact.consent.helpers import consenting_conversation
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.helpers import error_beside

PRIVATE_TEXT = "His sister runs the bakery by the old harbour in Kiel"


def comment_url(post: Post) -> str:
    return reverse("posts:comment_create", kwargs={"pk": post.pk})


def comment_state(comment: Comment) -> tuple:
    comment.refresh_from_db()
    return comment.body, comment.edited_at, comment.is_lead, comment.is_private, comment.moderation


@pytest.fixture
def helper(db):
    return UserFactory(display_name="Helpful Hana")


@pytest.fixture
def helper_client(client, helper):
    client.force_login(helper)
    return client


# Commenting ----------------------------------------------------------------------------------


def test_verified_member_comments_and_the_comment_shows_on_the_request(stranger_client, stranger, post):
    before = Post.objects.get(pk=post.pk).last_activity_at

    response = stranger_client.post(comment_url(post), {"body": "  Have you tried the alumni office?  "})

    comment = Comment.objects.get(post=post)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author, comment.body, comment.is_lead, comment.is_private) == (
        stranger,
        "Have you tried the alumni office?",
        False,
        False,
    )
    post.refresh_from_db()
    assert post.last_activity_at > before
    assert "Have you tried the alumni office?" in stranger_client.get(post.get_absolute_url()).text


def test_lead_is_saved_as_lead_and_emails_the_poster(
    helper_client, helper, post, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = helper_client.post(comment_url(post), {"body": "He studies in Leipzig now.", "is_lead": "on"})

    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get(post=post)
    assert (comment.is_lead, comment.is_private) == (True, False)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert post.title in mailoutbox[0].subject
    assert "Helpful Hana left a lead" in mailoutbox[0].body
    page = helper_client.get(post.get_absolute_url())
    assert "He studies in Leipzig now." in page.text


def test_plain_comment_emails_the_poster_without_its_text(
    helper_client, post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        helper_client.post(comment_url(post), {"body": "Good luck, I hope you find him."})

    assert Comment.objects.filter(post=post).count() == 1
    [email] = mailoutbox
    assert email.to == [post.author.email]
    assert "commented on your request" in email.body
    assert "Good luck" not in email.body


def test_poster_is_not_emailed_for_their_own_lead(member_client, post, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(comment_url(post), {"body": "Update: his sister lives in Bonn.", "is_lead": "on"})

    assert Comment.objects.get(post=post).is_lead
    assert mailoutbox == []


def test_private_lead_without_the_lead_box_ticked_is_saved_as_private_lead(
    helper_client, post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = helper_client.post(comment_url(post), {"body": PRIVATE_TEXT, "is_private": "on"})

    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get(post=post)
    assert (comment.is_lead, comment.is_private) == (True, True)
    assert len(mailoutbox) == 1
    assert PRIVATE_TEXT not in mailoutbox[0].body


@pytest.mark.parametrize(
    ("reader", "sees_it"),
    [("poster", True), ("lead_author", True), ("moderator", True), ("stranger", False), ("anonymous", False)],
)
def test_private_lead_is_shown_only_to_poster_its_author_and_moderators(
    client, post, member, helper, stranger, moderator, reader, sees_it
):
    CommentFactory(post=post, author=helper, body=PRIVATE_TEXT, is_lead=True, is_private=True)
    CommentFactory(post=post, author=helper, body="A public hello")
    readers = {"poster": member, "lead_author": helper, "moderator": moderator, "stranger": stranger}
    if reader in readers:
        client.force_login(readers[reader])

    page = client.get(post.get_absolute_url())

    assert page.status_code == HTTPStatus.OK
    assert "A public hello" in page.text
    assert (PRIVATE_TEXT in page.text) is sees_it


def test_private_lead_cannot_be_opened_for_editing_or_reporting_by_a_stranger(stranger_client, post, helper):
    private = CommentFactory(post=post, author=helper, body=PRIVATE_TEXT, is_lead=True, is_private=True)

    for name in ("posts:comment_edit", "posts:comment_delete", "posts:comment_report"):
        response = stranger_client.get(reverse(name, kwargs={"pk": private.pk}))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert PRIVATE_TEXT not in response.text


def test_empty_comment_shows_error_and_keeps_earlier_comments(stranger_client, post, helper):
    CommentFactory(post=post, author=helper, body="An earlier lead about Hamburg")

    response = stranger_client.post(comment_url(post), {"body": "   ", "is_lead": "on"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body") == ["This field is required."]
    assert "An earlier lead about Hamburg" in response.text
    assert list(Comment.objects.values_list("body", flat=True)) == ["An earlier lead about Hamburg"]


def test_comment_by_unverified_member_is_refused(client, post):
    client.force_login(UserFactory(verified=False))

    response = client.post(comment_url(post), {"body": "Hello"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()
    page = client.get(post.get_absolute_url())
    assert "Please verify your email address to leave a lead." in page.text


def test_comment_by_anonymous_redirects_to_login(client, post):
    response = client.post(comment_url(post), {"body": "Hello"})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert not Comment.objects.exists()


@pytest.mark.parametrize("status", [Status.CLOSED])
def test_comment_on_closed_request_is_refused(stranger_client, post, status):
    post.status = status
    post.save()

    response = stranger_client.post(comment_url(post), {"body": "Is it too late?"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()


def test_comment_on_reunited_request_is_accepted(stranger_client, post):
    post.status = Status.RESOLVED
    post.save()

    response = stranger_client.post(comment_url(post), {"body": "So happy for you both!"})

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(post=post).exists()


def test_comment_on_own_pending_request_is_refused(client, db):
    author = UserFactory()
    pending = PostFactory(author=author, moderation=Moderation.PENDING, published_at=None)
    client.force_login(author)

    response = client.post(comment_url(pending), {"body": "Bump"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()


def test_comment_on_someone_elses_hidden_request_is_not_found(stranger_client, member):
    hidden = PostFactory(author=member, moderation=Moderation.HIDDEN)

    response = stranger_client.post(comment_url(hidden), {"body": "Hello"})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Comment.objects.exists()


# Editing and deleting ------------------------------------------------------------------------


def test_author_edits_own_comment_within_the_window(helper_client, helper, post):
    written = timezone.now() - COMMENT_EDIT_WINDOW + timedelta(minutes=5)
    comment = CommentFactory(post=post, author=helper, created_at=written)
    url = reverse("posts:comment_edit", kwargs={"pk": comment.pk})

    assert comment.body in helper_client.get(url).text
    response = helper_client.post(url, {"body": "Correction: he moved to Bremen."})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{post.get_absolute_url()}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "Correction: he moved to Bremen."
    assert comment.edited_at is not None
    page = helper_client.get(post.get_absolute_url())
    assert "Correction: he moved to Bremen." in page.text
    assert ">edited<" in page.text


def test_author_edit_after_the_window_is_refused_and_changes_nothing(helper_client, helper, post):
    written = timezone.now() - COMMENT_EDIT_WINDOW - timedelta(minutes=15)
    comment = CommentFactory(post=post, author=helper, created_at=written)
    before = comment_state(comment)
    url = reverse("posts:comment_edit", kwargs={"pk": comment.pk})

    page = helper_client.get(url)
    response = helper_client.post(url, {"body": "Too late to change this"})

    assert page.status_code == HTTPStatus.FORBIDDEN
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert comment_state(comment) == before
    assert f'href="{url}"' not in helper_client.get(post.get_absolute_url()).text


def test_edit_to_empty_body_shows_error_and_changes_nothing(helper_client, helper, post):
    comment = CommentFactory(post=post, author=helper)
    before = comment_state(comment)

    response = helper_client.post(reverse("posts:comment_edit", kwargs={"pk": comment.pk}), {"body": ""})

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "body") == ["This field is required."]
    assert comment_state(comment) == before


@pytest.mark.parametrize("who", ["stranger", "member", "moderator"])
def test_edit_and_delete_of_someone_elses_comment_are_refused(request, post, helper, who):
    comment = CommentFactory(post=post, author=helper)
    before = comment_state(comment)
    client = request.getfixturevalue(f"{who}_client")

    for name, data in (("posts:comment_edit", {"body": "Rewritten by someone else"}), ("posts:comment_delete", {})):
        url = reverse(name, kwargs={"pk": comment.pk})
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        assert client.post(url, data).status_code == HTTPStatus.FORBIDDEN

    assert comment_state(comment) == before


def test_author_deletes_own_comment_after_confirming(helper_client, helper, post):
    comment = CommentFactory(post=post, author=helper, created_at=timezone.now() - timedelta(days=3))
    other = CommentFactory(post=post, body="Someone else's lead")
    url = reverse("posts:comment_delete", kwargs={"pk": comment.pk})

    confirm = helper_client.get(url)
    assert confirm.status_code == HTTPStatus.OK
    assert comment.body in confirm.text
    assert Comment.objects.filter(pk=comment.pk).exists()

    response = helper_client.post(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == post.get_absolute_url()
    assert list(Comment.objects.all()) == [other]


def test_deleting_the_lead_that_helped_keeps_the_request_reunited(helper_client, helper, post):
    lead = CommentFactory(post=post, author=helper, is_lead=True)
    Post.objects.filter(pk=post.pk).update(status=Status.RESOLVED, resolved_comment=lead, resolved_note="Found!")
    consenting_conversation(post)  # The person found agreed to the reunion story.

    helper_client.post(reverse("posts:comment_delete", kwargs={"pk": lead.pk}))

    post.refresh_from_db()
    assert (post.status, post.resolved_comment, post.resolved_note) == (Status.RESOLVED, None, "Found!")
    assert "Found!" in helper_client.get(post.get_absolute_url()).text


# Reports -------------------------------------------------------------------------------------


def test_reporting_a_request_creates_an_open_report(stranger_client, stranger, post):
    url = reverse("posts:report", kwargs={"pk": post.pk})
    assert stranger_client.get(url).status_code == HTTPStatus.OK

    response = stranger_client.post(url, {"reason": ReportReason.FALSE_INFO, "details": " The school never existed. "})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == post.get_absolute_url()
    report = Report.objects.get()
    assert (report.reporter, report.post, report.comment) == (stranger, post, None)
    assert (report.reason, report.details, report.status) == (
        ReportReason.FALSE_INFO,
        "The school never existed.",
        ReportStatus.OPEN,
    )


def test_reporting_a_comment_creates_an_open_report(stranger_client, stranger, post):
    comment = CommentFactory(post=post, body="Buy cheap watches")

    response = stranger_client.post(
        reverse("posts:comment_report", kwargs={"pk": comment.pk}), {"reason": ReportReason.SPAM}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == comment.get_absolute_url()
    report = Report.objects.get()
    assert (report.reporter, report.post, report.comment, report.status) == (
        stranger,
        None,
        comment,
        ReportStatus.OPEN,
    )


def test_second_report_by_the_same_person_updates_the_first(stranger_client, stranger, post):
    url = reverse("posts:report", kwargs={"pk": post.pk})
    stranger_client.post(url, {"reason": ReportReason.SPAM})

    stranger_client.post(url, {"reason": ReportReason.THIS_IS_ME, "details": "This is about me."})

    report = Report.objects.get()
    assert (report.reporter, report.reason, report.details) == (stranger, ReportReason.THIS_IS_ME, "This is about me.")


def test_reports_by_different_people_are_kept_apart(stranger_client, moderator_client, post):
    url = reverse("posts:report", kwargs={"pk": post.pk})

    stranger_client.post(url, {"reason": ReportReason.SPAM})
    moderator_client.post(url, {"reason": ReportReason.OTHER})

    assert Report.objects.filter(post=post, status=ReportStatus.OPEN).count() == 2


def test_second_report_after_the_first_was_handled_opens_a_new_one(stranger_client, stranger, post):
    url = reverse("posts:report", kwargs={"pk": post.pk})
    stranger_client.post(url, {"reason": ReportReason.SPAM})
    Report.objects.update(status=ReportStatus.DISMISSED)

    stranger_client.post(url, {"reason": ReportReason.SPAM, "details": "It is back."})

    assert sorted(Report.objects.values_list("status", flat=True)) == [ReportStatus.DISMISSED, ReportStatus.OPEN]


@pytest.mark.parametrize("reason", ["", "bogus"])
def test_report_without_a_valid_reason_shows_error_and_creates_nothing(stranger_client, post, reason):
    response = stranger_client.post(
        reverse("posts:report", kwargs={"pk": post.pk}), {"reason": reason, "details": "Looks fake to me"}
    )

    assert response.status_code == HTTPStatus.OK
    assert error_beside(response, "reason")
    assert "Looks fake to me" in response.text
    assert not Report.objects.exists()


def test_report_by_unverified_member_shows_verify_first_page(client, post):
    client.force_login(UserFactory(verified=False))

    response = client.post(reverse("posts:report", kwargs={"pk": post.pk}), {"reason": ReportReason.SPAM})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Please verify your email address first" in response.text
    assert not Report.objects.exists()


def test_report_by_anonymous_redirects_to_login(client, post):
    response = client.post(reverse("posts:report", kwargs={"pk": post.pk}), {"reason": ReportReason.SPAM})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert not Report.objects.exists()
