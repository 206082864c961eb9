import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from posts.models import Moderation, ReportReason, Status
from posts.moderation import reports
from tests.contact.consent.helpers import consenting_conversation
from tests.factories import CommentFactory, PhotoFactory, PostFactory, UserFactory
from tests.interchange.pfif_xml import SPEC_NOTE_FIELDS, SPEC_PERSON_FIELDS, by_id, notes, parse, persons

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 10, 9, 30, 15, 123456, tzinfo=UTC)
PFIF_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


@pytest.fixture(autouse=True)
def _domain(settings):
    settings.RECONNECT_PFIF_DOMAIN = "reconnect.example"
    settings.RECONNECT_SITE_URL = "https://reconnect.example"


def export(client, **params):
    response = client.get(reverse("posts:pfif"), params)
    assert response.status_code == HTTPStatus.OK, response.content
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return parse(response.content, params.get("version", "1.4"))


@pytest.fixture
def full_post(member):
    """A request with every field that PFIF carries, a photo, comments and a reunion."""
    member.display_name = "Anna"
    member.save()
    post = PostFactory(
        author=member,
        sought_name="李响灿",
        sought_other_names="Li Xiangcan, Lee Hsiang-tsan",
        sought_nickname="Xiao Li",
        met_city="Hamburg",
        met_country="DE",
        now_country="DE",
        story="We met at the **Hamburg** language school.\n\nHe liked *jazz*.",
        created_at=T0 - timedelta(days=2),
        published_at=T0,
        status=Status.RESOLVED,
        resolved_at=T0 + timedelta(days=3),
        resolved_note="We spoke on the phone last night!",
    )
    consenting_conversation(post)  # The person found agreed to the reunion story.
    PhotoFactory(post=post)
    PhotoFactory(post=post)
    CommentFactory(post=post, body="Try the alumni office.", is_lead=True, created_at=T0 + timedelta(hours=1))
    CommentFactory(post=post, author=member, body="Thank you, I wrote to them.", created_at=T0 + timedelta(hours=2))
    return post


# Document ----------------------------------------------------------------------------------


def test_export_is_pfif_1_4_xml_by_default(client, full_post):
    response = client.get("/pfif/")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert b'xmlns:pfif="http://zesty.ca/pfif/1.4"' in response.content
    records = parse(response.content, "1.4")
    assert [record.kind for record in records] == ["person", "note", "note", "note"]


def test_version_1_3_uses_its_namespace(client, full_post):
    response = client.get("/pfif/", {"version": "1.3"})

    assert b'xmlns:pfif="http://zesty.ca/pfif/1.3"' in response.content
    assert len(parse(response.content, "1.3")) == 4


def test_empty_site_exports_an_empty_document(client, db):
    assert export(client) == []


# Field order and required fields ---------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.4", "1.3"])
def test_person_fields_follow_the_specification_order(client, full_post, version):
    (person,) = persons(export(client, version=version))

    assert person.tags == [name for name in SPEC_PERSON_FIELDS[version] if name in person.tags]
    expected = {
        "1.4": [
            "person_record_id",
            "entry_date",
            "author_name",
            "source_name",
            "source_date",
            "source_url",
            "full_name",
            "alternate_names",
            "description",
            "home_city",
            "home_country",
            "photo_url",
        ],
        "1.3": [
            "person_record_id",
            "entry_date",
            "author_name",
            "source_name",
            "source_date",
            "source_url",
            "full_name",
            "home_city",
            "home_country",
            "photo_url",
            "other",
        ],
    }
    assert person.tags == expected[version]


@pytest.mark.parametrize("version", ["1.4", "1.3"])
def test_note_fields_follow_the_specification_order(client, full_post, version):
    records = notes(export(client, version=version))

    for note in records:
        assert note.tags == [name for name in SPEC_NOTE_FIELDS[version] if name in note.tags]
    reunion = records[-1]
    contact = "author_made_contact" if version == "1.4" else "found"
    assert reunion.tags == [
        "note_record_id",
        "person_record_id",
        "entry_date",
        "author_name",
        "source_date",
        contact,
        "status",
        "text",
    ]


@pytest.mark.parametrize("version", ["1.4", "1.3"])
def test_required_fields_are_always_written(client, post, version):
    PostFactory(status=Status.RESOLVED, resolved_at=T0, resolved_note="")
    records = export(client, version=version)

    for person in persons(records):
        assert {"person_record_id", "source_date", "full_name"} <= set(person.tags)
    required_note = {"note_record_id", "author_name", "source_date"} | ({"text"} if version == "1.3" else set())
    (reunion,) = notes(records)
    assert required_note <= set(reunion.tags)
    assert (version == "1.3") == ("text" in reunion.tags)


def test_1_3_has_no_1_4_only_fields(client, full_post):
    records = export(client, version="1.3")

    written = {tag for record in records for tag in record.tags}
    assert not written & {"alternate_names", "description", "given_name", "family_name", "profile_urls"}
    assert "author_made_contact" not in written
    assert all("photo_url" not in note.tags for note in notes(records))


# Values -----------------------------------------------------------------------------------------


def test_person_values(client, full_post):
    (person,) = persons(export(client))
    photo = full_post.photos.order_by("order", "pk").first()

    assert person["person_record_id"] == f"reconnect.example/person.{full_post.pk}"
    assert person["entry_date"] == "2026-01-10T09:30:15Z"
    assert person["source_date"] == "2026-01-08T09:30:15Z"
    assert person["author_name"] == "Anna"
    assert person["source_name"] == "reconnect.example"
    assert person["source_url"] == f"https://reconnect.example/requests/{full_post.pk}/"
    assert person["full_name"] == "李响灿"
    assert person["alternate_names"] == "Li Xiangcan\nLee Hsiang-tsan\nXiao Li"
    assert person["description"] == "We met at the Hamburg language school.\n\nHe liked jazz."
    assert (person["home_city"], person["home_country"]) == ("Hamburg", "DE")
    assert person["photo_url"] == f"https://reconnect.example/photos/{photo.pk}/full/"


def test_photo_url_is_served_while_the_request_is_published(client, full_post):
    (person,) = persons(export(client))

    assert client.get(urlsplit(person["photo_url"]).path).status_code == HTTPStatus.OK


def test_home_city_only_when_they_were_met_in_the_country_they_may_be_in_now(client, db):
    PostFactory(met_city="Iowa City", met_country="US", now_country="DE")
    PostFactory(met_city="Iowa City", met_country="US", now_country="")

    records = persons(export(client))

    assert [(p.get("home_city"), p.get("home_country")) for p in records] == [("", "DE"), ("", "")]


def test_author_name_is_the_display_name_never_the_email(client, db):
    author = UserFactory(display_name="", email="secret.poster@example.com")
    PostFactory(author=author)

    response = client.get("/pfif/")

    assert b"secret.poster" not in response.content
    (person,) = persons(parse(response.content))
    assert person["author_name"] == f"Member {author.pk}"


def test_dates_and_record_ids_are_in_pfif_form(client, full_post):
    records = export(client)

    for record in records:
        for name in ("entry_date", "source_date"):
            assert PFIF_DATE.fullmatch(record[name]), record[name]
    ids = [record.get("person_record_id") for record in persons(records)]
    ids += [record["note_record_id"] for record in notes(records)]
    assert all(re.fullmatch(r"reconnect\.example/(person|note|reunion)\.\d+", record_id) for record_id in ids)


def test_default_domain_comes_from_the_site_url():
    from reconnect import settings as project_settings

    assert project_settings.RECONNECT_PFIF_DOMAIN == project_settings.pfif_domain_for(
        project_settings.RECONNECT_SITE_URL
    )
    assert settings.RECONNECT_PFIF_DOMAIN == "reconnect.example"  # overridden above


# What PFIF itself takes as a domain name: labels of letters, digits and hyphens, starting with a letter
# (the rule of Person Finder's validator, tools/pfif-tools/app/pfif_validator.py, from RFC 1034).
PFIF_DOMAIN = re.compile(r"([a-zA-Z]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?")


@pytest.mark.parametrize(
    ("site_url", "domain"),
    [
        ("http://127.0.0.1:8000", "reconnect.localhost"),  # the default run
        ("http://127.0.0.1:8123/", "reconnect.localhost"),  # make run PORT=8123
        ("http://localhost:8000", "reconnect.localhost"),
        ("http://[::1]:8000", "reconnect.localhost"),
        ("https://reconnect.example.org", "reconnect.example.org"),
        ("https://Reconnect.Example.org:8443/", "reconnect.example.org"),  # never the port
    ],
)
def test_the_default_domain_is_a_domain_name_without_the_port(site_url, domain):
    from reconnect.settings import pfif_domain_for

    assert pfif_domain_for(site_url) == domain
    assert PFIF_DOMAIN.fullmatch(domain)


def test_the_default_run_writes_ids_pfif_accepts(client, full_post, settings):
    from reconnect.settings import pfif_domain_for

    settings.RECONNECT_PFIF_DOMAIN = pfif_domain_for("http://127.0.0.1:8000")

    records = export(client)

    ids = [record.get("person_record_id") for record in persons(records)]
    ids += [record["note_record_id"] for record in notes(records)]
    assert ids and all(re.fullmatch(PFIF_DOMAIN.pattern + r"/.+", record_id) for record_id in ids), ids
    assert all(record_id.startswith("reconnect.localhost/") for record_id in ids)


def test_notes_map_comments_and_the_reunion(client, full_post):
    lead, own_reply, reunion = notes(export(client))
    person_id = f"reconnect.example/person.{full_post.pk}"

    assert all(note["person_record_id"] == person_id for note in (lead, own_reply, reunion))
    assert (lead.get("status"), lead["text"]) == ("", "Try the alumni office.")
    assert (own_reply["status"], own_reply["author_name"]) == ("information_sought", "Anna")
    assert reunion["note_record_id"] == f"reconnect.example/reunion.{full_post.pk}"
    assert (reunion["author_made_contact"], reunion["status"]) == ("true", "believed_alive")
    assert reunion["entry_date"] == reunion["source_date"] == "2026-01-13T09:30:15Z"
    assert reunion["text"] == "We spoke on the phone last night!"


def test_1_3_reunion_says_found_and_other_carries_names_and_story(client, full_post):
    records = export(client, version="1.3")

    assert notes(records)[-1]["found"] == "true"
    assert persons(records)[0]["other"] == (
        "alternate_names:\n    Li Xiangcan\n    Lee Hsiang-tsan\n    Xiao Li\n"
        "description:\n    We met at the Hamburg language school.\n\n    He liked jazz."
    )


def test_imported_request_keeps_its_record_id_and_source(client, db):
    PostFactory(
        pfif_record_id="personfinder.example/person.77",
        pfif_source="Person Finder <https://personfinder.example/view?id=77>",
        on_behalf_of="Bill Mandil",
    )

    (person,) = persons(export(client))

    assert person["person_record_id"] == "personfinder.example/person.77"
    assert (person["source_name"], person["source_url"]) == ("Person Finder", "https://personfinder.example/view?id=77")
    assert person["author_name"] == "Bill Mandil"


# Nothing private --------------------------------------------------------------------------------


def test_nothing_private_hidden_pending_or_removed_is_exported(client, post, member):
    CommentFactory(post=post, body="Public lead about Hamburg", is_lead=True)
    CommentFactory(post=post, body="PRIVATE-LEAD his flat is on Elbchaussee", is_lead=True, is_private=True)
    CommentFactory(post=post, body="HIDDEN-COMMENT spam", moderation=Moderation.HIDDEN)
    CommentFactory(post=post, body="REMOVED-COMMENT rude", moderation=Moderation.REMOVED)
    for state in (Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED):
        other = PostFactory(sought_name=f"{state.upper()}-REQUEST", moderation=state)
        CommentFactory(post=other, body=f"COMMENT-ON-{state.upper()}")
        PostFactory(sought_name=f"RESOLVED-{state.upper()}", moderation=state, status=Status.RESOLVED, resolved_at=T0)

    content = client.get("/pfif/").content.decode()

    assert "Public lead about Hamburg" in content
    for secret in ("PRIVATE-LEAD", "HIDDEN-COMMENT", "REMOVED-COMMENT", "-REQUEST", "COMMENT-ON-", "RESOLVED-"):
        assert secret not in content
    assert member.email not in content
    assert len(persons(parse(content.encode()))) == 1


def test_nothing_is_exported_about_someone_asking_for_removal(client, post, stranger):
    CommentFactory(post=post, body="A lead")
    post.status, post.resolved_at = Status.RESOLVED, T0
    post.save()
    reports.report_content(reporter=stranger, post=post, reason=ReportReason.THIS_IS_ME, details="This is me.")

    assert export(client) == []


def test_emails_and_phone_numbers_are_cut_from_every_text(client, member):
    post = PostFactory(
        author=member,
        sought_name="Simon simon@example.org",
        sought_other_names="Simon +1 (319) 555-0142",
        story=(
            "Write to me at [my mail](mailto:anna.k@example.com) or anna.k@example.com, "
            "call +49 30 1234567 or 138 0013 8000. We met 2017-2018, on 2017-09-03, in room 204."
        ),
    )
    CommentFactory(post=post, body="His number was 0049-40-555 1234, mail simon.b@uni-hamburg.de")
    PostFactory(status=Status.RESOLVED, resolved_at=T0, resolved_note="Called him on +44 20 7946 0958!")

    for version in ("1.4", "1.3"):
        content = client.get("/pfif/", {"version": version}).content.decode()
        for contact in ("example.org", "555", "anna.k", "example.com", "1234567", "0013", "uni-hamburg", "7946"):
            assert contact not in content
        assert "We met 2017-2018, on 2017-09-03, in room 204." in content


def test_characters_xml_cannot_carry_are_dropped(client, db):
    PostFactory(sought_name="Si\x0bmon", story="Vertical\x0btab, unit\x1fseparator")

    (person,) = persons(export(client))

    assert (person["full_name"], person["description"]) == ("Simon", "Verticaltab, unitseparator")


# Paging and incremental sync --------------------------------------------------------------------


@pytest.fixture
def five_posts(db):
    return [PostFactory(sought_name=f"Person {n}", published_at=T0 + timedelta(days=n)) for n in range(5)]


def test_records_are_ordered_by_entry_date_then_id(client, db):
    same_time = [PostFactory(published_at=T0) for _ in range(3)]
    earlier = PostFactory(published_at=T0 - timedelta(days=1))

    ids = [person["person_record_id"] for person in persons(export(client))]

    expected = [earlier, *sorted(same_time, key=lambda post: post.pk)]
    assert ids == [f"reconnect.example/person.{post.pk}" for post in expected]


def test_a_note_comes_after_its_person_even_when_written_before_publication(client, db):
    post = PostFactory(moderation=Moderation.PUBLISHED, created_at=T0, published_at=T0 + timedelta(days=1))
    CommentFactory(post=post, created_at=T0 + timedelta(hours=1))

    person, note = export(client)

    assert (person.kind, note.kind) == ("person", "note")
    assert note["entry_date"] == person["entry_date"] == "2026-01-11T09:30:15Z"
    assert note["source_date"] == "2026-01-10T10:30:15Z"


def test_skip_and_max_results_page_through_records(client, five_posts):
    first = persons(export(client, max_results=2))
    second = persons(export(client, skip=2, max_results=2))
    last = persons(export(client, skip=4, max_results=2))

    names = [[person["full_name"] for person in page] for page in (first, second, last)]
    assert names == [["Person 0", "Person 1"], ["Person 2", "Person 3"], ["Person 4"]]
    assert export(client, skip=5) == []


def test_default_page_is_100_records_and_500_is_the_most(client, db, settings):
    PostFactory.create_batch(101, indexed=False)

    assert len(export(client)) == 100
    assert len(export(client, max_results=500)) == 101
    assert client.get("/pfif/", {"max_results": 501}).status_code == HTTPStatus.BAD_REQUEST


def test_min_entry_date_returns_records_from_that_moment_on(client, five_posts):
    records = export(client, min_entry_date="2026-01-12T09:30:15Z")

    assert [person["full_name"] for person in persons(records)] == ["Person 2", "Person 3", "Person 4"]


def test_min_entry_date_brings_new_comments_on_old_requests(client, five_posts):
    CommentFactory(post=five_posts[0], body="Old lead", created_at=T0 + timedelta(hours=1))
    CommentFactory(post=five_posts[0], body="New lead", created_at=T0 + timedelta(days=10))
    five_posts[1].status, five_posts[1].resolved_at = Status.RESOLVED, T0 + timedelta(days=11)
    five_posts[1].save()

    records = export(client, min_entry_date="2026-01-20T00:00:00Z")

    assert [(record.kind, record.get("text")) for record in records] == [("note", "New lead"), ("note", "")]
    assert records[0]["person_record_id"] == f"reconnect.example/person.{five_posts[0].pk}"
    assert records[1]["note_record_id"] == f"reconnect.example/reunion.{five_posts[1].pk}"


def test_min_entry_date_is_inclusive_to_the_second(client, five_posts):
    last_seen = persons(export(client))[2]["entry_date"]

    records = export(client, min_entry_date=last_seen)

    assert persons(records)[0]["entry_date"] == last_seen


@pytest.mark.parametrize(
    "params",
    [
        {"skip": "-1"},
        {"skip": "two"},
        {"skip": str(10**30)},
        {"max_results": "0"},
        {"max_results": "501"},
        {"max_results": "1e3"},
        {"min_entry_date": "yesterday"},
        {"min_entry_date": "2026-01-01"},
        {"min_entry_date": "2026-01-01T00:00:00"},
        {"min_entry_date": "2026-01-01T00:00:00+01:00"},
        {"min_entry_date": "2026-13-01T00:00:00Z"},
        {"version": "1.2"},
        {"version": "2.0"},
    ],
)
def test_invalid_parameters_get_a_plain_400(client, db, params):
    response = client.get("/pfif/", params)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    (name,) = params
    assert response.content.decode().startswith(f"{name}: ")


def test_the_400_message_is_in_the_readers_language(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get("/pfif/", {"min_entry_date": "yesterday", "skip": "x"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "请填写 UTC 日期和时间，例如 2026-01-01T00:00:00Z。" in response.content.decode()
    assert "Enter a whole number." not in response.content.decode()


def test_only_get_and_head_are_allowed(client, db):
    assert client.post("/pfif/").status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.head("/pfif/").status_code == HTTPStatus.OK


# Queries ----------------------------------------------------------------------------------------


def make_requests(count: int) -> None:
    for _ in range(count):
        post = PostFactory(status=Status.RESOLVED, resolved_at=T0, indexed=False)
        PhotoFactory(post=post)
        CommentFactory.create_batch(2, post=post)


@pytest.mark.parametrize("count", [1, 6])
def test_export_queries_do_not_grow_with_records(client, db, count, django_assert_num_queries):
    make_requests(count)

    # The stream, the requests, their photos, the comments with their requests.
    with django_assert_num_queries(4):
        response = client.get("/pfif/")

    assert len(by_id(parse(response.content))) == count * 4
