"""PFIF (People Finder Interchange Format, https://zesty.ca/pfif/) export and import.

Export: published requests become PFIF person records, their public comments
and reunions become note records, in one stream ordered by entry_date so that
other tracing systems can sync incrementally (`export_document`). Nothing
private leaves: no emails, no private or moderated content, and anything that
looks like an email address or a phone number is cut out of the text.

Import: a PFIF 1.2, 1.3 or 1.4 document becomes pending requests for
moderators to review, and its notes become comments (`parse_document`,
`import_document`). Record ids are kept, so nothing is imported twice and
re-exported records keep the ids they were born with.

docs/pfif.md says what is mapped to what, and why.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any
from xml.etree import ElementTree as ET  # builds documents only; reading goes through defusedxml

import markdown as markdown_lib
import nh3
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from posts.contact.detection import redact_contact_details
from posts.models import Comment, Moderation, Post, Relationship, Status
from posts.search.index import index_post

NAMESPACES = {
    "1.2": "http://zesty.ca/pfif/1.2",
    "1.3": "http://zesty.ca/pfif/1.3",
    "1.4": "http://zesty.ca/pfif/1.4",
}
EXPORT_VERSIONS = ("1.4", "1.3")
DEFAULT_VERSION = "1.4"
DEFAULT_MAX_RESULTS = 100
MAX_RESULTS = 500
MAX_SKIP = 2**31 - 1  # beyond any real feed, and within what every database takes as an OFFSET

# Every field of each record type, in the order the specifications fix for the
# XML (PFIF 1.3 and 1.4, "Data model"); a record writes the ones it has, in this order.
PERSON_FIELDS = {
    "1.3": (
        "person_record_id",
        "entry_date",
        "expiry_date",
        "author_name",
        "author_email",
        "author_phone",
        "source_name",
        "source_date",
        "source_url",
        "full_name",
        "first_name",
        "last_name",
        "sex",
        "date_of_birth",
        "age",
        "home_street",
        "home_neighborhood",
        "home_city",
        "home_state",
        "home_postal_code",
        "home_country",
        "photo_url",
        "other",
    ),
    "1.4": (
        "person_record_id",
        "entry_date",
        "expiry_date",
        "author_name",
        "author_email",
        "author_phone",
        "source_name",
        "source_date",
        "source_url",
        "full_name",
        "given_name",
        "family_name",
        "alternate_names",
        "description",
        "sex",
        "date_of_birth",
        "age",
        "home_street",
        "home_neighborhood",
        "home_city",
        "home_state",
        "home_postal_code",
        "home_country",
        "photo_url",
        "profile_urls",
    ),
}
NOTE_FIELDS = {
    "1.3": (
        "note_record_id",
        "person_record_id",
        "linked_person_record_id",
        "entry_date",
        "author_name",
        "author_email",
        "author_phone",
        "source_date",
        "found",
        "status",
        "email_of_found_person",
        "phone_of_found_person",
        "last_known_location",
        "text",
    ),
    "1.4": (
        "note_record_id",
        "person_record_id",
        "linked_person_record_id",
        "entry_date",
        "author_name",
        "author_email",
        "author_phone",
        "source_date",
        "author_made_contact",
        "status",
        "email_of_found_person",
        "phone_of_found_person",
        "last_known_location",
        "text",
        "photo_url",
    ),
}
# Written even when empty (the specifications' mandatory fields).
MANDATORY_FIELDS = {
    "1.3": {
        "person": {"person_record_id", "source_date", "full_name"},
        "note": {"note_record_id", "author_name", "source_date", "text"},
    },
    "1.4": {
        "person": {"person_record_id", "source_date", "full_name"},
        "note": {"note_record_id", "author_name", "source_date"},
    },
}
# PFIF 1.4 renamed these; older documents are read with the new names.
RENAMED_FIELDS = {
    "first_name": "given_name",
    "last_name": "family_name",
    "found": "author_made_contact",
    "home_zip": "home_postal_code",
}
NOTE_STATUSES = ("information_sought", "is_note_author", "believed_alive", "believed_missing", "believed_dead")
# A note with one of these tells something about the person: it becomes a lead.
LEAD_STATUSES = {"is_note_author", "believed_alive", "believed_missing", "believed_dead"}
# Free text written by people: the only fields that are scrubbed of contact details.
FREE_TEXT_FIELDS = {"author_name", "full_name", "alternate_names", "description", "other", "home_city", "text"}

IMPORT_USER_EMAIL = "pfif-import@invalid"
IMPORT_USER_NAME = "PFIF import"

_PFIF_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# Text ------------------------------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """A story's Markdown as plain text: the words, without markup."""
    rendered = markdown_lib.markdown(markdown or "", extensions=["sane_lists", "nl2br"], output_format="html")
    rendered = re.sub(r"(</(?:p|ul|ol|blockquote|pre|h\d)>)", "\\1\n", rendered.replace("<li>", "<li>- "))
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def format_date(value: datetime | None) -> str:
    """PFIF dates: UTC, to the second, "YYYY-MM-DDThh:mm:ssZ"."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def parse_export_date(text: str) -> datetime:
    """Read a `min_entry_date`: strictly the PFIF form, so a client's mistake is not silently misread."""
    if not _PFIF_DATE.fullmatch(text):
        raise ValueError(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def parse_import_date(text: str) -> datetime | None:
    """Read a date from another system, forgiving about the form; None when it is no date."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _other_text(alternate_names: list[str], description: str) -> str:
    """PFIF 1.3 has no alternate_names or description: they go in `other`, as labelled blocks."""
    blocks = []
    for label, lines in (("alternate_names", alternate_names), ("description", description.splitlines())):
        if lines:
            blocks.append(f"{label}:\n" + "\n".join(f"    {line}".rstrip() for line in lines))
    return "\n".join(blocks)


def _parse_other(other: str) -> dict[str, str]:
    """Undo `_other_text`; text in any other form is all description."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in other.splitlines():
        label = re.fullmatch(r"([A-Za-z_]+):\s*(.*)", line)
        if label:
            current = label.group(1).lower()
            blocks[current] = [label.group(2)] if label.group(2) else []
        elif current and (line[:1] in (" ", "\t") or not line.strip()):
            blocks[current].append(line[4:] if line.startswith("    ") else line.strip())
        else:
            current = None
            break
    if current is None or not set(blocks) <= {"alternate_names", "description"}:
        return {"description": other.strip()}
    return {label: "\n".join(lines).strip() for label, lines in blocks.items()}


# Record ids ------------------------------------------------------------------------------


def own_domain() -> str:
    return settings.RECONNECT_PFIF_DOMAIN


def is_own_record(record_id: str) -> bool:
    return record_id.lower().startswith(own_domain().lower() + "/")


def person_record_id(post: Post) -> str:
    return post.pfif_record_id or f"{own_domain()}/person.{post.pk}"


def note_record_id(comment: Comment) -> str:
    return comment.pfif_record_id or f"{own_domain()}/note.{comment.pk}"


def reunion_record_id(post: Post) -> str:
    return f"{own_domain()}/reunion.{post.pk}"


def _is_record_id(value: str) -> bool:
    domain, slash, local = value.partition("/")
    return bool(domain and slash and local) and len(value) <= 255 and not any(char.isspace() for char in domain)


# Export ------------------------------------------------------------------------------------


class ExportParamsForm(forms.Form):
    """The query string of /pfif/."""

    version = forms.ChoiceField(choices=[(version, version) for version in EXPORT_VERSIONS], required=False)
    skip = forms.IntegerField(min_value=0, max_value=MAX_SKIP, required=False)
    max_results = forms.IntegerField(min_value=1, max_value=MAX_RESULTS, required=False)
    min_entry_date = forms.CharField(required=False)

    def clean_min_entry_date(self) -> datetime | None:
        text = self.cleaned_data["min_entry_date"].strip()
        if not text:
            return None
        try:
            return parse_export_date(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("Give a UTC date and time like 2026-01-01T00:00:00Z."), code="invalid_date"
            ) from error

    def export_options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "version": data["version"] or DEFAULT_VERSION,
            "skip": data["skip"] or 0,
            "max_results": data["max_results"] or DEFAULT_MAX_RESULTS,
            "min_entry_date": data["min_entry_date"],
        }

    def error_text(self) -> str:
        return "\n".join(f"{name}: {' '.join(errors)}" for name, errors in self.errors.items())


PERSON, NOTE, REUNION = 0, 1, 2


def _stream(min_entry_date: datetime | None) -> models.QuerySet:
    """(entry_date, kind, pk) of every exportable record, persons, notes and reunions in one stream.

    A record's entry_date is when it became public here: a request when it was
    published, a comment when both it and its request were, a reunion when it
    was marked. So a note never comes before its person, and a client that
    asks for everything since the last entry_date it saw misses nothing.
    """

    def published():
        return Coalesce("published_at", "created_at")

    # While the person sought asks for removal (photos withheld until a moderator
    # decides), nothing about them is handed on: other systems cannot be made to forget.
    posts = Post.objects.published().filter(photos_withheld=False)
    streams = [
        posts.annotate(entry=published(), kind=Value(PERSON), record=F("pk")),
        Comment.objects.public()
        .filter(post__photos_withheld=False)
        .annotate(
            entry=Greatest("created_at", Coalesce("post__published_at", "post__created_at")),
            kind=Value(NOTE),
            record=F("pk"),
        ),
        posts.filter(status=Status.RESOLVED, resolved_at__isnull=False).annotate(
            entry=Greatest("resolved_at", published()), kind=Value(REUNION), record=F("pk")
        ),
    ]
    if min_entry_date is not None:
        streams = [stream.filter(entry__gte=min_entry_date) for stream in streams]
    streams = [stream.order_by().values_list("entry", "kind", "record") for stream in streams]
    return streams[0].union(*streams[1:], all=True).order_by("entry", "kind", "record")


def _site_url(path: str) -> str:
    return settings.RECONNECT_SITE_URL.rstrip("/") + path


def _imported_source(post: Post) -> tuple[str, str]:
    """The source name and URL an imported request came with, stored as "name <url>"."""
    name, _space, url = post.pfif_source.partition(" <")
    if url.endswith(">"):
        return name, url[:-1]
    return post.pfif_source, ""


def _imported_attribution(comment: Comment) -> tuple[str, str]:
    """An imported note's author and text, stored as a first line "author:" above the text."""
    first, _newline, rest = comment.body.partition("\n")
    if comment.pfif_record_id and first.endswith(":"):
        return first[:-1], rest
    return comment.author.public_name, comment.body


def person_record(post: Post) -> dict[str, str]:
    """A published request as a PFIF 1.4 person record."""
    names = [name for name in (*post.other_names_list, post.sought_nickname) if name and name != post.sought_name]
    photo = post.first_photo
    if post.pfif_record_id:
        source_name, source_url = _imported_source(post)
    else:
        source_name, source_url = own_domain(), _site_url(post.get_absolute_url())
    return {
        "person_record_id": person_record_id(post),
        "entry_date": format_date(post.published_at or post.created_at),
        "author_name": (post.on_behalf_of if post.pfif_record_id else "") or post.author.public_name,
        "source_name": source_name,
        "source_date": format_date(post.created_at),
        "source_url": source_url,
        "full_name": post.sought_name,
        "alternate_names": "\n".join(dict.fromkeys(names)),
        "description": plain_text(post.story),
        # home_* is one address: where they may live now. The city they were met
        # in belongs to it only when that is in the same country.
        "home_city": post.met_city if post.met_country and post.met_country == post.now_country else "",
        "home_country": str(post.now_country or ""),
        # Photos are served only while the request is published, as it is here.
        "photo_url": _site_url(photo.get_absolute_url()) if photo else "",
    }


def note_record(comment: Comment) -> dict[str, str]:
    """A public comment as a PFIF 1.4 note record."""
    author_name, text = _imported_attribution(comment)
    by_poster = not comment.pfif_record_id and comment.author_id == comment.post.author_id
    return {
        "note_record_id": note_record_id(comment),
        "person_record_id": person_record_id(comment.post),
        "entry_date": format_date(max(comment.created_at, comment.post.published_at or comment.post.created_at)),
        "author_name": author_name,
        "source_date": format_date(comment.created_at),
        # The poster writing on their own request is still looking; a lead from
        # someone else says nothing PFIF can name about whether the person is alive.
        "status": "information_sought" if by_poster else "",
        "text": text,
    }


def reunion_record(post: Post) -> dict[str, str]:
    """A reunion as a PFIF 1.4 note record: the poster made contact with the person."""
    return {
        "note_record_id": reunion_record_id(post),
        "person_record_id": person_record_id(post),
        "entry_date": format_date(max(post.resolved_at, post.published_at or post.created_at)),
        "author_name": post.author.public_name,
        "source_date": format_date(post.resolved_at),
        "author_made_contact": "true",
        "status": "believed_alive",
        # The reunion story only while the person found agrees to it (posts/stories.py).
        "text": post.reunion_story,
    }


@dataclass(frozen=True)
class Record:
    kind: str  # "person" or "note"
    fields: dict[str, str]


def export_records(
    *, min_entry_date: datetime | None = None, skip: int = 0, max_results: int = DEFAULT_MAX_RESULTS
) -> list[Record]:
    """One page of the export, in entry_date order, in a fixed number of queries."""
    rows = list(_stream(min_entry_date)[skip : skip + max_results])
    post_ids = {pk for _entry, kind, pk in rows if kind in (PERSON, REUNION)}
    comment_ids = {pk for _entry, kind, pk in rows if kind == NOTE}
    posts = Post.objects.for_cards().with_story_consent().in_bulk(post_ids) if post_ids else {}
    comments = Comment.objects.select_related("author", "post__author").in_bulk(comment_ids) if comment_ids else {}
    records = []
    # Names such as "Member 12" are written in the site's language, whoever asks.
    with translation.override(settings.LANGUAGE_CODE):
        for _entry, kind, pk in rows:
            # A record deleted between the two queries is left out, not an error.
            if kind == NOTE and pk in comments:
                records.append(Record("note", note_record(comments[pk])))
            elif kind == PERSON and pk in posts:
                records.append(Record("person", person_record(posts[pk])))
            elif kind == REUNION and pk in posts:
                records.append(Record("note", reunion_record(posts[pk])))
    return records


def _for_version(kind: str, record: dict[str, str], version: str) -> dict[str, str]:
    """Rename a PFIF 1.4 record's fields for an older version."""
    if version == "1.4":
        return record
    record = dict(record)
    if kind == "person":
        alternate_names = record.pop("alternate_names", "")
        record["other"] = _other_text(alternate_names.splitlines(), record.pop("description", ""))
    elif "author_made_contact" in record:
        record["found"] = record.pop("author_made_contact")
    return record


def build_tree(records: Iterable[Record], version: str = DEFAULT_VERSION) -> ET.ElementTree:
    """A PFIF document of `version`, every record's fields in the specification's order."""
    root = ET.Element("pfif:pfif", {"xmlns:pfif": NAMESPACES[version]})
    for record in records:
        fields = _for_version(record.kind, record.fields, version)
        order = PERSON_FIELDS[version] if record.kind == "person" else NOTE_FIELDS[version]
        mandatory = MANDATORY_FIELDS[version][record.kind]
        element = ET.SubElement(root, f"pfif:{record.kind}")
        for name in order:
            value = fields.get(name) or ""
            if name in FREE_TEXT_FIELDS:
                value = redact_contact_details(value)
            if value or name in mandatory:
                ET.SubElement(element, f"pfif:{name}").text = _NOT_XML.sub("", value)
    tree = ET.ElementTree(root)
    ET.indent(tree)
    return tree


def export_document(
    *,
    version: str = DEFAULT_VERSION,
    min_entry_date: datetime | None = None,
    skip: int = 0,
    max_results: int = DEFAULT_MAX_RESULTS,
) -> bytes:
    records = export_records(min_entry_date=min_entry_date, skip=skip, max_results=max_results)
    return ET.tostring(build_tree(records, version).getroot(), encoding="utf-8", xml_declaration=True) + b"\n"


# Import ------------------------------------------------------------------------------------


class PfifError(Exception):
    """The file is not a PFIF document this site can read."""


@dataclass
class Document:
    version: str
    persons: list[dict[str, str]]
    notes: list[dict[str, str]]


def _fields(element, namespace: str) -> dict[str, str]:
    record = {}
    prefix = f"{{{namespace}}}"
    for child in element:
        if not isinstance(child.tag, str) or not child.tag.startswith(prefix) or len(child):
            continue
        name = child.tag[len(prefix) :]
        record[RENAMED_FIELDS.get(name, name)] = (child.text or "").strip()
    return record


def parse_document(source: str | IO[bytes]) -> Document:
    """Read a PFIF 1.2, 1.3 or 1.4 file (a path or a binary file), the version told by its namespace."""
    try:
        root = SafeET.parse(source, forbid_dtd=True).getroot()
    except DefusedXmlException as error:
        raise PfifError(f"Refused: the file declares a DTD or entities, which PFIF never needs ({error!r}).") from error
    except ET.ParseError as error:
        raise PfifError(f"Not well-formed XML: {error}") from error
    namespace, _brace, local = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    versions = {ns: version for version, ns in NAMESPACES.items()}
    if local != "pfif" or namespace not in versions:
        raise PfifError(
            f"Not a PFIF 1.2, 1.3 or 1.4 document: the root element is {root.tag!r}, "
            f"expected a pfif element in one of {', '.join(NAMESPACES.values())}."
        )
    version = versions[namespace]
    persons, notes = [], []
    for element in root.findall(f"{{{namespace}}}person"):
        person = _fields(element, namespace)
        if "other" in person:
            for label, text in _parse_other(person.pop("other")).items():
                person.setdefault(label, text)
        persons.append(person)
        for note_element in element.findall(f"{{{namespace}}}note"):
            note = _fields(note_element, namespace)
            # A note inside a person belongs to it (PFIF 1.2 onwards).
            note["person_record_id"] = person.get("person_record_id", "")
            notes.append(note)
    notes.extend(_fields(element, namespace) for element in root.findall(f"{{{namespace}}}note"))
    return Document(version=version, persons=persons, notes=notes)


@dataclass
class ImportResult:
    persons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def skip(self, kind: str, record: dict[str, str], reason: str) -> None:
        record_id = record.get(f"{kind}_record_id") or f"({kind} without a {kind}_record_id)"
        self.skipped.append((record_id, reason))


def import_user():
    """The inactive account that imported requests and comments belong to."""
    user, created = get_user_model().objects.get_or_create(
        email=IMPORT_USER_EMAIL, defaults={"display_name": IMPORT_USER_NAME, "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join_names(names: Iterable[str], limit: int) -> str:
    """Comma-separated other names, as many whole names as fit."""
    joined = ""
    for name in names:
        candidate = f"{joined}, {name}" if joined else name
        if len(candidate) > limit:
            break
        joined = candidate
    return joined


def _country(code: str) -> str:
    code = code.strip().upper()
    return code if len(code) == 2 and countries.alpha2(code) == code else ""


def _full_name(person: dict[str, str]) -> str:
    return person.get("full_name") or " ".join(
        part for part in (person.get("given_name", ""), person.get("family_name", "")) if part
    )


def _person_problem(person: dict[str, str], seen: set[str], now: datetime) -> str:
    record_id = person.get("person_record_id", "")
    if not record_id:
        return "no person_record_id"
    if not _is_record_id(record_id):
        return "person_record_id is not of the form domain/unique_string (at most 255 characters)"
    if is_own_record(record_id):
        return f"a record of this site ({own_domain()})"
    if record_id in seen:
        return "appears twice in this file"
    if not _full_name(person).strip():
        return "no full_name"
    expiry = parse_import_date(person.get("expiry_date", ""))
    if expiry is not None and expiry <= now:
        return f"expired on {format_date(expiry)}"
    return ""


def _post_from_person(person: dict[str, str], *, author, now: datetime) -> Post:
    full_name = redact_contact_details(_full_name(person)).strip()
    names = re.split(r"[\n,，]", person.get("alternate_names", ""))
    alternates = [redact_contact_details(name).strip() for name in names]
    alternates = [name for name in dict.fromkeys(alternates) if name and name != full_name]
    source = redact_contact_details(person.get("source_name", "")).strip()
    url = person.get("source_url", "").strip()
    if url and len(source) + len(url) + 3 <= 255:
        source = f"{source} <{url}>"
    home_country = _country(person.get("home_country", ""))
    home_city = redact_contact_details(person.get("home_city", "")).strip()
    created = parse_import_date(person.get("source_date", "")) or now
    return Post(
        author=author,
        title=_cut(f"Looking for {full_name}", 140),
        sought_name=_cut(full_name, 120),
        sought_other_names=_join_names(alternates, 255),
        relationship=Relationship.OTHER,
        met_city=_cut(home_city, 120) if home_country else "",
        met_country=home_country if home_city else "",
        now_country=home_country,
        story=_cut(redact_contact_details(person.get("description", "")).strip(), 10_000),
        languages=[],
        on_behalf_of=_cut(redact_contact_details(person.get("author_name", "")).strip(), 120),
        moderation=Moderation.PENDING,
        pfif_record_id=person["person_record_id"],
        pfif_source=_cut(source, 255),
        created_at=min(created, now),
        last_activity_at=now,
    )


def _note_problem(note: dict[str, str], seen: set[str], posts: dict[str, Post]) -> str:
    record_id = note.get("note_record_id", "")
    if not record_id:
        return "no note_record_id"
    if not _is_record_id(record_id):
        return "note_record_id is not of the form domain/unique_string (at most 255 characters)"
    if is_own_record(record_id):
        return f"a record of this site ({own_domain()})"
    if record_id in seen:
        return "appears twice in this file"
    if note.get("person_record_id", "") not in posts:
        return f"its person {note.get('person_record_id') or '(none given)'} is neither here nor in this file"
    if not redact_contact_details(note.get("text", "")).strip():
        return "no text"
    return ""


def _comment_from_note(note: dict[str, str], *, post: Post, author, now: datetime) -> Comment:
    attribution = redact_contact_details(note.get("author_name", "")).strip().replace("\n", " ") or "?"
    status = note.get("status", "").strip().lower()
    made_contact = note.get("author_made_contact", "").strip().lower() == "true"
    created = parse_import_date(note.get("source_date", "")) or now
    return Comment(
        post=post,
        author=author,
        body=_cut(f"{attribution}:\n{redact_contact_details(note['text']).strip()}", 5000),
        is_lead=made_contact or status in LEAD_STATUSES,
        # A note goes public only after a moderator has seen it: with its
        # request when that is waiting for review, on its own otherwise.
        moderation=Moderation.PUBLISHED if post.moderation == Moderation.PENDING else Moderation.PENDING,
        pfif_record_id=note["note_record_id"],
        created_at=min(created, now),
    )


def _known_posts(record_ids: set[str]) -> dict[str, Post]:
    """Requests the notes may belong to: imported ones by their PFIF id, ours by our own ids."""
    posts = {post.pfif_record_id: post for post in Post.objects.filter(pfif_record_id__in=record_ids)}
    own = {}
    for record_id in record_ids:
        local = record_id[len(own_domain()) + 1 :] if is_own_record(record_id) else ""
        if local.startswith("person.") and local[len("person.") :].isdigit():
            own[int(local[len("person.") :])] = record_id
    for post in Post.objects.filter(pk__in=own):
        posts[own[post.pk]] = post
    return posts


def import_document(document: Document, *, now: datetime | None = None) -> ImportResult:
    """Create pending requests and their comments from a parsed PFIF document, never twice."""
    now = now or timezone.now()
    result = ImportResult()
    author = import_user()
    person_ids = {person.get("person_record_id", "") for person in document.persons} - {""}
    note_ids = {note.get("note_record_id", "") for note in document.notes} - {""}
    imported_people = set(Post.objects.filter(pfif_record_id__in=person_ids).values_list("pfif_record_id", flat=True))
    imported_notes = set(Comment.objects.filter(pfif_record_id__in=note_ids).values_list("pfif_record_id", flat=True))

    seen: set[str] = set()
    for person in document.persons:
        record_id = person.get("person_record_id", "")
        problem = _person_problem(person, seen, now)
        if not problem and record_id in imported_people:
            problem = "already imported"
        seen.add(record_id)
        if problem:
            result.skip("person", person, problem)
            continue
        try:
            with transaction.atomic():
                post = _post_from_person(person, author=author, now=now)
                post.full_clean(exclude=["story", "languages"])
                post.save()
                index_post(post)
        except IntegrityError:
            result.skip("person", person, "already imported")
            continue
        except ValidationError as error:
            problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
            result.skip("person", person, f"not valid here ({problems})")
            continue
        result.persons.append(record_id)

    posts = _known_posts({note.get("person_record_id", "") for note in document.notes} - {""})
    seen = set()
    for note in document.notes:
        record_id = note.get("note_record_id", "")
        problem = _note_problem(note, seen, posts)
        if not problem and record_id in imported_notes:
            problem = "already imported"
        seen.add(record_id)
        if problem:
            result.skip("note", note, problem)
            continue
        post = posts[note["person_record_id"]]
        try:
            with transaction.atomic():
                _comment_from_note(note, post=post, author=author, now=now).save()
        except IntegrityError:
            result.skip("note", note, "already imported")
            continue
        result.notes.append(record_id)
    return result
