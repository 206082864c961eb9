"""PFIF import: a PFIF 1.2, 1.3 or 1.4 document becomes requests waiting for review, and its notes comments.

`parse_document` reads the file (defusedxml, no DTD), `import_document` saves what it may through
posts.requests.services. Record ids are kept, so nothing is imported twice and re-exported records keep
the ids they were born with; contact details are cut out of the text on the way in, as on the way out.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django_countries import countries

from posts.interchange.spec import (
    LEAD_STATUSES,
    NAMESPACES,
    RENAMED_FIELDS,
    format_date,
    is_own_record,
    is_record_id,
    own_domain,
    parse_import_date,
    parse_other,
)
from posts.models import Comment, Post, Relationship
from posts.moderation.detection import redact_contact_details
from posts.requests import services

IMPORT_USER_EMAIL = "pfif-import@invalid"
IMPORT_USER_NAME = "PFIF import"


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
            for label, text in parse_other(person.pop("other")).items():
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


def _record_id_problem(kind: str, record: dict[str, str], seen: set[str]) -> str:
    """Why a person or note record cannot be imported for its id, or "" when its id is fine."""
    record_id = record.get(f"{kind}_record_id", "")
    if not record_id:
        return f"no {kind}_record_id"
    if not is_record_id(record_id):
        return f"{kind}_record_id is not of the form domain/unique_string (at most 255 characters)"
    if is_own_record(record_id):
        return f"a record of this site ({own_domain()})"
    if record_id in seen:
        return "appears twice in this file"
    return ""


def _person_problem(person: dict[str, str], seen: set[str], now: datetime) -> str:
    if problem := _record_id_problem("person", person, seen):
        return problem
    if not _full_name(person).strip():
        return "no full_name"
    expiry = parse_import_date(person.get("expiry_date", ""))
    if expiry is not None and expiry <= now:
        return f"expired on {format_date(expiry)}"
    return ""


def _import_person(person: dict[str, str], *, author, now: datetime) -> Post:
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
    data = {
        "title": _cut(f"Looking for {full_name}", 140),
        "sought_name": _cut(full_name, 120),
        "sought_other_names": _join_names(alternates, 255),
        "relationship": Relationship.OTHER,
        "met_city": _cut(home_city, 120) if home_country else "",
        "met_country": home_country if home_city else "",
        "now_country": home_country,
        "story": _cut(redact_contact_details(person.get("description", "")).strip(), 10_000),
        "languages": [],
        "on_behalf_of": _cut(redact_contact_details(person.get("author_name", "")).strip(), 120),
    }
    return services.import_post(
        author=author,
        data=data,
        pfif_record_id=person["person_record_id"],
        pfif_source=_cut(source, 255),
        created_at=min(created, now),
        now=now,
    )


def _note_problem(note: dict[str, str], seen: set[str], posts: dict[str, Post]) -> str:
    if problem := _record_id_problem("note", note, seen):
        return problem
    if note.get("person_record_id", "") not in posts:
        return f"its person {note.get('person_record_id') or '(none given)'} is neither here nor in this file"
    if not redact_contact_details(note.get("text", "")).strip():
        return "no text"
    return ""


def _import_note(note: dict[str, str], *, post: Post, author, now: datetime) -> Comment:
    attribution = redact_contact_details(note.get("author_name", "")).strip().replace("\n", " ") or "?"
    status = note.get("status", "").strip().lower()
    made_contact = note.get("author_made_contact", "").strip().lower() == "true"
    created = parse_import_date(note.get("source_date", "")) or now
    return services.import_comment(
        post=post,
        author=author,
        body=_cut(f"{attribution}:\n{redact_contact_details(note['text']).strip()}", 5000),
        is_lead=made_contact or status in LEAD_STATUSES,
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
            _import_person(person, author=author, now=now)
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
            _import_note(note, post=post, author=author, now=now)
        except IntegrityError:
            result.skip("note", note, "already imported")
            continue
        result.notes.append(record_id)
    return result
