"""With DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend the web request only queues; `db_worker` does the work."""

from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from posts.models import Follow, Photo, PhotoStatus
from posts.search import saved_searches
from tests.factories import PostFactory, UserFactory, image_upload

# The worker takes its tasks in transactions of its own (BEGIN EXCLUSIVE on SQLite): no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)

NEW_REQUEST = {
    "title": "Looking for Katharina from Regina High School",
    "sought_name": "Katharina Müller",
    "relationship": "classmate",
    "met_place": "Regina High School",
    "met_country": "US",
    "story": "We sat together in chemistry.",
    "photos-TOTAL_FORMS": "6",
    "photos-INITIAL_FORMS": "0",
    "photos-MIN_NUM_FORMS": "0",
    "photos-MAX_NUM_FORMS": "6",
}


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def task_names(**filters) -> list[str]:
    return sorted(
        path.rsplit(".", 1)[-1] for path in DBTaskResult.objects.filter(**filters).values_list("task_path", flat=True)
    )


def test_emails_thumbnails_matches_alerts_and_exports_wait_for_the_worker(queued, mailoutbox):
    poster, follower, searcher, commenter = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    PostFactory(author=poster, sought_name="Someone Earlier", met_place="Elsewhere")  # Not a first request: published.
    followed = PostFactory()
    Follow.objects.create(user=follower, post=followed)
    saved_searches.save_search(user=searcher, query="q=Katharina")
    mailoutbox.clear()

    as_poster, as_commenter = Client(), Client()
    as_poster.force_login(poster)
    as_commenter.force_login(commenter)
    created = as_poster.post(reverse("posts:create"), {**NEW_REQUEST, "photos-0-image": image_upload(size=(900, 600))})
    commented = as_commenter.post(
        reverse("posts:comment_create", kwargs={"pk": followed.pk}), {"body": "He moved to Hamburg.", "is_lead": "on"}
    )
    exported = as_poster.post(reverse("accounts:data_export"))
    assert (created.status_code, commented.status_code, exported.status_code) == (HTTPStatus.FOUND,) * 3

    # The requests only queued the work.
    photo = Photo.objects.get(post__title=NEW_REQUEST["title"])
    assert (photo.status, photo.image.name, photo.thumbnail.name) == (PhotoStatus.PROCESSING, "", "")
    assert default_storage.exists(photo.original.name)
    assert mailoutbox == []
    assert not default_storage.exists("exports") or default_storage.listdir("exports")[1] == []
    assert {"process_photo", "refresh_matches", "alert_saved_searches", "prepare_export"} <= set(
        task_names(status="READY")
    )
    # Meanwhile nothing is served for it, not even to its poster: the original is never sent.
    assert (
        as_poster.get(reverse("posts:photo", kwargs={"pk": photo.pk, "size": "thumb"})).status_code
        == HTTPStatus.NOT_FOUND
    )

    run_worker()

    assert task_names(status="READY") == []
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert all(result.worker_ids for result in DBTaskResult.objects.all())
    original = photo.original.name
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.READY
    assert photo.thumbnail and default_storage.exists(photo.thumbnail.name)
    assert (photo.width, photo.height) == (900, 600)
    assert photo.original.name == "" and not default_storage.exists(original)
    recipients = {address for email in mailoutbox for address in email.to}
    # The follower heard of the lead, the searcher of the new request, the poster of their export.
    assert {follower.email, searcher.email, poster.email} <= recipients
    assert any("/settings/data/export/" in email.body for email in mailoutbox if email.to == [poster.email])
    assert len(default_storage.listdir("exports")[1]) == 1


def test_a_photo_deleted_meanwhile_is_not_processed(queued, settings):
    poster = UserFactory()
    PostFactory(author=poster)
    client = Client()
    client.force_login(poster)
    client.post(reverse("posts:create"), {**NEW_REQUEST, "photos-0-image": image_upload()})
    [photo] = Photo.objects.all()
    Photo.objects.all().delete()

    run_worker()

    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    # No re-encoded photo or thumbnail was left; only the original is there (the test deleted its row, not its file).
    assert not (settings.MEDIA_ROOT / "photos").exists()
    assert default_storage.exists(photo.original.name)
