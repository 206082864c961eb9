"""Moderators' private notes about a member: written on the member's record, read by moderators only."""

import io
import zipfile
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts.models import StaffNote
from accounts.notes import add_staff_note
from accounts.privacy.data import build_export
from tests.conftest import login
from tests.factories import UserFactory
from tests.helpers import error_beside

NOTE = "Warned by email about posting phone numbers; promised to stop."


def person_url(user) -> str:
    return reverse("admin:moderation:person", args=[user.pk])


def test_moderator_writes_a_note_and_notes_are_listed_newest_first(moderator_client, moderator, member):
    StaffNote.objects.create(user=member, author=None, body="An older note")

    response = moderator_client.post(person_url(member), {"body": f"  {NOTE}  "})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == person_url(member) + "#person-notes"
    note = StaffNote.objects.get(body=NOTE)
    assert (note.user, note.author) == (member, moderator)
    page = moderator_client.get(person_url(member)).text
    assert page.index(NOTE) < page.index("An older note")
    assert moderator.email in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_an_empty_note_is_refused_beside_the_field(moderator_client, member):
    response = moderator_client.post(person_url(member), {"body": "   "})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body") == ["This field is required."]
    assert not StaffNote.objects.exists()


def test_a_too_long_note_is_refused_and_kept(moderator_client, member):
    text = "x" * 4001
    response = moderator_client.post(person_url(member), {"body": text})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_beside(response, "body")
    assert f"{text}</textarea>" in response.text
    assert not StaffNote.objects.exists()


def test_members_cannot_read_or_write_notes_on_a_record(member, member_client, stranger, stranger_client):
    StaffNote.objects.create(user=member, body=NOTE)
    for client, about in ((member_client, member), (stranger_client, member), (member_client, stranger)):
        assert client.get(person_url(about)).status_code == HTTPStatus.FOUND  # To the admin login.
        response = client.post(person_url(about), {"body": "I am a moderator now"})
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("admin:login"))
    assert list(StaffNote.objects.values_list("body", flat=True)) == [NOTE]


def test_staff_outside_the_moderators_group_cannot_write_a_note(db, member):
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(person_url(member)).status_code == HTTPStatus.FORBIDDEN
    assert client.post(person_url(member), {"body": "sneaky"}).status_code == HTTPStatus.FORBIDDEN
    assert not StaffNote.objects.exists()


def test_the_service_refuses_a_note_by_someone_who_is_not_a_moderator(member, stranger):
    for intruder in (stranger, UserFactory(is_staff=True), member):
        with pytest.raises(PermissionDenied):
            add_staff_note(user=member, by=intruder, body="Trust me, I am staff")

    assert not StaffNote.objects.exists()


def test_a_record_shows_only_the_notes_about_that_member(moderator_client, moderator, member, stranger):
    StaffNote.objects.create(user=stranger, author=moderator, body="Genuine: called the school in Regina.")
    StaffNote.objects.create(user=member, author=moderator, body=NOTE)

    page = moderator_client.get(person_url(member)).text

    assert NOTE in page
    assert "called the school in Regina" not in page
    assert "called the school in Regina" in moderator_client.get(person_url(stranger)).text


# The StaffNote admin ----------------------------------------------------------------------------


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:accounts_staffnote_{name}", args=args)


def test_moderator_lists_and_adds_notes_in_the_admin(moderator_client, moderator, member):
    response = moderator_client.post(admin_url("add"), {"user": member.pk, "body": NOTE})

    assert response.status_code == HTTPStatus.FOUND
    note = StaffNote.objects.get()
    assert (note.user, note.author, note.body) == (member, moderator, NOTE)
    assert NOTE[:40] in moderator_client.get(admin_url("changelist")).text


def test_moderator_can_neither_change_nor_delete_a_note(moderator_client, member):
    note = StaffNote.objects.create(user=member, body=NOTE)

    moderator_client.post(admin_url("change", note.pk), {"user": member.pk, "body": "Rewritten"})
    response = moderator_client.post(admin_url("delete", note.pk), {"post": "yes"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert StaffNote.objects.get().body == NOTE
    assert "Rewritten" not in moderator_client.get(admin_url("change", note.pk)).text


def test_a_superuser_may_delete_a_note(superuser_client, member):
    note = StaffNote.objects.create(user=member, body=NOTE)

    response = superuser_client.post(admin_url("delete", note.pk), {"post": "yes"})

    assert response.status_code == HTTPStatus.FOUND
    assert not StaffNote.objects.exists()


def test_non_moderators_cannot_use_the_notes_admin(db, member):
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    note = StaffNote.objects.create(user=member, body=NOTE)

    for client in (login(member), staff):
        for url in (admin_url("changelist"), admin_url("change", note.pk), admin_url("add")):
            assert client.get(url).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
        client.post(admin_url("add"), {"user": member.pk, "body": "sneaky"})
    assert list(StaffNote.objects.values_list("body", flat=True)) == [NOTE]


# Never shown to the member ----------------------------------------------------------------------


def test_the_member_never_sees_notes_about_them(member, member_client, client, post):
    StaffNote.objects.create(user=member, body=NOTE)

    pages = [
        client.get(reverse("accounts:profile", args=[member.pk])),
        member_client.get(reverse("accounts:profile", args=[member.pk])),
        member_client.get(reverse("accounts:profile_edit")),
        member_client.get(reverse("accounts:data")),
        member_client.get(reverse("posts:notification_settings")),
    ]
    for page in pages:
        assert page.status_code == HTTPStatus.OK
        assert NOTE not in page.text
    with zipfile.ZipFile(io.BytesIO(build_export(member))) as archive:
        for name in archive.namelist():
            assert NOTE.encode() not in archive.read(name), name


def test_the_record_shows_the_members_trust_level(moderator_client, member):
    member.trust_level = "trusted"
    member.save(update_fields=["trust_level"])

    page = moderator_client.get(person_url(member)).text

    assert "trust level: trusted (set by a moderator)" in page
