"""A removal request about oneself, from a verified email alone (issue 14, item 1): the same report, ReviewItem and
withheld photos as a member's "this is me — please remove it", and the visitor told what happens next."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from posts.contact import relay
from posts.models import Report, ReportReason, ReportStatus, ReviewItem, ReviewReason, Visitor, VisitorRequest
from posts.moderation import reports
from tests.factories import PhotoFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITOR = "mei@example.org"


def removal_url(post) -> str:
    return reverse("posts:visitor_start", args=[post.pk, "removal"])


def verify_link(mail) -> str:
    match = re.search(r"http://127\.0\.0\.1:8000(/visitor/verify/[^\s/]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_a_removal_from_a_verified_email_reaches_the_moderators_like_a_members(
    client, post, moderator, moderator_client, committed, mailoutbox
):
    PhotoFactory(post=post)
    form = client.get(removal_url(post))
    assert form.status_code == HTTPStatus.OK
    assert "What happens next" in form.text and "photos stop being shown" in form.text

    sent = committed(client.post, removal_url(post), {"email": VISITOR, "body": "It is my school photo."})
    assert sent.status_code == HTTPStatus.FOUND
    [mail] = mailoutbox
    assert mail.to == [VISITOR] and "Confirm your removal request" in mail.subject
    # Nothing for the moderators, and the photos still shown, until the link is used.
    assert not Report.objects.exists() and not ReviewItem.objects.exists()
    post.refresh_from_db()
    assert not post.photos_withheld

    link = verify_link(mail)
    assert "Send my removal request" in client.get(link).text
    done = committed(client.post, link)

    assert done.status_code == HTTPStatus.OK
    assert "What happens next" in done.text and "we email you what the moderator decided" in done.text.lower()
    report = Report.objects.get()
    visitor = Visitor.objects.get().user
    assert (report.reporter, report.post, report.reason, report.details) == (
        visitor,
        post,
        ReportReason.THIS_IS_ME,
        "It is my school photo.",
    )
    assert ReviewItem.objects.pending().get().reason == ReviewReason.REMOVAL_REQUEST
    post.refresh_from_db()
    assert post.photos_withheld  # At once, as for a member.
    assert VisitorRequest.objects.get().report == report

    # The moderator's decision reaches the visitor by email, like any reporter's.
    mailoutbox.clear()
    committed(reports.resolve_report, report=report, by=moderator)
    assert [m.to for m in mailoutbox] == [[VISITOR]]


def test_the_same_as_a_members_removal_request(stranger, post, committed):
    """What the member flow does today, for comparison: the visitor's must match it."""
    PhotoFactory(post=post)
    report, _created = reports.report_content(reporter=stranger, post=post, reason=ReportReason.THIS_IS_ME)

    post.refresh_from_db()
    assert post.photos_withheld
    assert report.status == ReportStatus.OPEN
    assert ReviewItem.objects.pending().get().reason == ReviewReason.REMOVAL_REQUEST


def test_a_removal_link_works_once(client, post, committed, mailoutbox):
    committed(client.post, removal_url(post), {"email": VISITOR})
    link = verify_link(mailoutbox[0])
    committed(client.post, link)

    again = client.post(link)

    assert again.status_code == HTTPStatus.FORBIDDEN and "already used" in again.text
    assert Report.objects.count() == 1


def test_a_removal_waiting_for_review_is_refused_with_the_reason(client, member):
    pending = PostFactory(author=member, moderation="pending", published_at=None)

    refused = client.get(removal_url(pending))

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "waits for a moderator" in refused.text


# Query counts of the pages added -------------------------------------------------------------------


@pytest.mark.parametrize("photos", [0, 3])
def test_the_visitors_form_takes_a_fixed_number_of_queries(client, post, django_assert_num_queries, photos):
    for _ in range(photos):
        PhotoFactory(post=post)
    with django_assert_num_queries(1):  # The request with its poster.
        assert client.get(removal_url(post)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("messages", [2, 15])
def test_a_visitors_conversation_takes_a_fixed_number_of_queries(
    client, member, committed, mailoutbox, django_assert_num_queries, messages
):
    post = PostFactory(author=member)
    committed(
        client.post, reverse("posts:visitor_start", args=[post.pk, "i_know_them"]), {"email": VISITOR, "body": "Hello"}
    )
    committed(client.post, verify_link(mailoutbox[0]))
    visitor = Visitor.objects.get().user
    conversation = visitor.started_conversations.get()
    for number in range(messages - 1):
        author = member if number % 2 == 0 else visitor
        relay.send_message(conversation=conversation, by=author, body=f"Message {number}")
    relay.send_message(conversation=conversation, by=member, body="Unread for the visitor")
    from posts.reach.visitor_links import conversation_path

    # The conversation with the poster and the visitor, the visitor row, the verified email, any sanction,
    # marking it read, the messages.
    with django_assert_num_queries(6):
        response = client.get(conversation_path(conversation))
    assert f"Message {messages - 2}" in response.text and "Unread for the visitor" in response.text


def test_a_visitor_user_is_not_offered_as_a_member_elsewhere(client, post, committed, mailoutbox):
    """The visitor's user row has no password: nobody logs in as them by guessing one."""
    committed(
        client.post, reverse("posts:visitor_start", args=[post.pk, "i_know_them"]), {"email": VISITOR, "body": "Hi"}
    )
    committed(client.post, verify_link(mailoutbox[0]))
    visitor = Visitor.objects.get().user

    assert not visitor.has_usable_password()
    assert not client.login(email=VISITOR, password="")
    assert UserFactory._meta.model.objects.filter(email=VISITOR).count() == 1


# "Do not post about me" (an opt-out) from a verified email ------------------------------------------------


def test_an_opt_out_from_a_verified_email_holds_new_requests_like_a_members(client, committed, mailoutbox):
    from posts.contact.optouts import matches_an_opt_out
    from posts.models import OptOut

    url = reverse("posts:visitor_opt_out")
    refused = client.post(url, {"email": VISITOR, "name": "", "other_names": "Mei Lin"})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "Please give your name." in refused.text and 'value="Mei Lin"' in refused.text

    sent = committed(client.post, url, {"email": VISITOR, "name": "Wang Mei", "other_names": "Mei Lin"})
    assert sent["Location"] == reverse("posts:visitor_opt_out_sent")
    assert not OptOut.objects.exists()  # Not before the link is used.
    [mail] = mailoutbox
    assert mail.to == [VISITOR] and "“Wang Mei”" in mail.body

    link = verify_link(mail)
    assert "Register my opt-out" in client.get(link).text
    done = committed(client.post, link)

    assert done.status_code == HTTPStatus.OK and "will wait for a moderator" in done.text
    opt_out = OptOut.objects.get()
    assert (opt_out.user, opt_out.name, opt_out.other_names) == (Visitor.objects.get().user, "Wang Mei", "Mei Lin")
    assert matches_an_opt_out(PostFactory(sought_name="Wang Mei"))

    # What the page promises for withdrawing it: a password can be set from the address.
    mailoutbox.clear()
    committed(client.post, reverse("account_reset_password"), {"email": VISITOR})
    assert [m.to for m in mailoutbox] == [[VISITOR]]


@pytest.mark.parametrize("photos", [0, 3])
def test_the_confirm_page_takes_a_fixed_number_of_queries(
    client, post, committed, mailoutbox, django_assert_num_queries, photos
):
    for _ in range(photos):
        PhotoFactory(post=post)
    committed(client.post, removal_url(post), {"email": VISITOR, "body": "It is me."})
    link = verify_link(mailoutbox[0])

    with django_assert_num_queries(1):  # The visitor's request with its request and poster.
        assert client.get(link).status_code == HTTPStatus.OK


def test_the_visitors_opt_out_page_takes_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("posts:visitor_opt_out")).status_code == HTTPStatus.OK
