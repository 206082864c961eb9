"""The person sought decides: removal requests withhold photos at once; opt-outs hold matching requests."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.contact import optouts
from posts.models import Moderation, OptOut, Post, Report, ReportReason
from posts.moderation import reports
from posts.requests import services
from tests.conftest import login
from tests.factories import PhotoFactory, PostFactory, UserFactory


@pytest.fixture
def photographed(member):
    post = PostFactory(author=member, sought_name="Katharina Müller")
    return post, PhotoFactory(post=post)


def test_removal_request_stops_the_photos_at_once_and_tops_the_queue(photographed, stranger, client, moderator):
    post, photo = photographed
    ReportFactory = Report.objects.create  # an older report, to check the order
    ReportFactory(reporter=UserFactory(), post=PostFactory(), reason=ReportReason.SPAM)

    response = login(stranger).post(
        reverse("posts:report", kwargs={"pk": post.pk}), {"reason": ReportReason.THIS_IS_ME, "details": "It is me."}
    )

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.photos_withheld is True
    assert post.moderation == Moderation.PUBLISHED  # a moderator decides the rest
    for size in ("thumb", "full"):
        url = reverse("posts:photo", kwargs={"pk": photo.pk, "size": size})
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        assert login(post.author).get(url).status_code == HTTPStatus.NOT_FOUND
        assert login(moderator).get(url).status_code == HTTPStatus.OK
    page = client.get(post.get_absolute_url()).text
    assert photo.get_thumbnail_url() not in page
    assert "photos of this request are withheld" in page
    assert "photos/" not in client.get(reverse("posts:list")).text
    assert Report.objects.queue().first().reason == ReportReason.THIS_IS_ME


def test_reporter_is_told_the_outcome_and_dismissal_brings_the_photos_back(
    photographed, stranger, moderator, client, django_capture_on_commit_callbacks, mailoutbox
):
    post, photo = photographed
    report, _created = reports.report_content(reporter=stranger, post=post, reason=ReportReason.THIS_IS_ME)
    with django_capture_on_commit_callbacks(execute=True):
        reports.dismiss_report(report=report, by=moderator)

    post.refresh_from_db()
    assert post.photos_withheld is False
    assert client.get(photo.get_thumbnail_url()).status_code == HTTPStatus.OK
    [email] = mailoutbox
    assert email.to == [stranger.email]
    assert "looked at your report" in email.subject
    assert post.author.email not in email.body


def test_removal_keeps_the_photos_withheld(photographed, stranger, moderator, client):
    post, photo = photographed
    report, _created = reports.report_content(reporter=stranger, post=post, reason=ReportReason.THIS_IS_ME)
    reports.hide_reported_content(report=report, by=moderator, reason="Removed at the request of the person")
    post.refresh_from_db()
    assert post.photos_withheld is True
    assert client.get(photo.get_thumbnail_url()).status_code == HTTPStatus.NOT_FOUND


def test_opt_out_holds_a_matching_new_request_for_review(member, stranger):
    optouts.register_opt_out(user=stranger, name="Katharina Müller", other_names="Kathi Mueller")
    PostFactory(author=member, sought_name="Somebody Earlier")  # the poster is trusted otherwise

    held = services.create_post(
        author=member,
        data={
            "title": "Looking for Katarina",
            "sought_name": "Katarina Muller",
            "relationship": "classmate",
            "story": "Exchange year.",
        },
    )
    other = services.create_post(
        author=member,
        data={"title": "Looking for Simon", "sought_name": "Simon", "relationship": "classmate", "story": "Iowa."},
    )

    assert held.moderation == Moderation.PENDING
    assert "asked not to be posted about" in held.moderation_reason
    assert other.moderation == Moderation.PUBLISHED
    assert held not in Post.objects.published()


def test_member_registers_and_withdraws_an_opt_out(member_client, member, stranger_client):
    response = member_client.post(reverse("posts:opt_out"), {"name": "Anna Lindqvist", "other_names": "安娜"})
    assert response.status_code == HTTPStatus.FOUND
    opt_out = OptOut.objects.get(user=member)
    assert member_client.get(reverse("posts:opt_out")).text.count("Anna Lindqvist") >= 1
    assert "Anna Lindqvist" not in stranger_client.get(reverse("posts:opt_out")).text

    refused = stranger_client.post(reverse("posts:opt_out_withdraw", kwargs={"pk": opt_out.pk}))
    assert refused.status_code == HTTPStatus.NOT_FOUND
    assert OptOut.objects.filter(pk=opt_out.pk).exists()

    member_client.post(reverse("posts:opt_out_withdraw", kwargs={"pk": opt_out.pk}))
    assert not OptOut.objects.exists()


def test_opt_out_without_a_name_is_refused_with_a_message(member_client):
    response = member_client.post(reverse("posts:opt_out"), {"name": "", "details": "Regina High School"})
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.text
    assert "Regina High School" in response.text
    assert not OptOut.objects.exists()


def test_opt_out_needs_a_verified_email(client, db):
    client.force_login(UserFactory(verified=False))
    response = client.post(reverse("posts:opt_out"), {"name": "Someone"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not OptOut.objects.exists()


def test_moderators_read_opt_outs_in_the_admin_and_members_cannot(moderator_client, member_client, stranger):
    opt_out = optouts.register_opt_out(user=stranger, name="Kathi", details="Regina High School 2017")
    assert "Regina High School 2017" in moderator_client.get(f"/admin/posts/optout/{opt_out.pk}/change/").text
    assert member_client.get("/admin/posts/optout/").status_code == HTTPStatus.FOUND
