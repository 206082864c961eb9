"""Notification emails: coalesced per request by default, in the reader's language, or a daily digest, or none."""

import io
import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from posts.models import EmailMode, Notification, NotificationKind, NotificationSetting
from posts.moderation import actions
from posts.requests import services
from tests.conftest import login
from tests.reach.notifications.conftest import SECRET_LEAD, every_part, heard, mail_to


def email_settings(**modes: str) -> dict[str, str]:
    """The settings form as posted: every kind at "each" unless given."""
    return {kind: modes.get(kind, EmailMode.EACH) for kind in NotificationKind.values}


def choose(user, **modes: str) -> None:
    response = login(user).post(reverse("posts:notification_settings"), email_settings(**modes))
    assert response.status_code == HTTPStatus.FOUND


def test_each_event_is_emailed_by_default_with_text_html_and_one_click_unsubscribe(
    looking_for, poster, follower, helper, commit, mailoutbox
):
    with commit():
        lead = services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_lead=True)

    [email] = mail_to(mailoutbox, follower)
    assert email.subject == f"[Reconnect] A new lead on “{looking_for.title}”"
    assert lead.get_absolute_url() in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    unsubscribe = re.fullmatch(
        r"<(https?://\S+/notifications/unsubscribe/\S+/)>", email.extra_headers["List-Unsubscribe"]
    )
    assert unsubscribe
    assert unsubscribe[1] in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(recipient=follower).emailed_at is not None


def test_emails_carry_neither_the_comment_nor_anyone_elses_address(
    looking_for, poster, follower, commenter, helper, commit, mailoutbox
):
    mine = services.add_comment(post=looking_for, author=commenter, body="Good luck!")
    mailoutbox.clear()
    with commit():
        services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_lead=True, reply_to=mine)
        services.resolve_post(post=looking_for, by=poster)

    people = (poster, follower, commenter, helper)
    assert {email.to[0] for email in mailoutbox} >= {poster.email, follower.email, commenter.email}
    for email in mailoutbox:
        text = every_part(email)
        assert SECRET_LEAD not in text
        for other in people:
            if email.to != [other.email]:
                assert other.email not in text


def send_digests() -> str:
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    return out.getvalue().strip()


def test_email_is_in_the_recipients_language(looking_for, follower, helper, commit, mailoutbox):
    follower.interface_language = "zh-hans"
    follower.save(update_fields=["interface_language"])
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)

    [email] = mail_to(mailoutbox, follower)
    [(html, _)] = email.alternatives
    assert '<html lang="zh-Hans">' in html
    # Translated in locale/zh_Hans; the subject prefix is the site's name and stays as it is.
    assert email.subject == f"[Reconnect] “{looking_for.title}”有一条新线索"


def test_english_reader_is_not_affected_by_a_chinese_one(looking_for, poster, follower, helper, commit, mailoutbox):
    follower.interface_language = "zh-hans"
    follower.save(update_fields=["interface_language"])
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)

    [email] = mail_to(mailoutbox, poster)
    assert email.subject == f"[Reconnect] A new lead on your request “{looking_for.title}”"


def test_kind_set_to_none_sends_no_email_but_still_shows_on_the_site(looking_for, follower, helper, commit, mailoutbox):
    choose(follower, new_lead=EmailMode.NONE)
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)

    assert mail_to(mailoutbox, follower) == []
    assert heard(follower) == [(NotificationKind.NEW_LEAD, looking_for.comments.get().pk)]
    page = login(follower).get(reverse("posts:notifications"))
    assert f"A new lead on “{looking_for.title}”" in page.text


def test_kind_set_to_none_leaves_the_other_kinds_emailed(looking_for, poster, follower, helper, commit, mailoutbox):
    choose(follower, new_lead=EmailMode.NONE)
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        services.resolve_post(post=looking_for, by=poster)

    [email] = mail_to(mailoutbox, follower)
    assert email.subject == f"[Reconnect] Reunited: “{looking_for.title}”"


def test_daily_digest_sends_one_email_listing_what_waits_and_only_once(
    looking_for, poster, follower, helper, commit, mailoutbox
):
    choose(follower, new_lead=EmailMode.DAILY, resolved=EmailMode.DAILY)
    with commit():
        first = services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
        second = services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_lead=True)
        services.resolve_post(post=looking_for, by=poster)
    assert mail_to(mailoutbox, follower) == []

    assert send_digests() == "Sent 1 digests."

    [digest] = mail_to(mailoutbox, follower)
    assert digest.subject == "[Reconnect] Your daily Reconnect news"
    assert first.get_absolute_url() in digest.body
    assert second.get_absolute_url() in digest.body
    assert f"Reunited: “{looking_for.title}”" in digest.body
    assert digest.alternatives[0][1] == "text/html"
    text = every_part(digest)
    assert SECRET_LEAD not in text
    assert poster.email not in text
    assert helper.email not in text
    assert not Notification.objects.filter(recipient=follower, emailed_at__isnull=True).exists()

    mailoutbox.clear()
    assert send_digests() == "Sent 0 digests."
    assert mailoutbox == []


def test_digest_leaves_out_what_the_member_may_no_longer_read(
    looking_for, follower, helper, moderator, commit, mailoutbox
):
    choose(follower, new_lead=EmailMode.DAILY)
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
    actions.hide_post(post=looking_for, by=moderator, reason="Needs a check.")
    mailoutbox.clear()

    send_digests()

    assert mail_to(mailoutbox, follower) == []


def test_digest_skips_kinds_the_member_gets_one_by_one(looking_for, poster, follower, helper, commit, mailoutbox):
    choose(follower, resolved=EmailMode.DAILY)
    with commit():
        services.add_comment(post=looking_for, author=helper, body="Ask the choir.", is_lead=True)
    assert len(mail_to(mailoutbox, follower)) == 1
    mailoutbox.clear()

    send_digests()

    assert mailoutbox == []
    assert NotificationSetting.objects.get(user=follower, kind=NotificationKind.NEW_LEAD).email == EmailMode.EACH


@pytest.mark.parametrize("mode", [EmailMode.NONE, EmailMode.DAILY])
def test_poster_can_quiet_private_lead_emails_too(looking_for, poster, helper, commit, mailoutbox, mode):
    choose(poster, private_lead=mode)
    with commit():
        services.add_comment(post=looking_for, author=helper, body=SECRET_LEAD, is_private=True)

    assert mail_to(mailoutbox, poster) == []
    assert [kind for kind, _ in heard(poster)] == [NotificationKind.PRIVATE_LEAD]
