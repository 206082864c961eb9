"""The languages a request is translated into, their names and `lang` tags, and which translation a reader gets."""

import re
from collections.abc import Iterable, Sequence

from django.conf import settings

from accounts.fields import language_name
from posts.models import Post, Translation, translation_languages

# `?lang=original` on a request page: the text as its poster wrote it, whatever the reader's language.
ORIGINAL = "original"


# Han ideographs: a story written in them is Chinese (Japanese mixes in kana, which wins below).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def language_choices() -> list[tuple[str, str]]:
    """Every language a request may be translated into, each named in the reader's language."""
    return [(code, language_name(code)) for code in translation_languages()]


def html_lang(code: str) -> str:
    """A language code as an HTML `lang` attribute spells it (BCP 47): "zh-hans" → "zh-Hans"."""
    base, _dash, script = code.partition("-")
    if len(script) == 4:
        return f"{base}-{script.title()}"
    return f"{base}-{script.upper()}" if script else base


def guess_source_language(post: Post) -> str:
    """The language a request is most likely written in: by its script for Japanese, Korean and Chinese,
    otherwise the first language its poster can use, otherwise the site's default."""
    text = f"{post.title} {post.story}"
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _HAN.search(text):
        return "zh-hans"
    known = set(translation_languages())
    for code in post.languages or ():
        if code in known and code != "zh-hans":
            return code
    return settings.LANGUAGE_CODE


def choose_translation(translations: Sequence[Translation], *, asked: str, interface: str) -> Translation | None:
    """The translation a reader gets: the one asked for (`?lang=`), none for the original, and otherwise the one
    in their interface language, when there is one."""
    if asked == ORIGINAL:
        return None
    wanted = asked or interface
    return next((translation for translation in translations if translation.language == wanted), None)


def translation_into(translations: Iterable[Translation] | None, language: str) -> Translation | None:
    return next((translation for translation in translations or () if translation.language == language), None)
