"""The person sought, and anyone who knows them, acting without an account (issue 14, item 1): from a visitor's
form, through the link emailed to them, to the poster, and the poster's reply back to them by email."""

import json
import re
import time
from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from posts.models import (
    Conversation,
    ConversationKind,
    Message,
    Moderation,
    ReviewItem,
    ReviewReason,
    Visitor,
    VisitorRequest,
)
from tests.contact.helpers import ANSWER, QUESTION, all_email_text

pytestmark = pytest.mark.django_db

VISITOR = "simon@example.org"
FIRST = "It is me, Simon! I still play the cello in the old orchestra."
REPLY = "Simon! I have looked for you for years."
ANSWER_BACK = "I cannot wait to see you again."


def visitor_url(post, kind: str = "this_is_me") -> str:
    return reverse("posts:visitor_start", args=[post.pk, kind])


def link_in(mail, name: str) -> str:
    """The path of the site's link `name` (verify / conversation) in an email's text."""
    match = re.search(rf"http://127\.0\.0\.1:8000(/visitor/{name}/[^\s/]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def ask(client, post, committed, kind="this_is_me", **data):
    fields = {"email": VISITOR, "body": FIRST, **data}
    return committed(client.post, visitor_url(post, kind), fields)


def test_the_whole_journey_of_a_visitor_who_says_this_is_me(
    client, member, member_client, claim_post, committed, mailoutbox
):
    # The request offers both, to someone not logged in, and says what follows.
    page = client.get(claim_post.get_absolute_url()).text
    assert visitor_url(claim_post, "this_is_me") in page and visitor_url(claim_post, "i_know_them") in page
    assert visitor_url(claim_post, "removal") in page

    form = client.get(visitor_url(claim_post))
    assert form.status_code == HTTPStatus.OK
    for promise in ("never see your email address", "Moderators can read messages", "make an account later"):
        assert promise in form.text
    assert QUESTION in form.text and 'name="email"' in form.text

    sent = ask(client, claim_post, committed, answer=ANSWER)
    assert sent.status_code == HTTPStatus.FOUND
    assert sent["Location"] == reverse("posts:visitor_sent", args=[claim_post.pk, "this_is_me"])
    assert "Check your email" in client.get(sent["Location"]).text

    # Only the visitor hears of it, and nothing reaches the poster before the link is used.
    [verify_mail] = mailoutbox
    assert verify_mail.to == [VISITOR]
    assert "Looking for Simon from Regina High" in verify_mail.subject
    assert not Conversation.objects.exists() and not Message.objects.exists()
    verify = link_in(verify_mail, "verify")

    confirm = client.get(verify)
    assert confirm.status_code == HTTPStatus.OK
    assert FIRST in confirm.text and ANSWER in confirm.text
    assert not Message.objects.exists()  # Opening the link (a mail scanner, say) sends nothing.

    delivered = committed(client.post, verify)
    conversation = Conversation.objects.get()
    visitor = Visitor.objects.get().user
    assert (conversation.post, conversation.starter, conversation.kind) == (
        claim_post,
        visitor,
        ConversationKind.THIS_IS_ME,
    )
    assert (conversation.claim_question, conversation.claim_answer) == (QUESTION, ANSWER)
    assert not visitor.has_usable_password()
    assert delivered.status_code == HTTPStatus.FOUND
    assert delivered["Location"].startswith("/visitor/conversation/")

    # The poster is told as of any message, and reads it on the site, without the visitor's address.
    assert [mail.to for mail in mailoutbox[1:]] == [[member.email]]
    assert VISITOR not in all_email_text(mailoutbox[1])
    thread = member_client.get(conversation.get_absolute_url())
    assert FIRST in thread.text and ANSWER in thread.text and VISITOR not in thread.text
    assert "They wrote without an account" in thread.text

    # The poster's reply reaches the visitor by email, with a link that opens the conversation without an account.
    committed(member_client.post, conversation.get_absolute_url(), {"body": REPLY})
    reply_mail = mailoutbox[2]
    assert reply_mail.to == [VISITOR]
    assert "Anna answered you about" in reply_mail.subject
    assert REPLY not in all_email_text(reply_mail)  # Messages stay on the site.
    conversation_link = link_in(reply_mail, "conversation")

    their_thread = client.get(conversation_link)
    assert their_thread.status_code == HTTPStatus.OK
    assert REPLY in their_thread.text and FIRST in their_thread.text
    assert "Create an account to keep this conversation" in their_thread.text
    assert their_thread["Cache-Control"].startswith("max-age=0") or "no-store" in their_thread["Cache-Control"]

    answered = committed(client.post, conversation_link, {"body": ANSWER_BACK})
    assert answered.status_code == HTTPStatus.FOUND
    assert answered["Location"] == f"{conversation_link}#latest"
    assert list(conversation.messages.values_list("author", "body")) == [
        (visitor.pk, FIRST),
        (member.pk, REPLY),
        (visitor.pk, ANSWER_BACK),
    ]
    assert [mail.to for mail in mailoutbox[3:]] == [[member.email]]
    assert ANSWER_BACK in member_client.get(conversation.get_absolute_url()).text


def test_i_know_this_person_asks_no_question_and_this_is_me_takes_what_only_they_know(
    client, post, committed, mailoutbox
):
    form = client.get(visitor_url(post, "i_know_them")).text
    assert 'name="answer"' not in form and 'name="proof"' not in form
    assert 'name="proof"' in client.get(visitor_url(post, "this_is_me")).text

    ask(client, post, committed, proof="We shared a desk in Year 9")
    committed(client.post, link_in(mailoutbox[0], "verify"))

    [message] = Message.objects.all()
    assert message.body.startswith("Something only I would know: We shared a desk in Year 9")
    assert message.body.endswith(FIRST)


def test_what_is_typed_comes_back_with_the_reason_in_the_readers_language(client, claim_post):
    refused = client.post(visitor_url(claim_post), {"email": "not-an-address", "body": FIRST, "answer": ""})

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "This does not look like an email address" in refused.text
    assert "Please answer the poster&#x27;s question." in refused.text
    assert FIRST in refused.text and 'value="not-an-address"' in refused.text
    assert not VisitorRequest.objects.exists()

    client.cookies["django_language"] = "zh-hans"
    chinese = client.post(visitor_url(claim_post), {"email": "", "body": FIRST}).text
    assert "请填写你的电子邮件地址" in chinese and FIRST in chinese


def test_the_link_is_sent_in_the_visitors_language(client, post, committed, mailoutbox):
    client.cookies["django_language"] = "zh-hans"
    ask(client, post, committed)

    [mail] = mailoutbox
    assert "请确认你关于" in mail.subject and "这个链接只能用一次" in mail.body
    confirm = client.get(link_in(mail, "verify")).text
    assert "确认并发送" in confirm


def test_the_honeypot_refuses_and_keeps_what_was_typed(client, post, mailoutbox):
    refused = client.post(visitor_url(post), {"email": VISITOR, "body": FIRST, "website": "http://spam.example"})

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert FIRST in refused.text
    assert not VisitorRequest.objects.exists() and not mailoutbox


def test_an_address_gets_few_links_a_day(client, post, committed, mailoutbox, settings):
    settings.RECONNECT_RATE_LIMITS = {**settings.RECONNECT_RATE_LIMITS, "visitor": {"email": "2/d"}}
    for _ in range(2):
        assert ask(client, post, committed).status_code == HTTPStatus.FOUND

    assert ask(client, post, committed).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert len(mailoutbox) == 2


def test_a_link_works_once_and_says_so_the_second_time(client, post, committed, mailoutbox):
    ask(client, post, committed)
    verify = link_in(mailoutbox[0], "verify")
    committed(client.post, verify)

    again = client.post(verify)

    assert again.status_code == HTTPStatus.FORBIDDEN
    assert "This link was already used" in again.text
    assert Message.objects.count() == 1


def test_an_expired_link_is_refused_with_the_reason_and_sends_nothing(client, post, committed, mailoutbox):
    ask(client, post, committed)
    verify = link_in(mailoutbox[0], "verify")

    with mock.patch("django.core.signing.time.time", return_value=time.time() + 49 * 3600):
        refused = client.post(verify)

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "This link has expired: links work for 48 hours" in refused.text
    assert not Message.objects.exists()


def test_a_tampered_link_acts_on_nothing(client, post, committed, mailoutbox):
    ask(client, post, committed)
    verify = link_in(mailoutbox[0], "verify")

    refused = client.post(verify.replace("/verify/", "/verify/x"))

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "This link is not valid" in refused.text
    assert not Message.objects.exists()


def test_one_visitors_links_open_nothing_of_another(client, member_client, post, committed, mailoutbox):
    ask(client, post, committed)
    ask(client, post, committed, kind="i_know_them", email="other@example.org", body="I know where Mei lives now.")
    first_link, second_link = (link_in(mail, "verify") for mail in mailoutbox)
    committed(client.post, first_link)
    committed(client.post, second_link)
    simon, other = Conversation.objects.order_by("pk")
    assert (simon.starter.email, other.starter.email) == (VISITOR, "other@example.org")
    assert list(other.messages.values_list("body", flat=True)) == ["I know where Mei lives now."]

    committed(member_client.post, simon.get_absolute_url(), {"body": REPLY})
    [reply_mail] = [mail for mail in mailoutbox if mail.to == [VISITOR] and "answered" in mail.subject]
    simon_link = link_in(reply_mail, "conversation")

    # A link opens its own conversation only: another's page and another's messages are not in it.
    page = client.get(simon_link).text
    assert REPLY in page and "I know where Mei lives now." not in page
    # And a link cannot be bent to another conversation: the signature covers both numbers.
    token = simon_link.split("/")[-2]
    payload, signed = token.split(":", 1)
    assert json.loads(signing.b64_decode(payload.encode())) == {"c": simon.pk, "u": simon.starter_id}
    for bent in ({"c": other.pk, "u": simon.starter_id}, {"c": other.pk, "u": other.starter_id}):
        forged_payload = signing.b64_encode(json.dumps(bent, separators=(",", ":")).encode()).decode()
        forged = simon_link.replace(token, f"{forged_payload}:{signed}")
        refused = client.get(forged)
        assert refused.status_code == HTTPStatus.FORBIDDEN and "This link is not valid" in refused.text


def test_a_held_first_message_waits_for_a_moderator_like_a_members(client, member, post, committed, mailoutbox):
    ask(client, post, committed, body="Call me on 0412 345 678 any time.")
    delivered = committed(client.post, link_in(mailoutbox[0], "verify"))

    [message] = Message.objects.all()
    assert message.moderation == Moderation.PENDING
    assert ReviewItem.objects.pending().filter(reason=ReviewReason.CONTACT_DETAILS).count() == 1
    assert [mail.to for mail in mailoutbox] == [[VISITOR]]  # The poster hears nothing yet.
    assert "moderator" in client.get(delivered["Location"]).text


def test_nothing_can_be_written_about_a_request_taken_down(client, post):
    post.moderation = Moderation.HIDDEN
    post.save(update_fields=["moderation"])

    for kind in ("this_is_me", "i_know_them", "removal"):
        refused = client.get(visitor_url(post, kind))
        assert refused.status_code == HTTPStatus.FORBIDDEN
        assert "A moderator has taken this request down" in refused.text


def test_a_request_taken_down_after_the_link_was_sent_refuses_it_with_the_reason(client, post, committed, mailoutbox):
    ask(client, post, committed)
    post.moderation = Moderation.REMOVED
    post.save(update_fields=["moderation"])

    refused = client.post(link_in(mailoutbox[0], "verify"))

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "A moderator has taken this request down" in refused.text
    assert not Message.objects.exists()


def test_a_member_gets_the_member_flow(member_client, stranger_client, post):
    response = stranger_client.get(visitor_url(post, "this_is_me"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("posts:conversation_start", args=[post.pk, "this_is_me"])
    assert stranger_client.get(visitor_url(post, "removal"))["Location"] == reverse("posts:report", args=[post.pk])
    assert visitor_url(post) not in stranger_client.get(post.get_absolute_url()).text


def test_an_address_with_an_account_is_not_written_from_without_logging_in(
    client, stranger, post, committed, mailoutbox
):
    ask(client, post, committed, email=stranger.email.upper())
    page = committed(client.post, link_in(mailoutbox[0], "verify"))

    assert page.status_code == HTTPStatus.OK
    assert "This address has an account" in page.text and FIRST in page.text
    assert not Message.objects.exists() and not Visitor.objects.exists()


def test_a_visitor_may_make_an_account_to_keep_the_conversation(client, member_client, post, committed, mailoutbox):
    ask(client, post, committed)
    committed(client.post, link_in(mailoutbox[0], "verify"))
    conversation = Conversation.objects.get()
    committed(member_client.post, conversation.get_absolute_url(), {"body": REPLY})
    link = link_in(mailoutbox[-1], "conversation")

    made = client.post(
        link + "account/",
        {"display_name": "Simon", "password1": "a long river in spring", "password2": "a long river in spring"},
    )

    assert made.status_code == HTTPStatus.FOUND and made["Location"] == conversation.get_absolute_url()
    assert REPLY in client.get(conversation.get_absolute_url()).text  # Logged in, as a member now.
    visitor = Visitor.objects.get()
    assert visitor.account_made_at is not None and visitor.user.check_password("a long river in spring")
    # The link no longer stands in for the log-in.
    client.logout()
    refused = client.get(link)
    assert refused.status_code == HTTPStatus.FORBIDDEN and "please log in" in refused.text


def test_addresses_nobody_confirmed_are_not_kept_past_their_links_life(client, post, committed, mailoutbox):
    ask(client, post, committed)
    VisitorRequest.objects.update(created_at=timezone.now() - timedelta(hours=49))

    ask(client, post, committed, email="someone.else@example.org")

    assert list(VisitorRequest.objects.values_list("email", flat=True)) == ["someone.else@example.org"]


def _visitor_conversation(client, member_client, post, committed, mailoutbox):
    ask(client, post, committed)
    committed(client.post, link_in(mailoutbox[0], "verify"))
    conversation = Conversation.objects.get()
    committed(member_client.post, conversation.get_absolute_url(), {"body": REPLY})
    return conversation, link_in(mailoutbox[-1], "conversation")


def test_a_visitor_agrees_to_a_reunion_story_and_withdraws_it(client, member_client, post, committed, mailoutbox):
    conversation, link = _visitor_conversation(client, member_client, post, committed, mailoutbox)
    page = client.get(link).text
    # As on a member's page: after the messages, never on top of them (posts/includes/conversation_thread.html).
    assert page.index(REPLY) < page.index('id="story-consent"') < page.index("Create an account to keep")

    agreed = client.post(link + "story-consent/", {"agree": "1"})
    assert agreed.status_code == HTTPStatus.FOUND
    conversation.refresh_from_db()
    assert conversation.story_consent_at is not None
    assert "you agreed that Anna may publish" in client.get(link).text

    client.post(link + "story-consent/", {"agree": "0"})
    conversation.refresh_from_db()
    assert conversation.story_consent_at is None


def test_a_visitor_reports_the_posters_message_but_not_their_own(client, member_client, post, committed, mailoutbox):
    from posts.models import Report

    conversation, link = _visitor_conversation(client, member_client, post, committed, mailoutbox)
    own, reply = conversation.messages.order_by("pk")

    reported = client.post(f"{link}report/{reply.pk}/", {"reason": "harassment", "details": "Rude."})

    assert reported.status_code == HTTPStatus.FOUND
    assert Report.objects.get().message == reply
    assert ReviewItem.objects.pending().get().reason == ReviewReason.REPORTS
    assert client.post(f"{link}report/{own.pk}/", {"reason": "spam"}).status_code == HTTPStatus.NOT_FOUND


def test_a_banned_visitors_link_says_so(client, member_client, post, committed, mailoutbox):
    conversation, link = _visitor_conversation(client, member_client, post, committed, mailoutbox)
    visitor = conversation.starter
    visitor.is_active = False
    visitor.banned_at = timezone.now()
    visitor.save(update_fields=["is_active", "banned_at"])

    refused = client.get(link)

    assert refused.status_code == HTTPStatus.FORBIDDEN and "A moderator has banned this account." in refused.text


def test_a_refused_form_comes_back_scrolled_to_itself(client, post):
    """The errors are where the reader lands, below the page's "What happens next", even on a phone."""
    refused = client.post(visitor_url(post), {"email": "", "body": ""})

    assert 'action="#visitor-form" id="visitor-form"' in refused.text
    assert refused.text.index('id="visitor-form"') < refused.text.index('class="form-errors"')
