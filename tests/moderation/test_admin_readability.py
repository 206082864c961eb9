"""The admin reads plainly: queue excerpts without Markdown, dates nobody can misread, one "Accounts"
section and one log in the index, and the sanction emails' dates with their time zone."""

import re
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from accounts.admin import FailedEmailAdmin
from accounts.models import FailedEmail, Sanction, SanctionKind
from posts.admin import ModeratorReadOnlyMixin
from posts.models import ModerationAction
from posts.moderation import actions
from tests.factories import UserFactory
from tests.moderation.queue.helpers import held_post

QUEUE = reverse("admin:moderation:queue")
MOMENT = datetime(2026, 12, 1, 20, 59, tzinfo=UTC)
ENGLISH_TIME = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC\b")
CHINESE_TIME = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} UTC")


def test_queue_excerpts_are_plain_text(moderator_client):
    held_post(
        title="Looking for Mei",
        story="**Mei** sat _next to me_ in [Ms Chen's class](https://example.org/school) and said `hi`.\n\n"
        "- first day\n- last day",
    )

    html = moderator_client.get(QUEUE).text
    row = html.split('id="review-queue"', 1)[1]

    assert "Looking for Mei — Mei sat next to me in Ms Chen&#x27;s class and said hi. first day last day" in row
    for markup in ("**", "_next", "](", "`hi`", "- first"):
        assert markup not in row, markup


def test_long_stories_are_cut_in_the_queue(moderator_client):
    held_post(title="Looking for Jan", story="word " * 400)

    row = moderator_client.get(QUEUE).text.split('id="review-queue"', 1)[1]

    assert re.search(r"Looking for Jan — (word ){20,}w?o?r?d?…", row)
    assert row.count("word") < 60


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "1 Dec 2026, 20:59 UTC"), ("zh-hans", "2026年12月1日 20:59 UTC")]
)
def test_admin_dates_say_day_month_year_and_the_time_zone(moderator_client, moderator, language, shown):
    post = held_post(title="Looking for Ida")
    actions.hide_post(post=post, by=moderator, reason="Spam")
    ModerationAction.objects.update(created_at=MOMENT)

    html = moderator_client.get(
        reverse("admin:posts_moderationaction_changelist"), headers={"accept-language": language}
    ).text

    assert shown in html
    assert "12/01/2026" not in html and "p.m." not in html


def test_a_members_record_dates_are_unambiguous(moderator_client):
    member = UserFactory(date_joined=MOMENT)

    html = moderator_client.get(reverse("admin:moderation:person", args=[member.pk])).text

    assert "joined 1 Dec 2026" in html
    assert "12/01/2026" not in html


@pytest.mark.parametrize(
    ("language", "pattern", "wording"),
    [
        ("en", ENGLISH_TIME, "You can write again from "),
        ("zh-hans", CHINESE_TIME, "起重新发言"),
    ],
)
def test_the_silence_email_gives_the_end_with_its_time_zone(
    moderator, django_capture_on_commit_callbacks, mailoutbox, language, pattern, wording
):
    member = UserFactory(interface_language=language)

    with django_capture_on_commit_callbacks(execute=True):
        actions.sanction_user(user=member, by=moderator, kind=SanctionKind.SILENCE, days=3, reason="Cool down")

    [email] = mailoutbox
    ends = timezone.localtime(Sanction.objects.get(user=member).ends_at)
    assert wording in email.body
    assert pattern.search(email.body), email.body
    assert f"{ends:%H:%M} UTC" in email.body
    assert ".." not in email.body and "p.m." not in email.body and "a.m." not in email.body


def test_the_suspension_email_too(moderator, django_capture_on_commit_callbacks, mailoutbox):
    member = UserFactory(interface_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        actions.sanction_user(user=member, by=moderator, kind=SanctionKind.SUSPEND, days=7, reason="Harassment")

    [email] = mailoutbox
    assert re.search(r"You can log in again from " + ENGLISH_TIME.pattern + ";", email.body), email.body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_index_has_one_section_of_each_name_and_one_log(superuser_client, language):
    response = superuser_client.get(reverse("admin:index"), headers={"accept-language": language})

    names = [str(app["name"]) for app in response.context["app_list"]]
    assert len(names) == len(set(names)), names
    models = [model["object_name"] for app in response.context["app_list"] for model in app["models"]]
    assert "ModerationAction" in models
    assert "LogEntry" not in models  # The same-looking second log is not listed...
    if language == "en":
        assert "Members" in names and "Sign-in" in names and names.count("Accounts") <= 1


def test_the_moderation_log_is_the_one_the_index_links_and_leads_to_the_form_edits(moderator_client, moderator):
    index = moderator_client.get(reverse("admin:index")).text
    log_url = reverse("admin:posts_moderationaction_changelist")
    edits_url = reverse("admin:admin_logentry_changelist")

    assert f'href="{log_url}"' in index
    assert f'href="{edits_url}"' not in index
    log = moderator_client.get(log_url).text
    assert f'href="{edits_url}"' in log  # ...but one link away, read-only.
    LogEntry.objects.log_actions(user_id=moderator.pk, queryset=[moderator], action_flag=2, change_message="x")
    assert moderator_client.get(edits_url).status_code == HTTPStatus.OK


def test_failed_emails_are_read_only_for_moderators_and_deletable_by_superusers(
    moderator_client, superuser_client
):
    assert issubclass(FailedEmailAdmin, ModeratorReadOnlyMixin)
    failure = FailedEmail.objects.create(user=UserFactory(), kind="new_lead", error="SMTP said no")
    change = reverse("admin:accounts_failedemail_change", args=[failure.pk])
    delete = reverse("admin:accounts_failedemail_delete", args=[failure.pk])

    assert moderator_client.get(change).status_code == HTTPStatus.OK
    assert moderator_client.post(change, {"kind": "changed"}).status_code == HTTPStatus.FORBIDDEN
    assert moderator_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert moderator_client.get(reverse("admin:accounts_failedemail_add")).status_code == HTTPStatus.FORBIDDEN
    assert FailedEmail.objects.filter(pk=failure.pk).exists()

    superuser_client.post(delete, {"post": "yes"})
    assert not FailedEmail.objects.exists()
