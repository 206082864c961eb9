"""One detector of contact details: what comments and the relay hold, PFIF cuts out, and the other way round.

Before posts.moderation.detection was the only detector, the relay and comments held street addresses and
phone numbers broken over a line, which the PFIF export and import let through, while PFIF cut seven-digit
numbers and numbers with slashes, which comments and messages let through.
"""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from posts.contact import relay
from posts.models import Comment, Message, Moderation, Post
from posts.moderation import trust
from posts.moderation.detection import contains_contact_details, redact_contact_details
from posts.requests import services
from tests.factories import PostFactory

# Caught before by PFIF only.
PFIF_CAUGHT = {
    "Ring 030/1234567 after six": "1234567",
    "Call 555 1234 in the evening": "555 1234",
    "Her number said 1234567": "1234567",
}
# Caught before by comments and the relay only, or by PFIF only in part ("+49 151" was left in).
RELAY_CAUGHT = {
    "He lives at 12 Baker Street now": "Baker Street",
    "Sie wohnt in der Goethestraße 7": "Goethestraße 7",
    "住在中山路 12号": "中山路",
    "Il habite rue de la Paix 5": "rue de la Paix",
    "Call +49 151\n2345 6789": "151",
}
# A number said to be something else is not a phone number (issue 11, finding 5: ID-like numbers are not held).
ORDINARY = [
    "We met 2017-2018, on 2017-09-03, in room 204.",
    "From 1998 to 2003 in class 12",
    "Room 101 of building 3",
    "Her student card said 1234567",
]


@pytest.mark.parametrize("text", [*PFIF_CAUGHT, *RELAY_CAUGHT])
def test_what_is_held_is_what_is_cut_out(text):
    redacted = redact_contact_details(text)

    assert contains_contact_details(text)
    assert (PFIF_CAUGHT | RELAY_CAUGHT)[text] not in redacted
    assert "[…]" in redacted


@pytest.mark.parametrize("text", ORDINARY)
def test_years_dates_and_room_numbers_are_neither_held_nor_cut(text):
    assert not contains_contact_details(text)
    assert redact_contact_details(text) == text


@pytest.mark.parametrize("text", PFIF_CAUGHT)
def test_a_comment_with_what_pfif_cut_waits_for_a_moderator(post, stranger, text):
    comment = services.add_comment(post=post, author=stranger, body=text)

    assert Comment.objects.get(pk=comment.pk).moderation == Moderation.PENDING


@pytest.mark.parametrize("text", PFIF_CAUGHT)
def test_a_message_with_what_pfif_cut_waits_for_a_moderator(post, claimant, text):
    conversation = relay.start_conversation(post=post, by=claimant, kind="i_know_them", body=text)

    assert Message.objects.get(conversation=conversation).moderation == Moderation.PENDING


@pytest.mark.parametrize(("text", "detail"), RELAY_CAUGHT.items())
def test_the_pfif_export_cuts_what_comments_hold(client, member, settings, text, detail):
    settings.RECONNECT_PFIF_DOMAIN = "reconnect.example"
    PostFactory(author=member, sought_name="Simon Becker", story=f"We met at school. {text}")

    response = client.get(reverse("posts:pfif"))

    assert response.status_code == HTTPStatus.OK
    assert "We met at school." in response.text
    assert detail not in response.text


@pytest.mark.parametrize(("text", "detail"), RELAY_CAUGHT.items())
def test_the_pfif_import_cuts_what_comments_hold(tmp_path, db, text, detail):
    record = f"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>personfinder.example/person.1</pfif:person_record_id>
    <pfif:source_date>2025-02-27T08:15:00Z</pfif:source_date>
    <pfif:full_name>Katherine Doe</pfif:full_name>
    <pfif:description>Tall, red hair. {text}</pfif:description>
  </pfif:person>
</pfif:pfif>
"""
    path = tmp_path / "records.xml"
    path.write_text(record, encoding="utf-8")

    call_command("import_pfif", str(path), stdout=None)

    story = Post.objects.get(pfif_record_id="personfinder.example/person.1").story
    assert story.startswith("Tall, red hair.")
    assert detail not in story


def test_an_email_address_is_not_taken_for_a_link_by_the_first_day_rule():
    assert not trust.contains_link("write to simon.becker@example.org")
    assert trust.contains_link("see example.org")
