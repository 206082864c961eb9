"""Export from one site, import into another, export again: what PFIF carries comes back unchanged."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from posts.models import Comment, Moderation, Post, Status
from posts.moderation import actions
from tests.contact.consent.helpers import consenting_conversation
from tests.factories import CommentFactory, PhotoFactory, PostFactory, UserFactory
from tests.interchange.pfif_xml import by_id, notes, parse, persons

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 6, 1, 12, 0, 0, 654321, tzinfo=UTC)

# What survives the trip. Not entry_date (each site's own), photo_url (photos are
# not fetched), and a note's status and author_made_contact (a comment has no place for them).
PERSON_FIELDS = (
    "person_record_id",
    "author_name",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "alternate_names",
    "description",
    "other",
    "home_city",
    "home_country",
)
NOTE_FIELDS = ("note_record_id", "person_record_id", "author_name", "source_date", "text")


def site_a_data():
    anna = UserFactory(display_name="Anna")
    li = PostFactory(
        author=anna,
        sought_name="李响灿",
        sought_other_names="Li Xiangcan, Lee Hsiang-tsan",
        sought_nickname="Xiao Li",
        met_city="Hamburg",
        met_country="DE",
        now_country="DE",
        story="We met at the **Hamburg** language school.\n\n- he liked jazz\n- he cooked noodles",
        created_at=T0,
        published_at=T0 + timedelta(hours=1),
        status=Status.RESOLVED,
        resolved_at=T0 + timedelta(days=9),
        resolved_note="We talked for three hours.",
    )
    consenting_conversation(li)  # The person found agreed to the reunion story.
    PhotoFactory(post=li)
    CommentFactory(post=li, body="Try the alumni office.", is_lead=True, created_at=T0 + timedelta(days=1))
    CommentFactory(post=li, author=anna, body="Thank you!", created_at=T0 + timedelta(days=2))
    CommentFactory(post=li, body="Private: his address", is_lead=True, is_private=True)
    simon = PostFactory(
        sought_name="Simon",
        met_city="Iowa City",
        met_country="US",
        now_country="",
        story="Chemistry class, 2017–2018.",
        created_at=T0 + timedelta(days=3),
        published_at=T0 + timedelta(days=3),
    )
    CommentFactory(post=simon, body="He may be in Berlin.", created_at=T0 + timedelta(days=4))
    PostFactory(sought_name="Pending Person", moderation=Moderation.PENDING, published_at=None)


def fields(records, names):
    return {record_id: {name: record.get(name) for name in names} for record_id, record in by_id(records).items()}


@pytest.mark.parametrize("version", ["1.4", "1.3"])
def test_export_import_export_round_trips(client, settings, tmp_path, moderator, version):
    settings.RECONNECT_PFIF_DOMAIN = "a.example"
    site_a_data()
    path = tmp_path / "a.xml"
    path.write_bytes(client.get("/pfif/", {"version": version}).content)
    first = parse(path.read_bytes(), version)
    assert (len(persons(first)), len(notes(first))) == (2, 4)

    # Site B: another domain, an empty database, the file from site A.
    settings.RECONNECT_PFIF_DOMAIN = "b.example"
    Post.objects.all().delete()
    out = StringIO()
    call_command("import_pfif", str(path), stdout=out)
    assert "Imported 2 requests (waiting for review) and 4 comments." in out.getvalue()
    for post in Post.objects.all():
        actions.publish_post(post=post, by=moderator)
    second = parse(client.get("/pfif/", {"version": version}).content, version)

    person_names = [name for name in PERSON_FIELDS if name != ("other" if version == "1.4" else "description")]
    assert fields(persons(second), person_names) == fields(persons(first), person_names)
    assert fields(notes(second), NOTE_FIELDS) == fields(notes(first), NOTE_FIELDS)
    assert all(record_id.startswith("a.example/") for record_id in by_id(second))


def test_importing_an_export_twice_adds_nothing(client, settings, tmp_path):
    settings.RECONNECT_PFIF_DOMAIN = "a.example"
    site_a_data()
    path = tmp_path / "a.xml"
    path.write_bytes(client.get("/pfif/").content)
    settings.RECONNECT_PFIF_DOMAIN = "b.example"
    Post.objects.all().delete()

    call_command("import_pfif", str(path), stdout=StringIO())
    counts = (Post.objects.count(), Comment.objects.count())
    call_command("import_pfif", str(path), stdout=StringIO())

    assert (Post.objects.count(), Comment.objects.count()) == counts == (2, 4)


def test_a_site_does_not_import_its_own_export(client, settings, tmp_path):
    settings.RECONNECT_PFIF_DOMAIN = "a.example"
    site_a_data()
    path = tmp_path / "a.xml"
    path.write_bytes(client.get("/pfif/").content)
    before = (Post.objects.count(), Comment.objects.count())

    out = StringIO()
    call_command("import_pfif", str(path), stdout=out)

    assert (Post.objects.count(), Comment.objects.count()) == before
    assert out.getvalue().count("a record of this site (a.example)") == 6
