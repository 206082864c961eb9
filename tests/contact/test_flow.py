"""The whole relay through the site: a claim, the poster's reply, the email notices and the unread counts."""

from http import HTTPStatus

from django.urls import reverse

from posts.models import Conversation, ConversationKind, Message
from tests.contact.helpers import ANSWER, QUESTION, all_email_text, header_unread, start_url

# No phone number or address: those are held for a moderator first (tests/contact/test_held_messages.py).
FIRST = "It is me, Simon! I still play the cello in the old orchestra."
REPLY = "Simon! I have looked for you for years. Write to me at my new address when you can."


def test_claim_and_reply_through_the_site_never_show_an_email_address(
    member, member_client, claimant, claimant_client, claim_post, committed, mailoutbox
):
    pages = []

    detail = claimant_client.get(claim_post.get_absolute_url())
    pages.append(detail)
    assert start_url(claim_post, "this_is_me") in detail.text
    assert start_url(claim_post, "i_know_them") in detail.text

    start = claimant_client.get(start_url(claim_post))
    pages.append(start)
    assert start.status_code == HTTPStatus.OK
    assert QUESTION in start.text

    sent = committed(claimant_client.post, start_url(claim_post), {"answer": ANSWER, "body": FIRST})
    conversation = Conversation.objects.get()
    assert sent.status_code == HTTPStatus.FOUND
    assert sent["Location"] == conversation.get_absolute_url()
    assert (conversation.post, conversation.starter, conversation.kind) == (
        claim_post,
        claimant,
        ConversationKind.THIS_IS_ME,
    )
    assert (conversation.claim_question, conversation.claim_answer) == (QUESTION, ANSWER)
    assert list(conversation.messages.values_list("author", "body")) == [(claimant.pk, FIRST)]

    assert [mail.to for mail in mailoutbox] == [[member.email]]
    notice = all_email_text(mailoutbox[0])
    assert "Simon wrote to you about “Looking for Simon from Regina High”" in mailoutbox[0].subject
    assert f"http://127.0.0.1:8000{conversation.get_absolute_url()}" in mailoutbox[0].body
    assert len(mailoutbox[0].alternatives) == 1

    # The poster: one unread message, the answer above the thread and the reply form.
    inbox = member_client.get(reverse("posts:conversations"))
    pages.append(inbox)
    assert header_unread(inbox.text) == 1
    assert "1 unread" in inbox.text
    thread = member_client.get(conversation.get_absolute_url())
    pages.append(thread)
    assert thread.status_code == HTTPStatus.OK
    assert QUESTION in thread.text and ANSWER in thread.text
    assert thread.text.index(ANSWER) < thread.text.index("old orchestra") < thread.text.index('name="body"')
    assert header_unread(thread.text) == 0  # Reading the thread marks it read.
    conversation.refresh_from_db()
    assert conversation.poster_read_at is not None

    replied = committed(member_client.post, conversation.get_absolute_url(), {"body": REPLY})
    assert replied.status_code == HTTPStatus.FOUND
    assert replied["Location"] == f"{conversation.get_absolute_url()}#latest"
    assert Message.objects.filter(conversation=conversation).count() == 2
    assert [mail.to for mail in mailoutbox[1:]] == [[claimant.email]]
    assert "Anna wrote to you about" in mailoutbox[1].subject

    # The claimant: told of one unread reply, which they read on the site.
    home = claimant_client.get("/")
    pages.append(home)
    assert header_unread(home.text) == 1
    their_thread = claimant_client.get(conversation.get_absolute_url())
    pages.append(their_thread)
    assert REPLY in their_thread.text
    assert header_unread(their_thread.text) == 0
    pages.append(member_client.get(claim_post.get_absolute_url()))
    pages.append(member_client.get(reverse("posts:conversations")))

    emails = (member.email, claimant.email)
    for page in pages:
        for address in emails:
            assert address not in page.text
    for mail in mailoutbox:
        text = all_email_text(mail)
        for address in emails:
            assert address not in text
    assert FIRST not in notice and "cello" not in notice and ANSWER not in notice
    assert REPLY not in all_email_text(mailoutbox[1])


def test_email_notice_names_sender_and_request_but_carries_no_message_text(
    member, claimant_client, post, committed, mailoutbox
):
    committed(
        claimant_client.post,
        start_url(post, "i_know_them"),
        {"body": "He works at the Hamburg opera now; his sister is called Lena."},
    )

    (mail,) = mailoutbox
    text = all_email_text(mail)
    assert mail.to == [member.email]
    assert "Hamburg" not in text and "Lena" not in text
    assert post.title in mail.subject
    assert Conversation.objects.get().get_absolute_url() in mail.body


def test_no_email_to_an_inactive_poster(member, claimant_client, post, committed, mailoutbox):
    member.is_active = False
    member.save()

    committed(claimant_client.post, start_url(post, "i_know_them"), {"body": "I know him."})

    assert Message.objects.count() == 1
    assert mailoutbox == []


def test_starting_again_continues_the_same_conversation(claimant_client, claim_post, committed, mailoutbox):
    committed(claimant_client.post, start_url(claim_post), {"answer": ANSWER, "body": "First try."})
    conversation = Conversation.objects.get()

    again = claimant_client.get(start_url(claim_post))
    assert again.status_code == HTTPStatus.FOUND
    assert again["Location"] == conversation.get_absolute_url()

    # A second form sent from an old tab: nothing typed is lost, no second conversation.
    committed(claimant_client.post, start_url(claim_post), {"answer": ANSWER, "body": "Second try."})
    assert Conversation.objects.count() == 1
    assert list(conversation.messages.values_list("body", flat=True)) == ["First try.", "Second try."]
    assert len(mailoutbox) == 2


def test_one_person_may_hold_both_kinds_of_conversation(claimant_client, claim_post):
    claimant_client.post(start_url(claim_post), {"answer": ANSWER, "body": "It is me."})
    claimant_client.post(start_url(claim_post, "i_know_them"), {"body": "And I know his brother."})

    assert sorted(Conversation.objects.values_list("kind", flat=True)) == ["i_know_them", "this_is_me"]
    assert Conversation.objects.get(kind="i_know_them").claim_answer == ""


def test_unread_counts_in_the_list_and_the_header(member_client, claimant_client, helper_client, claim_post, helper):
    claimant_client.post(start_url(claim_post), {"answer": ANSWER, "body": "It is me."})
    claim = Conversation.objects.get(kind="this_is_me")
    claimant_client.post(claim.get_absolute_url(), {"body": "Are you there?"})
    helper_client.post(start_url(claim_post, "i_know_them"), {"body": "I know where he lives."})

    inbox = member_client.get(reverse("posts:conversations"))

    assert header_unread(inbox.text) == 3
    assert "2 unread" in inbox.text
    assert "1 unread" in inbox.text
    assert "With Simon about" in inbox.text and "With Helper Hui about" in inbox.text

    member_client.get(claim.get_absolute_url())
    inbox = member_client.get(reverse("posts:conversations"))
    assert header_unread(inbox.text) == 1
    assert "2 unread" not in inbox.text
    # The starters have nothing unread: their own messages do not count.
    assert header_unread(claimant_client.get(reverse("posts:conversations")).text) == 0


def test_thread_marks_messages_new_since_the_last_visit(member_client, claimant_client, claim_post):
    claimant_client.post(start_url(claim_post), {"answer": ANSWER, "body": "It is me."})
    conversation = Conversation.objects.get()

    first = member_client.get(conversation.get_absolute_url())
    assert first.text.count('class="badge badge-open">new<') == 1
    second = member_client.get(conversation.get_absolute_url())
    assert second.text.count('class="badge badge-open">new<') == 0


def test_header_link_to_conversations_for_members_only(client, member_client):
    assert reverse("posts:conversations") in member_client.get("/").text
    assert reverse("posts:conversations") not in client.get("/").text
    anonymous = client.get(reverse("posts:conversations"))
    assert anonymous.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in anonymous["Location"]
