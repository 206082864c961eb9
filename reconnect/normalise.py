"""Text as a reader sees it, for the filters that look for what members must not slip past them.

`normalise` folds what looks alike into one spelling before anything is detected: compatibility forms (NFKC:
full-width "＠" and "１３８", circled and mathematical letters), invisible characters removed (zero-width spaces
and joiners, soft hyphens, bidirectional controls, variation selectors, Hangul fillers), look-alike letters of
other scripts folded to Latin (Cyrillic "а" in "gmаil", Greek "ο"), digits of every script made ASCII, and
the letters l, I and O written for 1 and 0 inside long runs of digits ("l38OO138000"). Contact details
(reconnect/contactdetails.py) and watched words (posts/moderation/watched.py) both read the text through it.

It keeps, for every character of the folded text, where it came from, so that what is found can be cut out of
the text the member wrote (`Normalised.span_in_original`).

A word written wholly in another script is left alone unless every one of its letters has a Latin look-alike:
"Иван" stays Cyrillic, "рау" (Cyrillic, looking like "pay") is folded, and so is the Cyrillic "а" of "gmаil".
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from confusable_homoglyphs.confusables import confusables_data

# Scripts whose characters are never folded: they have look-alikes among themselves (一 and ー), not in Latin.
_KEPT_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "KANGXI", "IDEOGRAPHIC", "BOPOMOFO", "HALFWIDTH KATAKANA")
# Invisible characters that are not format characters (category Cf, removed as a class).
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")
# A run of digits with the letters people write for 1 and 0 among them: at least four digits in it.
_DIGITS_WITH_LETTERS = re.compile(r"(?<![^\W\d_])[\dlIO|o]*\d[\dlIO|o]*(?![^\W\d_])")
_LETTER_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})


def is_invisible(char: str) -> bool:
    """Whether `char` shows nothing: a format character, a variation selector, a filler."""
    return (
        unicodedata.category(char) == "Cf"
        or char in _INVISIBLE
        or "\ufe00" <= char <= "\ufe0f"
        or "\U000e0100" <= char <= "\U000e01ef"
    )


def is_blank(text: str | None) -> bool:
    """Whether the text shows nothing at all: only spaces, line breaks and invisible characters."""
    return all(char.isspace() or is_invisible(char) for char in text or "")


@cache
def _latin_look_alike(char: str) -> str:
    """The ASCII letter or digit `char` is confusable with, or "" if it has none (or is of a kept script)."""
    if char.isascii() or unicodedata.category(char)[0] not in "LN":
        return ""
    name = unicodedata.name(char, "")
    if name.startswith(_KEPT_SCRIPTS):
        return ""
    found = [glyph["c"] for glyph in confusables_data.get(char, ()) if len(glyph["c"]) == 1]
    letters = [glyph for glyph in found if glyph.isascii() and glyph.isalpha()]
    digits = [glyph for glyph in found if glyph.isascii() and glyph.isdigit()]
    glyph = (letters or digits or [""])[0]
    # Unicode's skeletons write "I" as "l"; a capital stays a capital.
    return "I" if glyph == "l" and char.isupper() else glyph


@dataclass(frozen=True)
class Normalised:
    text: str
    # For each character of `text`, the (start, end) of the characters of the original it came from.
    origins: tuple[tuple[int, int], ...]

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """Where the folded text's [start, end) lies in the original."""
        if start >= end:
            return (self.origins[start][0], self.origins[start][0]) if start < len(self.origins) else (0, 0)
        return self.origins[start][0], self.origins[end - 1][1]


def _chunks(text: str):
    """The text in pieces of a character with the combining marks that follow it, each with its start."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, text[start:index]
            start = index


def normalise(text: str) -> Normalised:
    """The text folded for detection (see the module's docstring), with where each character came from."""
    pieces: list[str] = []
    origins: list[tuple[int, int]] = []
    for start, chunk in _chunks(text or ""):
        visible = "".join(char for char in chunk if not is_invisible(char))
        if not visible:
            continue
        folded = unicodedata.normalize("NFKC", visible)
        for char in folded:
            decimal = unicodedata.decimal(char, None)
            pieces.append(str(decimal) if decimal is not None and not char.isascii() else char)
            origins.append((start, start + len(chunk)))
    folded_text = _fold_look_alikes("".join(pieces))
    folded_text = _DIGITS_WITH_LETTERS.sub(_letters_as_digits, folded_text)
    return Normalised(folded_text, tuple(origins))


def normalised(text: str) -> str:
    """Only the folded text of `normalise`."""
    return normalise(text).text


_WORD = re.compile(r"[^\W_]+")


def _fold_look_alikes(text: str) -> str:
    """Fold each word's look-alike letters to Latin where the word is Latin already, or made only of look-alikes."""

    def fold(match: re.Match) -> str:
        word = match.group()
        if word.isascii():
            return word
        alike = [_latin_look_alike(char) for char in word]
        latin = any(char.isascii() for char in word)
        if not latin and not all(alike[i] or word[i].isascii() for i in range(len(word))):
            return word
        return "".join(alike[i] or word[i] for i in range(len(word)))

    return _WORD.sub(fold, text)


def _letters_as_digits(match: re.Match) -> str:
    run = match.group()
    if sum(char.isdigit() for char in run) < 4 or run.isdigit():
        return run
    return run.translate(_LETTER_DIGITS)
