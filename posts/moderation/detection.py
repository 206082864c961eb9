"""Spot contact details in what members write, so that they can be held for review."""

import re

from django.utils.translation import gettext_lazy as _

REDACTED = "[…]"

# Matches start only where a run of an address's characters starts (the lookbehind), so a long run is scanned once,
# not once per character.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Phone numbers as people type them, two ways, each caught wherever it stands:
# eight or more digits with short runs of separators between them, line breaks too: +49 (0)30 1234-5678, 138 0013 8000;
# seven or more digits with the separators of one line, slashes too: 030/1234567, (319) 555-0142.
PHONES = (
    re.compile(r"(?<![\w])\+?\d(?:[\s\-().]{0,3}\d){7,}"),
    re.compile(r"(?<![\w+])\+?\(?\d[\d \t().\-/]{5,}\d(?!\w)"),
)
PHONE_DIGITS = 7
_YEAR = re.compile(r"(19|20)\d\d")
# A house number beside a street word, in the languages of our users.
STREET = re.compile(
    r"(?:\b\d{1,5}[a-z]?,?\s+(?:[\w'’.-]+\s+){0,3}"
    r"(?:street|st\.|road|rd\.|avenue|ave\.|lane|boulevard|blvd|drive|way|straße|strasse|str\.|weg|allee|platz|"
    r"rue|avenida|calle|ulica|ul\.)\b)"
    r"|(?:\b(?:rue|calle|avenida|ulica|via)\s+[\w'’ -]{2,40}\s+\d{1,5}\b)"
    r"|(?:\b[\w'’-]+(?:straße|strasse|weg|allee|gasse|platz)\s+\d{1,5}\b)"
    r"|(?:[\u4e00-\u9fff]{1,10}(?:路|街|道|巷|弄)\s*\d{1,5}\s*(?:号|號))",
    re.IGNORECASE | re.UNICODE,
)

HELD_MESSAGE = _(
    "Your comment seems to contain an email address, a phone number or a street address. To protect everyone, "
    "a moderator will look at it before others can read it."
)

HELD_PRIVATE_MESSAGE = _(
    "Your message seems to contain an email address, a phone number or a street address. To protect you both, "
    "a moderator will look at it before it is delivered."
)


def _looks_like_date_or_years(number: str) -> bool:
    """Year ranges and dates ("2017-2018", "1998 2003", "2019-05-01") are not phone numbers."""
    groups = re.findall(r"\d+", number)
    if len(groups) > 3 or not _YEAR.fullmatch(groups[0]):
        return False
    return all(len(group) <= 2 or _YEAR.fullmatch(group) for group in groups[1:])


def _is_phone_number(number: str) -> bool:
    return sum(char.isdigit() for char in number) >= PHONE_DIGITS and not _looks_like_date_or_years(number)


def contact_detail_spans(text: str) -> list[tuple[int, int]]:
    """Where the text has an email address, a phone number or a street address: (start, end), in order, merged."""
    spans = [match.span() for match in EMAIL.finditer(text)]
    spans += [match.span() for phone in PHONES for match in phone.finditer(text) if _is_phone_number(match.group())]
    spans += [match.span() for match in STREET.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def contains_contact_details(text: str) -> bool:
    """Whether a comment, a message or a request would be held for having contact details in it."""
    return bool(contact_detail_spans(text or ""))


def redact_contact_details(text: str, replacement: str = REDACTED) -> str:
    """The text with each contact detail that `contains_contact_details` sees cut out, for what leaves the site."""
    text = text or ""
    pieces, last = [], 0
    for start, end in contact_detail_spans(text):
        pieces += [text[last:start], replacement]
        last = end
    return "".join(pieces) + text[last:]


def without_email_addresses(text: str) -> str:
    """The text with its email addresses blanked, so that the domain of one is not taken for a link."""
    return EMAIL.sub(" ", text)
