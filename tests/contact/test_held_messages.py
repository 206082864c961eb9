"""Held, removed and reported messages: what each side sees, what counts as unread, and who is emailed when."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from posts.contact import relay
from posts.models import (
    Conversation,
    Message,
    Moderation,
    ModerationActionKind,
    Report,
    ReportReason,
    ReportStatus,
    ReviewReason,
    ReviewStatus,
    WatchedAction,
    WatchedWord,
)
from posts.moderation import actions
from tests.conftest import login
from tests.contact.helpers import all_email_text, header_unread, start_url
from tests.factories import UserFactory
from tests.helpers import logged
from tests.moderation.queue.helpers import item_about, item_url, queued

QUEUE_URL = reverse("admin:moderation:queue")
WITH_PHONE = "It is me! Call me on +49 151 2345 6789 whenever you like."
HELLO = "Hello Anna, I think I am the one you are looking for."


@pytest.fixture
def conversation(claimant, post):
    """Simon wrote to Anna about her request; the message went straight through and Anna has read it."""
    conversation = relay.start_conversation(post=post, by=claimant, kind="i_know_them", body=HELLO)
    relay.mark_read(conversation=conversation, by=post.author)
    return conversation


def reply(client, conversation, body: str):
    return client.post(conversation.get_absolute_url(), {"body": body})


def queue_message(client, message, action: str, **data):
    return client.post(item_url(message), {"action": action, **data})


def report_url(message) -> str:
    return reverse("posts:message_report", args=[message.pk])


# Held ------------------------------------------------------------------------------------------


def test_a_message_with_a_phone_number_waits_shown_to_its_author_only_and_nobody_is_emailed(
    conversation, claimant_client, member_client, committed, mailoutbox
):
    response = committed(reply, claimant_client, conversation, WITH_PHONE)

    message = Message.objects.get(body=WITH_PHONE)
    assert message.moderation == Moderation.PENDING
    assert mailoutbox == []
    mine = claimant_client.get(response["Location"])
    assert WITH_PHONE in mine.text
    assert "Waiting for review" in mine.text
    assert "a moderator will look at it before it is delivered" in mine.text
    theirs = member_client.get(conversation.get_absolute_url())
    assert "+49 151" not in theirs.text and "Waiting for review" not in theirs.text
    assert HELLO in theirs.text


def test_a_held_message_is_not_unread_for_the_other_side(conversation, claimant_client, member_client):
    reply(claimant_client, conversation, WITH_PHONE)

    inbox = member_client.get(reverse("posts:conversations"))
    assert header_unread(inbox.text) == 0
    assert "unread" not in inbox.text
    assert member_client.get(reverse("posts:conversations")).context["page"][0].unread_count == 0


def test_a_conversation_whose_only_message_is_held_does_not_reach_the_poster(
    member_client, claimant_client, post, committed, mailoutbox
):
    committed(claimant_client.post, start_url(post, "i_know_them"), {"body": WITH_PHONE})

    conversation = Conversation.objects.get()
    assert mailoutbox == []
    assert conversation.get_absolute_url() not in member_client.get(reverse("posts:conversations")).text
    assert member_client.get(conversation.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert WITH_PHONE in claimant_client.get(conversation.get_absolute_url()).text


def test_a_hold_word_holds_a_message_without_naming_the_word(conversation, claimant_client, member_client):
    WatchedWord.objects.create(pattern="western union", action=WatchedAction.HOLD)

    reply(claimant_client, conversation, "Send it by Western Union, please.")

    message = Message.objects.get(body__startswith="Send it")
    assert message.moderation == Moderation.PENDING
    assert "western union" not in message.moderation_reason.lower()
    assert "Western Union" not in member_client.get(conversation.get_absolute_url()).text


def test_a_blocked_word_refuses_the_message_and_keeps_it_in_the_form(conversation, claimant_client):
    WatchedWord.objects.create(pattern="bitcoin", action=WatchedAction.BLOCK)
    body = "Pay me in bitcoin and I will tell you where he is."

    response = reply(claimant_client, conversation, body)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "“bitcoin” cannot be used on Reconnect." in response.text
    assert body in response.text
    assert not Message.objects.filter(body=body).exists()


def test_a_flagged_message_is_delivered_and_flagged_by_the_site(
    conversation, claimant_client, member_client, moderator_client
):
    WatchedWord.objects.create(pattern="lottery", action=WatchedAction.FLAG)

    reply(claimant_client, conversation, "I won the lottery last year.")

    message = Message.objects.get(body__startswith="I won")
    assert message.moderation == Moderation.PUBLISHED
    assert "I won the lottery" in member_client.get(conversation.get_absolute_url()).text
    assert not Report.objects.exists()
    item = item_about(message)
    assert (item.reason, item.flagged_by_site, item.status) == (
        ReviewReason.WATCHED_FLAG,
        True,
        ReviewStatus.PENDING,
    )
    queue = moderator_client.get(QUEUE_URL)
    assert queued(queue) == [message]
    assert "lottery" in queue.text


# Letting through and removing --------------------------------------------------------------------


def test_letting_a_held_message_through_delivers_it_as_new_and_emails_the_other_side(
    conversation, claimant_client, member_client, moderator_client, moderator, member, committed, mailoutbox
):
    reply(claimant_client, conversation, WITH_PHONE)
    message = Message.objects.get(body=WITH_PHONE)
    member_client.get(conversation.get_absolute_url())  # Anna reads the conversation while it waits.
    queue = moderator_client.get(QUEUE_URL)
    assert WITH_PHONE in queue.text  # The moderator reads the whole message.

    response = committed(queue_message, moderator_client, message, "publish")

    assert response.status_code == HTTPStatus.FOUND
    message.refresh_from_db()
    assert message.moderation == Moderation.PUBLISHED
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "+49" not in all_email_text(mailoutbox[0])
    assert header_unread(member_client.get(reverse("posts:conversations")).text) == 1
    assert WITH_PHONE in member_client.get(conversation.get_absolute_url()).text
    assert logged(message, "action", "actor", "member") == [
        (ModerationActionKind.PUBLISH, moderator.pk, message.author_id)
    ]
    assert message not in queued(moderator_client.get(QUEUE_URL))
    assert item_about(message).status == ReviewStatus.APPROVED


def test_removing_a_held_message_needs_a_reason_which_its_author_sees(
    conversation, claimant_client, member_client, moderator_client, committed, mailoutbox
):
    reply(claimant_client, conversation, WITH_PHONE)
    message = Message.objects.get(body=WITH_PHONE)

    queue_message(moderator_client, message, "remove")
    message.refresh_from_db()
    assert message.moderation == Moderation.PENDING

    committed(queue_message, moderator_client, message, "remove", reason_text="Please share numbers later.")

    message.refresh_from_db()
    assert (message.moderation, message.moderation_reason) == (Moderation.REMOVED, "Please share numbers later.")
    assert mailoutbox == []
    mine = claimant_client.get(conversation.get_absolute_url()).text
    assert "Removed by a moderator" in mine and "Please share numbers later." in mine
    theirs = member_client.get(conversation.get_absolute_url()).text
    assert "+49" not in theirs and "Removed by a moderator" not in theirs
    assert logged(message) == [(ModerationActionKind.REMOVE, "Please share numbers later.")]


def test_a_member_cannot_let_a_message_through(conversation, claimant_client, member_client):
    reply(claimant_client, conversation, WITH_PHONE)
    message = Message.objects.get(body=WITH_PHONE)

    for client in (claimant_client, member_client):
        for data in ({"action": "publish"}, {"action": "remove", "reason_text": "Spam"}):
            response = queue_message(client, message, **data)
            assert response.status_code == HTTPStatus.FOUND
            assert response.url.startswith(reverse("admin:login"))
    # Staff outside the Moderators group reach the admin, and are refused outright there.
    staff = login(UserFactory(is_staff=True))
    assert queue_message(staff, message, "publish").status_code == HTTPStatus.FORBIDDEN
    assert queue_message(staff, message, "remove", reason_text="Spam").status_code == HTTPStatus.FORBIDDEN

    message.refresh_from_db()
    assert message.moderation == Moderation.PENDING
    assert logged(message) == []


def test_the_services_refuse_members_who_let_through_or_remove_a_message(
    conversation, claimant, member, claimant_client
):
    reply(claimant_client, conversation, WITH_PHONE)
    message = Message.objects.get(body=WITH_PHONE)

    for who in (claimant, member):
        with pytest.raises(PermissionDenied):
            actions.publish_message(message=message, by=who)
        with pytest.raises(PermissionDenied):
            actions.remove_message(message=message, by=who, reason="Spam")

    message.refresh_from_db()
    assert (message.moderation, message.body) == (Moderation.PENDING, WITH_PHONE)
    assert logged(message) == []


def test_the_service_refuses_to_remove_a_message_without_a_reason(conversation, claimant_client, moderator):
    reply(claimant_client, conversation, WITH_PHONE)
    message = Message.objects.get(body=WITH_PHONE)

    with pytest.raises(ValidationError):
        actions.remove_message(message=message, by=moderator, reason="   ")

    message.refresh_from_db()
    assert message.moderation == Moderation.PENDING
    assert logged(message) == []


def test_a_held_message_does_not_move_its_conversation_up_the_other_sides_list(
    conversation, post, claimant_client, member_client, helper, committed
):
    """Anna's list is ordered by the last message she can read: a held one must not hint that something came."""
    other = relay.start_conversation(post=post, by=helper, kind="i_know_them", body="I met him in 2019.")
    inbox = reverse("posts:conversations")
    assert [row.pk for row in member_client.get(inbox).context["page"]] == [other.pk, conversation.pk]
    before = Conversation.objects.get(pk=conversation.pk).last_message_at

    committed(reply, claimant_client, conversation, WITH_PHONE)

    assert Conversation.objects.get(pk=conversation.pk).last_message_at == before
    assert [row.pk for row in member_client.get(inbox).context["page"]] == [other.pk, conversation.pk]


def test_a_message_let_through_is_new_to_a_reader_who_wrote_while_it_waited(
    conversation, claimant_client, member_client, moderator
):
    reply(claimant_client, conversation, WITH_PHONE)
    held = Message.objects.get(body=WITH_PHONE)
    reply(member_client, conversation, "Are you still there, Simon?")  # Anna has now read up to this moment.
    assert header_unread(member_client.get(reverse("posts:conversations")).text) == 0

    actions.publish_message(message=held, by=moderator)

    assert header_unread(member_client.get(reverse("posts:conversations")).text) == 1
    thread = member_client.get(conversation.get_absolute_url()).text
    assert thread.index("Are you still there, Simon?") < thread.index(WITH_PHONE)


def test_a_moderators_own_message_with_contact_details_goes_straight_out(
    post, moderator, member, member_client, committed, mailoutbox
):
    conversation = committed(relay.start_conversation, post=post, by=moderator, kind="i_know_them", body=WITH_PHONE)

    assert conversation.messages.get().moderation == Moderation.PUBLISHED
    assert WITH_PHONE in member_client.get(conversation.get_absolute_url()).text
    assert [mail.to for mail in mailoutbox] == [[member.email]]


# Reporting a message -------------------------------------------------------------------------------


def test_the_other_side_reports_a_message_from_the_conversation(conversation, member_client, member):
    message = conversation.messages.get()
    page = member_client.get(conversation.get_absolute_url())
    assert f'action="{report_url(message)}"' in page.text

    response = member_client.post(report_url(message), {"reason": ReportReason.HARASSMENT, "details": "Pushy."})

    assert response.status_code == HTTPStatus.FOUND
    report = Report.objects.get()
    assert (report.reporter, report.message, report.reason, report.details) == (
        member,
        message,
        ReportReason.HARASSMENT,
        "Pushy.",
    )


def test_a_report_without_a_reason_is_refused_beside_the_field_with_the_details_kept(conversation, member_client):
    message = conversation.messages.get()

    response = member_client.post(report_url(message), {"reason": "", "details": "He keeps asking for money."})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Choose a reason." in response.text
    assert "He keeps asking for money." in response.text
    assert not Report.objects.exists()


def test_nobody_else_can_report_a_message(conversation, claimant_client, stranger_client, moderator_client):
    message = conversation.messages.get()

    for client in (stranger_client, claimant_client, moderator_client):  # A stranger, its own author, a moderator.
        response = client.post(report_url(message), {"reason": ReportReason.SPAM})
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert HELLO not in response.text
    assert claimant_client.get(conversation.get_absolute_url()).text.count(report_url(message)) == 0
    assert not Report.objects.exists()


def test_a_held_message_cannot_be_reported_by_the_other_side(conversation, claimant_client, member_client):
    reply(claimant_client, conversation, WITH_PHONE)
    message = Message.objects.get(body=WITH_PHONE)

    assert member_client.post(report_url(message), {"reason": "spam"}).status_code == HTTPStatus.NOT_FOUND
    assert not Report.objects.exists()


def test_reports_on_messages_are_rate_limited(conversation, member_client, settings):
    settings.RECONNECT_RATE_LIMITS = {"report": {"user": "1/h"}}
    message = conversation.messages.get()

    member_client.post(report_url(message), {"reason": ReportReason.SPAM})
    response = member_client.post(report_url(message), {"reason": ReportReason.OTHER})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Report.objects.get().reason == ReportReason.SPAM


def test_hiding_a_reported_message_removes_it_and_tells_the_reporter(
    conversation, member_client, member, claimant_client, moderator_client, committed, mailoutbox
):
    message = conversation.messages.get()
    member_client.post(report_url(message), {"reason": ReportReason.HARASSMENT})
    report = Report.objects.get()
    queue = moderator_client.get(QUEUE_URL)
    assert queued(queue) == [message]

    committed(moderator_client.post, item_url(message), {"action": "remove", "common_reason": "harassment"})

    report.refresh_from_db()
    message.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert message.moderation == Moderation.REMOVED
    assert HELLO not in member_client.get(conversation.get_absolute_url()).text
    mine = claimant_client.get(conversation.get_absolute_url()).text
    assert HELLO in mine and "Harassment or hate" in mine
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "You reported a message in your conversation" in mailoutbox[0].body


def test_dismissing_a_message_report_leaves_the_message_and_tells_the_reporter(
    conversation, member_client, member, moderator_client, committed, mailoutbox
):
    message = conversation.messages.get()
    member_client.post(report_url(message), {"reason": ReportReason.SPAM})
    report = Report.objects.get()

    committed(moderator_client.post, item_url(message), {"action": "dismiss"})

    assert Report.objects.get(pk=report.pk).status == ReportStatus.DISMISSED
    message.refresh_from_db()
    assert message.moderation == Moderation.PUBLISHED
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "no action was needed" in mailoutbox[0].body
    assert moderator_client.get(reverse("admin:posts_report_changelist") + "?status=").status_code == HTTPStatus.OK


def test_the_moderator_sees_the_authors_history_beside_a_held_message(
    conversation, claimant_client, claimant, moderator_client
):
    UserFactory()  # Someone else, to be sure the history is the author's.
    reply(claimant_client, conversation, WITH_PHONE)

    (row,) = moderator_client.get(QUEUE_URL).context["page"].object_list
    assert (row.kind, row.author, row.history.published_requests) == ("message", claimant, 0)


def test_the_answer_to_the_posters_question_is_screened_with_the_first_message(
    claimant_client, claim_post, member_client, committed, mailoutbox
):
    WatchedWord.objects.create(pattern="bitcoin", action=WatchedAction.BLOCK)

    refused = claimant_client.post(start_url(claim_post), {"answer": "Mr Bitcoin", "body": HELLO})

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "“Bitcoin” cannot be used on Reconnect." in refused.text
    assert "Mr Bitcoin" in refused.text and HELLO in refused.text
    assert not Conversation.objects.exists()

    committed(claimant_client.post, start_url(claim_post), {"answer": "Ring me: 0151 2345 6789", "body": HELLO})

    assert Message.objects.get().moderation == Moderation.PENDING
    assert mailoutbox == []
    assert member_client.get(Conversation.objects.get().get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_late_answer_with_contact_details_waits_inside_its_held_message(
    post, claimant, claimant_client, member_client, moderator
):
    """Anna adds her question after Simon first wrote; his answer carries a phone number, so it waits too."""
    relay.start_conversation(post=post, by=claimant, kind="this_is_me", body=HELLO)
    post.claim_question = "What did we call our chemistry teacher?"
    post.save(update_fields=["claim_question"])

    claimant_client.post(
        start_url(post, "this_is_me"),
        {"answer": "Mr Bunsen, and my number is +49 151 2345 6789", "body": "I answered your question."},
    )

    conversation = Conversation.objects.get(post=post, starter=claimant, kind="this_is_me")
    assert conversation.claim_answer == ""
    assert "2345 6789" not in member_client.get(conversation.get_absolute_url()).text
    held = Message.objects.get(conversation=conversation, moderation=Moderation.PENDING)
    assert "Mr Bunsen" in held.body

    actions.publish_message(message=held, by=moderator)
    assert "Mr Bunsen" in member_client.get(conversation.get_absolute_url()).text
