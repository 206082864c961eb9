"""Spot contact details in what members write, so that they can be held for review.

The detector itself is `reconnect.contactdetails`, below every app so that profiles (accounts) use it too; this
module adds what the rooms of posts tell the author, and the countries a request gives as regions for phone numbers.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from reconnect.contactdetails import (
    EMAIL,
    REDACTED,
    contact_detail_spans,
    contains_contact_details,
    redact_contact_details,
    without_email_addresses,
)
from reconnect.normalise import normalised

__all__ = [
    "EMAIL",
    "HELD_MESSAGE",
    "HELD_POST_MESSAGE",
    "HELD_PRIVATE_MESSAGE",
    "REDACTED",
    "brings_in_contact_details",
    "contact_detail_spans",
    "contact_details_in",
    "contains_contact_details",
    "redact_contact_details",
    "regions_of",
    "without_email_addresses",
]

HELD_MESSAGE = _(
    "Your comment seems to contain an email address, a phone number, a messenger ID or a street address. To "
    "protect everyone, "
    "a moderator will look at it before others can read it."
)

HELD_PRIVATE_MESSAGE = _(
    "Your message seems to contain an email address, a phone number, a messenger ID or a street address. To "
    "protect you both, "
    "a moderator will look at it before it is delivered."
)

HELD_POST_MESSAGE = _(
    "Your request seems to contain an email address, a phone number, a messenger ID or a street address. To "
    "protect the person you are looking for, a moderator will look at it before others can read it. Details like "
    "these are best shared in a private conversation."
)


def regions_of(post) -> Iterable[str]:
    """The countries a request names (where they met, where the person may be now), as regions for phone numbers."""
    if post is None:
        return ()
    return tuple(str(code) for code in (getattr(post, "met_country", ""), getattr(post, "now_country", "")) if code)


def contact_details_in(*texts: str, regions: Iterable[str] = ()) -> frozenset[str]:
    """The contact details the texts contain, each folded and without spaces, so that two texts can be compared."""
    found = set()
    for text in texts:
        for start, end in contact_detail_spans(text or "", regions):
            found.add("".join(normalised(text[start:end]).split()).lower())
    return frozenset(found)


def brings_in_contact_details(texts: Iterable[str], *, before: Iterable[str] = (), regions: Iterable[str] = ()) -> bool:
    """Whether `texts` contain contact details that `before` (the same writing before an edit) did not.

    An edit that leaves alone what a moderator already let through does not send it back; one that adds a
    phone number does, as a new text with one would be held.
    """
    return bool(contact_details_in(*texts, regions=regions) - contact_details_in(*before, regions=regions))
