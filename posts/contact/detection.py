"""Spot contact details in what members write, so that they can be held for review."""

import re

from django.utils.translation import gettext_lazy as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Eight or more digits in a row, allowing the usual separators: +49 (0)30 1234-5678, 138 0013 8000.
PHONE = re.compile(r"(?<![\w])\+?\d(?:[\s\-().]{0,3}\d){7,}")
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


def contains_contact_details(text: str) -> bool:
    return bool(EMAIL.search(text) or PHONE.search(text) or STREET.search(text))
