"""Reading PFIF documents in tests, and the specifications' field orders to hold them to.

The orders are copied from the specifications (https://zesty.ca/pfif/1.3 and
/1.4, "Data model"), not imported from posts.interchange.spec, so that a test fails if the
module drifts from the spec.
"""

from dataclasses import dataclass

from defusedxml import ElementTree

NS_13 = "http://zesty.ca/pfif/1.3"
NS_14 = "http://zesty.ca/pfif/1.4"
NAMESPACES = {"1.3": NS_13, "1.4": NS_14}

SPEC_PERSON_FIELDS = {
    "1.3": [
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
    ],
    "1.4": [
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
    ],
}
SPEC_NOTE_FIELDS = {
    "1.3": [
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
    ],
    "1.4": [
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
    ],
}


@dataclass
class Record:
    kind: str  # "person" or "note"
    tags: list[str]  # child tag names in document order
    fields: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.fields[name]

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


def parse(content: bytes, version: str = "1.4") -> list[Record]:
    """The top-level records of a PFIF document, checking its namespace on the way."""
    namespace = NAMESPACES[version]
    root = ElementTree.fromstring(content, forbid_dtd=True)
    assert root.tag == f"{{{namespace}}}pfif", root.tag
    records = []
    for element in root:
        assert element.tag.startswith(f"{{{namespace}}}"), element.tag
        kind = element.tag.split("}", 1)[1]
        tags, fields = [], {}
        for child in element:
            assert child.tag.startswith(f"{{{namespace}}}"), child.tag
            name = child.tag.split("}", 1)[1]
            tags.append(name)
            fields[name] = child.text or ""
        records.append(Record(kind, tags, fields))
    return records


def persons(records: list[Record]) -> list[Record]:
    return [record for record in records if record.kind == "person"]


def notes(records: list[Record]) -> list[Record]:
    return [record for record in records if record.kind == "note"]


def by_id(records: list[Record]) -> dict[str, Record]:
    return {
        record.get("person_record_id") if record.kind == "person" else record["note_record_id"]: record
        for record in records
    }
