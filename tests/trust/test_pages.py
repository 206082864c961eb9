"""About, Privacy, Terms and Contact: in both languages, linked from every page, and Contact reaches the moderators."""

import io
import json
import re
import zipfile
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.urls import reverse

from accounts.models import ContactMessage, ContactTopic
from accounts.privacy.data import build_export
from tests.conftest import login

pytestmark = pytest.mark.django_db

# Each page with a sentence it must say, in English and in Chinese.
PAGES = {
    "about": ("The person you look for never asked to be posted about", "你要找的人从未要求被人发布寻人信息"),
    "privacy": ("Who sees what", "谁能看到什么"),
    "terms": ("Be kind to the person you look for", "善待你要寻找的人"),
    "contact": ("Contact the moderators", "联系版主"),
}


def chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


@pytest.mark.parametrize("name", PAGES)
def test_each_trust_page_exists_in_english_and_in_chinese(client, name):
    english, chinese_text = PAGES[name]

    page = client.get(reverse(name))
    assert page.status_code == HTTPStatus.OK
    assert english in page.text

    page = chinese(client).get(reverse(name))
    assert page.status_code == HTTPStatus.OK
    assert '<html lang="zh-Hans"' in page.text
    assert chinese_text in page.text
    assert english not in page.text


def test_privacy_says_who_reads_conversations_how_to_export_and_delete_and_what_happens_to_photos(client):
    text = client.get(reverse("privacy")).text

    assert "the two people in it, and the moderators, who can read every message" in text
    assert reverse("accounts:data") in text  # Where to download and to delete.
    assert "Download my data" in text and "Delete my account" in text
    assert "the location (GPS), the camera and the other details stored inside the file are removed" in text
    assert reverse("posts:opt_out") in text and reverse("contact") in text  # Removal on request.


@pytest.mark.parametrize("path", ["/", "/requests/", "/accounts/login/", "/about/"])
def test_the_footer_links_every_trust_page(client, path):
    footer = client.get(path).text.split('<footer class="site-footer">', 1)[1]

    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer


def test_the_verify_email_page_links_to_contact(client):
    sent = client.get(reverse("account_email_verification_sent"))
    assert f'href="{reverse("contact")}"' in sent.text
    assert "Check your email" in sent.text


def test_a_visitor_s_message_is_kept_for_the_moderators(client, settings):
    settings.RECONNECT_CONTACT_EMAIL = "help@reconnect.example"
    page = client.get(reverse("contact"))
    assert 'href="mailto:help@reconnect.example"' in page.text

    response = client.post(
        reverse("contact"),
        {"topic": ContactTopic.REMOVAL, "email": "ingrid@example.com", "body": "A request about me, please."},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert "Your message is with the moderators" in response.text
    message = ContactMessage.objects.get()
    assert (message.topic, message.email, message.body, message.user) == (
        ContactTopic.REMOVAL,
        "ingrid@example.com",
        "A request about me, please.",
        None,
    )
    assert message.handled_at is None


def test_without_a_contact_address_the_page_offers_the_form_alone(client, settings):
    settings.RECONNECT_CONTACT_EMAIL = ""
    assert "mailto:" not in client.get(reverse("contact")).text


def test_a_member_s_message_carries_their_account(member, member_client):
    member_client.post(reverse("contact"), {"topic": ContactTopic.ACCOUNT, "email": member.email, "body": "Help"})

    assert ContactMessage.objects.get().user == member


def test_a_message_without_its_text_comes_back_with_the_reason_and_what_was_typed(client):
    response = client.post(reverse("contact"), {"topic": ContactTopic.OTHER, "email": "someone@example.com"})

    assert response.status_code == HTTPStatus.OK
    assert 'value="someone@example.com"' in response.text
    assert re.search(r'id="id_body_error"[^>]*>This field is required', response.text)
    assert not ContactMessage.objects.exists()


def test_moderators_read_the_messages_in_the_admin_and_members_do_not(moderator, member):
    ContactMessage.objects.create(topic=ContactTopic.SAFETY, email="a@example.com", body="A worrying request")
    changelist = reverse("admin:accounts_contactmessage_changelist")

    page = login(moderator).get(changelist)
    assert page.status_code == HTTPStatus.OK
    assert "A worrying request" in page.text
    assert login(member).get(changelist).status_code != HTTPStatus.OK
    assert ContactMessage in admin_site._registry


def test_marking_messages_handled_records_who_and_when(moderator):
    waiting = ContactMessage.objects.create(topic=ContactTopic.OTHER, email="a@example.com", body="Hello")

    response = login(moderator).post(
        reverse("admin:accounts_contactmessage_changelist"),
        {"action": "mark_handled", "_selected_action": [waiting.pk]},
        follow=True,
    )

    assert "Marked 1 message as handled." in response.text
    waiting.refresh_from_db()
    assert waiting.handled_by == moderator
    assert waiting.handled_at is not None


def test_a_member_s_messages_to_the_moderators_are_in_their_export_and_go_with_their_account(member):
    ContactMessage.objects.create(user=member, topic=ContactTopic.OTHER, email=member.email, body="Hello")

    data = json.loads(zipfile.ZipFile(io.BytesIO(build_export(member))).read("data.json"))
    assert [message["body"] for message in data["messages_to_moderators"]] == ["Hello"]
    member.delete()
    assert not ContactMessage.objects.exists()
