"""One export prepared at a time per member, and one per RECONNECT_EXPORT_INTERVAL_HOURS (issue 11, #10)."""

from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import DataExport
from accounts.privacy import services
from tests.conftest import login
from tests.factories import UserFactory

EXPORT = reverse("accounts:data_export")


def zips() -> list[str]:
    try:
        return default_storage.listdir("exports")[1]
    except FileNotFoundError:
        return []


def flash(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def asker(db):
    return UserFactory(display_name="Asker")


@pytest.fixture
def asker_client(asker):
    return login(asker)


def ask(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(EXPORT, follow=True)


def test_fifteen_requests_in_a_row_make_one_zip_and_one_email_and_say_why(
    asker, asker_client, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.RECONNECT_EXPORT_INTERVAL_HOURS = 24
    responses = [ask(asker_client, django_capture_on_commit_callbacks) for _ in range(15)]

    assert all(response.status_code == HTTPStatus.OK for response in responses)
    assert len(zips()) == 1
    assert len(mailoutbox) == 1
    assert DataExport.objects.filter(user=asker).count() == 1
    assert flash(responses[0]) == ["We will email you a link when it is ready."]
    [refusal] = flash(responses[1])
    assert refusal.startswith("You asked for a copy of your data less than 24 hours ago, and we emailed you a link")


def test_a_request_while_one_is_being_prepared_says_so_and_queues_nothing(
    asker, asker_client, django_capture_on_commit_callbacks, mailoutbox
):
    with mock.patch("accounts.privacy.services.prepare_export") as task:
        ask(asker_client, django_capture_on_commit_callbacks)
        second = ask(asker_client, django_capture_on_commit_callbacks)

    assert task.enqueue.call_count == 1
    assert flash(second) == ["We are already preparing a copy of your data; we will email you a link when it is ready."]
    assert DataExport.objects.get(user=asker).finished_at is None
    assert zips() == [] and mailoutbox == []


def test_the_refusal_is_in_the_members_language(asker, asker_client, django_capture_on_commit_callbacks):
    DataExport.objects.create(user=asker)
    with translation.override("zh-hans"):
        with pytest.raises(services.ValidationError) as refused:
            services.request_export(user=asker)

    assert "我们" in refused.value.messages[0]


def test_after_the_interval_a_new_copy_may_be_asked_for(asker, django_capture_on_commit_callbacks, settings):
    settings.RECONNECT_EXPORT_INTERVAL_HOURS = 24
    DataExport.objects.create(
        user=asker, requested_at=timezone.now() - timedelta(hours=25), finished_at=timezone.now() - timedelta(hours=25)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.request_export(user=asker)

    assert DataExport.objects.filter(user=asker, finished_at__isnull=False).count() == 2
    assert len(zips()) == 1


def test_an_export_lost_for_a_whole_interval_no_longer_blocks(asker, django_capture_on_commit_callbacks, settings):
    settings.RECONNECT_EXPORT_INTERVAL_HOURS = 24
    lost = DataExport.objects.create(user=asker, requested_at=timezone.now() - timedelta(hours=30))

    with django_capture_on_commit_callbacks(execute=True):
        services.request_export(user=asker)

    lost.refresh_from_db()
    assert lost.finished_at is not None
    assert len(zips()) == 1


def test_a_failed_export_may_be_asked_for_again_at_once(asker, django_capture_on_commit_callbacks):
    with mock.patch("accounts.privacy.tasks.store_export", side_effect=OSError("disk full")):
        with django_capture_on_commit_callbacks(execute=True):
            services.request_export(user=asker)
    assert not DataExport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.request_export(user=asker)
    assert len(zips()) == 1


def test_the_database_refuses_two_pending_exports_for_one_member(asker):
    DataExport.objects.create(user=asker)

    with pytest.raises(IntegrityError), transaction.atomic():
        DataExport.objects.create(user=asker)
