from django import forms
from django.conf import global_settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def language_choices() -> list[tuple[str, str]]:
    """Every language Django knows a name for, named in the reader's language."""
    choices = [(code, _(name)) for code, name in global_settings.LANGUAGES]
    return sorted(choices, key=lambda choice: str(choice[1]).casefold())


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
        known = {code for code, _name in global_settings.LANGUAGES}
        for code in value or []:
            if code not in known:
                raise forms.ValidationError(_("Unknown language: %(code)s"), params={"code": code})

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=language_choices,
            required=not self.blank,
            label=self.verbose_name.capitalize() if self.verbose_name else None,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


def language_name(code: str) -> str:
    return dict(language_choices()).get(code, code)
