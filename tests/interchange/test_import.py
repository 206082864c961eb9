from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from posts.interchange.importer import IMPORT_USER_EMAIL
from posts.models import Comment, Moderation, Post, Relationship, ReviewItem, ReviewReason
from posts.moderation import actions
from posts.search.query import search_posts
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

PFIF_14 = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>personfinder.example/person.1</pfif:person_record_id>
    <pfif:entry_date>2025-03-01T10:00:00Z</pfif:entry_date>
    <pfif:author_name>Bill Mandil</pfif:author_name>
    <pfif:author_email>bill@example.com</pfif:author_email>
    <pfif:author_phone>+1 415 555 0100</pfif:author_phone>
    <pfif:source_name>Person Finder</pfif:source_name>
    <pfif:source_date>2025-02-27T08:15:00Z</pfif:source_date>
    <pfif:source_url>https://personfinder.example/view?id=1</pfif:source_url>
    <pfif:full_name>Katherine Doe</pfif:full_name>
    <pfif:given_name>Katherine</pfif:given_name>
    <pfif:family_name>Doe</pfif:family_name>
    <pfif:alternate_names>Kate Doe
凯瑟琳</pfif:alternate_names>
    <pfif:description>Tall, red hair. Reach me at kate.family@example.com or 020 7946 0958.</pfif:description>
    <pfif:sex>female</pfif:sex>
    <pfif:home_city>Toronto</pfif:home_city>
    <pfif:home_country>CA</pfif:home_country>
    <pfif:photo_url>https://personfinder.example/photo/1.jpg</pfif:photo_url>
    <pfif:note>
      <pfif:note_record_id>personfinder.example/note.10</pfif:note_record_id>
      <pfif:entry_date>2025-03-01T11:00:00Z</pfif:entry_date>
      <pfif:author_name>Jane Peters</pfif:author_name>
      <pfif:source_date>2025-02-28T20:52:25Z</pfif:source_date>
      <pfif:author_made_contact>true</pfif:author_made_contact>
      <pfif:status>believed_alive</pfif:status>
      <pfif:text>I spoke to her on the phone.</pfif:text>
    </pfif:note>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>personfinder.example/person.2</pfif:person_record_id>
    <pfif:source_date>2025-02-27T09:00:00Z</pfif:source_date>
    <pfif:full_name>John Doe</pfif:full_name>
    <pfif:home_country>Atlantis</pfif:home_country>
  </pfif:person>
  <pfif:note>
    <pfif:note_record_id>personfinder.example/note.11</pfif:note_record_id>
    <pfif:person_record_id>personfinder.example/person.2</pfif:person_record_id>
    <pfif:author_name>Mary Jacobs</pfif:author_name>
    <pfif:source_date>2025-02-28T22:07:59Z</pfif:source_date>
    <pfif:status>information_sought</pfif:status>
    <pfif:text>Please contact me if you know anything about John.</pfif:text>
  </pfif:note>
</pfif:pfif>
"""

PFIF_12 = """<?xml version="1.0" encoding="utf-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.2">
  <pfif:person>
    <pfif:person_record_id>icrc.example/person.4040</pfif:person_record_id>
    <pfif:entry_date>2010-01-16T17:32:05Z</pfif:entry_date>
    <pfif:author_name>Mary Jacobs</pfif:author_name>
    <pfif:source_name>ICRC</pfif:source_name>
    <pfif:source_date>2010-01-16T17:30:00Z</pfif:source_date>
    <pfif:first_name>Jean</pfif:first_name>
    <pfif:last_name>Baptiste</pfif:last_name>
    <pfif:home_city>Jacmel</pfif:home_city>
    <pfif:home_country>HT</pfif:home_country>
    <pfif:other>Last seen near the harbour.</pfif:other>
    <pfif:note>
      <pfif:note_record_id>icrc.example/note.1</pfif:note_record_id>
      <pfif:author_name>Paul</pfif:author_name>
      <pfif:source_date>2010-01-17T08:00:00Z</pfif:source_date>
      <pfif:found>true</pfif:found>
      <pfif:text>He is at the school shelter.</pfif:text>
    </pfif:note>
  </pfif:person>
</pfif:pfif>
"""


def write(tmp_path, text: str, name: str = "records.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(path) -> str:
    out = StringIO()
    call_command("import_pfif", str(path), stdout=out)
    return out.getvalue()


def test_import_creates_pending_requests_by_the_import_account(tmp_path):
    output = run_import(write(tmp_path, PFIF_14))

    assert "Imported 2 requests (waiting for review) and 2 comments." in output
    kate = Post.objects.get(pfif_record_id="personfinder.example/person.1")
    account = User.objects.get(email=IMPORT_USER_EMAIL)
    assert (account.is_active, account.display_name, account.has_usable_password()) == (False, "PFIF import", False)
    assert kate.author == account
    assert (kate.moderation, kate.published_at) == (Moderation.PENDING, None)
    assert kate.title == "Looking for Katherine Doe"
    assert kate.sought_name == "Katherine Doe"
    assert kate.sought_other_names == "Kate Doe, 凯瑟琳"
    assert kate.relationship == Relationship.OTHER
    assert kate.story == "Tall, red hair. Reach me at […] or […]."
    assert (kate.met_city, kate.met_country, kate.now_country) == ("Toronto", "CA", "CA")
    assert kate.on_behalf_of == "Bill Mandil"
    assert kate.pfif_source == "Person Finder <https://personfinder.example/view?id=1>"
    assert kate.created_at == datetime(2025, 2, 27, 8, 15, tzinfo=UTC)
    assert not kate.photos.exists()
    assert ReviewItem.objects.pending().for_target(kate).get().reason == ReviewReason.IMPORTED


def test_import_maps_notes_to_public_comments(tmp_path):
    run_import(write(tmp_path, PFIF_14))

    contact = Comment.objects.get(pfif_record_id="personfinder.example/note.10")
    seeking = Comment.objects.get(pfif_record_id="personfinder.example/note.11")
    assert contact.post.pfif_record_id == "personfinder.example/person.1"
    assert contact.body == "Jane Peters:\nI spoke to her on the phone."
    assert (contact.is_lead, contact.is_private, contact.moderation) == (True, False, Moderation.PUBLISHED)
    assert (seeking.is_lead, seeking.post.sought_name) == (False, "John Doe")
    assert contact.created_at == datetime(2025, 2, 28, 20, 52, 25, tzinfo=UTC)


def test_imported_request_has_no_unknown_country_and_is_searchable(tmp_path):
    run_import(write(tmp_path, PFIF_14))

    john = Post.objects.get(pfif_record_id="personfinder.example/person.2")
    assert john.now_country == ""
    assert list(search_posts(Post.objects.all(), "Kate Doe").values_list("sought_name", flat=True)) == ["Katherine Doe"]


def test_nothing_of_the_contact_details_is_imported(tmp_path):
    run_import(write(tmp_path, PFIF_14))

    stored = " ".join(str(value) for post in Post.objects.values() for value in post.values())
    for contact in ("bill@example.com", "555 0100", "kate.family", "7946", "photo/1.jpg"):
        assert contact not in stored


def test_reimporting_the_same_file_creates_no_duplicates(tmp_path):
    path = write(tmp_path, PFIF_14)
    run_import(path)

    output = run_import(path)

    assert "Imported 0 requests (waiting for review) and 0 comments." in output
    assert output.count("already imported") == 4
    assert (Post.objects.count(), Comment.objects.count()) == (2, 2)


def test_a_new_note_on_an_already_imported_person_is_imported(tmp_path):
    run_import(write(tmp_path, PFIF_14))
    later = PFIF_14.replace("personfinder.example/note.11", "personfinder.example/note.12")

    output = run_import(write(tmp_path, later, "later.xml"))

    assert "Imported 0 requests (waiting for review) and 1 comments." in output
    assert Comment.objects.filter(pfif_record_id="personfinder.example/note.12").exists()


def test_a_note_on_a_published_request_waits_for_a_moderator(tmp_path, moderator):
    run_import(write(tmp_path, PFIF_14))
    john = Post.objects.get(pfif_record_id="personfinder.example/person.2")
    actions.publish_post(post=john, by=moderator)
    later = PFIF_14.replace("personfinder.example/note.11", "personfinder.example/note.12")

    run_import(write(tmp_path, later, "later.xml"))

    note = Comment.objects.get(pfif_record_id="personfinder.example/note.12")
    assert note.moderation == Moderation.PENDING
    assert ReviewItem.objects.pending().for_target(note).get().reason == ReviewReason.IMPORTED


def test_skipped_records_are_reported_with_their_reason(tmp_path, settings):
    settings.RECONNECT_PFIF_DOMAIN = "reconnect.example"
    expired = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>other.example/person.1</pfif:person_record_id>
    <pfif:source_date>2025-01-01T00:00:00Z</pfif:source_date>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>other.example/person.2</pfif:person_record_id>
    <pfif:expiry_date>{expired}</pfif:expiry_date>
    <pfif:full_name>Gone Away</pfif:full_name>
    <pfif:note>
      <pfif:note_record_id>other.example/note.2</pfif:note_record_id>
      <pfif:author_name>Someone</pfif:author_name>
      <pfif:text>About an expired record.</pfif:text>
    </pfif:note>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>other.example/person.3</pfif:person_record_id>
    <pfif:expiry_date>{later}</pfif:expiry_date>
    <pfif:full_name>Still Here</pfif:full_name>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>other.example/person.3</pfif:person_record_id>
    <pfif:full_name>Still Here Twice</pfif:full_name>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>reconnect.example/person.9</pfif:person_record_id>
    <pfif:full_name>Our Own</pfif:full_name>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>no-slash</pfif:person_record_id>
    <pfif:full_name>Bad Id</pfif:full_name>
  </pfif:person>
  <pfif:person>
    <pfif:full_name>No Id</pfif:full_name>
  </pfif:person>
  <pfif:note>
    <pfif:note_record_id>other.example/note.3</pfif:note_record_id>
    <pfif:person_record_id>other.example/person.404</pfif:person_record_id>
    <pfif:author_name>Someone</pfif:author_name>
    <pfif:text>About nobody we know.</pfif:text>
  </pfif:note>
  <pfif:note>
    <pfif:note_record_id>reconnect.example/note.5</pfif:note_record_id>
    <pfif:person_record_id>other.example/person.3</pfif:person_record_id>
    <pfif:author_name>Us</pfif:author_name>
    <pfif:text>Our own note, coming back.</pfif:text>
  </pfif:note>
  <pfif:note>
    <pfif:note_record_id>other.example/note.4</pfif:note_record_id>
    <pfif:person_record_id>other.example/person.3</pfif:person_record_id>
    <pfif:author_name>Someone</pfif:author_name>
  </pfif:note>
</pfif:pfif>
"""

    output = run_import(write(tmp_path, document))

    assert list(Post.objects.values_list("sought_name", flat=True)) == ["Still Here"]
    assert not Comment.objects.exists()
    for line in (
        "  + person other.example/person.3",
        "Skipped 10 records:",
        "  - other.example/person.1: no full_name",
        f"  - other.example/person.2: expired on {expired}",
        "  - other.example/person.3: appears twice in this file",
        "  - reconnect.example/person.9: a record of this site (reconnect.example)",
        "  - no-slash: person_record_id is not of the form domain/unique_string",
        "  - (person without a person_record_id): no person_record_id",
        "  - other.example/note.2: its person other.example/person.2 is neither here nor in this file",
        "  - other.example/note.3: its person other.example/person.404 is neither here nor in this file",
        "  - reconnect.example/note.5: a record of this site (reconnect.example)",
        "  - other.example/note.4: no text",
    ):
        assert line in output


def test_a_note_about_one_of_our_requests_is_held_for_review(tmp_path, settings, post):
    settings.RECONNECT_PFIF_DOMAIN = "reconnect.example"
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:note>
    <pfif:note_record_id>other.example/note.1</pfif:note_record_id>
    <pfif:person_record_id>reconnect.example/person.{post.pk}</pfif:person_record_id>
    <pfif:author_name>A volunteer</pfif:author_name>
    <pfif:source_date>2026-01-01T00:00:00Z</pfif:source_date>
    <pfif:text>I may have seen him in Hamburg.</pfif:text>
  </pfif:note>
</pfif:pfif>
"""

    run_import(write(tmp_path, document))

    comment = Comment.objects.get(pfif_record_id="other.example/note.1")
    assert (comment.post, comment.moderation) == (post, Moderation.PENDING)


def test_a_pfif_1_2_file_imports(tmp_path):
    output = run_import(write(tmp_path, PFIF_12))

    assert output.startswith("PFIF 1.2: 1 persons, 1 notes.")
    jean = Post.objects.get(pfif_record_id="icrc.example/person.4040")
    assert (jean.sought_name, jean.story, jean.now_country) == ("Jean Baptiste", "Last seen near the harbour.", "HT")
    assert jean.pfif_source == "ICRC"
    note = jean.comments.get()
    assert (note.body, note.is_lead) == ("Paul:\nHe is at the school shelter.", True)


def test_a_pfif_1_3_other_field_gives_back_names_and_story(tmp_path):
    document = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.3">
  <pfif:person>
    <pfif:person_record_id>other.example/person.1</pfif:person_record_id>
    <pfif:source_date>2025-01-01T00:00:00Z</pfif:source_date>
    <pfif:full_name>Simon Berger</pfif:full_name>
    <pfif:other>alternate_names:
    Simón
    Si
description:
    Played the cello.

    Loved chess.</pfif:other>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>other.example/person.2</pfif:person_record_id>
    <pfif:source_date>2025-01-01T00:00:00Z</pfif:source_date>
    <pfif:full_name>Anna Berger</pfif:full_name>
    <pfif:other>height: 170 cm
eyes: green</pfif:other>
  </pfif:person>
</pfif:pfif>
"""

    run_import(write(tmp_path, document))

    simon = Post.objects.get(pfif_record_id="other.example/person.1")
    assert (simon.sought_other_names, simon.story) == ("Simón, Si", "Played the cello.\n\nLoved chess.")
    anna = Post.objects.get(pfif_record_id="other.example/person.2")
    assert anna.story == "height: 170 cm\neyes: green"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<pfif:pfif xmlns:pfif='http://zesty.ca/pfif/1.4'><pfif:person>", "Not well-formed XML"),
        ("not xml at all", "Not well-formed XML"),
        ("<pfif xmlns='http://zesty.ca/pfif/9.9'/>", "Not a PFIF 1.2, 1.3 or 1.4 document"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'/>", "Not a PFIF 1.2, 1.3 or 1.4 document"),
        (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            "<pfif:pfif xmlns:pfif='http://zesty.ca/pfif/1.4'>&lol2;</pfif:pfif>",
            "declares a DTD or entities",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<pfif:pfif xmlns:pfif='http://zesty.ca/pfif/1.4'>&x;</pfif:pfif>",
            "declares a DTD or entities",
        ),
    ],
)
def test_unreadable_files_fail_clearly_and_import_nothing(tmp_path, content, message):
    path = write(tmp_path, content)

    with pytest.raises(CommandError, match=message):
        run_import(path)

    assert not Post.objects.exists()


def test_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "nowhere.xml")


def test_existing_requests_are_untouched_by_an_import(tmp_path):
    mine = PostFactory(sought_name="Simon Berger")

    run_import(write(tmp_path, PFIF_14))

    mine.refresh_from_db()
    assert (mine.sought_name, mine.moderation, mine.pfif_record_id) == ("Simon Berger", Moderation.PUBLISHED, "")
