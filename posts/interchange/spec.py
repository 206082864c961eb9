"""PFIF (People Finder Interchange Format, https://zesty.ca/pfif/): what the specifications fix, and record ids here.

The versions and their namespaces, every field of each record type in the order the XML must give them,
the mandatory ones, the fields PFIF 1.4 renamed, note statuses, the date form, how PFIF 1.3 carries what
it has no field for, and the ids this site gives its records. `export` writes documents with these
tables, `importer` reads them; docs/pfif.md says what is mapped to what, and why.
"""

import re
from datetime import UTC, datetime

from django.conf import settings

from posts.models import Comment, Post

NAMESPACES = {
    "1.2": "http://zesty.ca/pfif/1.2",
    "1.3": "http://zesty.ca/pfif/1.3",
    "1.4": "http://zesty.ca/pfif/1.4",
}
EXPORT_VERSIONS = ("1.4", "1.3")
DEFAULT_VERSION = "1.4"

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
# A note with one of these tells something about the person: it becomes a lead.
LEAD_STATUSES = {"is_note_author", "believed_alive", "believed_missing", "believed_dead"}
# Free text written by people: the only fields that are scrubbed of contact details.
FREE_TEXT_FIELDS = {"author_name", "full_name", "alternate_names", "description", "other", "home_city", "text"}

_PFIF_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
# Characters XML 1.0 cannot carry at all, even escaped.
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# Dates -------------------------------------------------------------------------------------


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


# PFIF 1.3's "other" field ---------------------------------------------------------------------


def other_text(alternate_names: list[str], description: str) -> str:
    """PFIF 1.3 has no alternate_names or description: they go in `other`, as labelled blocks."""
    blocks = []
    for label, lines in (("alternate_names", alternate_names), ("description", description.splitlines())):
        if lines:
            blocks.append(f"{label}:\n" + "\n".join(f"    {line}".rstrip() for line in lines))
    return "\n".join(blocks)


def parse_other(other: str) -> dict[str, str]:
    """Undo `other_text`; text in any other form is all description."""
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


def is_record_id(value: str) -> bool:
    domain, slash, local = value.partition("/")
    return bool(domain and slash and local) and len(value) <= 255 and not any(char.isspace() for char in domain)
