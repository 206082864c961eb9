import functools

from anyascii import anyascii
from django import forms
from django.conf import global_settings
from django.db import models
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# Offered first, as checkboxes: the site's own languages, then the languages most people write in.
# Every other language Django knows is one tap away, under "More languages".
COMMON_LANGUAGES = (
    "en", "zh-hans", "zh-hant", "es", "fr", "de", "ja", "ko", "ru", "ar", "pt", "vi", "hi", "it", "id", "th", "tr",
)  # fmt: skip
KNOWN_LANGUAGES = frozenset(code for code, _name in global_settings.LANGUAGES)


def translated_name(code: str) -> str:
    """The language's name in the reader's language ("Spanish", "西班牙语")."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def local_name(code: str) -> str:
    """The language's name in itself ("Español"), which its speakers recognise whatever the page's language."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


def _label(code: str) -> str:
    translated, local = translated_name(code), local_name(code)
    return translated if translated.casefold() == local.casefold() else f"{translated} ({local})"


@functools.cache
def _choices_in(language: str | None) -> tuple[tuple[str, str], ...]:
    common = [code for code in COMMON_LANGUAGES if code in KNOWN_LANGUAGES]
    # The rest in the reader's alphabet: Latin letters by themselves, Chinese names by their pinyin.
    rest = sorted(
        (code for code in KNOWN_LANGUAGES if code not in common),
        key=lambda code: anyascii(translated_name(code)).casefold(),
    )
    return tuple((code, _label(code)) for code in [*common, *rest])


def language_choices() -> list[tuple[str, str]]:
    """Every language Django knows, the common ones first, named in the reader's language and in its own."""
    return list(_choices_in(translation.get_language()))


class LanguagesWidget(forms.CheckboxSelectMultiple):
    """The common languages as checkboxes, every other one folded under "More languages" (no JavaScript needed).

    The folded list opens by itself when one of its languages is chosen, so a choice is never out of sight.
    Each language's own name is marked with its `lang`, for screen readers and fonts.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id") or f"id_{name}"
        boxes = []
        for index, (code, _label_text) in enumerate(self.choices):
            translated, local = translated_name(code), local_name(code)
            own = (
                ""
                if translated.casefold() == local.casefold()
                else format_html(' (<span lang="{}">{}</span>)', code, local)
            )
            boxes.append(
                format_html(
                    '<label class="checkbox-label" for="{id}_{index}"><input type="checkbox" name="{name}" '
                    'value="{code}" id="{id}_{index}"{checked}> <span>{translated}{own}</span></label>',
                    id=base_id,
                    index=index,
                    name=name,
                    code=code,
                    checked=" checked" if code in chosen else "",
                    translated=translated,
                    own=own,
                )
            )
        common = len([code for code in COMMON_LANGUAGES if code in KNOWN_LANGUAGES])
        more_chosen = any(code in chosen for code, _label_text in list(self.choices)[common:])
        return format_html(
            '<div class="language-choices" id="{}"><div class="choice-grid">{}</div>'
            '<details class="more-languages"{}><summary>{}</summary><div class="choice-grid">{}</div></details></div>',
            base_id,
            format_html_join("", "{}", ((box,) for box in boxes[:common])),
            " open" if more_chosen else "",
            _("More languages"),
            format_html_join("", "{}", ((box,) for box in boxes[common:])),
        )

    def id_for_label(self, id_, index=None):
        return id_


class LanguagesField(models.CharField):
    """A list of language codes, stored as ",en,zh-hans," so one code is found with `contains`."""

    description = _("Languages")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return list(value)
        if not value:
            return []
        return [code for code in value.split(",") if code]

    def get_prep_value(self, value):
        if isinstance(value, str):
            # Lookups pass a ready-made fragment such as ",en,".
            return value
        codes = [code for code in (value or []) if code]
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        for code in value or []:
            if code not in KNOWN_LANGUAGES:
                raise forms.ValidationError(_("Unknown language: %(code)s"), params={"code": code})

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=language_choices,
            required=not self.blank,
            # capfirst keeps the name lazy, so the label is in the reader's language, not the one at import.
            label=capfirst(self.verbose_name) if self.verbose_name else None,
            help_text=self.help_text,
            widget=LanguagesWidget,
        )


def language_name(code: str) -> str:
    """What a reader calls the language, for lists such as "Write to the poster in"."""
    return translated_name(code) if code in KNOWN_LANGUAGES else code
