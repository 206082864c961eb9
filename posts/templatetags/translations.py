"""Translations in templates: a card's title in the reader's language, language names and `lang` tags."""

from django import template
from django.utils import translation as i18n

from accounts.fields import language_name
from posts.translations import languages

register = template.Library()


@register.simple_tag
def card_translation(post):
    """The approved translation of `post` into the reader's language, from those prefetched with the cards."""
    return languages.translation_into(getattr(post, "shown_translations", None), i18n.get_language() or "")


@register.filter
def html_lang(code: str) -> str:
    return languages.html_lang(code or "")


@register.filter
def language_label(code: str) -> str:
    return str(language_name(code or ""))
