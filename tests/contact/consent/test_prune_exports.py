"""Data exports are deleted once their download links have expired (a week)."""

import os
import time
from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from accounts.privacy.data import EXPORTS_DIR, prune_exports, store_export

DAY = 24 * 60 * 60


def age(name: str, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(default_storage.path(name), (then, then))


def test_exports_older_than_a_week_are_deleted_and_newer_ones_kept(member, stranger):
    old = store_export(member)
    recent = store_export(stranger)
    almost = store_export(member)
    age(old, 8)
    age(almost, 6.9)
    photo = default_storage.save("photos/old.jpg", ContentFile(b"not an export"))
    age(photo, 30)
    # Something else in the exports folder (a note from an operator, a half-written file) is not an export.
    other = default_storage.save(f"{EXPORTS_DIR}/README.txt", ContentFile(b"Exports expire after a week."))
    age(other, 30)

    assert prune_exports() == 1

    assert not default_storage.exists(old)
    assert all(default_storage.exists(name) for name in (recent, almost, photo, other))


def test_the_command_prunes_and_says_how_many(member):
    old = store_export(member)
    age(old, 10)
    out = StringIO()

    call_command("prune_exports", stdout=out)

    assert not default_storage.exists(old)
    assert "Deleted 1 old data exports." in out.getvalue()


def test_nothing_to_prune_without_any_export(db):
    out = StringIO()
    call_command("prune_exports", stdout=out)
    assert "Deleted 0 old data exports." in out.getvalue()
