"""The "Help translate" list's filters: the language pair."""

import django_filters
from django.utils.translation import gettext_lazy as _

from posts.models import TranslationRequest
from posts.translations.languages import language_choices


class TranslationRequestFilter(django_filters.FilterSet):
    source_language = django_filters.ChoiceFilter(label=_("From"), choices=language_choices, empty_label=_("any"))
    language = django_filters.ChoiceFilter(label=_("Into"), choices=language_choices, empty_label=_("any"))

    class Meta:
        model = TranslationRequest
        fields = ("source_language", "language")
