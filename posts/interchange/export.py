"""PFIF export: published requests as person records, their public comments and reunions as note records.

One stream ordered by entry_date, so that other tracing systems can sync incrementally (`export_document`).
Nothing private leaves: no emails, no private or moderated content, and whatever the site would hold as
contact details (posts.moderation.detection) is cut out of the text. docs/pfif.md says what is mapped to what.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET  # builds documents only; reading goes through defusedxml

import markdown as markdown_lib
import nh3
from django import forms
from django.conf import settings
from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from posts.interchange.spec import (
    DEFAULT_VERSION,
    EXPORT_VERSIONS,
    FREE_TEXT_FIELDS,
    MANDATORY_FIELDS,
    NAMESPACES,
    NOT_XML,
    NOTE_FIELDS,
    PERSON_FIELDS,
    format_date,
    note_record_id,
    other_text,
    own_domain,
    parse_export_date,
    person_record_id,
    reunion_record_id,
)
from posts.models import Comment, Post, Status
from posts.moderation.detection import redact_contact_details

DEFAULT_MAX_RESULTS = 100
MAX_RESULTS = 500
MAX_SKIP = 2**31 - 1  # beyond any real feed, and within what every database takes as an OFFSET


def plain_text(markdown: str) -> str:
    """A story's Markdown as plain text: the words, without markup."""
    rendered = markdown_lib.markdown(markdown or "", extensions=["sane_lists", "nl2br"], output_format="html")
    rendered = re.sub(r"(</(?:p|ul|ol|blockquote|pre|h\d)>)", "\\1\n", rendered.replace("<li>", "<li>- "))
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


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


def published_entry(prefix: str = "") -> Coalesce:
    """When a request became public here; `prefix` reads it through a relation ("post__")."""
    return Coalesce(f"{prefix}published_at", f"{prefix}created_at")


def reunion_entry() -> Greatest:
    return Greatest("resolved_at", published_entry())


def _branches(min_entry_date: datetime | None, length: int) -> list[models.QuerySet]:
    """The first `length` records of each part of the stream as (entry, kind, record), in (entry, record) order.

    A record's entry_date is when it became public here: a request when it was
    published, a comment when both it and its request were, a reunion when it
    was marked. So a note never comes before its person, and a client that
    asks for everything since the last entry_date it saw misses nothing.

    Each part is read along its own index (posts.Post and posts.Comment Meta). A
    comment's entry is the later of two dates in two tables, which no index can
    hold, so comments come in two parts: those written after their request was
    published (entry: the comment's own date; nearly all), and those written before
    (imported notes, comments on a request held for review), whose entry is their
    request's. Such a note follows its person, which has the same entry, so among
    the first `length` records its request is among the first `length` persons: that
    part looks only at their comments, however few comments it finds.
    """
    # While the person sought asks for removal (photos withheld until a moderator
    # decides), nothing about them is handed on: other systems cannot be made to forget.
    posts = Post.objects.published().filter(photos_withheld=False)
    persons = posts.annotate(entry=published_entry())
    if min_entry_date is not None:
        persons = persons.filter(entry__gte=min_entry_date)
    comments = Comment.objects.public().filter(post__photos_withheld=False).alias(post_entry=published_entry("post__"))
    first_persons = persons.order_by("entry", "pk").values("pk")[:length]
    branches = [
        persons.annotate(kind=Value(PERSON)),
        comments.filter(created_at__gte=F("post_entry")).annotate(entry=F("created_at"), kind=Value(NOTE)),
        comments.filter(created_at__lt=F("post_entry"), post__in=first_persons).annotate(
            entry=F("post_entry"), kind=Value(NOTE)
        ),
        posts.filter(status=Status.RESOLVED, resolved_at__isnull=False).annotate(
            entry=reunion_entry(), kind=Value(REUNION)
        ),
    ]
    if min_entry_date is not None:
        branches = [branch.filter(entry__gte=min_entry_date) for branch in branches]
    return [
        branch.annotate(record=F("pk")).order_by("entry", "record").values_list("entry", "kind", "record")[:length]
        for branch in branches
    ]


def _page_keys(*, min_entry_date: datetime | None, skip: int, max_results: int) -> list[tuple[int, int]]:
    """(kind, pk) of one page of the stream, ordered by entry_date, then persons before notes, then id.

    Each part reads at most skip + max_results rows of its index, and the database merges those: no page
    sorts the whole stream. (Django cannot union sliced querysets on SQLite, so the statement is put
    together here from each part's own SQL, every part a subquery with its ORDER BY and LIMIT.)
    """
    parts, params = [], []
    for number, branch in enumerate(_branches(min_entry_date, skip + max_results)):
        sql, branch_params = branch.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) part{number}")  # noqa: S608 - Django's SQL; values are parameters
        params += branch_params
    columns = [connection.ops.quote_name(name) for name in ("entry", "kind", "record")]
    statement = (
        f"SELECT {columns[1]}, {columns[2]} FROM ({' UNION ALL '.join(parts)}) stream "  # noqa: S608 - as above
        f"ORDER BY {', '.join(columns)} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, max_results, skip])
        return [(kind, pk) for kind, pk in cursor.fetchall()]


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
        "photo_url": _site_url(photo.get_image_url()) if photo else "",
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
        # The reunion story only while the person found agrees to it (posts/contact/stories.py).
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
    rows = _page_keys(min_entry_date=min_entry_date, skip=skip, max_results=max_results)
    post_ids = {pk for kind, pk in rows if kind in (PERSON, REUNION)}
    comment_ids = {pk for kind, pk in rows if kind == NOTE}
    posts = Post.objects.for_cards().with_story_consent().in_bulk(post_ids) if post_ids else {}
    comments = Comment.objects.select_related("author", "post__author").in_bulk(comment_ids) if comment_ids else {}
    records = []
    # Names such as "Member 12" are written in the site's language, whoever asks.
    with translation.override(settings.LANGUAGE_CODE):
        for kind, pk in rows:
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
        record["other"] = other_text(alternate_names.splitlines(), record.pop("description", ""))
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
                ET.SubElement(element, f"pfif:{name}").text = NOT_XML.sub("", value)
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
